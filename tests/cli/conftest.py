"""CLI fixtures: run `python -m game` in a subprocess, as a user would, from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MINI_STORY = REPO / "tests" / "fixtures" / "mini" / "story"
CLEAN_STORY = Path(__file__).resolve().parent / "fixtures" / "clean" / "story"

Run = Callable[..., subprocess.CompletedProcess]


def run_archer(*args: str, stdin: str | None = None, cwd: Path = REPO, env: dict[str, str] | None = None,
               python_flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m game ARGS` with text in and out; never raises on a non-zero exit."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ARCHER_")}
    # The checkout first on the path, so the command runs from any folder, installed or not.
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "game", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environment,
        timeout=120,
    )


@pytest.fixture()
def archer(tmp_path: Path) -> Run:
    """`archer(*args, stdin=...)`: run the command with saves kept in this test's tmp_path."""

    def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
        env = {"ARCHER_SAVES": str(tmp_path / "saves"), "ARCHER_CACHE": str(tmp_path / "cache"),
               **kwargs.pop("env", {})}
        return run_archer(*args, env=env, **kwargs)

    return run


@pytest.fixture()
def mini_dir() -> Path:
    """The mini fixture story folder (loads cleanly; `archer check` finds its mystery too small)."""
    return MINI_STORY


@pytest.fixture()
def clean_dir() -> Path:
    """A tiny story that passes every check: `archer check` exits 0 on it."""
    return CLEAN_STORY
