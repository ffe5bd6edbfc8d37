"""Helpers shared by the save-system tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from game.engine import GameState, act, start, view
from game.world import Story, load_story

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_STORY = FIXTURES / "story"
ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"


def load_fixture_story(folder: Path = FIXTURE_STORY) -> Story:
    """Load a story folder that must load without errors."""
    result = load_story(folder)
    assert result.story is not None, [str(d) for d in result.diagnostics]
    return result.story


def play_picks(story: Story, seed: int, picks: Sequence[int], case: str | None = None) -> GameState:
    """Start a game and take, at each step, choice number `pick % len(choices)` until picks or choices end."""
    state = start(story, seed, case)
    for pick in picks:
        choices = view(story, state).choices
        if not choices:
            break
        state = act(story, state, choices[pick % len(choices)].id).state
    return state
