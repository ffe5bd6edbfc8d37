"""ArcherServer: textual-serve's Server with visitors kept apart.

textual-serve starts one game process per browser connection. On top of it this server:
- gives each browser a visitor token (a cookie) when saves are private, and starts that visitor's game with
  their own save folder and slot names only (game.saving.hosted);
- refuses websockets opened by pages from other sites (another site cannot start games in a player's browser);
- lets a download be fetched only by the visitor whose game offered it;
- takes uploaded save files into the visitor's own folder (game.serve.upload);
- caps the number of games running at once;
- builds the page's websocket address from the request, so it works on 0.0.0.0 and behind a proxy.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.saving.hosted import MAX_SAVE_BYTES, is_visitor_token, new_visitor_token, visitor_folder
from game.serve.options import ServeOptions
from game.serve.origin import base_url, same_origin
from game.serve.upload import UploadPages

log = logging.getLogger("archer.serve")

COOKIE = "archer_visitor"
COOKIE_SECONDS = 365 * 24 * 3600
HEARTBEAT_SECONDS = 60.0
"""How often the server pings a browser; a browser that does not answer within half of it is gone. textual-serve
uses 15 s; on a machine loaded far past its cores (20 games starting at once beside other work) that dropped
live visitors ("No PONG received"), so the wait is longer here."""


class VisitorGame(AppService):
    """One visitor's game process (textual-serve's AppService), remembering whose it is."""

    def __init__(self, command: str, *, visitor: str | None, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.visitor = visitor


class ArcherServer(Server):
    """Serve the game; see the module docstring for what is added to textual-serve."""

    def __init__(self, options: ServeOptions, saves_root: Path) -> None:
        super().__init__("archer", host=options.host, port=options.port, title="Archer: The Fall")
        self.options = options
        self.saves_root = saves_root
        self.games = 0
        """Game processes running now."""
        self.running: set[VisitorGame] = set()
        self.uploads = UploadPages(lambda request: self.saves_for(self.visitor_of(request)))

    # ------------------------------------------------------------------------------------------ visitors

    def visitor_of(self, request: web.Request) -> str | None:
        """The visitor token the browser sent, when it is well formed."""
        token = request.cookies.get(COOKIE)
        return token if is_visitor_token(token) else None

    def saves_for(self, visitor: str | None) -> Path | None:
        """The save folder of a visitor; None when saves are private and the browser has no token."""
        if not self.options.private_saves:
            return self.saves_root
        if visitor is None:
            return None
        return visitor_folder(self.saves_root, visitor)

    def full(self) -> bool:
        """True when as many games run as allowed."""
        return self.games >= self.options.max_visitors

    # ------------------------------------------------------------------------------------------ web app

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_SAVE_BYTES + 64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/upload", self.uploads.form, name="upload"),
                web.post("/upload", self.uploads.receive),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.stop_games)
        return app

    async def stop_games(self, app: web.Application) -> None:
        """On Ctrl+C or SIGTERM: end every visitor's game process, so none is left running without a server."""
        processes = [game._process for game in self.running if game._process is not None]
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                process.kill()

    async def on_startup(self, app: web.Application) -> None:
        for line in self.options.reach_lines(self.saves_root):
            print(line, flush=True)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.full():
            return web.Response(
                status=503,
                text="Every seat is taken: as many games are running as this server allows. Try again soon.",
            )
        base = base_url(request)
        websocket = ("wss" if base.startswith("https:") else "ws") + base[base.index(":"):] + "/ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": websocket,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        if self.options.private_saves and self.visitor_of(request) is None:
            response.set_cookie(
                COOKIE,
                new_visitor_token(),
                max_age=COOKIE_SECONDS,
                httponly=True,
                samesite="Strict",
                secure=base.startswith("https:"),
            )
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not same_origin(request):
            raise web.HTTPForbidden(text="This game can only be opened from its own page.")
        visitor = self.visitor_of(request)
        saves = self.saves_for(visitor)
        if saves is None:
            raise web.HTTPForbidden(text="Open the game's page first: it gives your browser its save space.")
        if self.full():
            raise web.HTTPServiceUnavailable(text="Every seat is taken; try again soon.")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        game: VisitorGame | None = None
        self.games += 1
        try:
            await websocket.prepare(request)
            game = VisitorGame(
                self.options.game_command(saves),
                visitor=visitor,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await game.start(width, height)
            self.running.add(game)
            await self._process_messages(websocket, game)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one visitor's failure must not stop the server
            log.exception(error)
        finally:
            self.games -= 1
            if game is not None:
                self.running.discard(game)
                await game.stop()
        return websocket

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="There is no such download (each link works once).") from None
        owner = getattr(download.app_service, "visitor", None)
        if self.options.private_saves and owner != self.visitor_of(request):
            raise web.HTTPNotFound(text="There is no such download (each link works once).")
        return await super().handle_download(request)


def serve(options: ServeOptions) -> int:
    """Run the server until Ctrl+C; returns the exit status."""
    from game.paths import saves_dir

    root = options.saves if options.saves is not None else saves_dir()
    if options.private_saves and options.saves is None:
        root = root / "visitors"
    try:
        _check_free(options.host, options.port)
        ArcherServer(options, root).serve()
    except OSError as error:
        print(
            f"archer serve: cannot listen on {options.host} port {options.port}: {error.strerror or error}. "
            "Pick another port with --port, or another address with --host.",
            file=sys.stderr,
        )
        return 1
    return 0


def _check_free(host: str, port: int) -> None:
    """Raise OSError when the address cannot be listened on, before the server says it serves there."""
    family, kind, proto, _name, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)
