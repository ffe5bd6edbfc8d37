"""Deep exploration: walk a case's whole state space breadth-first, through the real engine.

States are hashed on what can change the outcome; the path taken, visit counts nobody reads and the board's
pending links are abstracted away. The investigation's own actions are explored too: every right
contradiction, the board confirmed with every deduction open, and at accusation scenes a solving accusation
(when the evidence held allows one), a weak one and a wrong one. Wrong presents are left out: they only
cost trust and standing, which choices can cost as well.

From the graph of states it finds what is reached (scenes, choices, endings, clues), the shortest solve,
and soft-locks: reachable states from which no ending can be reached.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.engine import ActionError, GameState, act, available, start
from game.engine.evaluate import fact_true
from game.engine.mystery import MAX_PENDING, open_deductions
from game.world.story import Story

DEFAULT_BOUND = 60_000
POINTS = ("means", "motive", "opportunity")


@dataclass
class Exploration:
    """What exploring one case found."""

    case: str
    states: int = 0
    complete: bool = True
    scenes: set[str] = field(default_factory=set)
    choices: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    clues: set[str] = field(default_factory=set)
    solve_path: list[str] | None = None
    softlocks: list[list[str]] = field(default_factory=list)
    softlock_count: int = 0
    errors: list[tuple[list[str], str]] = field(default_factory=list)


def _key(state: GameState, watched: frozenset[str]) -> tuple:
    people = tuple((k, p.trust, p.composure, p.belief) for k, p in sorted(state.people.items()))
    visits = tuple(sorted((k, min(v, 3)) for k, v in state.visits.items() if k in watched))
    return (
        state.scene, state.ending, state.day, state.slot, state.standing,
        frozenset(state.flags), tuple(sorted(state.vars.items())), people,
        frozenset(state.clues), frozenset(state.deductions), frozenset(state.heard), frozenset(state.caught),
        frozenset(state.secrets), state.accusations_left, frozenset(state.taken), visits,
        state.wrong_presents,
    )


def _solving_citation(story: Story, state: GameState) -> list[str] | None:
    """Evidence held that proves means, motive and opportunity against the case's culprit, or None."""
    culprit = story.cases[state.case].culprit
    useful = [i for i in [*state.deductions, *state.clues]
              if story.evidence[(state.case, i)].weights.get(culprit, 1.0) > 1]
    chosen: list[str] = []
    covered: set[str] = set()
    for point in POINTS:
        if point in covered:
            continue
        for item in useful:
            if point in story.evidence[(state.case, item)].proves and item not in chosen:
                chosen.append(item)
                covered.update(story.evidence[(state.case, item)].proves)
                break
    if not set(POINTS) <= covered:
        return None
    for item in useful:
        if len(chosen) >= 3:
            break
        if item not in chosen:
            chosen.append(item)
    return chosen if len(chosen) >= 3 else None


def actions(story: Story, state: GameState) -> list[list[str]]:
    """The action sequences explored from a state (most are single actions)."""
    found: list[list[str]] = [[c.id] for c in available(story, state)]
    scene = story.scenes.get(state.scene)
    if scene is None:
        return found
    held = [*state.clues, *state.deductions]
    if scene.board:
        caught = set(state.caught)
        for statement_id in state.heard:
            statement = story.statements[statement_id]
            if statement_id in caught or statement.by not in scene.people:
                continue
            if fact_true(story, state.case, statement.claim):
                continue
            for item in held:
                if (statement_id, item) in story.contradictions:
                    found.append([f"present {item} {statement_id}"])
                    break
        open_now = open_deductions(story, state)
        if open_now:
            links = [f"link {' '.join(story.deductions[d].needs)}" for d in open_now[:MAX_PENDING]]
            found.append([*links, "confirm"])
    if scene.accuse and state.accusations_left > 0 and story.manifest.accusation and len(held) >= 3:
        case = story.cases[state.case]
        cited = _solving_citation(story, state)
        if cited:
            found.append([f"accuse {case.culprit} {case.motive} {' '.join(cited)}"])
        other_motive = next((m for m in story.motives if m != case.motive), case.motive)
        found.append([f"accuse {case.culprit} {other_motive} {' '.join(held[:3])}"])
        innocent = next((s for s in story.suspects if s != case.culprit), None)
        if innocent:
            found.append([f"accuse {innocent} {case.motive} {' '.join(held[:3])}"])
    return found


def explore(story: Story, case: str, bound: int = DEFAULT_BOUND, seed: int = 0) -> Exploration:
    """Breadth-first exploration of one case, up to `bound` distinct states."""
    result = Exploration(case)
    watched = frozenset(k for kind, k in story.used if kind == "scene")
    solved_ending = story.manifest.accusation.solved if story.manifest.accusation else None
    first = start(story, seed, case)
    keys: dict[tuple, int] = {_key(first, watched): 0}
    parents: list[tuple[int, tuple[str, ...]]] = [(-1, ())]
    edges: list[list[int]] = [[]]
    terminal: list[bool] = [False]
    queue: deque[tuple[int, GameState]] = deque([(0, first)])
    _note(story, first, result)
    while queue:
        index, state = queue.popleft()
        if state.ending:
            terminal[index] = True
            continue
        for sequence in actions(story, state):
            nxt = state
            try:
                for action in sequence:
                    nxt = act(story, nxt, action).state  # type: ignore[assignment]
            except ActionError as err:
                result.errors.append((_path(parents, index) + list(sequence), str(err)))
                continue
            if len(sequence) == 1 and sequence[0].split()[0] not in ("present", "accuse"):
                result.choices.add(f"{state.scene}.{sequence[0]}")
            key = _key(nxt, watched)
            child = keys.get(key)
            if child is None:
                if len(keys) >= bound:
                    result.complete = False
                    continue
                child = len(parents)
                keys[key] = child
                parents.append((index, tuple(sequence)))
                edges.append([])
                terminal.append(False)
                _note(story, nxt, result)
                if nxt.ending == solved_ending and result.solve_path is None:
                    result.solve_path = _path(parents, child)
                queue.append((child, nxt))
            edges[index].append(child)
    result.states = len(keys)
    if result.complete:
        _find_softlocks(parents, edges, terminal, result)
    return result


def _note(story: Story, state: GameState, result: Exploration) -> None:
    result.scenes.add(state.scene)
    if state.ending:
        result.endings.add(state.ending)
    result.clues.update(state.clues)


def _path(parents: list[tuple[int, tuple[str, ...]]], index: int) -> list[str]:
    steps: list[str] = []
    while index > 0:
        parent, sequence = parents[index]
        steps[:0] = sequence
        index = parent
    return steps


def _find_softlocks(parents: list, edges: list[list[int]], terminal: list[bool], result: Exploration) -> None:
    """States that cannot reach any ending, found by walking the edges backwards from the endings."""
    reverse: list[list[int]] = [[] for _ in edges]
    for source, targets in enumerate(edges):
        for target in targets:
            reverse[target].append(source)
    good = [False] * len(edges)
    stack = [i for i, is_end in enumerate(terminal) if is_end]
    for i in stack:
        good[i] = True
    while stack:
        node = stack.pop()
        for source in reverse[node]:
            if not good[source]:
                good[source] = True
                stack.append(source)
    stuck = [i for i, ok in enumerate(good) if not ok]
    result.softlock_count = len(stuck)
    result.softlocks = [_path(parents, i) for i in stuck[:3]]
