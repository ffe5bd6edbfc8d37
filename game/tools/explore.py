"""Deep exploration: walk a case's whole state space breadth-first, through the real engine.

States are hashed on what can change the outcome; the path taken, visit counts nobody reads and the board's
pending links are abstracted away. The investigation's own actions are explored too: every right
contradiction, the board confirmed with every deduction open, and at accusation scenes a solving accusation
(when the evidence held allows one), a weak one and a wrong one. Wrong presents are left out: they only
cost trust and standing, which choices can cost as well.

From the graph of states it finds what is reached (scenes, choices, endings, clues), the shortest solve,
and soft-locks: reachable states from which no ending can be reached. What a state is hashed on is in
game.tools.state_keys, what the search tries from a state in game.tools.exploration, and the random walks and
the last pass over untaken choices that follow it in game.tools.explore_walks.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from game.engine import ActionError, GameState, act, available, start
from game.engine.turn import HANDLERS
from game.tools.exploration import Exploration, actions, collector_paused, note, take_offered
from game.tools.explore_walks import random_walks, untaken_choices
from game.tools.state_keys import HELD, relevance, state_key
from game.world.story import CChoice, Story

DEFAULT_BOUND = 60_000
BUCKET = 4
"""At most this many distinct states are kept per (scene, day, slot): the search sweeps the whole week rather
than drowning in the combinations of one evening. Dropped states make the exploration a sample."""
WALKS = 60
"""Seeded random playthroughs per case after the search (see random_walks)."""
PROGRESS_EVERY = 1024
"""States taken from the queue between two progress reports."""


def explore(story: Story, case: str, bound: int = DEFAULT_BOUND, seed: int = 0,
            bucket: int | None = BUCKET, walks: int = 0, progress: Callable[[int], None] | None = None) -> Exploration:
    """Breadth-first exploration of one case, up to `bound` distinct states (and `bucket` per scene and time).

    `progress`, when given, is called now and then with the number of states found so far."""
    with collector_paused():
        return _explore(story, case, bound, seed, bucket, walks, progress)


def _explore(story: Story, case: str, bound: int, seed: int, bucket: int | None, walks: int,
             progress: Callable[[int], None] | None) -> Exploration:
    began = time.perf_counter()
    result = Exploration(case)
    buckets: dict[tuple[str, int, int, int, int, bool], int] = {}
    rel = relevance(story, case)
    solved_ending = story.manifest.accusation.solved if story.manifest.accusation else None
    first = start(story, seed, case)
    keys: dict[tuple, int] = {state_key(first, rel): 0}
    parents: list[tuple[int, tuple[str, ...]]] = [(-1, ())]
    edges: list[list[int]] = [[]]
    terminal: list[bool] = [False]
    queue: deque[tuple[int, GameState]] = deque([(0, first)])
    settled: set[str] = set()
    note(story, first, result)
    while queue:
        index, state = queue.popleft()
        if progress is not None and not index % PROGRESS_EVERY:
            progress(len(keys))
        if state.ending:
            terminal[index] = True
            continue
        if not result.complete and len(keys) >= bound:
            _saturated(story, state, parents, index, result, settled)
            continue
        offered, options = _options(story, state, result, parents, index)
        for number, sequence in enumerate(options):
            nxt = _play(story, state, offered[number] if number < len(offered) else None, sequence, result,
                        parents, index)
            if nxt is None:
                continue
            key = state_key(nxt, rel)
            child = keys.get(key)
            if child is None:
                if len(keys) >= bound:
                    result.complete = False
                    continue
                # Progress (evidence against the culprit, the culprit's account broken, accusations spent) gets
                # buckets of its own, so the sample never starves the paths that go somewhere.
                useful = len(key[HELD])  # the evidence held that the case's outcome depends on
                broken = not rel.accounts.isdisjoint(nxt.caught)
                where = (nxt.scene, nxt.day, nxt.slot, useful, nxt.accusations_left, broken)
                if bucket is not None and not nxt.ending:
                    held = buckets.get(where, 0)
                    if held >= bucket:
                        result.dropped += 1
                        result.complete = False
                        continue
                    buckets[where] = held + 1
                child = len(parents)
                keys[key] = child
                parents.append((index, tuple(sequence)))
                edges.append([])
                terminal.append(False)
                note(story, nxt, result)
                if nxt.ending == solved_ending and result.solve_path is None:
                    result.solve_path = _path(parents, child)
                queue.append((child, nxt))
            edges[index].append(child)
    result.states = len(keys)
    if result.complete:
        _find_softlocks(parents, edges, terminal, result)
    if walks:
        random_walks(story, case, walks, result)
    untaken_choices(story, result)
    result.samples.clear()  # states are not sent back from worker processes
    result.seconds = time.perf_counter() - began
    if progress is not None:
        progress(result.states)
    return result


def _options(story: Story, state: GameState, result: Exploration, parents: list[tuple[int, tuple[str, ...]]],
             index: int) -> tuple[list[CChoice], list[list[str]]]:
    """The choices on offer in `state` and every option explored from it (see `actions`)."""
    offered = available(story, state)
    options = actions(story, state, offered)
    if not options:
        # A concrete state with nothing to do and no ending: a soft-lock, whatever the abstraction.
        result.stuck.append(_path(parents, index))
    return offered, options


def _play(story: Story, state: GameState, choice: CChoice | None, sequence: list[str], result: Exploration,
          parents: list[tuple[int, tuple[str, ...]]], index: int) -> GameState | None:
    """Play one option from `state`: `choice`, just offered there, or the investigation's `sequence`. Records
    the choice taken, or the failure (and then returns None)."""
    try:
        if choice is not None:
            nxt = take_offered(story, state, choice)
        else:
            nxt = state
            for action in sequence:
                nxt = act(story, nxt, action).state
    except ActionError as err:
        result.errors.append((_path(parents, index) + list(sequence), str(err)))
        return None
    if len(sequence) == 1 and sequence[0].split()[0] not in ("present", "accuse"):
        result.choices.add(f"{state.scene}.{sequence[0]}")
    return nxt


def _saturated(story: Story, state: GameState, parents: list[tuple[int, tuple[str, ...]]], index: int,
               result: Exploration, settled: set[str]) -> None:
    """Expand `state` once the search can keep no new state (the bound is reached) and no longer needs the graph
    of states (it is a sample, so soft-locks are not looked for): what the full expansion would still add to
    `result` is the choices taken, the actions that fail and a state with nothing to do, and only that is worked
    out. A choice on offer is recorded without being taken, since taking one never fails (an id spelled like an
    investigation verb is acted on as before); the investigation's sequences are still played, as they can.
    `settled` holds the scenes where nothing is left to add: no board or accusation, every choice recorded and
    one offered whatever the state, none spelled like an investigation verb."""
    scene_id = state.scene
    if scene_id in settled:
        return
    offered, options = _options(story, state, result, parents, index)
    for number, sequence in enumerate(options):
        if number < len(offered) and sequence[0] not in HANDLERS:
            result.choices.add(f"{scene_id}.{sequence[0]}")
        else:
            _play(story, state, offered[number] if number < len(offered) else None, sequence, result, parents, index)
    scene = story.scenes[scene_id]
    if (not scene.board and not scene.accuse
            and any(c.when is None and not c.once for c in scene.choices)
            and not any(c.id in HANDLERS for c in scene.choices)
            and all(f"{scene_id}.{c.id}" in result.choices for c in scene.choices)):
        settled.add(scene_id)


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
