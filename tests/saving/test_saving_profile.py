"""The profile: endings reached and settings, kept atomically; a damaged profile never stops the game."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.saving import Profile, load_profile, read_profile, save_profile
from game.saving.profile import Settings


def test_defaults_when_there_is_no_profile(tmp_path: Path) -> None:
    profile = load_profile(tmp_path)
    assert profile == Profile()
    assert profile.endings == [] and profile.content_notes_seen is False
    assert profile.settings == Settings(theme="textual-dark", text_speed=120, animations=True)
    assert list(tmp_path.iterdir()) == []


def test_round_trip(tmp_path: Path) -> None:
    profile = Profile(
        endings=["end_solved"],
        settings=Settings(theme="nord", text_speed=0, animations=False),
        content_notes_seen=True,
    ).with_ending("end_wrong").with_ending("end_solved")
    assert profile.endings == ["end_solved", "end_wrong"]
    path = save_profile(tmp_path, profile)
    assert path == tmp_path / "profile.json"
    assert load_profile(tmp_path) == profile
    assert json.loads(path.read_text())["settings"]["theme"] == "nord"
    save_profile(tmp_path, profile.with_ending("end_timeout"))
    assert load_profile(tmp_path).endings == ["end_solved", "end_wrong", "end_timeout"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.json"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"settings": {"text_speed": -5}}',
        b'{"endings": "end_solved"}',
        b'{"content_notes_seen": "perhaps"}',
    ],
)
def test_a_damaged_profile_gives_defaults_and_is_kept_aside(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "profile.json").write_bytes(content)
    profile, message = read_profile(tmp_path)
    assert profile == Profile()
    [aside] = list(tmp_path.glob("profile.json.damaged-*"))
    assert aside.read_bytes() == content
    assert not (tmp_path / "profile.json").exists()
    assert message is not None and str(aside) in message and "reset to defaults" in message
    save_profile(tmp_path, profile.with_ending("end_solved"))
    assert aside.read_bytes() == content, "a later save must not overwrite the damaged copy"


def test_two_damaged_profiles_in_a_row_are_both_kept(tmp_path: Path) -> None:
    for content in (b"{", b"}"):
        (tmp_path / "profile.json").write_bytes(content)
        assert load_profile(tmp_path) == Profile()
    kept = sorted(p.read_bytes() for p in tmp_path.glob("profile.json.damaged-*"))
    assert kept == [b"{", b"}"]


def test_unknown_fields_from_a_newer_version_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "profile.json").write_text('{"format": 2, "endings": ["end_solved"], "colour": "blue"}')
    assert load_profile(tmp_path).endings == ["end_solved"]


def test_an_unreadable_profile_path_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / "profile.json").mkdir()
    profile, message = read_profile(tmp_path)
    assert profile == Profile() and message is not None and "Could not read" in message
    assert (tmp_path / "profile.json").is_dir()
