"""Helpers for the author tools' tests: the mini fixture story, and running `archer` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.world.story import Story

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
MINI_STORY = MINI / "story"
MINI_TRANSCRIPTS = MINI / "transcripts"


def archer(*args: str, cwd: Path | None = None, stdin: str | None = None,
           timeout: float = 120, env_path: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m game ARGS` the way an author would, capturing stdout, stderr and the exit code.
    `env_path` replaces $PATH (to run as on a machine without some program)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    if env_path is not None:
        env["PATH"] = env_path
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=cwd or ROOT, input=stdin, text=True,
                          capture_output=True, env=env, timeout=timeout)


@pytest.fixture(scope="session")
def mini(mini_story: Story) -> Story:
    """The compiled mini fixture story (tests/conftest.py loads it once per session)."""
    return mini_story


@pytest.fixture
def mini_dir(copy_story) -> Path:
    """The story folder of a writable copy of the mini fixture (its seeds/ beside it)."""
    return copy_story().story_dir


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of text in a file, failing loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
