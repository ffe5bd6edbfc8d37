"""Visitor save spaces: one private folder per visitor token, slot names only, uploads checked as saves."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from game.engine import start
from game.saving import SaveError, SaveStore
from game.saving.hosted import (
    MAX_SAVE_BYTES,
    import_save,
    is_visitor_token,
    new_visitor_token,
    visitor_folder,
)
from game.world import Story


def a_save(story: Story, folder: Path) -> bytes:
    """The bytes of a real save of a new game on `story`."""
    path = SaveStore(folder).save("slot-1", story, start(story, 7, None), label="a test")
    return path.read_bytes()


def test_tokens_are_fresh_and_well_formed() -> None:
    tokens = {new_visitor_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(is_visitor_token(token) for token in tokens)


@pytest.mark.parametrize("value", [None, "", "short", "../" + "a" * 40, "a" * 42 + "/", "a" * 44, "é" * 43])
def test_anything_else_is_not_a_token(value: str | None) -> None:
    assert not is_visitor_token(value)


def test_each_visitor_has_one_private_folder(tmp_path: Path) -> None:
    one, two = new_visitor_token(), new_visitor_token()
    first = visitor_folder(tmp_path / "visitors", one)
    assert visitor_folder(tmp_path / "visitors", one) == first
    second = visitor_folder(tmp_path / "visitors", two)
    assert first != second and first.parent == second.parent == tmp_path / "visitors"
    assert one not in first.name and two not in second.name
    for folder in (first, second, tmp_path / "visitors"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_malformed_token_gets_no_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        visitor_folder(tmp_path, "../../etc")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../slot-1", "/etc/passwd", "sub/slot", "slot-1.json", "profile", "", "x" * 41])
def test_a_hosted_store_takes_slot_names_only(tmp_path: Path, name: str) -> None:
    store = SaveStore(tmp_path, slots_only=True)
    with pytest.raises(SaveError):
        store.path_of(name)


def test_a_hosted_store_still_saves_and_loads_slots(tmp_path: Path, mini_story: Story) -> None:
    store = SaveStore(tmp_path, slots_only=True)
    store.save("mine", mini_story, start(mini_story, 3, None))
    assert store.load("mine", mini_story).info.slot == "mine"
    assert [info.slot for info in store.list()] == ["mine"]


def test_an_uploaded_save_is_kept_under_its_slot(tmp_path: Path, mini_story: Story) -> None:
    raw = a_save(mini_story, tmp_path / "elsewhere")
    folder = tmp_path / "visitor"
    folder.mkdir()
    target = import_save(folder, "from-home", raw)
    assert target == folder / "from-home.json"
    assert target.read_bytes() == raw
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert SaveStore(folder, slots_only=True).load("from-home", mini_story).info.label == "a test"


def test_an_upload_never_replaces_a_save(tmp_path: Path, mini_story: Story) -> None:
    raw = a_save(mini_story, tmp_path)
    with pytest.raises(SaveError) as caught:
        import_save(tmp_path, "slot-1", raw)
    assert str(caught.value) == "there is already a save named 'slot-1'. Pick another name for the upload."


def test_a_damaged_upload_is_refused_and_nothing_is_written(tmp_path: Path, mini_story: Story) -> None:
    raw = a_save(mini_story, tmp_path / "elsewhere")
    damaged = raw.replace(b'"label": "a test"', b'"label": "a tesT"')
    with pytest.raises(SaveError) as caught:
        import_save(tmp_path, "upload", damaged)
    assert caught.value.problem == "failed its checksum: the file was changed or damaged after it was saved"
    with pytest.raises(SaveError):
        import_save(tmp_path, "upload", b"\x00\xff not json")
    assert list(tmp_path.glob("upload*")) == []


def test_an_oversized_upload_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SaveError) as caught:
        import_save(tmp_path, "big", b" " * (MAX_SAVE_BYTES + 1))
    assert caught.value.problem.startswith("is too large to be a save")


@pytest.mark.parametrize("name", ["../up", "a/b", "profile", "up.json"])
def test_an_upload_needs_a_slot_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(SaveError) as caught:
        import_save(tmp_path, name, b"{}")
    assert "is not a save name" in caught.value.problem
    assert list(tmp_path.iterdir()) == []
