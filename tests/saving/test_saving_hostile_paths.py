"""Whatever a save name leads to, reading it ends in a clear SaveError: folders, devices, pipes, /proc files,
names no file system allows, files too large to be saves. A name is a slot or a path, never half of each, and a
hosted store takes slots only, inside each visitor's own folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.saving import SaveError, SaveStore
from game.saving.reading import MAX_SAVE_BYTES, read_save_bytes


def problem_of(store: SaveStore, name: str, story) -> str:
    with pytest.raises(SaveError) as caught:
        store.load(name, story)
    return caught.value.problem


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/dev/zero", "is not a regular file (a device, a pipe or a socket), so it cannot be a save"),
        ("/dev/null", "is not a regular file (a device, a pipe or a socket), so it cannot be a save"),
        ("/", "is a folder, not a save file"),
        ("a\0b.json", "is not a usable file name (it holds a character no file name can have)"),
        ("bad\ud800.json", "is not a usable file name (it holds a character no file name can have)"),
    ],
)
def test_what_is_not_a_save_file_is_said_plainly(tmp_path: Path, story, name: str, problem: str) -> None:
    store = SaveStore(tmp_path / "saves")
    assert problem_of(store, name, story) == problem
    assert not (tmp_path / "saves").exists(), "reading never writes"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc")
def test_proc_files_are_read_within_the_limit(story) -> None:
    # /proc/self/mem says it is a regular file of size 0; reading it fails, and the failure is a SaveError.
    assert problem_of(SaveStore(Path("/nonexistent")), "/proc/self/mem", story).startswith("could not be read")
    # /proc/self/environ also says size 0 but reads as text: read within the limit, then judged as damaged.
    assert problem_of(SaveStore(Path("/nonexistent")), "/proc/self/environ", story) == (
        "is damaged: it is not valid JSON (line 1, column 1: Expecting value)")


def test_a_pipe_never_blocks(tmp_path: Path, story) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert problem_of(SaveStore(tmp_path), str(fifo), story) == (
        "is not a regular file (a device, a pipe or a socket), so it cannot be a save")


def test_a_folder_named_like_a_slot(tmp_path: Path, story) -> None:
    (tmp_path / "slot.json").mkdir()
    assert problem_of(SaveStore(tmp_path), "slot", story) == "is a folder, not a save file"


def test_a_file_past_the_limit_is_never_read_whole(tmp_path: Path, story) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_SAVE_BYTES + 1)  # sparse: no disk used
    assert problem_of(SaveStore(tmp_path), str(big), story) == "is too large to be a save (a save is at most 8 MB)"
    small = tmp_path / "small.json"
    small.write_bytes(b"12345")
    with pytest.raises(SaveError, match="at most 0 MB"):
        read_save_bytes(small, limit=4)
    assert read_save_bytes(small, limit=5) == b"12345"


def test_a_symlink_to_a_device_is_a_device(tmp_path: Path, story) -> None:
    (tmp_path / "link.json").symlink_to("/dev/zero")
    assert problem_of(SaveStore(tmp_path), "link", story) == (
        "is not a regular file (a device, a pipe or a socket), so it cannot be a save")


def test_a_message_never_carries_raw_control_characters(tmp_path: Path, story) -> None:
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).load("x\x1b[2J\udcff/\0.json", story)
    assert caught.value.message.startswith("x\\x1b[2J\\udcff/\\x00.json: is not a usable file name")
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).save("a\x07b", story, None)  # type: ignore[arg-type]
    assert caught.value.message.startswith("'a\\x07b' is not a valid save name.")


def test_a_name_is_a_slot_or_a_path_never_half_of_each(tmp_path: Path, story, play, monkeypatch) -> None:
    saves = tmp_path / "saves"
    store = SaveStore(saves)
    store.save("monday", story, play(story, 1, [0]))
    store.save("monday", story, play(story, 1, [1]))
    (saves / "copy.json").write_bytes((saves / "monday.json").read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert store.path_of("monday") == saves / "monday.json"
    assert store.path_of("monday.bak") == saves / "monday.bak"
    # A file name is a path from where the command runs, even when the save folder has a file of that name.
    assert store.path_of("copy.json") == Path("copy.json")
    with pytest.raises(SaveError) as caught:
        store.load("copy.json", story)
    assert caught.value.problem == "does not exist"
    assert store.load(str(saves / "copy.json"), story).state.path == store.load("monday", story).state.path


def test_a_hosted_store_takes_slot_names_only(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path / "visitor", slots_only=True)
    store.save("mine", story, play(story, 1, [0]))
    store.save("mine", story, play(story, 1, [1]))
    assert store.load("mine", story).state.path == play(story, 1, [1]).path
    assert store.load("mine.bak", story).state.path == play(story, 1, [0]).path, "a slot's backup is a slot"
    for name in ("../mine.json", "/etc/passwd", str(store.folder / "mine.json"), "/dev/zero", "x.json", "a\0"):
        with pytest.raises(SaveError) as caught:
            store.load(name, story)
        assert caught.value.problem.endswith("is not a save name")
        assert caught.value.hint.startswith("In a game served from another machine, saves are named")
