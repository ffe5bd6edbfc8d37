"""A solve of a case for the story map: the shortest, found by a breadth-first search over real engine states,
or, past a bound, one found by a guided search from progress to progress.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.engine import ActionError, GameState, act, judge, start
from game.tools.exploration import actions
from game.tools.state_keys import Relevance, relevance, state_key
from game.world.story import Story

DEFAULT_MAX_STATES = 10_000
"""States the exact (shortest) search may visit before the guided search takes over."""
STAGE_STATES = 20_000
"""States one stage of the guided search may visit while looking for the next bit of progress."""


def _solves(story: Story, state: GameState, sequence: list[str]) -> bool:
    """Keep an accusation only when the judge rules it solved: a failed one is never on the way to a solve."""
    action = sequence[-1].split()
    if action[0] != "accuse":
        return True
    return judge(story, state, action[1], action[2], action[3:]) == "solved"


def case_progress(story: Story, state: GameState) -> int:
    """How far a state has got toward proving its case: the points (means, motive, opportunity) covered by
    evidence that points at the culprit, then how much such evidence is held."""
    culprit = story.cases[state.case].culprit
    held = [story.evidence[(state.case, i)] for i in [*state.clues, *state.deductions]]
    useful = [e for e in held if e.proves(culprit)]
    return 1000 * len({p for e in useful for p in e.proves(culprit)}) + 100 * len(useful)


def progress(story: Story, state: GameState) -> int:
    """Any progress at all: the case's, then deductions, broken statements, clues and secrets."""
    return (case_progress(story, state) + 10 * len(state.deductions) + 5 * len(state.caught) + len(state.clues)
            + len(state.secrets))


@dataclass
class SolvePath:
    """A solve of a case, as actions and as the nodes it passes through."""

    case: str
    actions: list[str] | None
    states: int
    complete: bool
    """The exact search finished: when no solve was found, there is none (within its abstraction)."""
    steps: list[tuple[str, str, str]] = field(default_factory=list)
    """(node before, action, node after) for each action."""
    shortest: bool = True
    """Found by the exact breadth-first search; False when the guided search found it instead."""


def _search(story: Story, first: GameState, bound: int, goal, rel: Relevance) -> tuple[GameState | None, int, bool]:
    """Breadth-first from `first` to the nearest state for which `goal(state)` holds.
    Returns that state (or None), the states visited, and whether the search ran to its end."""
    seen = {state_key(first, rel)}
    queue: deque[GameState] = deque([first])
    complete = True
    while queue:
        state = queue.popleft()
        if state.ending:
            continue
        for sequence in actions(story, state):
            if not _solves(story, state, sequence):
                continue
            nxt = state
            try:
                for action in sequence:
                    nxt = act(story, nxt, action).state
            except ActionError:
                continue
            if goal(nxt):
                return nxt, len(seen), True
            key = state_key(nxt, rel)
            if key in seen:
                continue
            if len(seen) >= bound:
                complete = False
                continue
            seen.add(key)
            queue.append(nxt)
    return None, len(seen), complete


def solve_path(story: Story, case: str, max_states: int = DEFAULT_MAX_STATES, seed: int = 0,
               guided: bool = True) -> SolvePath:
    """A solve of `case`: the shortest, by breadth-first search over engine states, when that search finds one
    within `max_states`; otherwise (if `guided`) one found stage by stage, each stage a breadth-first search
    to the nearest state with more `case_progress` (or, when none is near, more `progress`).

    The moves are those `archer check` explores (choices, right contradictions, the board confirmed with every
    open deduction, accusations); an accusation is kept only when `judge` rules it solved."""
    solved = story.manifest.accusation.solved if story.manifest.accusation else None
    rel = relevance(story, case)
    first = start(story, seed, case)
    found, states, complete = _search(story, first, max_states, lambda s: s.ending == solved, rel)
    if found is not None:
        return SolvePath(case, list(found.path), states, True, _trace(story, seed, case, found.path))
    if complete or not guided or solved is None:
        return SolvePath(case, None, states, complete)
    state: GameState | None = first
    while state is not None and state.ending != solved:
        # Each stage goes to the nearest state that proves more of the case, or failing that to any progress.
        for measure in (case_progress, progress):
            base = measure(story, state)
            nxt, visited, _ = _search(
                story, state, STAGE_STATES,
                lambda s, base=base, measure=measure: s.ending == solved
                or (not s.ending and measure(story, s) > base), rel)
            states += visited
            if nxt is not None:
                break
        state = nxt
    if state is None:
        return SolvePath(case, None, states, False, shortest=False)
    return SolvePath(case, list(state.path), states, False, _trace(story, seed, case, state.path), shortest=False)


def _trace(story: Story, seed: int, case: str, path: list[str]) -> list[tuple[str, str, str]]:
    state = start(story, seed, case)
    steps = []
    for action in path:
        after = act(story, state, action).state
        steps.append((state.scene, action, after.scene))
        state = after
    return steps


def solve_comment(solve: SolvePath) -> str:
    if solve.actions is None:
        reason = "none exists" if solve.complete else f"none found ({solve.states:,} states searched)"
        return f"solve path for case {solve.case}: {reason}"
    kind = "shortest solve" if solve.shortest else "a solve found by guided search, not proven shortest"
    return f"solve path for case {solve.case} ({kind}, {len(solve.actions)} actions): " + " | ".join(solve.actions)
