"""The week's forks (issue 18): each is offered in every case, and every case stays solvable down each side.

A fork is one choice between actions that exclude each other, each setting its own flag. Each recorded solve
(tests/transcripts/*_solve.yaml) passes through every fork's scene; replayed with the other side taken there,
and every other step the same, it must still reach the solved ending.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.engine import GameState, act, start, view
from game.paths import story_dir
from game.world import load_story
from game.world.story import Story

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "tests" / "transcripts"

FORKS = [
    # (scene, {choice id: the flag it sets}): fork 1, the white rose on Tuesday night
    ("tue_night_room", {"night_sleep": "tue_rose_hidden", "night_show_rose": "tue_rose_shown"}),
    # fork 2, June's locker on Wednesday morning
    ("wed_locker", {"wed_take_bottle": "wed_took_bottle", "wed_hub": "wed_left_bottle"}),
    # fork 3, Bette's variation in Thursday's class
    ("thu_bette_variation", {"thu_defend_bette": "thu_helped_bette", "thu_silent_bette": "thu_stayed_silent",
                             "thu_show_up_bette": "thu_showed_up_bette"}),
]


@pytest.fixture(scope="module")
def story() -> Story:
    loaded = load_story(story_dir()).story
    assert loaded is not None
    return loaded


def _solves() -> list[Path]:
    return sorted(TRANSCRIPTS.glob("*_solve.yaml"))


def _play(story: Story, recorded: dict, swap: dict[str, str], scene: str) -> tuple[GameState, list[str]]:
    """Replay a recorded solve, taking `swap[choice]` instead of `choice` at `scene`; returns the final state and
    the choices offered at `scene` each time it was met."""
    state = start(story, recorded["seed"], recorded["case"])
    offered: list[str] = []
    for step in recorded["steps"]:
        action = str(step["do"])
        if state.scene == scene:
            offered = [c.id for c in view(story, state).choices]
            action = swap.get(action, action)
        state = act(story, state, action).state
    return state, offered


@pytest.mark.parametrize("scene,sides", FORKS, ids=[f[0] for f in FORKS])
@pytest.mark.parametrize("path", _solves(), ids=lambda p: p.stem)
def test_every_case_is_solvable_down_each_side_of_the_fork(story: Story, path: Path, scene: str,
                                                           sides: dict[str, str]) -> None:
    recorded = yaml.safe_load(path.read_text())
    taken = [str(s["do"]) for s in recorded["steps"]]
    here = [c for c in sides if c in taken]
    assert here, f"{path.name} never takes a side at {scene}"
    for choice in sides:
        other = next(c for c in sides if c != choice)
        swap = {c: choice for c in here}
        state, offered = _play(story, recorded, swap, scene)
        assert sorted(offered) == sorted(sides), f"{path.name}: {scene} offers {offered}"
        assert state.ending == "end_solved", f"{path.name}: the {choice} side ends in {state.ending}"
        assert sides[choice] in state.flags and sides[other] not in state.flags, path.name
