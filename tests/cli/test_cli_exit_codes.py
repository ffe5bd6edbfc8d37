"""Exit codes and messages of `archer play` when the save to start from is bad."""

from __future__ import annotations

from pathlib import Path


def test_the_terminal_ui_refuses_a_damaged_save_before_it_starts(archer, mini_dir: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "bad.json").write_text("garbage")
    done = archer("play", "--load", "bad", "--story", str(mini_dir), python_flags=("-X", "importtime"))
    assert done.returncode == 1
    assert "bad.json: is damaged: it is not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
    assert "| textual" not in done.stderr  # the UI was never started
    assert (saves / "bad.json").read_text() == "garbage"


def test_the_terminal_ui_refuses_a_missing_save_before_it_starts(archer, mini_dir: Path) -> None:
    done = archer("play", "--load", "nowhere", "--story", str(mini_dir))
    assert done.returncode == 1
    assert "nowhere.json: does not exist" in done.stderr
    assert "Traceback" not in done.stderr
