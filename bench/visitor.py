"""A browser as `archer serve` sees it, for the hosted-play benchmark and the serve tests.

`ServedGame` starts `archer serve` on a free loopback port. `Visitor` does what the page's script does: it
loads the page (which gives it a visitor cookie), opens the websocket with its terminal size, sends keys as
["stdin", text] and gets the screen back as terminal output, which a terminal emulator (pyte) turns into text
only when the text is asked for. Each frame's arrival time is kept, so a step is timed from the key to the
frame that answers it, however late the visitor looks.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pyte

WIDTH, HEIGHT = 80, 24
KEYS = {"enter": "\r", "escape": "\x1b", "f5": "\x1b[15~", "down": "\x1b[B", "up": "\x1b[A"}
"""What a browser's terminal sends for the keys the visitors press."""
BATCH_SECONDS = 0.02
"""After output arrives, what comes within this long is read together (the terminal emulator is slow)."""
TYPING = "\u2800"
"""The blank the typewriter puts where text has not appeared yet."""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedGame:
    """`archer serve` started as a subprocess on a free loopback port; a context manager."""

    def __init__(self, saves: Path, *extra: str, hosted: bool = True) -> None:
        self.port = free_port()
        self.saves = saves
        self.args = [sys.executable, "-m", "game", "serve", "--port", str(self.port), "--saves", str(saves)]
        if hosted:
            self.args.append("--hosted")
        self.args += list(extra)
        self.process: subprocess.Popen[bytes] | None = None
        self.output = tempfile.TemporaryFile()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> ServedGame:
        self.process = subprocess.Popen(self.args, stdout=self.output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"archer serve exited with {self.process.returncode}:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"archer serve did not listen within 30 s:\n{self.log()}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()

    def log(self) -> str:
        """What the server printed so far."""
        self.output.seek(0)
        return self.output.read().decode("utf-8", "replace")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server, its games running now and the games it has ended and reaped."""
        assert self.process is not None
        total = cpu_seconds_of(self.process.pid, children=True)
        return total + sum(cpu_seconds_of(pid) for pid in self.games())

    def games(self) -> list[int]:
        """Process ids of the visitors' game processes (the server's children)."""
        assert self.process is not None
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]


def cpu_seconds_of(pid: int, *, children: bool = False) -> float:
    """User plus system CPU time a process has used so far, from /proc (0.0 when it cannot be read); with
    `children`, also that of its children that have ended and been waited for."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def memory_of(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in bytes, from /proc (0, 0 when it cannot be read)."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


@dataclass
class Visitor:
    """One browser as the game's websocket sees it: a cookie, a terminal and a clock."""

    url: str
    name: str = "visitor"
    screen: pyte.Screen = field(default_factory=lambda: pyte.Screen(WIDTH, HEIGHT))
    frames: int = 0
    closed: bool = False
    arrivals: list[float] = field(default_factory=list)
    """When each frame arrived (time.perf_counter)."""

    def __post_init__(self) -> None:
        self.stream = pyte.ByteStream(self.screen)
        self._pending: list[bytes] = []
        self._changed = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    def text(self) -> str:
        """The screen as text, one line per row (the output received so far is parsed now, not on arrival, so
        the reader stays free to answer the server's pings however busy this process is)."""
        if self._pending:
            self.stream.feed(b"".join(self._pending))
            self._pending.clear()
        return "\n".join(self.screen.display)

    async def connect(self) -> None:
        """Load the page (for the cookie), then open the game's websocket as the page's script does."""
        self._session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        async with self._session.get(self.url) as page:
            page.raise_for_status()
            await page.read()
        address = self.url.replace("http", "ws", 1) + f"ws?width={WIDTH}&height={HEIGHT}"
        self._socket = await self._session.ws_connect(address, max_msg_size=0)
        await self._socket.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._socket is not None
        try:
            async for message in self._socket:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.arrivals.append(time.perf_counter())
                    self._pending.append(message.data)
                    self.frames += 1
                    self._changed.set()
        except (aiohttp.ClientError, ConnectionError):
            pass  # the server dropped the connection: the waits below report it
        finally:
            self.closed = True
            self._changed.set()

    def hangup(self) -> str:
        """How the connection ended, for the report."""
        socket = self._socket
        code = socket.close_code if socket is not None else None
        problem = socket.exception() if socket is not None else None
        return f"close code {code}" + (f", {problem}" if problem else "")

    async def press(self, key: str) -> None:
        """Send one key (a name from KEYS, or the text itself)."""
        assert self._socket is not None
        await self._socket.send_str(json.dumps(["stdin", KEYS.get(key, key)]))

    async def wait_for(self, check: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Wait until `check(screen text)` holds; returns the time it took. TimeoutError with the screen."""
        start = time.perf_counter()
        await self._until(lambda: check(self.text()), start + timeout, f"waited {timeout:.0f} s")
        return time.perf_counter() - start

    async def step(self, key: str, timeout: float = 30.0) -> float:
        """Press `key` and wait for the first screen update after it; returns the latency in seconds: from the
        key to that update's arrival."""
        frames = self.frames
        start = time.perf_counter()
        await self.press(key)
        await self._until(lambda: self.frames != frames, start + timeout, f"no answer to {key!r} in {timeout:.0f} s")
        return self.arrivals[frames] - start

    async def settle(self, quiet: float = 0.3, timeout: float = 60.0) -> None:
        """Wait until no output has come for `quiet` seconds and no text is still appearing."""
        deadline = time.perf_counter() + timeout
        while True:
            frames = self.frames
            await asyncio.sleep(quiet)
            if self.closed:
                raise ConnectionError(f"{self.name}: the game closed the connection ({self.hangup()}). Screen:\n"
                                      f"{self.text()}")
            if self.frames == frames and TYPING not in self.text():
                return
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.name}: the screen did not settle in {timeout:.0f} s:\n{self.text()}")

    async def _until(self, done: Callable[[], bool], deadline: float, failure: str) -> None:
        """Wait for output until `done()`; ConnectionError if the game hangs up, TimeoutError at `deadline`."""
        while not done():
            if self.closed:
                raise ConnectionError(f"{self.name}: the game closed the connection ({self.hangup()}). Screen:\n"
                                      f"{self.text()}")
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"{self.name}: {failure}. Screen:\n{self.text()}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue
            await asyncio.sleep(BATCH_SECONDS)

    async def close(self) -> None:
        """Close the websocket (the server then stops this visitor's game) and the HTTP session."""
        try:
            if self._socket is not None:
                await self._socket.close()
            if self._reader is not None:
                await asyncio.wait_for(self._reader, 10)
        except (TimeoutError, aiohttp.ClientError, ConnectionError):
            if self._reader is not None:
                self._reader.cancel()
        if self._session is not None:
            await self._session.close()
