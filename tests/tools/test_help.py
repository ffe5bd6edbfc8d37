"""Every author tool has --help with its exit codes, and a usage error exits 2 without a traceback."""

from __future__ import annotations

import pytest

from .conftest import archer

TOOLS = ("walk", "graph", "schema", "replay", "new-branch", "lsp")


@pytest.mark.parametrize("tool", TOOLS)
def test_help_documents_exit_codes(tool: str) -> None:
    done = archer(tool, "--help")
    assert done.returncode == 0
    assert f"usage: archer {tool}" in done.stdout
    assert "Exit codes: 0" in " ".join(done.stdout.split())


@pytest.mark.parametrize("tool", TOOLS)
def test_unknown_option_is_a_usage_error(tool: str) -> None:
    done = archer(tool, "--no-such-option")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("archer") and "error:" in done.stderr


def test_tools_never_import_textual() -> None:
    import subprocess
    import sys

    code = ("import sys; import game.tools.walk, game.tools.graph, game.tools.schema, game.tools.replay, "
            "game.tools.new_branch, game.session.live, game.tools.lsp.server; print('textual' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
