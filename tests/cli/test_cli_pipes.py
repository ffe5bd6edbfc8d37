"""A reader that leaves early (`archer graph | head`) ends every command quietly: exit 0, nothing on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MINI_STORY = REPO / "tests" / "fixtures" / "mini" / "story"

COMMANDS = {
    "play-plain": ["play", "--plain", "--story", str(MINI_STORY), "--seed", "1"],
    "graph": ["graph", "--story", str(MINI_STORY)],
    "check-json": ["check", "--quick", "--format", "json", str(MINI_STORY)],
    "walk": ["walk", "--runs", "3", "--story", str(MINI_STORY)],
    "schema": ["schema"],
    "saves-list": ["saves", "list"],
    "version": ["--version"],
    "help": ["--help"],
    "check-help": ["check", "--help"],
}


def run_into_closed_pipe(args: list[str], tmp_path: Path, *, unbuffered: bool) -> subprocess.CompletedProcess:
    """Run `python -m game ARGS` with stdout a pipe whose reading end is already closed, so every write fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHER_") and k != "PYTHONUNBUFFERED"}
    env.update(PYTHONPATH=str(REPO), ARCHER_SAVES=str(tmp_path / "saves"), ARCHER_CACHE=str(tmp_path / "cache"))
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run([sys.executable, "-m", "game", *args], stdout=writing, stderr=subprocess.PIPE,
                              input="1\n1\nquit\n", text=True, cwd=tmp_path, env=env, timeout=120)
    finally:
        os.close(writing)


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_closed_pipe_is_a_quiet_success(name: str, unbuffered: bool, tmp_path: Path) -> None:
    done = run_into_closed_pipe(COMMANDS[name], tmp_path, unbuffered=unbuffered)
    assert (done.returncode, done.stderr) == (0, "")


def test_the_probe_sees_a_broken_pipe(tmp_path: Path) -> None:
    """The harness really breaks the pipe: plain Python printing into it fails loudly."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run([sys.executable, "-c", "print('x')"], stdout=writing, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=tmp_path)
    finally:
        os.close(writing)
    assert done.returncode == 120
    assert "BrokenPipeError" in done.stderr
