"""Hosted play under load: N visitors on one `archer serve`, speaking the browser's websocket protocol.

Each visitor (bench.visitor) is a person at a browser:
- arrives: the visitors come in one after another over `arrival` seconds (10 by default), as players do, not
  all in one instant; each loads the page and waits for the title screen (the time to title), then starts
  the canon case;
- steps: thinks, presses a choice, waits for the screen to change (the step's latency: from the key to the
  frame that answers it), then reads the scene while its text appears at the game's own speed (a new
  profile's, 120 characters a second), until all of it is there; then thinks again.

The think time after a scene has appeared is drawn for each step from 2 to 5 seconds (uniform, seeded per
visitor): a fast reader. People read some 250 words a minute, about 25 characters a second, so a reader who
follows the typewriter (60 characters a second) still has the end of the scene to read when it has appeared,
then a choice to pick. A slower reader leaves the server idler, so this is on the heavy side;
the visitors keep their own rhythm, never stepping in lock-step.

Steps are timed once every visitor is in a game, so a step's latency is that of a visit in progress among N
others, not of a visit waiting behind N Python processes starting (that is the time to title). Over the same
stretch the CPU time of the server and all its games is taken, divided by the steps: the CPU cost of a step,
the text's reveal included, which does not depend on how loaded the machine is.

Reported: time to the title screen, step latency p50/p99 per visitor and over all visitors, CPU per step,
the memory of each visitor's game process (RSS and PSS, from /proc), and the machine's load average.

    python -m bench.hosted [--visitors 20] [--steps 10] [--quiet-wait 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.visitor import HEIGHT, WIDTH, ServedGame, Visitor, cpu_seconds_of, memory_of

__all__ = ["HEIGHT", "WIDTH", "ServedGame", "Visitor", "crowd", "in_play", "measure", "on_title"]

SKIP_KEY = "z"
"""A key bound to nothing: it shows the rest of a text that is still appearing, and does nothing else."""
TYPING = "\u2800"
"""The blank the typewriter puts where text has not appeared yet."""
THINK = (2.0, 5.0)
"""Seconds between a scene's text having appeared and the next choice (see the module docstring)."""
ARRIVAL = 10.0
"""Seconds over which the visitors arrive."""


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


class Stretch:
    """The stretch in which every visitor is stepping: it starts when the last visitor is in a game and ends when
    the last one has taken its steps, and keeps the CPU time used over it (by `cpu`, when given)."""

    def __init__(self, visitors: int, cpu: Callable[[], float] | None = None) -> None:
        self._barrier = asyncio.Barrier(visitors)
        self._cpu = cpu
        self.cpu_seconds: float | None = None
        self.seconds: float | None = None
        self._began = (0.0, 0.0)

    async def begin(self) -> None:
        if await self._meet() == 0 and self._cpu is not None:
            self._began = (time.perf_counter(), self._cpu())

    async def end(self) -> None:
        if await self._meet() == 0 and self._cpu is not None:
            self.cpu_seconds = self._cpu() - self._began[1]
            self.seconds = time.perf_counter() - self._began[0]

    async def abandon(self) -> None:
        """A visitor failed: the others go on without waiting for it, and no CPU figure is kept."""
        self._cpu = None
        await self._barrier.abort()

    async def _meet(self) -> int:
        try:
            return await self._barrier.wait()
        except asyncio.BrokenBarrierError:
            return -1


PATIENCE = 180.0
"""Seconds a visitor waits for a screen before giving up: long, so that a loaded machine yields slow figures
rather than none."""


async def start_game(visitor: Visitor) -> None:
    """From the title screen into the canon case (through the content notes when they come first)."""
    await visitor.step("enter", timeout=PATIENCE)  # New game
    await visitor.wait_for(lambda s: "The canon case" in s, timeout=PATIENCE)
    await visitor.press("enter")  # the canon case
    await visitor.wait_for(lambda s: in_play(s) or "Continue to the game" in s, timeout=PATIENCE)
    if not in_play(visitor.text()):
        await visitor.press("\t")
        await visitor.press("enter")
        await visitor.wait_for(in_play, timeout=PATIENCE)


async def read_scene(visitor: Visitor, *, read: bool) -> None:
    """After a step: read the scene while its text appears (`read`), or show it at once with the skip key (the
    tests' quick visitor). Returns when the text has all appeared and the screen is still."""
    if not read:
        await visitor.press(SKIP_KEY)
    await visitor.wait_for(in_play, timeout=PATIENCE)
    await visitor.settle(quiet=0.4, timeout=PATIENCE)


async def visit(
    url: str,
    name: str,
    steps: int,
    *,
    stretch: Stretch,
    arrive: float = 0.0,
    think: tuple[float, float] = THINK,
    read: bool = True,
    quicksave: bool = False,
    seed: int = 0,
) -> Trip:
    """One visitor's whole trip: page, title screen, a new game, `steps` choices (then a quicksave)."""
    trip = Trip(name)
    visitor = Visitor(url, name)
    pause = random.Random(seed)
    await asyncio.sleep(arrive)
    start = time.perf_counter()
    try:
        await visitor.connect()
        await visitor.wait_for(on_title, timeout=PATIENCE)
        trip.to_title = time.perf_counter() - start
        await start_game(visitor)
        await read_scene(visitor, read=read)
        await stretch.begin()
        for _ in range(steps):
            await asyncio.sleep(pause.uniform(*think))
            trip.steps.append(await visitor.step("1", timeout=PATIENCE))
            await read_scene(visitor, read=read)
        await stretch.end()
        if quicksave:
            await visitor.press("f5")
            await visitor.wait_for(lambda s: "quicksave" in s.lower())
    except (TimeoutError, ConnectionError, aiohttp.ClientError) as error:
        trip.error = str(error)
        await stretch.abandon()
    finally:
        await visitor.close()
    return trip


async def crowd(
    url: str,
    steps: list[int],
    *,
    cpu: Callable[[], float] | None = None,
    think: tuple[float, float] = THINK,
    arrival: float = 0.0,
    read: bool = True,
    quicksave: bool = False,
) -> tuple[list[Trip], Stretch]:
    """One visitor per item of `steps` on one server, arriving evenly over `arrival` seconds; visitor n takes
    steps[n] choices. Returns the trips and the stepping stretch (its CPU time, when `cpu` is given)."""
    stretch = Stretch(len(steps), cpu)
    gap = arrival / len(steps) if steps else 0.0
    trips = (
        visit(url, f"visitor-{n + 1}", count, stretch=stretch, arrive=n * gap, think=think, read=read,
              quicksave=quicksave, seed=n)
        for n, count in enumerate(steps)
    )
    return list(await asyncio.gather(*trips)), stretch


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def wait_for_quiet(seconds: float, below: float = 1.5) -> float:
    """Wait up to `seconds` for the 1-minute load average to drop below `below`; returns it as it is then."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def measure(visitors: int = 20, steps: int = 10, *, think: tuple[float, float] = THINK,
            arrival: float = ARRIVAL) -> dict:
    """Start a server, run one visitor alone (the floor), then `visitors` together; every figure as a dict."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        with ServedGame(Path(tmp) / "saves", "--max-visitors", str(visitors + 5)) as server:
            alone, alone_stretch = asyncio.run(crowd(server.url, [min(steps, 5)], cpu=server.cpu_seconds,
                                                     think=think))
            sampler = _MemorySampler(server)
            sampler.start()
            trips, stretch = asyncio.run(crowd(server.url, [steps] * visitors, cpu=server.cpu_seconds,
                                               think=think, arrival=arrival))
            sampler.stop()
    failed = [trip for trip in [*alone, *trips] if trip.error]
    every = [latency for trip in trips for latency in trip.steps]
    taken = sum(len(trip.steps) for trip in trips)
    return {
        "visitors": visitors,
        "steps": steps,
        "think_seconds": list(think),
        "arrival_seconds": arrival,
        "cpus": len(os.sched_getaffinity(0)),
        "load_average_before": [round(value, 1) for value in load_before],
        "load_average_after": [round(value, 1) for value in os.getloadavg()],
        "failed": [trip.error or "" for trip in failed],
        "alone": {"to_title": alone[0].to_title, "p50_ms": _ms(alone[0].steps, 0.5),
                  "p99_ms": _ms(alone[0].steps, 0.99),
                  "cpu_ms_per_step": _per_step(alone_stretch, len(alone[0].steps))},
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
        "visitor_p50_ms_median": _median(_ms(t.steps, 0.5) for t in trips if t.steps),
        "visitor_p99_ms_median": _median(_ms(t.steps, 0.99) for t in trips if t.steps),
        "worst_visitor_p99_ms": max((_ms(t.steps, 0.99) for t in trips if t.steps), default=0.0),
        "cpu_ms_per_step": _per_step(stretch, taken),
        "cores_busy_while_stepping": (round(stretch.cpu_seconds / stretch.seconds, 2)
                                      if stretch.cpu_seconds is not None and stretch.seconds else None),
        "memory": sampler.report(),
    }


def _ms(values: list[float], share: float) -> float:
    return round(percentile(values, share) * 1000, 1) if values else float("nan")


def _median(values: Iterable[float]) -> float:
    found = list(values)
    return statistics.median(found) if found else float("nan")


def _per_step(stretch: Stretch, steps: int) -> float | None:
    """CPU milliseconds per step over the stepping stretch (server and games together)."""
    if stretch.cpu_seconds is None or not steps:
        return None
    return round(stretch.cpu_seconds * 1000 / steps, 1)


class _MemorySampler:
    """Samples the visitors' game processes while they play; keeps each one's largest RSS and PSS."""

    def __init__(self, server: ServedGame) -> None:
        self.server = server
        self.peak: dict[int, tuple[int, int]] = {}
        self.cpu: dict[int, float] = {}
        self.server_peak = 0
        self._before = set(server.games())
        """Games still closing from an earlier round are not counted."""
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
            time.sleep(0.5)

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


def hosted(visitors: int = 20, steps: int = 10) -> list[dict]:
    """The figures as rows for `make bench` (bench/__main__.py): the floor is one visitor alone."""
    from bench.figures import row

    result = measure(visitors, steps)
    for error in result["failed"]:
        print(f"hosted: {error.splitlines()[0]}", file=sys.stderr)  # the screen that follows is in the JSON
    ok = not result["failed"]
    alone = result["alone"]
    memory = result["memory"]
    load = max(result["load_average_before"][0], result["load_average_after"][0])
    name = f"hosted: {visitors} visitors,"
    return [
        row(f"{name} time to title, median (s)", result["to_title_median"], "s", alone["to_title"], "-", None),
        row(f"{name} time to title, slowest (s)", result["to_title_max"], "s", alone["to_title"], "-", None),
        row(f"{name} step p50 (ms)", result["p50_ms"], "ms", alone["p50_ms"], "-", None),
        row(f"{name} step p99 (ms)", result["p99_ms"], "ms", alone["p99_ms"], "p99 < 100 ms",
            ok and result["p99_ms"] < 100),
        row(f"{name} median visitor's p50 (ms)", result["visitor_p50_ms_median"], "ms", alone["p50_ms"], "-", None),
        row(f"{name} median visitor's p99 (ms)", result["visitor_p99_ms_median"], "ms", alone["p99_ms"], "-", None),
        row(f"{name} worst visitor's p99 (ms)", result["worst_visitor_p99_ms"], "ms", alone["p99_ms"], "-", None),
        row(f"{name} CPU per step, reveal included (ms)", result["cpu_ms_per_step"] or 0.0, "ms",
            alone["cpu_ms_per_step"] or 0.0, "-", None),
        row(f"{name} cores busy while stepping", result["cores_busy_while_stepping"] or 0.0, "", 0.0, "-", None),
        row("hosted: memory per visitor, RSS median (MB)", memory["rss_mb_median"], "MB", 0.0, "-", None),
        row("hosted: memory per visitor, PSS median (MB)", memory["pss_mb_median"], "MB", 0.0, "-", None),
        row("hosted: machine load average while measured", load, "", 0.0, "-", None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hosted", description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--think", type=float, nargs=2, default=THINK, metavar=("MIN", "MAX"),
                        help="seconds between a scene having appeared and the next choice (default 2 5)")
    parser.add_argument("--arrival", type=float, default=ARRIVAL, help="seconds over which visitors arrive")
    parser.add_argument("--quiet-wait", type=float, default=0.0, metavar="SECONDS",
                        help="first wait up to this long for the load average to drop below 1.5")
    args = parser.parse_args(argv)
    if args.quiet_wait:
        print(f"load average {wait_for_quiet(args.quiet_wait):.2f} at the start", file=sys.stderr)
    result = measure(args.visitors, args.steps, think=tuple(args.think), arrival=args.arrival)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
