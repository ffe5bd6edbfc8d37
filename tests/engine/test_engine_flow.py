"""The engine's flow: starting, viewing, choosing, time, once-only choices, standing, and undo."""

from __future__ import annotations

import pytest

from game.engine import ActionError, GameState, PersonState, act, start, view
from game.engine.views import Event


def play(story, state: GameState, *actions: str) -> GameState:
    for action in actions:
        state = act(story, state, action).state
    return state


@pytest.fixture()
def fresh(mini_story) -> GameState:
    return start(mini_story, seed=7, case="june_case")


# ------------------------------------------------------------------------------------------------ start


def test_start_sets_everyone_up_from_the_story(mini_story, fresh):
    assert fresh.story_id == "mini" and fresh.seed == 7 and fresh.case == "june_case"
    assert (fresh.scene, fresh.ending, fresh.day, fresh.slot) == ("opening", None, 0, 0)
    assert fresh.standing == 3
    assert fresh.accusations_left == 2
    assert fresh.vars == {"nerve": 0}
    assert fresh.people == {
        "neveah": PersonState(trust=0, composure=5, belief=None),
        "june": PersonState(trust=0, composure=4, belief="nabil"),
        "nabil": PersonState(trust=1, composure=3, belief=None),
        "topher": PersonState(trust=0, composure=5, belief=None),
    }
    assert fresh.visits == {"opening": 1}
    assert fresh.path == [] and fresh.clues == [] and fresh.flags == []


def test_first_view(mini_story, fresh):
    shown = view(mini_story, fresh)
    assert shown.scene_id == "opening"
    assert [c.id for c in shown.choices] == ["talk", "search", "office", "leave"]
    assert [c.text for c in shown.choices] == ["Talk to June.", "Search the roof.", "Go to the office.", "Walk away."]
    assert shown.text == "Class ends. June is stretching at the barre [left side].\nYou have not met.\n"
    status = shown.status
    assert (status.day_id, status.day, status.slot) == ("mon", "Monday", "morning")
    assert (status.location_id, status.location) == ("studio", "Studio A")
    assert (status.standing, status.standing_max, status.accusations_left) == (3, 5, 2)
    assert shown.ending is None and shown.people == ("june",)
    assert not shown.can_accuse and not shown.can_present


def test_a_choice_applies_its_effects_and_records_the_path(mini_story, fresh):
    step = act(mini_story, fresh, "talk")
    new = step.state
    assert new.flags == ["met_june"]
    assert new.people["june"].trust == 1
    assert new.heard == ["june_alibi"]
    assert new.path == ["talk"]
    assert step.events == (Event("trust", "june", "+1"), Event("statement", "june_alibi", "June"))
    assert view(mini_story, new).text.endswith("You have met.\n")


def test_unknown_choice_is_an_action_error(mini_story, fresh):
    with pytest.raises(ActionError, match="there is no choice 'fly' here"):
        act(mini_story, fresh, "fly")
    with pytest.raises(ActionError, match="empty action"):
        act(mini_story, fresh, "   ")
    with pytest.raises(ActionError):
        act(mini_story, fresh, "talk now")


def test_nothing_can_be_done_after_an_ending(mini_story, fresh):
    ended = play(mini_story, fresh, "leave")
    assert ended.ending == "end_walked"
    shown = view(mini_story, ended)
    assert shown.choices == () and shown.ending.title == "Gone" and shown.ending.kind == "walked_away"
    with pytest.raises(ActionError, match="the story has ended"):
        act(mini_story, ended, "talk")


def test_actions_are_recorded_normalised(mini_story, fresh):
    state = play(mini_story, fresh, "talk", "office", "note")
    state = act(mini_story, state, "  present   log   june_alibi ").state
    assert state.path == ["talk", "office", "note", "present log june_alibi"]


# --------------------------------------------------------------------------------------------- once


def test_once_only_choice_disappears_after_it_is_taken(mini_story, fresh):
    state = play(mini_story, fresh, "talk")
    assert state.taken == ["opening.talk"]
    assert "talk" not in [c.id for c in view(mini_story, state).choices]
    with pytest.raises(ActionError):
        act(mini_story, state, "talk")


def test_repeatable_choice_stays(mini_story, fresh):
    state = play(mini_story, fresh, "office", "back", "office")
    assert state.visits == {"opening": 2, "office": 2}
    assert state.taken == []


# --------------------------------------------------------------------------------------------- time


def test_a_choice_that_takes_time_moves_the_clock(mini_story, fresh):
    step = act(mini_story, fresh, "search")
    assert (step.state.scene, step.state.day, step.state.slot) == ("roof", 0, 1)
    assert step.events == (Event("time", "night", "Monday, night"), Event("clue", "thread", "A thread"))
    assert view(mini_story, step.state).status.slot == "night"


def test_a_choice_without_time_keeps_the_clock(mini_story, fresh):
    state = play(mini_story, fresh, "office")
    assert (state.day, state.slot) == (0, 0)


def test_day_rollover_goes_to_the_new_days_opening_scene(mini_story, fresh):
    state = play(mini_story, fresh, "search")
    step = act(mini_story, state, "sleep")  # its goto is `opening`, but a new day begins
    assert (step.state.scene, step.state.day, step.state.slot) == ("tue_start", 1, 0)
    assert step.events == (Event("time", "morning", "Tuesday, morning"),)
    assert view(mini_story, step.state).status.day == "Tuesday"


def test_rollover_beats_the_goto_from_any_scene(mini_story, fresh):
    state = play(mini_story, fresh, "search", "back")  # opening, Monday night
    state = act(mini_story, state, "search").state  # would go to the roof, but Tuesday starts instead
    assert (state.scene, state.day, state.slot) == ("tue_start", 1, 0)


def test_deadline_redirects_whatever_the_choice(mini_story, fresh):
    state = play(mini_story, fresh, "search", "sleep", "go_on")  # opening, Tuesday morning
    step = act(mini_story, state, "search")
    assert (step.state.scene, step.state.day, step.state.slot) == ("last_call", 1, 1)
    assert step.events[:2] == (Event("time", "night", "Tuesday, night"),
                               Event("deadline", "last_call", "Time has run out."))
    assert view(mini_story, step.state).can_accuse


def test_an_ending_beats_the_clock(rich_story):
    state = start(rich_story, seed=1, case="june_case")
    state = act(rich_story, state, "run").state  # two slots: a new day would begin, but the ending wins
    assert state.ending == "end_walked"
    assert (state.day, state.slot) == (1, 0)


def test_the_clock_stops_at_the_end_of_the_last_day(mini_story, fresh):
    late = fresh.model_copy(update={"scene": "roof", "day": 1, "slot": 1,
                                    "visits": {"opening": 1, "roof": 1, "last_call": 1}}, deep=True)
    state = act(mini_story, late, "sleep").state
    assert (state.scene, state.day, state.slot) == ("opening", 1, 1)


# ----------------------------------------------------------------------------------------- standing


def test_standing_falls_and_expulsion_is_an_ending(mini_story, fresh):
    state = play(mini_story, fresh, "office", "rude", "rude")
    assert state.standing == 1 and state.scene == "office"
    step = act(mini_story, state, "rude")
    assert step.state.standing == 0
    assert step.state.ending == "end_expelled"
    assert step.events == (Event("standing", "", "-1"), Event("ending", "end_expelled", "Expelled"))
    assert view(mini_story, step.state).ending.kind == "expelled"


def test_standing_is_clamped_to_its_maximum(rich_story):
    state = start(rich_story, seed=1, case="june_case")
    step = act(rich_story, state, "shine")
    assert step.state.standing == 5
    assert Event("standing", "", "+2") in step.events
    assert act(rich_story, step.state, "shine").state.standing == 5


# ---------------------------------------------------------------------------------------------- undo


def test_acting_never_changes_the_state_it_was_given(mini_story, fresh):
    before = fresh.model_dump_json()
    state = fresh
    history = [state]
    for action in ["talk", "office", "note", "present log june_alibi", "rude", "back", "search", "look"]:
        state = act(mini_story, state, action).state
        history.append(state)
    assert fresh.model_dump_json() == before
    # Undo is the previous state: each step is still exactly what it was.
    replayed = fresh
    for index, action in enumerate(["talk", "office", "note", "present log june_alibi", "rude", "back", "search",
                                    "look"]):
        assert replayed == history[index]
        replayed = act(mini_story, replayed, action).state
    assert replayed == history[-1]


def test_the_same_action_on_the_same_state_gives_the_same_result(mini_story, fresh):
    state = play(mini_story, fresh, "talk", "office", "note")
    first = act(mini_story, state, "present log june_alibi")
    second = act(mini_story, state, "present log june_alibi")
    assert first.state == second.state and first.events == second.events


# ------------------------------------------------------------------------------------- choice ids


@pytest.mark.parametrize("word", ["present", "link", "unlink", "confirm", "accuse"])
def test_a_choice_named_like_a_command_is_refused_at_load_or_can_be_taken(mini_copy, word):
    """Actions are strings: a choice id, or a command. A choice whose id is a command word (given, or defaulted
    from a goto such as a scene called `accuse`) must not be shown and then refuse to work."""
    mini_copy.edit("scenes.yaml", '{id: leave, text: "Walk away.", goto: end_walked}',
                   f'{{id: {word}, text: "Walk away.", goto: end_walked}}')
    result = mini_copy.load()
    if result.story is None:
        assert any(word in d.message for d in result.diagnostics if d.severity == "error")
        return
    state = start(result.story, 1, "june_case")
    assert word in [c.id for c in view(result.story, state).choices]
    assert act(result.story, state, word).state.ending == "end_walked"
