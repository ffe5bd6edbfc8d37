"""Property tests of the engine: random playthroughs never crash, every state round-trips through JSON exactly,
and the same seed with the same actions always gives the same state."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import (
    ActionError,
    GameState,
    PersonState,
    accusation_options,
    act,
    board,
    notebook,
    replay,
    start,
    suspects,
    view,
)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def candidates(story, state: GameState) -> list[str]:
    """Actions worth trying here: every choice, and a spread of investigation commands, valid or not."""
    found = [c.id for c in view(story, state).choices]
    held = [*state.clues, *state.deductions]
    found += [f"present {item} {statement}" for item in held for statement in state.heard]
    found += [f"{verb} {a} {b}" for a, b in itertools.combinations(state.clues, 2) for verb in ("link", "unlink")]
    found += [f"link {a} {b} {c}" for a, b, c in itertools.combinations(state.clues, 3)]
    found.append("confirm")
    for suspect in story.suspects:
        for motive in story.motives:
            found += [f"accuse {suspect} {motive} {' '.join(c)}" for c in itertools.combinations(held, 3)]
    found += ["fly", "present", "accuse june", "link", "confirm please"]
    return found


def check_invariants(story, state: GameState) -> None:
    assert GameState.model_validate_json(state.model_dump_json()) == state
    rule = story.manifest.standing
    assert state.standing <= rule.max
    assert 0 <= state.day < len(story.manifest.days) and 0 <= state.slot < len(story.manifest.slots)
    assert state.accusations_left >= 0
    assert len(state.pending) <= 6
    assert state.case in story.cases
    if state.ending:
        assert state.ending in story.endings and state.scene == state.ending
    else:
        assert state.scene in story.scenes
    for action_list in (state.clues, state.deductions, state.heard, state.caught, state.secrets, state.flags):
        assert len(action_list) == len(set(action_list))
    view(story, state)
    notebook(story, state)
    suspects(story, state)
    board(story, state)
    accusation_options(story, state)


def walk(story, seed: int, case: str | None, picks: list[int]) -> tuple[GameState, int]:
    """Play by picks; returns the final state and how many actions were accepted."""
    state = start(story, seed, case)
    check_invariants(story, state)
    accepted = 0
    for pick in picks:
        if state.ending:
            break
        options = candidates(story, state)
        action = options[pick % len(options)]
        before = state.model_dump_json()
        try:
            step = act(story, state, action)
        except ActionError as err:
            assert str(err)
            assert state.model_dump_json() == before
            continue
        assert state.model_dump_json() == before, "act changed the state it was given"
        new = step.state
        assert new.path == [*state.path, " ".join(action.split())]
        check_invariants(story, new)
        state = new
        accepted += 1
    return state, accepted


PICKS = st.lists(st.integers(min_value=0, max_value=10_000), max_size=60)
SEEDS = st.integers(min_value=0, max_value=2**31 - 1)


@SETTINGS
@given(seed=SEEDS, case=st.sampled_from([None, "june_case", "nabil_case"]), picks=PICKS)
def test_random_walks_over_the_mini_story_never_crash(mini_story, seed, case, picks):
    walk(mini_story, seed, case, picks)


@SETTINGS
@given(seed=SEEDS, case=st.sampled_from([None, "june_case", "nabil_case"]), picks=PICKS)
def test_random_walks_over_the_rich_story_never_crash(rich_story, seed, case, picks):
    walk(rich_story, seed, case, picks)


@SETTINGS
@given(seed=SEEDS, case=st.sampled_from([None, "june_case", "nabil_case"]), picks=PICKS)
def test_the_same_seed_and_actions_give_the_same_state(mini_story, seed, case, picks):
    first, _ = walk(mini_story, seed, case, picks)
    second, _ = walk(mini_story, seed, case, picks)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


@SETTINGS
@given(seed=SEEDS, case=st.sampled_from([None, "june_case", "nabil_case"]), picks=PICKS)
def test_replaying_the_path_gives_the_state(rich_story, seed, case, picks):
    state, accepted = walk(rich_story, seed, case, picks)
    again = replay(rich_story, state.seed, state.case, state.path)
    assert again.complete and again.applied == accepted == len(state.path)
    assert again.state == state


VALUES = st.one_of(st.integers(min_value=-(2**53), max_value=2**53), st.booleans(), st.text(max_size=12))
IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(
    vars_=st.dictionaries(IDS, VALUES, max_size=6),
    people=st.dictionaries(IDS, st.builds(PersonState, trust=st.integers(-50, 50), composure=st.integers(-5, 9),
                                          belief=st.none() | IDS), max_size=4),
    lists=st.lists(IDS, max_size=5, unique=True),
    path=st.lists(st.text(max_size=30), max_size=8),
    numbers=st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(-9, 9), st.integers(0, 5)),
)
def test_any_state_round_trips_through_json_exactly(vars_, people, lists, path, numbers):
    day, slot, standing, left = numbers
    state = GameState(story_id="mini", seed=5, case="june_case", scene="opening", day=day, slot=slot,
                      standing=standing, flags=lists, vars=vars_, people=people, clues=lists, heard=lists,
                      pending=[lists[:2]] if len(lists) >= 2 else [], accusations_left=left, path=path,
                      visits={k: 1 for k in lists}, taken=[f"opening.{k}" for k in lists])
    again = GameState.model_validate_json(state.model_dump_json())
    assert again == state
    # bool and int are different values here: True must not come back as 1, nor "1" as 1.
    assert {k: type(v) for k, v in again.vars.items()} == {k: type(v) for k, v in state.vars.items()}


def test_a_long_playthrough_round_trips_and_replays(mini_story):
    path = ["talk", "office", "note", "present log june_alibi", "back", "search", "look", "back", "office",
            "accuse june envy thread rose log"]
    state = start(mini_story, 3, "june_case")
    for action in path:
        state = act(mini_story, state, action).state
        assert GameState.model_validate_json(state.model_dump_json()) == state
    assert state.ending == "end_solved"
    assert replay(mini_story, 3, "june_case", path).state == state


def test_replay_stops_at_the_first_action_the_story_refuses(mini_story):
    result = replay(mini_story, 3, "june_case", ["talk", "talk", "office"])
    assert (result.applied, result.failed) == (1, "talk")
    assert result.error == "there is no choice 'talk' here"
    assert not result.complete
    assert result.state.path == ["talk"]
