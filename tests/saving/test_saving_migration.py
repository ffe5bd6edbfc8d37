"""Older save formats load through registered migrations; each has a fixture save written in that format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from saving_support import FIXTURES

from game.engine import replay
from game.saving import SaveError, SaveStore, migrations
from game.saving.codec import decode
from game.saving.record import CURRENT_FORMAT

V1 = FIXTURES / "format-v1.json"


def test_every_old_format_has_a_fixture_and_a_path_to_current() -> None:
    assert migrations.registered() == tuple(range(1, CURRENT_FORMAT))
    for version in migrations.registered():
        fixture = FIXTURES / f"format-v{version}.json"
        assert fixture.is_file(), f"no fixture save for format {version}"
        record = decode(fixture.read_bytes(), fixture)
        assert record.format == CURRENT_FORMAT


def test_the_v1_fixture_migrates_to_the_current_format() -> None:
    original = json.loads(V1.read_text())
    record = decode(V1.read_bytes(), V1)
    assert record.story.id == original["story"] == "saving_fixture"
    assert record.story.version == "1.0.0"
    assert record.story.fingerprint is None
    assert record.seed == original["seed"] and record.case == original["case"]
    assert record.path == original["choices"]
    assert record.snapshot == original["state"]
    assert record.label == "Tuesday, first thing"
    assert record.play_seconds == 0.0
    assert record.saved_at.tzinfo is not None
    assert record.saved_at.astimezone().replace(tzinfo=None).isoformat() == "2024-03-01T21:15:00"


def test_a_v1_save_loads_by_replaying_its_choices(tmp_path: Path, story) -> None:
    shutil.copy(V1, tmp_path / "old.json")
    store = SaveStore(tmp_path)
    restored = store.load("old", story)
    original = json.loads(V1.read_text())
    expected = replay(story, original["seed"], original["case"], original["choices"])
    assert expected.failed is None
    assert restored.state == expected.state
    assert restored.note == (
        "This save was made by an older version of Archer, so the game was rebuilt by replaying all 5 of "
        "its actions."
    )
    assert (tmp_path / "old.json").read_bytes() == V1.read_bytes(), "loading never rewrites a save"
    [info] = store.list()
    assert info.ok and info.label == "Tuesday, first thing" and info.day == ""


def test_a_damaged_v1_save_fails_its_own_checksum(tmp_path: Path, story) -> None:
    document = json.loads(V1.read_text())
    document["seed"] += 1
    (tmp_path / "old.json").write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    with pytest.raises(SaveError, match="failed its checksum"):
        SaveStore(tmp_path).load("old", story)


def test_resaving_a_migrated_game_writes_the_current_format(tmp_path: Path, story) -> None:
    shutil.copy(V1, tmp_path / "old.json")
    store = SaveStore(tmp_path)
    restored = store.load("old", story)
    path = store.save("old", story, restored.state, label=restored.info.label)
    assert json.loads(path.read_text())["format"] == CURRENT_FORMAT
    assert store.path_of("old.bak").read_bytes() == V1.read_bytes()
    assert store.load("old", story).note is None


def test_unknown_old_format_is_reported() -> None:
    document = {"format": 0}
    with pytest.raises(SaveError, match="no format version"):
        decode(json.dumps(document).encode(), Path("x.json"))
    with pytest.raises(SaveError, match="save format 7, which no version of Archer wrote|no checksum"):
        decode(json.dumps({"version": 7}).encode(), Path("x.json"))


def test_migrations_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError):
        migrations.migration(1, check=lambda _doc: None)(lambda doc: doc)
