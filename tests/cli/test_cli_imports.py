"""Import hygiene: the domain never loads Textual, and neither do `archer check`, `--version` or plain mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOMAIN = """
import sys
import game.engine, game.world, game.tools.check
import game.engine.core, game.engine.mystery, game.world.load, game.tools.explore, game.tools.mystery_checks
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))))
"""


def imported(stderr: str) -> set[str]:
    """Top-level package names from `python -X importtime` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_importing_the_domain_leaves_textual_out():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", DOMAIN], capture_output=True, text=True, cwd=REPO, env=env,
                          check=True)
    assert done.stdout.strip() == ""


def test_importtime_sees_textual_when_it_is_imported():
    """The probe itself works: importing textual shows up in -X importtime's report."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import textual"], capture_output=True,
                          text=True, check=True)
    assert "textual" in imported(done.stderr)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--quick"], ["check", "--format", "json"],
                                  ["saves", "list"]],
                         ids=["version", "help", "check-quick", "check-json", "saves-list"])
def test_commands_that_show_no_ui_never_import_textual(archer, mini_dir, args):
    extra = [str(mini_dir)] if args[0] == "check" else []
    done = archer(*args, *extra, python_flags=("-X", "importtime"))
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "textual" not in imported(done.stderr)
    assert "game" in imported(done.stderr)


def test_plain_mode_never_imports_textual(archer, mini_dir):
    done = archer("play", "--plain", "--story", str(mini_dir), "--seed", "1", stdin="4\n",
                  python_flags=("-X", "importtime"))
    assert done.returncode == 0
    assert "textual" not in imported(done.stderr)
