"""The save file format: exact layout, checksum, and a clear SaveError for every kind of damage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.saving import SaveError, SaveStore
from game.saving.canonical import checksum, layout
from game.saving.codec import decode, encode
from game.saving.record import CURRENT_FORMAT


@pytest.fixture()
def saved(tmp_path: Path, story, play) -> tuple[SaveStore, Path]:
    store = SaveStore(tmp_path)
    state = play(story, 3, [0, 1, 2, 0, 1])
    return store, store.save("slot", story, state, label="Monday", play_seconds=61.5)


def _document(path: Path) -> dict:
    return json.loads(path.read_text())


def _rewrite(path: Path, document: dict, *, fix_checksum: bool = True) -> None:
    """Write an edited document back in Archer's layout, with a checksum that matches unless told not to."""
    content = {key: value for key, value in document.items() if key != "checksum"}
    if fix_checksum:
        document = {**content, "checksum": checksum(content)}
    path.write_text(layout(document))


def test_a_save_holds_every_field_of_the_format(saved, story) -> None:
    store, path = saved
    document = _document(path)
    assert set(document) == {
        "format", "story", "seed", "case", "path", "snapshot", "label", "saved_at", "play_seconds", "where",
        "checksum",
    }  # fmt: skip
    assert document["format"] == CURRENT_FORMAT == 2
    assert document["story"] == {"id": story.id, "version": story.version, "fingerprint": story.fingerprint}
    assert document["path"] == document["snapshot"]["path"]
    assert document["label"] == "Monday"
    assert document["play_seconds"] == 61.5
    assert document["saved_at"].endswith("Z")
    content = {key: value for key, value in document.items() if key != "checksum"}
    assert document["checksum"] == checksum(content)
    assert document["checksum"].startswith("sha256:") and len(document["checksum"]) == 7 + 64


def test_the_file_is_exactly_the_canonical_layout(saved) -> None:
    _, path = saved
    raw = path.read_bytes()
    assert raw == layout(json.loads(raw)).encode("ascii")
    assert raw.endswith(b"}\n")


def test_encode_then_decode_gives_the_same_record(saved) -> None:
    _, path = saved
    record = decode(path.read_bytes(), path)
    assert encode(record) == path.read_bytes()


def _load_error(store: SaveStore, story, slot: str = "slot") -> SaveError:
    path = store.path_of(slot)
    before = path.read_bytes()
    with pytest.raises(SaveError) as caught:
        store.load(slot, story)
    assert path.read_bytes() == before, "a failed load must never change the file"
    return caught.value


def test_truncated_file(saved, story) -> None:
    store, path = saved
    path.write_bytes(path.read_bytes()[:300])
    error = _load_error(store, story)
    assert "truncated" in str(error)
    assert str(path) in str(error)


def test_empty_file(saved, story) -> None:
    store, path = saved
    path.write_bytes(b"")
    assert "empty" in str(_load_error(store, story))


def test_not_json(saved, story) -> None:
    store, path = saved
    path.write_bytes(b"this is a shopping list, not a save\n")
    error = _load_error(store, story)
    assert "not valid JSON" in str(error)


def test_not_text(saved, story) -> None:
    store, path = saved
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert "not text" in str(_load_error(store, story))


def test_json_that_is_not_a_save(saved, story) -> None:
    store, path = saved
    path.write_text("[1, 2, 3]\n")
    assert "not an Archer save" in str(_load_error(store, story))
    path.write_text('{"hello": "world"}\n')
    assert "no format version" in str(_load_error(store, story))


def test_checksum_mismatch(saved, story) -> None:
    store, path = saved
    document = _document(path)
    document["snapshot"]["standing"] = 99
    _rewrite(path, document, fix_checksum=False)
    error = _load_error(store, story)
    assert "failed its checksum" in str(error)


def test_reformatted_file_is_reported_as_changed(saved, story) -> None:
    store, path = saved
    path.write_text(json.dumps(_document(path), indent=4))
    error = _load_error(store, story)
    assert "was changed after it was saved" in str(error)


def test_future_version(saved, story) -> None:
    store, path = saved
    document = _document(path)
    document["format"] = 7
    _rewrite(path, document)
    error = _load_error(store, story)
    assert "newer version of Archer" in str(error)
    assert "save format 7" in str(error)
    assert "Update Archer" in str(error)


def test_valid_checksum_but_wrong_shape(saved, story) -> None:
    store, path = saved
    document = _document(path)
    document["seed"] = "not a number"
    _rewrite(path, document)
    error = _load_error(store, story)
    assert "does not have the shape of an Archer save" in str(error)
    assert "seed" in str(error)


def test_wrong_story(saved, story) -> None:
    store, path = saved
    document = _document(path)
    document["story"]["id"] = "another_story"
    _rewrite(path, document)
    error = _load_error(store, story)
    assert "another_story" in str(error) and story.id in str(error)
    assert "--story" in str(error)


def test_missing_file(tmp_path: Path, story) -> None:
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError, match="does not exist"):
        store.load("nothing", story)
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_save_with_a_sound_backup_points_to_the_backup(saved, story, play) -> None:
    store, path = saved
    store.save("slot", story, play(story, 4, [1, 1]))
    path.write_bytes(path.read_bytes()[:-10])
    error = _load_error(store, story)
    assert "--load slot.bak" in str(error)
    restored = store.load("slot.bak", story)
    assert restored.info.label == "Monday"


def test_a_damaged_save_without_backup_points_to_the_list(saved, story) -> None:
    store, path = saved
    path.write_bytes(b"{")
    error = _load_error(store, story)
    assert f"'archer saves list --saves {store.folder}'" in str(error)
    assert "left as it is" in str(error)
