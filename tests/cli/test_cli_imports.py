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


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["play", "--help"], ["serve", "--help"]],
                         ids=["help", "check-help", "play-help", "serve-help"])
def test_help_loads_neither_pydantic_nor_the_engine(archer, args):
    """A subcommand's help is the parser alone: `archer check --help` took 0.30 s once a module-level import in
    game.tools.check brought in the story models (issue 20's figure is under 100 ms)."""
    done = archer(*args, python_flags=("-X", "importtime"))
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = modules(done.stderr)
    assert not {"pydantic", "yaml", "textual"} & {name.split(".")[0] for name in loaded}
    assert not {name for name in loaded if name.startswith(("game.engine", "game.world.model"))}


def test_the_title_screen_needs_neither_the_engine_nor_pydantic():
    """What `archer play` imports before its title screen is drawn: the app and its screens. The story loads in a
    worker after the title is up; the engine's models come with it, not before (start-up was 1.96 times a bare
    Textual app when `game.engine`'s package imported every module of the engine)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import game.cli, game.tui.app"],
                          capture_output=True, text=True, cwd=REPO, env=env, check=True)
    loaded = modules(done.stderr)
    assert "textual" in loaded  # the probe sees what the app imports
    assert "pydantic" not in loaded
    assert not {name for name in loaded if name.startswith(("game.engine.core", "game.world.model"))}


def modules(stderr: str) -> set[str]:
    """Every module named in `python -X importtime` output."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_every_engine_export_is_what_it_names_after_all_its_modules_load():
    """game.engine's exports load lazily: a submodule of the same name as an export would shadow it once
    imported (`from game.engine import replay` gave the module `replay.py`, not the function)."""
    code = ("import importlib, inspect, pkgutil, game.engine as e\n"
            "for m in pkgutil.iter_modules(e.__path__): importlib.import_module('game.engine.' + m.name)\n"
            "print(','.join(n for n in e.__all__ if inspect.ismodule(getattr(e, n))))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, check=True)
    assert done.stdout.strip() == ""
