"""`archer saves list|show|verify|delete`, run as a user would: `python -m game saves ...` in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from saving_support import FIXTURE_STORY, ROOT

from game.saving import SaveStore


def archer(*argv: str, stdin: str | None = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `archer ARGV...`; asserts that no traceback ever reaches the user."""
    environment = {k: v for k, v in os.environ.items() if k != "ARCHER_SAVES"}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "game", *argv],
        cwd=ROOT,
        env=environment,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr + done.stdout
    return done


@pytest.fixture()
def saves(tmp_path: Path, story, play) -> Path:
    """A save folder with `monday` (and its backup) and `roof`."""
    folder = tmp_path / "saves"
    store = SaveStore(folder)
    store.save("monday", story, play(story, 1, []), label="first look", play_seconds=30)
    store.save("monday", story, play(story, 1, [0]), label="Studio A", play_seconds=3725)
    store.save("roof", story, play(story, 2, [1, 0]), label="on the roof")
    return folder


@pytest.mark.parametrize("command", [[], ["list"], ["show"], ["verify"], ["delete"]])
def test_every_command_has_help(command: list[str]) -> None:
    done = archer("saves", *command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: archer saves")


def test_saves_without_a_command_is_a_usage_error() -> None:
    done = archer("saves")
    assert done.returncode == 2
    assert "list" in done.stderr and "verify" in done.stderr


def test_list(saves: Path) -> None:
    done = archer("saves", "list", "--saves", str(saves))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["SAVE", "SAVED", "PLAYED", "WHERE", "LABEL"]
    assert [line.split()[0] for line in lines[1:]] == ["roof", "monday"]
    assert "1:02" in lines[2] and "Monday evening, Studio A" in lines[2] and lines[2].endswith("Studio A")


def test_list_uses_archer_saves_and_shows_damage(saves: Path) -> None:
    (saves / "broken.json").write_text("{")
    done = archer("saves", "list", env={"ARCHER_SAVES": str(saves)})
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1].split()[:3] == ["broken", "-", "-"]
    assert "DAMAGED: is cut short (truncated)" in done.stdout


def test_list_of_an_empty_folder(tmp_path: Path) -> None:
    done = archer("saves", "list", "--saves", str(tmp_path))
    assert done.returncode == 0 and done.stdout.strip() == f"No saves in {tmp_path}."


def test_show(saves: Path) -> None:
    done = archer("saves", "show", "monday", "--saves", str(saves), "--story", str(FIXTURE_STORY))
    assert done.returncode == 0, done.stderr
    fields = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in done.stdout.splitlines())
    assert fields["Save"] == f"monday ({saves / 'monday.json'})"
    assert fields["Label"] == "Studio A"
    assert fields["Played"] == "1:02"
    assert fields["Story"] == "saving_fixture 1.0.0"
    assert fields["Where"] == "Monday evening, Studio A"
    assert fields["Actions"] == "1"
    assert fields["Backup"] == "monday.bak (sound)"
    assert fields["On load"] == "the story is unchanged since this save: it loads exactly as saved"


def test_show_tells_what_a_changed_story_will_do(saves: Path, story_copy: Path) -> None:
    scenes = story_copy / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace('"Walk to Studio A."', '"Head to Studio A."'))
    done = archer("saves", "show", "monday", "--saves", str(saves), "--story", str(story_copy))
    assert done.returncode == 0, done.stderr
    assert "On load  The story has changed since this save was made" in done.stdout


def test_show_a_missing_or_damaged_save(saves: Path) -> None:
    done = archer("saves", "show", "nothing", "--saves", str(saves))
    assert done.returncode == 1
    assert f"{saves / 'nothing.json'}: does not exist" in done.stderr
    (saves / "monday.json").write_text("{}")
    done = archer("saves", "show", "monday", "--saves", str(saves))
    assert done.returncode == 1
    assert "'archer play --load monday.bak --saves" in done.stderr


def test_verify_all_good(saves: Path) -> None:
    done = archer("saves", "verify", "--saves", str(saves))
    assert done.returncode == 0
    assert done.stdout.strip() == "3 save files checked: all sound."


def test_verify_names_each_bad_file_on_its_own_line(saves: Path) -> None:
    (saves / "roof.json").write_bytes((saves / "roof.json").read_bytes()[:-40])
    (saves / "monday.bak").write_bytes(b"\xff")
    done = archer("saves", "verify", "--saves", str(saves))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines == [
        f"{saves / 'monday.bak'}: is damaged: it holds bytes that are not text",
        f"{saves / 'roof.json'}: is cut short (truncated): the end of the file is missing",
        "2 of 3 save files damaged.",
    ]


def test_verify_one_slot_or_file(saves: Path) -> None:
    assert archer("saves", "verify", "roof", "--saves", str(saves)).returncode == 0
    assert archer("saves", "verify", str(saves / "monday.bak")).returncode == 0
    done = archer("saves", "verify", "ghost", "--saves", str(saves))
    assert done.returncode == 1 and "ghost.json: does not exist" in done.stdout


def test_delete_asks_first(saves: Path) -> None:
    done = archer("saves", "delete", "roof", "--saves", str(saves), stdin="n\n")
    assert done.returncode == 1
    assert done.stdout.startswith("Delete save roof? [y/N] ")
    assert (saves / "roof.json").exists()
    done = archer("saves", "delete", "roof", "--saves", str(saves), stdin=None)
    assert done.returncode == 1 and (saves / "roof.json").exists()
    done = archer("saves", "delete", "roof", "--saves", str(saves), stdin="y\n")
    assert done.returncode == 0 and "Deleted save roof." in done.stdout
    assert not (saves / "roof.json").exists()


def test_delete_yes_for_scripts(saves: Path) -> None:
    done = archer("saves", "delete", "monday", "--yes", "--saves", str(saves))
    assert done.returncode == 0
    assert "[y/N]" not in done.stdout
    assert sorted(p.name for p in saves.iterdir()) == ["roof.json"]


def test_delete_errors(saves: Path) -> None:
    done = archer("saves", "delete", "ghost", "--yes", "--saves", str(saves))
    assert done.returncode == 1 and "There is no save named 'ghost'" in done.stderr
    done = archer("saves", "delete", "../roof", "--yes", "--saves", str(saves))
    assert done.returncode == 2 and "not a valid save name" in done.stderr
    assert (saves / "roof.json").exists()


def test_the_folder_may_be_given_before_the_command_word(saves: Path) -> None:
    done = archer("saves", "--saves", str(saves), "verify")
    assert done.returncode == 0 and "3 save files checked" in done.stdout


def test_the_save_system_never_loads_textual() -> None:
    code = "import sys, game.saving, game.saving.cli; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_play_from_a_save_and_from_a_damaged_one(saves: Path) -> None:
    common = ["--saves", str(saves), "--story", str(FIXTURE_STORY)]
    done = archer("play", "--plain", "--load", "monday", *common, stdin=None)
    assert done.returncode == 0, done.stderr
    assert "Monday, evening" in done.stdout and "June is stretching at the barre" in done.stdout
    (saves / "monday.json").write_bytes((saves / "monday.json").read_bytes()[:-3])
    done = archer("play", "--plain", "--load", "monday", *common, stdin=None)
    assert done.returncode == 1
    assert f"{saves / 'monday.json'}: is cut short (truncated)" in done.stderr
    assert "'archer play --load monday.bak --saves" in done.stderr
    done = archer("play", "--plain", "--load", "monday.bak", *common, stdin=None)
    assert done.returncode == 0, done.stderr
