"""Shared fixtures of the save-system tests: the small fixture story, and a way to play it at random."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from saving_support import FIXTURE_STORY, FIXTURES, load_fixture_story, play_picks

from game.engine import GameState
from game.world import Story

Play = Callable[[Story, int, Sequence[int]], GameState]


@pytest.fixture(scope="session")
def story() -> Story:
    """The save-system fixture story, loaded once."""
    return load_fixture_story()


@pytest.fixture()
def play() -> Play:
    """`play(story, seed, picks)`: a game played by choice picks."""
    return play_picks


@pytest.fixture()
def story_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture story (with its seeds/canon.yaml sibling); returns the story folder."""
    root = tmp_path / "copy"
    shutil.copytree(FIXTURE_STORY, root / "story")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    return root / "story"
