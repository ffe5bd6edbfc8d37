"""Slots: names, autosave rotation, quicksave, listing, latest, verify and delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.saving import SaveError, SaveStore
from game.saving.slots import is_slot_name


@pytest.mark.parametrize("name", ["a", "Before-Showcase_2", "x" * 40, "auto-1", "quick", "0"])
def test_valid_slot_names(name: str) -> None:
    assert is_slot_name(name)


@pytest.mark.parametrize(
    "name", ["", "x" * 41, "has space", "dot.ted", "../escape", "slash/x", "é", "profile", "PROFILE", "a\n"]
)
def test_invalid_slot_names_are_a_clear_error(tmp_path: Path, story, play, name: str) -> None:
    assert not is_slot_name(name)
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).save(name, story, play(story, 1, []))
    message = str(caught.value)
    assert "reserved" in message if name.lower() == "profile" else "letters, digits, '-' or '_'" in message
    assert list(tmp_path.iterdir()) == []


def test_autosave_keeps_the_last_three(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    for number in range(5):
        store.autosave(story, play(story, number, [number]), play_seconds=float(number))
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert files == ["auto-1.json", "auto-2.json", "auto-3.json"]
    kept = sorted(info.play_seconds for info in store.list())
    assert kept == [2.0, 3.0, 4.0]
    assert [info.play_seconds for info in store.list()] == [4.0, 3.0, 2.0], "newest first"
    assert all(info.label == "autosave" for info in store.list())


def test_autosaves_hold_the_three_newest_distinct_moments(tmp_path: Path, story, play) -> None:
    # Seed 1 of the fixture story: [] is Monday morning in the Lobby, [0] and [0, 0] Monday evening in Studio A,
    # [2] Monday evening in the Lobby, [0, 2] Tuesday morning in the Lobby.
    store = SaveStore(tmp_path)
    for picks in ([], [0], [0, 0]):
        store.autosave(story, play(story, 1, picks))
    held = {info.slot: (info.day, info.slot_name, info.location, info.actions) for info in store.list()}
    assert held == {
        "auto-1": ("Monday", "morning", "The Lobby", 0),
        "auto-2": ("Monday", "evening", "Studio A", 2),
    }, "the second autosave in Studio A replaced the first"
    for picks in ([2], [0, 2]):
        store.autosave(story, play(story, 1, picks))
    listed = [(info.slot, info.day, info.slot_name, info.location) for info in store.list()]
    assert listed == [
        ("auto-1", "Tuesday", "morning", "The Lobby"),
        ("auto-3", "Monday", "evening", "The Lobby"),
        ("auto-2", "Monday", "evening", "Studio A"),
    ], "newest first, three moments, none twice"


def test_a_damaged_autosave_is_the_first_to_be_replaced(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    for number in range(3):
        store.autosave(story, play(story, number, []), play_seconds=float(number))
    store.path_of("auto-3").write_bytes(b"damaged")
    store.autosave(story, play(story, 9, []), play_seconds=9.0)
    assert store.load("auto-3", story).info.play_seconds == 9.0
    assert sorted(info.play_seconds for info in store.list()) == [0.0, 1.0, 9.0]


def test_quicksave(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    state = play(story, 2, [1, 0])
    path = store.quicksave(story, state, play_seconds=5.0)
    assert path == tmp_path / "quick.json"
    restored = store.load("quick", story)
    assert restored.state == state and restored.info.label == "quicksave"


def test_list_latest_and_damaged_entries(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    assert store.list() == [] and store.latest() is None
    store.save("first", story, play(story, 1, []), label="one")
    store.save("second", story, play(story, 1, [0]), label="two")
    (tmp_path / "broken.json").write_text("{")
    (tmp_path / "notes.txt").write_text("not a save")
    (tmp_path / "profile.json").write_text("{}")
    infos = store.list()
    assert [(i.slot, i.ok) for i in infos] == [("second", True), ("first", True), ("broken", False)]
    assert infos[2].problem is not None and "truncated" in infos[2].problem
    second = infos[0]
    assert (second.day, second.slot_name, second.location) == ("Monday", "evening", "Studio A")
    assert second.story_id == story.id and second.actions == 1
    latest = store.latest()
    assert latest is not None and latest.slot == "second"


def test_verify_reports_each_bad_file(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    store.save("good", story, play(story, 1, []))
    store.save("good", story, play(story, 1, [0]))
    (tmp_path / "bad.json").write_bytes(b"\x00\x01")
    results = dict(store.verify())
    assert set(results) == {tmp_path / "good.json", tmp_path / "good.bak", tmp_path / "bad.json"}
    assert results[tmp_path / "good.json"] is None and results[tmp_path / "good.bak"] is None
    assert results[tmp_path / "bad.json"]
    assert store.verify("good") == [(tmp_path / "good.json", None)]
    [(path, problem)] = store.verify(tmp_path / "missing.json")
    assert problem == "does not exist"


def test_load_by_backup_name_and_by_path(tmp_path: Path, story, play, monkeypatch) -> None:
    store = SaveStore(tmp_path / "saves")
    first, second = play(story, 1, []), play(story, 1, [2])
    store.save("s", story, first)
    path = store.save("s", story, second)
    assert store.load("s.bak", story).state == first
    assert store.load(str(path), story).state == second
    monkeypatch.chdir(tmp_path)
    assert store.load("saves/s.json", story).state == second


def test_delete_removes_the_save_and_its_backup(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    store.save("s", story, play(story, 1, []))
    store.save("s", story, play(story, 1, [0]))
    store.save("other", story, play(story, 1, []))
    store.delete("s")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.json"]
    with pytest.raises(SaveError, match="no save named 's'"):
        store.delete("s")
    with pytest.raises(SaveError, match="not a valid save name"):
        store.delete("../other")


def test_labels_are_kept_to_a_readable_length(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    store.save("s", story, play(story, 1, []), label="x" * 500, play_seconds=float("nan"))
    info = store.load("s", story).info
    assert info.label == "x" * 200 and info.play_seconds == 0.0
