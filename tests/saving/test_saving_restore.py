"""Restoring saves on the current story: the snapshot when nothing changed, a replay when the story did."""

from __future__ import annotations

from pathlib import Path

import pytest
from saving_support import load_fixture_story, play_picks

import game.engine
from game.engine import replay, view
from game.saving import SaveError, SaveStore

# Monday evening on the roof: search it, ask Nabil, come down (which rolls over to Tuesday), start the day.
PATH = ["go_roof", "search", "talk_nabil", "down", "start_day"]


def _play_path(story, path: list[str]):
    done = replay(story, 5, "june_case", path)
    assert done.failed is None, done.error
    return done.state


def test_unchanged_story_uses_the_snapshot_without_replaying(tmp_path: Path, story, monkeypatch) -> None:
    store = SaveStore(tmp_path)
    state = _play_path(story, PATH)
    store.save("s", story, state)

    def no_replay(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unchanged story must load from the snapshot")

    monkeypatch.setattr(game.engine, "replay", no_replay)
    restored = store.load("s", story)
    assert restored.state == state and restored.note is None


def test_a_snapshot_the_engine_no_longer_accepts_is_rebuilt_by_replay(tmp_path: Path, story) -> None:
    from game.saving.canonical import checksum, layout

    store = SaveStore(tmp_path)
    state = _play_path(story, PATH)
    path = store.save("s", story, state)
    import json

    document = json.loads(path.read_text())
    document["snapshot"]["no_such_field"] = 1
    content = {key: value for key, value in document.items() if key != "checksum"}
    path.write_text(layout({**content, "checksum": checksum(content)}))
    restored = store.load("s", story)
    assert restored.state == state
    assert restored.note == (
        "This version of Archer keeps games differently, so the game was rebuilt by replaying all 5 of its "
        "actions."
    )


def _edit(story_dir: Path, old: str, new: str) -> None:
    file = story_dir / "scenes.yaml"
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


def test_an_added_scene_replays_the_whole_path_to_the_same_game(tmp_path: Path, story, story_copy) -> None:
    store = SaveStore(tmp_path)
    state = _play_path(story, PATH)
    store.save("s", story, state)
    _edit(story_copy, "  - id: finale\n", _EXTRA_SCENE + "  - id: finale\n")
    changed = load_fixture_story(story_copy)
    assert changed.fingerprint != story.fingerprint
    restored = store.load("s", changed)
    assert restored.state == state
    assert restored.note == (
        "The story has changed since this save was made, so the game was rebuilt by replaying all 5 of its "
        "actions."
    )


_EXTRA_SCENE = """  - id: costume_shop_visit
    location: lobby
    text: |
      Racks of tulle under plastic covers.
    choices:
      - {id: leave_shop, text: "Leave.", goto: lobby_hub, time: 1}
"""


def test_story_edit_restores_to_the_last_point_that_replays(tmp_path: Path, story, story_copy) -> None:
    """Save, change the story (add a scene, remove a choice on the saved path), then load."""
    store = SaveStore(tmp_path)
    state = _play_path(story, PATH)
    store.save("s", story, state, label="Tuesday morning")
    _edit(story_copy, "  - id: finale\n", _EXTRA_SCENE + "  - id: finale\n")
    _edit(story_copy, '      - {id: talk_nabil, text: "Ask Nabil what he saw.", goto: roof, once: true, '
          'do: ["clue torn_ticket"]}\n', "")
    changed = load_fixture_story(story_copy)

    restored = store.load("s", changed)
    expected = _play_path(changed, PATH[:2])
    assert restored.state == expected
    assert restored.state.path == PATH[:2]
    assert "torn_ticket" not in restored.state.clues
    status = view(changed, restored.state).status
    assert (status.day, status.slot, status.location) == ("Monday", "evening", "The Dormitory Roof")
    note = restored.note
    assert note is not None
    assert note.startswith("The story has changed since this save was made, so the game was rebuilt")
    assert "Only the first 2 of 5 still apply: 'talk_nabil' does not" in note
    assert "You are back at Monday evening, The Dormitory Roof (scene roof)" in note
    assert "the 3 actions after that point are not in this game" in note
    assert note.endswith("The save file itself is unchanged.")
    assert restored.info.label == "Tuesday morning"
    # The save itself is untouched: loading it on the original story still gives the original game.
    assert store.load("s", story).state == state


def test_a_removed_case_is_a_clear_error(tmp_path: Path, story, story_copy) -> None:
    store = SaveStore(tmp_path)
    store.save("s", story, _play_path(story, PATH[:3]))
    mystery = story_copy / "mystery.yaml"
    text = mystery.read_text()
    start = text.index("  - {id: june_case")
    end = text.index("  - {id: nabil_case")
    text = text[:start] + text[end:]
    mystery.write_text(text.replace("true_in: [june_case]", "true_in: [nabil_case]"))
    changed = load_fixture_story(story_copy)
    with pytest.raises(SaveError, match="no longer starts") as caught:
        store.load("s", changed)
    assert "Start a new game" in str(caught.value)


def test_saving_a_game_of_another_story_is_refused(tmp_path: Path, story) -> None:
    state = play_picks(story, 1, [0]).model_copy(update={"story_id": "elsewhere"})
    with pytest.raises(SaveError, match="belongs to the story 'elsewhere'"):
        SaveStore(tmp_path).save("s", story, state)


def test_the_note_names_both_story_versions_when_they_differ(tmp_path: Path, story, story_copy) -> None:
    store = SaveStore(tmp_path)
    state = _play_path(story, PATH)
    store.save("s", story, state)
    manifest = story_copy / "story.yaml"
    manifest.write_text(manifest.read_text().replace('version: "1.0.0"', 'version: "1.1.0"'))
    restored = store.load("s", load_fixture_story(story_copy))
    assert restored.state == state
    assert restored.note == (
        "The story has changed since this save was made (version 1.0.0 then, 1.1.0 now), so the game was "
        "rebuilt by replaying all 5 of its actions."
    )
