"""Property tests of the judge and the board.

The judge: from each recorded solve's accusation point in the shipped story, random citations with the right
culprit and motive succeed only when they hold an argument at least as large as the checker's smallest; and an
accusation with evidence for only two points, with only same-in-every-case evidence for a point, or without
the culprit's broken account, is never solved. The board: proposing the right links always confirms them, and a
batch with a wrong link says how many hold, never which.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import GameState, act, start
from game.engine.mystery import (
    LINK_RULE,
    MAX_PENDING,
    POINTS,
    assess,
    batch_size,
    broken_account,
    contradicts,
    same_everywhere,
)
from game.paths import story_dir
from game.tools.mystery_checks import arguments, given_clues, heard_statements
from game.world import Story, load_story

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "transcripts"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CASES = ["canon", "nabil_case", "june_case", "dubois_case"]


@pytest.fixture(scope="module")
def shipped() -> Story:
    story = load_story(story_dir()).story
    assert story is not None
    return story


_BEFORE: dict[str, GameState] = {}


def before_the_accusation(story: Story, case: str) -> GameState:
    """The state of the recorded solve of `case` just before its accusation."""
    if case not in _BEFORE:
        recorded = yaml.safe_load((TRANSCRIPTS / f"{case}_solve.yaml").read_text())
        state = start(story, recorded["seed"], case)
        for step in recorded["steps"]:
            if step["do"].startswith("accuse "):
                break
            state = act(story, state, step["do"]).state
        _BEFORE[case] = state
    return _BEFORE[case]


def clues_needed(story: Story, cited: list[str]) -> set[str]:
    """The clues a citation stands on: each clue, and the clues each deduction needs."""
    found: set[str] = set()
    for item in cited:
        deduction = story.deductions.get(item)
        found.update(deduction.needs if deduction else (item,))
    return found


def covers(story: Story, case: str, cited: list[str], suspect: str, motive: str) -> set[str]:
    """The points some cited piece that reads differently across cases carries against the suspect."""
    return {point for item in cited if not same_everywhere(story, item)
            for point in story.evidence[(case, item)].proves(suspect, motive)}


def citation(story: Story, case: str, data: st.DataObject) -> tuple[GameState, str, str, list[str], list[str]]:
    """The state before the recorded accusation, the culprit and motive, what is held, and a random citation."""
    state = before_the_accusation(story, case)
    held = [*state.clues, *state.deductions]
    cited = data.draw(st.lists(st.sampled_from(held), min_size=3, max_size=7, unique=True))
    return state, story.cases[case].culprit, story.cases[case].motive, held, cited


@pytest.mark.parametrize("case", CASES)
@SETTINGS
@given(data=st.data())
def test_random_citations_never_beat_the_smallest_argument(shipped, case, data):
    state, culprit, motive, held, cited = citation(shipped, case, data)
    smallest = min(len(a.clues) for a in arguments(shipped, case, given_clues(shipped), heard_statements(shipped)))
    verdict = assess(shipped, state, culprit, motive, cited)
    if verdict == "solved":
        breakers = [item for s in state.caught if shipped.statements[s].by == culprit
                    for item in held if contradicts(shipped, case, s, item)]
        assert breakers
        # The citation and a clue that breaks the account are never fewer pieces than the checker's smallest.
        assert min(len(clues_needed(shipped, cited) | clues_needed(shipped, [b])) for b in breakers) >= smallest
        assert covers(shipped, case, cited, culprit, motive) == set(POINTS)
    else:
        assert verdict.startswith("weak:")


@pytest.mark.parametrize("case", CASES)
@SETTINGS
@given(data=st.data())
def test_two_points_same_everywhere_evidence_or_an_unbroken_account_never_solve(shipped, case, data):
    state, culprit, motive, held, cited = citation(shipped, case, data)
    covered = covers(shipped, case, cited, culprit, motive)
    if covered != set(POINTS):
        # Evidence for at most two points, counting only evidence that reads differently somewhere.
        assert assess(shipped, state, culprit, motive, cited) != "solved"
    invariant = [item for item in held if same_everywhere(shipped, item)]
    if len(invariant) >= 3:
        only_same = data.draw(st.lists(st.sampled_from(invariant), min_size=3, max_size=5, unique=True))
        assert assess(shipped, state, culprit, motive, only_same) != "solved"
    unbroken = state.model_copy(update={"caught": [s for s in state.caught
                                                   if shipped.statements[s].by != culprit]})
    assert not broken_account(shipped, unbroken, culprit)
    assert assess(shipped, unbroken, culprit, motive, cited) != "solved"


# ------------------------------------------------------------------------------------------------ the board


def board_state(story: Story, case: str, clues: list[str]) -> GameState:
    state = start(story, seed=3, case=case)
    return state.model_copy(update={"scene": "office", "clues": clues}, deep=True)


@SETTINGS
@given(data=st.data())
def test_proposing_the_right_links_always_confirms_them(rich_story, data):
    case = data.draw(st.sampled_from(["june_case", "nabil_case"]))
    clues = ["thread", "rose", "log", "glove", "letter"]
    state = board_state(rich_story, case, clues)
    right = [d for d in rich_story.deductions]
    needed = batch_size(rich_story, state)
    chosen = data.draw(st.lists(st.sampled_from(right), min_size=needed, max_size=min(len(right), MAX_PENDING),
                                unique=True))
    for deduction in chosen:
        needs = list(rich_story.deductions[deduction].needs)
        order = data.draw(st.permutations(needs))
        state = act(rich_story, state, "link " + " ".join(order)).state
    step = act(rich_story, state, "confirm")
    assert sorted(step.state.deductions) == sorted(chosen)
    assert step.state.pending == []
    assert [e.kind for e in step.events] == ["deduction"] * len(chosen)


@SETTINGS
@given(data=st.data())
def test_a_batch_with_a_wrong_link_says_how_many_hold_and_not_which(rich_story, data):
    clues = ["thread", "rose", "log", "glove", "letter"]
    state = board_state(rich_story, "june_case", clues)
    right = {tuple(sorted(d.needs)) for d in rich_story.deductions.values()}
    pairs = [tuple(sorted((a, b))) for i, a in enumerate(clues) for b in clues[i + 1:]]
    wrong = [p for p in pairs if p not in right]
    good = data.draw(st.lists(st.sampled_from(sorted(right)), max_size=3, unique=True))
    bad = data.draw(st.lists(st.sampled_from(wrong), min_size=1, max_size=3, unique=True))
    links = data.draw(st.permutations([*good, *bad]))
    if len(links) < batch_size(rich_story, state):
        return
    for combo in links:
        state = act(rich_story, state, "link " + " ".join(combo)).state
    step = act(rich_story, state, "confirm")
    assert step.state.deductions == []
    [event] = step.events
    verb = "holds" if len(good) == 1 else "hold"
    said = f"{len(good)} of the {len(links)} links on the board {verb}. The board doesn't say which. "
    assert event.text == said + LINK_RULE
    for combo in good:
        assert "+".join(combo) not in event.text and all(part not in event.text for part in combo)
