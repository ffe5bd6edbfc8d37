"""The layers of DESIGN.md, enforced: import-linter's contracts (pyproject.toml) hold on the real code, and
they do catch an import against the layers, even one hidden inside a function."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path, *extra_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in extra_path)}
    return subprocess.run([str(LINT), "--no-cache", "--config", str(cwd / "pyproject.toml")], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_code_keeps_every_contract() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_imports_against_the_layers_break_the_contracts(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "game", tmp_path / "game", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # The engine reaching up to a front end, inside a function; a tool reaching into plain mode.
    (tmp_path / "game" / "engine" / "upward.py").write_text(
        "def later():\n    from game.tui import app\n\n    return app\n", encoding="utf-8")
    (tmp_path / "game" / "tools" / "sideways.py").write_text("import game.plain.run\n", encoding="utf-8")
    done = lint(tmp_path, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "world <- engine <- saving <- session <- front ends and tools <- cli BROKEN" in out
    assert "front ends and tools never import each other BROKEN" in out
    assert "game.engine.upward -> game.tui.app (l.2)" in out
    assert "game.tools.sideways -> game.plain.run (l.1)" in out
