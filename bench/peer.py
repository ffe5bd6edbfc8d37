"""ink as the peer: the same generated story, loaded and stepped by archer and by inkjs in the same run.

Each row's value is archer's figure and its floor is inkjs's, so the ratio is archer / ink (below 1: archer
is faster). Cold load is set against ink's compile (source to runnable story, as archer's cold load is), warm
load against loading ink's compiled JSON, and a step (view + act) against ink's Continue and ChooseChoiceIndex.
`archer check` is set against ink's compile too: it is what an author waits for after an edit in each. It is
timed in rounds, each an ink compile and then a check, and the row reports the spread of the rounds' ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import ink
from bench.figures import ROOT, _timed, row, timed_steps
from bench.generate import generate

SIZES = ((1000, 3), (10000, 1))
STEPS = 3000
CHECK_ROUNDS = 3
"""Rounds of (ink compile, archer check) per size for the check's ratio."""


def peer() -> list[dict]:
    """archer against inkjs on generated stories of 1,000 and 10,000 scenes."""
    reason = ink.available()
    if reason:
        print(f"# peer: skipped, {reason} (install Node.js with npm to compare with inkjs)", file=sys.stderr)
        return []
    rows: list[dict] = []
    for scenes, repeats in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            story = generate(Path(tmp), scenes)
            ink_file = ink.write_ink(story)
            theirs = ink.run_peer(ink_file, repeats=repeats, steps=STEPS if scenes == 1000 else 0)
            cold, warm = _archer_loads(story, Path(tmp) / "cache", repeats)
            rows.append(row(f"peer: cold load / ink compile, {scenes} scenes (s)", cold, "s", theirs["compile"],
                            "ratio <= 1", cold <= theirs["compile"]))
            rows.append(row(f"peer: warm load / ink JSON load, {scenes} scenes (s)", warm, "s", theirs["load"],
                            "ratio <= 1", warm <= theirs["load"]))
            if scenes == 1000:
                ours = _archer_steps(story)
                step, floor = statistics.median(ours) * 1000, statistics.median(theirs["steps"]) * 1000
                rows.append(row(f"peer: step / ink step, median, {scenes} scenes (ms)", step, "ms", floor,
                                "ratio <= 1", step <= floor))
            rows.append(_check_row(story, ink_file, scenes, Path(tmp)))
    return rows


def _check_row(story: Path, ink_file: Path, scenes: int, tmp: Path) -> dict:
    """`archer check` against ink's compile, CHECK_ROUNDS times, each round timing one ink compile and then one
    check: the row gives the medians and the ratio's median, with the lowest and highest round's ratio (the
    spread, as the machine's load moves under both)."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(CHECK_ROUNDS):
        theirs.append(ink.run_peer(ink_file, repeats=1, steps=0)["compile"])
        ours.append(_archer_check(story, tmp))
    ratios = sorted(a / b for a, b in zip(ours, theirs, strict=True))
    ratio = statistics.median(ratios)
    found = row(f"peer: archer check / ink compile, {scenes} scenes (s)", statistics.median(ours), "s",
                statistics.median(theirs), "ratio <= 1", ratio <= 1, ratio=ratio)
    found["spread"] = [round(ratios[0], 3), round(ratios[-1], 3)]
    return found


def _archer_loads(story: Path, cache: Path, repeats: int) -> tuple[float, float]:
    from game.world import load_story
    from game.world.cache import load_cached

    cold = min(_timed(lambda: load_story(story)) for _ in range(repeats))
    load_cached(story, folder=cache)
    warm = min(_timed(lambda: load_cached(story, folder=cache)) for _ in range(repeats))
    return cold, warm


def _archer_steps(story_dir: Path, seed: int = 11) -> list[float]:
    """Seconds per step (view, then act on a seeded random choice), restarting at endings, as ink's walk does."""
    from game.world import load_story

    story = load_story(story_dir).story
    assert story is not None
    return [seconds for seconds, _ in timed_steps(story, STEPS, seed)]


def _archer_check(story: Path, tmp: Path) -> float:
    """The whole `archer check` of the story, as an author runs it (a fresh process, no compiled-story cache)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARCHER_CACHE": str(tmp / "check-cache")}
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "game", "check", str(story)], cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - began

