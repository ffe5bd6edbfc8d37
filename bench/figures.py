"""The measurements. Each function returns rows: name, value, unit, floor, ratio, target, met."""

from __future__ import annotations

import copy
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.generate import generate

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def row(name: str, value: float, unit: str, floor: float, target: str, met: bool | None,
        ratio: float | None = None) -> dict:
    if ratio is None and floor:
        ratio = value / floor
    return {"name": name, "value": round(value, 4), "unit": unit, "floor": round(floor, 4),
            "ratio": None if ratio is None else round(ratio, 4), "target": target, "met": met}


# ------------------------------------------------------------------------------------------------ start-up

_BARE_TERMINAL_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE TEXTUAL APP")
Bare().run()
"""


def startup() -> list[dict]:
    """Start-up as the player sees it, against floors started the same way in the same run.

    `archer play` (the console script) in an 80x24 pseudo-terminal until the title is on screen, against a bare
    Textual app with one Static; `archer check --help` until it exits, against `python -c pass`."""
    from bench.terminal import time_to_text

    archer = str(Path(PY).parent / "archer")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ARCHER_SAVES": str(Path(tmp) / "saves"), "ARCHER_CACHE": str(Path(tmp) / "cache")}
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(_BARE_TERMINAL_APP)
        bare, play, empty, helped = [], [], [], []
        for index in range(8):
            bare.append(time_to_text([PY, str(bare_script)], "BARE TEXTUAL APP", env=env, cwd=Path(tmp)))
            play.append(time_to_text([archer, "play"], "ARCHER: THE FALL", env=env, cwd=Path(tmp)))
            empty.append(_timed(lambda: subprocess.run([PY, "-c", "pass"], env=env, check=True)))
            helped.append(_timed(lambda: subprocess.run([archer, "check", "--help"], env=env, check=True,
                                                        capture_output=True)))
            if index == 0:  # the first round only warms the file cache
                bare, play, empty, helped = [], [], [], []
    floor, value = statistics.median(bare), statistics.median(play)
    help_floor, help_value = statistics.median(empty), statistics.median(helped)
    return [
        row("start-up, `archer play` to title (s)", value, "s", floor, "ratio <= 1.3", value / floor <= 1.3),
        row("`archer check --help` (s)", help_value, "s", help_floor, "< 100 ms", help_value < 0.1),
    ]


# ----------------------------------------------------------------------------------------------- story load


def _yaml_baseline(story: Path) -> float:
    files = sorted(story.rglob("*.yaml")) + [story.parent / "seeds" / "canon.yaml"]
    blobs = [f.read_bytes() for f in files]
    began = time.perf_counter()
    for blob in blobs:
        yaml.load(blob, Loader=yaml.CSafeLoader)
    return time.perf_counter() - began


def load() -> list[dict]:
    """Parse + validate + compile of generated stories, cold and warm, against a bare CSafeLoader load."""
    from game.world import load_story
    from game.world.cache import load_cached

    rows = []
    for scenes, repeats in ((1000, 5), (10000, 2)):
        with tempfile.TemporaryDirectory() as tmp:
            story = generate(Path(tmp), scenes)
            cache = Path(tmp) / "cache"
            base = min(_yaml_baseline(story) for _ in range(repeats))
            cold = min(_timed(lambda s=story: load_story(s)) for _ in range(repeats))
            load_cached(story, folder=cache)
            warm = min(_timed(lambda s=story, c=cache: load_cached(s, folder=c)) for _ in range(repeats))
        rows.append(row(f"load {scenes} scenes cold (s)", cold, "s", base, "ratio <= 1.3", cold / base <= 1.3))
        rows.append(row(f"load {scenes} scenes warm, cached (s)", warm, "s", base, "ratio <= 0.1", warm / base <= 0.1))
    return rows


def _timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


# ------------------------------------------------------------------------------------------------ engine


def _shipped():
    from game.paths import story_dir
    from game.world import load_story

    result = load_story(story_dir())
    if result.story is None:
        raise SystemExit("the shipped story has errors; run `archer check`")
    return result.story


def _random_states(story, count: int, seed: int = 7):
    """States met on seeded random walks through the story, restarting at endings."""
    from game.engine import act, start, view

    rng = random.Random(seed)
    state = start(story, seed)
    found = []
    while len(found) < count:
        choices = view(story, state).choices
        if not choices:
            state = start(story, rng.randrange(10**6))
            continue
        state = act(story, state, rng.choice(choices).id).state
        found.append(state)
    return found


def timed_steps(story, steps: int, seed: int):
    """Seeded random play, restarting at endings: yields the seconds each step (view, then act on a random
    choice) took, and the state it started from."""
    from game.engine import act, start, view

    rng = random.Random(seed)
    state = start(story, seed)
    for _ in range(steps):
        began = time.perf_counter()
        current = view(story, state)
        if current.ending is not None or not current.choices:
            state = start(story, rng.randrange(10**6))
            continue
        nxt = act(story, state, rng.choice(current.choices).id).state
        yield time.perf_counter() - began, state
        state = nxt


def step() -> list[dict]:
    """One engine step (view + act) on the shipped story: median and p99."""
    samples, floors = [], []
    for seconds, state in timed_steps(_shipped(), 3000, 11):
        samples.append(seconds * 1e9)
        began = time.perf_counter_ns()
        copy.deepcopy(state.model_dump())
        floors.append(time.perf_counter_ns() - began)
    samples.sort()
    median = samples[len(samples) // 2] / 1e6
    p99 = samples[int(len(samples) * 0.99)] / 1e6
    floor = statistics.median(floors) / 1e6
    return [
        row("engine step median (ms)", median, "ms", floor, "< 1 ms p99", None),
        row("engine step p99 (ms)", p99, "ms", floor, "< 1 ms", p99 < 1.0),
    ]


# ---------------------------------------------------------------------------------------------- keypress


def keypress() -> list[dict]:
    """Keypress to the new scene rendered, headless Pilot, against a bare app updating a Static on a key."""
    import asyncio

    return asyncio.run(_keypress())


async def _keypress() -> list[dict]:
    """Time from a key press to the frame after the new scene is shown: each app stamps the clock in a
    `call_after_refresh` callback queued where it updates the screen, so Pilot's own idle waits are not counted.
    """
    from textual.app import App
    from textual.widgets import Static

    from game.paths import story_dir
    from game.tui.app import ArcherApp, LaunchOptions

    class Bare(App):
        BINDINGS = [("1", "bump", "bump")]
        count = 0
        rendered = 0.0

        def compose(self):
            yield Static("0", id="n")

        def action_bump(self) -> None:
            self.count += 1
            self.query_one("#n", Static).update(str(self.count))
            self.call_after_refresh(self._stamp)

        def _stamp(self) -> None:
            self.rendered = time.perf_counter()

    floors = []
    bare = Bare()
    async with bare.run_test(size=(80, 24)) as pilot:
        for _ in range(40):
            began = time.perf_counter()
            await pilot.press("1")
            await pilot.pause()
            floors.append(bare.rendered - began)
    samples = []
    with tempfile.TemporaryDirectory() as saves:
        _seen_notes(Path(saves))
        app = ArcherApp(LaunchOptions(story_dir=story_dir(), saves_dir=Path(saves), case="canon", seed=5))
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                if app.session is not None and app.screen.__class__.__name__ == "PlayScreen":
                    break
                await pilot.pause(0.05)
            screen = app.screen
            stamp: dict[str, float] = {}
            original = screen.sync

            def sync_and_stamp() -> None:
                original()
                screen.call_after_refresh(lambda: stamp.__setitem__("rendered", time.perf_counter()))

            screen.sync = sync_and_stamp
            for _ in range(60):
                before = app.session.view if app.session else None
                if before is None or before.ending is not None or app.screen is not screen:
                    break
                stamp.clear()
                began = time.perf_counter()
                await pilot.press("1")
                await pilot.pause()
                if "rendered" in stamp:
                    samples.append(stamp["rendered"] - began)
    if not samples:
        return [row("keypress to new scene (ms)", float("nan"), "ms", 0.0, "median < 30 ms", False)]
    value = statistics.median(samples) * 1000
    floor = statistics.median(floors) * 1000
    return [row("keypress to new scene, median (ms)", value, "ms", floor, "median < 30 ms", value < 30)]


def _seen_notes(saves: Path) -> None:
    """A profile that has seen the content notes (so a new game goes straight to play), animations off."""
    from game.saving import Profile, Settings, save_profile

    save_profile(saves, Profile(content_notes_seen=True, settings=Settings(animations=False)))


# ------------------------------------------------------------------------------------------------- check


def check() -> list[dict]:
    """`archer check` on the shipped story, all cases (deep exploration, in parallel), against `check --quick`.

    Both run as the command does, in a fresh process (the check always compiles the story afresh)."""
    import json as _json

    def timed_check(*extra: str) -> tuple[float, dict]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        began = time.perf_counter()
        done = subprocess.run([PY, "-m", "game", "check", "--stats", "--format", "json", *extra], cwd=ROOT,
                              capture_output=True, text=True, env=env)
        return time.perf_counter() - began, _json.loads(done.stdout)

    floor, _ = timed_check("--quick")
    seconds, report = timed_check()
    explored = sum(report["states_explored"].values())
    return [
        row("archer check, deep, all cases (s)", seconds, "s", floor, "< 10 s", seconds < 10),
        row("deep check states per second", report["states_per_second"] or 0.0, "/s", 0.0, "reported", None),
        row("deep check states explored", float(explored), "", 0.0, "reported", None),
    ]


# ------------------------------------------------------------------------------------------------ memory

_BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Archer")
async def leave(pilot):
    pilot.app.exit()
Bare().run(headless=True, auto_pilot=leave)
"""

# VmHWM, not getrusage's ru_maxrss: on Linux the latter survives fork and exec, so a child started from a big
# benchmark process would report its parent's peak.
_PEAK = ("import sys; print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))"
         " / 1024, file=sys.stderr)")

_PLAY_MEMORY = """
import tempfile
from pathlib import Path
from game.tui.app import ArcherApp, LaunchOptions
from game.paths import story_dir
async def play(pilot):
    app = pilot.app
    for _ in range(200):
        if app.session is not None and app.screen.__class__.__name__ == "PlayScreen":
            break
        await pilot.pause(0.05)
    for _ in range(30):
        await pilot.press("1")
        await pilot.pause()
    app.exit()
from game.saving import Profile, save_profile
saves = Path(tempfile.mkdtemp())
save_profile(saves, Profile(content_notes_seen=True))
app = ArcherApp(LaunchOptions(story_dir=story_dir(), saves_dir=saves, case="canon", seed=3))
app.animation_level = "none"
app.run(headless=True, auto_pilot=play, size=(80, 24))
"""

_LOAD_MEMORY = """
import sys
from pathlib import Path
from game.world import load_story
result = load_story(Path(sys.argv[1]))
assert result.story is not None
"""


def _peak_mb(code: str, *args: str) -> float:
    done = subprocess.run([PY, "-c", code + "\n" + _PEAK, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "TEXTUAL_ANIMATIONS": "none"})
    if done.returncode:
        raise SystemExit(done.stderr)
    return float(done.stderr.strip().splitlines()[-1])


def memory() -> list[dict]:
    """Peak resident memory of `archer play` on the shipped story, and of loading a 10,000-scene story."""
    floor_app = _peak_mb(_BARE_APP)
    play = _peak_mb(_PLAY_MEMORY)
    floor_python = _peak_mb("import yaml, pydantic")
    with tempfile.TemporaryDirectory() as tmp:
        story = generate(Path(tmp), 10000)
        big = _peak_mb(_LOAD_MEMORY, str(story))
    return [
        row("peak memory, archer play (MB)", play, "MB", floor_app, "< 120 MB", play < 120),
        row("peak memory, load 10,000 scenes (MB)", big, "MB", floor_python, "< 500 MB", big < 500),
    ]


# -------------------------------------------------------------------------------------------------- saves


def saves() -> list[dict]:
    """Saving and loading a slot in mid-game, against writing the same JSON to a file without the safeguards."""
    from game.saving import SaveStore

    story = _shipped()
    state = _random_states(story, 40)[-1]
    with tempfile.TemporaryDirectory() as tmp:
        store = SaveStore(Path(tmp))
        save_times, load_times, floors = [], [], []
        for index in range(25):
            save_times.append(_timed(lambda: store.save("bench", story, state, play_seconds=60.0)))
            load_times.append(_timed(lambda: store.load("bench", story)))
            plain = Path(tmp) / f"plain{index}.json"
            floors.append(_timed(lambda p=plain: p.write_text(json.dumps(state.model_dump(mode="json")))))
    save_ms = statistics.median(save_times) * 1000
    load_ms = statistics.median(load_times) * 1000
    floor = statistics.median(floors) * 1000
    return [
        row("save a slot, median (ms)", save_ms, "ms", floor, "< 20 ms", save_ms < 20),
        row("load a slot, median (ms)", load_ms, "ms", floor, "< 20 ms", load_ms < 20),
    ]


__all__ = ["startup", "load", "step", "keypress", "check", "memory", "saves"]
