"""A test game started at a scene (`archer play --from`): the state it starts with, and replays from there."""

from __future__ import annotations

import pytest

from game.engine import ActionError, act, replay, start
from game.engine.core import parse_origin
from game.world import Story


def test_a_game_from_a_scene_starts_as_a_new_game_would_but_there(mini_story: Story) -> None:
    fresh = start(mini_story, 1, "june_case")
    state = start(mini_story, 1, "june_case", "roof")
    assert (state.scene, state.day, state.slot, state.origin) == ("roof", 0, 0, "roof")
    assert state.clues == ["thread"]  # the scene's own `enter` effects run
    assert state.visits == {"roof": 1}
    assert (state.standing, state.people, state.vars, state.flags) == (fresh.standing, fresh.people,
                                                                       fresh.vars, fresh.flags)
    assert state.path == [] and state.accusations_left == fresh.accusations_left


def test_day_and_slot_come_from_the_scene_or_are_given(mini_story: Story) -> None:
    assert parse_origin(mini_story, "tue_start") == ("tue_start", 1, 0)
    assert parse_origin(mini_story, "office@tue") == ("office", 1, 0)
    assert parse_origin(mini_story, "office@mon.night") == ("office", 0, 1)


@pytest.mark.parametrize(("origin", "message"), [
    ("rooof", "unknown scene 'rooof'; did you mean 'roof'? (an ending cannot be a starting point)"),
    ("end_solved", "unknown scene 'end_solved' (an ending cannot be a starting point)"),
    ("roof@sun", "unknown day 'sun'; the days are: mon, tue"),
    ("roof@mon.dawn", "unknown slot 'dawn'; the slots are: morning, night"),
])
def test_a_bad_origin_names_what_is_valid(mini_story: Story, origin: str, message: str) -> None:
    with pytest.raises(ActionError) as caught:
        start(mini_story, 1, "june_case", origin)
    assert str(caught.value).startswith(message)


def test_choices_work_and_a_replay_starts_from_the_origin(mini_story: Story) -> None:
    state = start(mini_story, 1, "june_case", "roof")
    for action in ("look", "back", "office"):
        state = act(mini_story, state, action).state
    assert state.scene == "office" and state.clues == ["thread", "rose"]
    again = replay(mini_story, 1, "june_case", state.path, origin="roof")
    assert again.complete and again.state == state
    assert not replay(mini_story, 1, "june_case", state.path).complete  # from the story's start, `look` is not offered
