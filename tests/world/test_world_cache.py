"""The compiled-story cache: used when nothing changed, ignored when anything did or when it is damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.world import cache
from game.world.cache import load_cached

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    shutil.copytree(MINI / "story", tmp_path / "story")
    shutil.copytree(MINI / "seeds", tmp_path / "seeds")
    return tmp_path / "story"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_second_load_comes_from_the_cache(mini: Path, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "cache"
    first = load_cached(mini, folder=folder)
    assert first.story is not None and len(entries(folder)) == 1
    monkeypatch.setattr(cache.loader, "load_story", lambda *a, **k: pytest.fail("loaded in full"))
    second = load_cached(mini, folder=folder)
    assert second.story is not None
    assert second.story.fingerprint == first.story.fingerprint
    assert second.diagnostics == first.diagnostics


def test_any_edit_to_any_file_means_a_full_load(mini: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    load_cached(mini, folder=folder)
    scenes = mini / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("Wind.", "Rain."))
    again = load_cached(mini, folder=folder)
    assert "Rain." in again.story.scenes["roof"].text[0]
    canon = mini.parent / "seeds" / "canon.yaml"
    canon.write_text(canon.read_text().replace("Studio A", "Studio Alpha"))
    assert load_cached(mini, folder=folder).story.places["studio"].name == "Studio Alpha"
    assert len(entries(folder)) == 3


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", None])
def test_a_damaged_or_foreign_cache_file_falls_back_to_a_full_load(mini: Path, tmp_path: Path, damage) -> None:
    folder = tmp_path / "cache"
    good = load_cached(mini, folder=folder)
    [entry] = entries(folder)
    if damage is None:
        # A well-formed pickle signed with another key: never unpickled.
        (folder / "key").write_bytes(b"k" * 32)
    else:
        entry.write_bytes(damage)
    again = load_cached(mini, folder=folder)
    assert again.story is not None and again.story.fingerprint == good.story.fingerprint


def test_a_story_with_errors_is_not_cached(mini: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (mini / "scenes.yaml").write_text((mini / "scenes.yaml").read_text().replace("goto: roof", "goto: attic"))
    result = load_cached(mini, folder=folder)
    assert result.story is None and any(d.code == "AR031" for d in result.diagnostics)
    assert entries(folder) == []
