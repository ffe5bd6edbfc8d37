"""Hosted play under load: N visitors on one `archer serve`, speaking the browser's websocket protocol.

Each visitor does what the page's script does: it loads the page (which gives it a visitor cookie), opens
the websocket with its terminal size, sends keys as ["stdin", text] and gets the screen back as terminal
output, which a terminal emulator (pyte) turns into text. It waits for the title screen, starts a game and
takes steps; a step is one key and lasts until the first screen update that answers it.

Reported: time to the title screen, step latency p50/p99 per visitor and over all visitors, and the memory
of each visitor's game process (RSS and PSS, from /proc).

    python -m bench.hosted [--visitors 20] [--steps 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
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

    def games(self) -> list[int]:
        """Process ids of the visitors' game processes (the server's children)."""
        assert self.process is not None
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]


def cpu_seconds_of(pid: int) -> float:
    """User plus system CPU time a process has used so far, from /proc (0.0 when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        """Press `key` and wait for the first screen update after it; returns the latency in seconds."""
        frames = self.frames
        start = time.perf_counter()
        await self.press(key)
        await self._until(lambda: self.frames != frames, start + timeout, f"no answer to {key!r} in {timeout:.0f} s")
        return time.perf_counter() - start

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
SKIP_KEY = "z"
"""A key bound to nothing: it shows the rest of a text that is still appearing, and does nothing else."""


def on_title(screen: str) -> bool:
    """The title screen with the story loaded (its menu usable)."""
    return "New game" in screen and "Loading the story" not in screen


def in_play(screen: str) -> bool:
    """The play screen: the footer of the game in progress."""
    return "Notebook" in screen and "esc Menu" in screen


@dataclass
class Trip:
    """What one visitor measured."""

    name: str
    to_title: float = 0.0
    steps: list[float] = field(default_factory=list)
    error: str | None = None


async def start_game(visitor: Visitor) -> None:
    """From the title screen into the canon case (through the content notes when they come first)."""
    await visitor.step("enter")  # New game
    await visitor.wait_for(lambda s: "The canon case" in s)
    await visitor.press("enter")  # the canon case
    await visitor.wait_for(lambda s: in_play(s) or "Continue to the game" in s)
    if not in_play(visitor.text()):
        await visitor.press("\t")
        await visitor.press("enter")
        await visitor.wait_for(in_play)


async def take_choice(visitor: Visitor, key: str = "1") -> float:
    """Take a choice on a settled screen; returns the latency to the first update. Leaves the screen settled."""
    latency = await visitor.step(key)
    await visitor.press(SKIP_KEY)
    await visitor.wait_for(in_play)
    await visitor.settle()
    return latency


async def visit(url: str, name: str, steps: int, *, quicksave: bool = False) -> Trip:
    """One visitor's whole trip: page, title screen, a new game, `steps` choices (then a quicksave)."""
    trip = Trip(name)
    visitor = Visitor(url, name)
    start = time.perf_counter()
    try:
        await visitor.connect()
        await visitor.wait_for(on_title, timeout=120)
        trip.to_title = time.perf_counter() - start
        await start_game(visitor)
        await visitor.press(SKIP_KEY)
        await visitor.settle()
        for _ in range(steps):
            trip.steps.append(await take_choice(visitor))
        if quicksave:
            await visitor.press("f5")
            await visitor.wait_for(lambda s: "Quicksave" in s or "quicksave" in s.lower())
    except (TimeoutError, ConnectionError, aiohttp.ClientError) as error:
        trip.error = str(error)
    finally:
        await visitor.close()
    return trip


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


async def crowd(url: str, steps: list[int], *, quicksave: bool = False) -> list[Trip]:
    """One visitor per item of `steps`, all at once on one server; visitor n takes steps[n] choices."""
    trips = (visit(url, f"visitor-{n + 1}", count, quicksave=quicksave) for n, count in enumerate(steps))
    return list(await asyncio.gather(*trips))


def measure(visitors: int = 20, steps: int = 20) -> dict:
    """Start a server, run one visitor alone (the floor), then `visitors` at once; every figure as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        with ServedGame(Path(tmp) / "saves", "--max-visitors", str(visitors + 5)) as server:
            alone = asyncio.run(crowd(server.url, [steps]))
            sampler = _MemorySampler(server)
            sampler.start()
            trips = asyncio.run(crowd(server.url, [steps] * visitors))
            sampler.stop()
        load = os.getloadavg()
    failed = [trip for trip in [*alone, *trips] if trip.error]
    every = [latency for trip in trips for latency in trip.steps]
    return {
        "visitors": visitors,
        "steps": steps,
        "cpus": len(os.sched_getaffinity(0)),
        "load_average_1_5_15": [round(value, 1) for value in load],
        "failed": [trip.error or "" for trip in failed],
        "alone": {"to_title": alone[0].to_title, "p50": _ms(alone[0].steps, 0.5), "p99": _ms(alone[0].steps, 0.99)},
        "per_visitor": [
            {"name": t.name, "to_title": round(t.to_title, 3), "p50_ms": _ms(t.steps, 0.5),
             "p99_ms": _ms(t.steps, 0.99)}
            for t in trips
            if not t.error
        ],
        "to_title_max": max((t.to_title for t in trips), default=0.0),
        "to_title_median": statistics.median([t.to_title for t in trips]) if trips else 0.0,
        "p50_ms": _ms(every, 0.5),
        "p99_ms": _ms(every, 0.99),
        "worst_visitor_p99_ms": max((_ms(t.steps, 0.99) for t in trips if t.steps), default=0.0),
        "memory": sampler.report(),
    }


def _ms(values: list[float], share: float) -> float:
    return round(percentile(values, share) * 1000, 1) if values else float("nan")


class _MemorySampler:
    """Samples the visitors' game processes while they play; keeps each one's largest RSS and PSS."""

    def __init__(self, server: ServedGame) -> None:
        self.server = server
        self.peak: dict[int, tuple[int, int]] = {}
        self.cpu: dict[int, float] = {}
        self.server_peak = 0
        self._before = set(server.games())
        """Games still closing from an earlier round are not counted."""
        import threading

        self._thread = threading.Thread(target=self._run, daemon=True)
        self._running = True

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._thread.join()

    def _run(self) -> None:
        while self._running:
            for pid in set(self.server.games()) - self._before:
                rss, pss = memory_of(pid)
                old = self.peak.get(pid, (0, 0))
                self.peak[pid] = (max(old[0], rss), max(old[1], pss))
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds_of(pid))
            assert self.server.process is not None
            self.server_peak = max(self.server_peak, memory_of(self.server.process.pid)[0])
            time.sleep(0.25)

    def report(self) -> dict:
        rss = [value[0] for value in self.peak.values()]
        pss = [value[1] for value in self.peak.values()]
        mb = 1024 * 1024
        return {
            "games_seen": len(self.peak),
            "rss_mb_median": round(statistics.median(rss) / mb, 1) if rss else 0.0,
            "rss_mb_max": round(max(rss) / mb, 1) if rss else 0.0,
            "pss_mb_median": round(statistics.median(pss) / mb, 1) if pss else 0.0,
            "server_rss_mb": round(self.server_peak / mb, 1),
            "cpu_s_per_visitor_median": round(statistics.median(self.cpu.values()), 2) if self.cpu else 0.0,
        }


def hosted(visitors: int = 20, steps: int = 20) -> list[dict]:
    """The figures as rows for `make bench` (bench/__main__.py): the floor is one visitor alone."""
    from bench.figures import row

    result = measure(visitors, steps)
    for error in result["failed"]:
        print(f"hosted: {error.splitlines()[0]}", file=sys.stderr)  # the screen that follows is in the JSON
    ok = not result["failed"]
    alone = result["alone"]
    memory = result["memory"]
    return [
        row(f"hosted: {visitors} visitors, slowest time to title (s)", result["to_title_max"], "s",
            alone["to_title"], "-", None),
        row(f"hosted: {visitors} visitors, step p50 (ms)", result["p50_ms"], "ms", alone["p50"], "-", None),
        row(f"hosted: {visitors} visitors, step p99 (ms)", result["p99_ms"], "ms", alone["p99"], "p99 < 100 ms",
            ok and result["p99_ms"] < 100),
        row(f"hosted: {visitors} visitors, worst visitor's p99 (ms)", result["worst_visitor_p99_ms"], "ms",
            alone["p99"], "-", None),
        row("hosted: memory per visitor, RSS median (MB)", memory["rss_mb_median"], "MB", 0.0, "-", None),
        row("hosted: memory per visitor, PSS median (MB)", memory["pss_mb_median"], "MB", 0.0, "-", None),
        row("hosted: CPU per visitor's whole visit (s)", memory["cpu_s_per_visitor_median"], "s", 0.0, "-", None),
        row("hosted: machine load average while measured", result["load_average_1_5_15"][0], "", 0.0, "-", None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hosted", description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.visitors, args.steps), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
