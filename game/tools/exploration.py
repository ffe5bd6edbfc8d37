"""What exploring a case finds (`Exploration`), the action sequences tried from a state, and how a state reached
is noted: the search (game.tools.explore) and the random walks (game.tools.explore_walks) share them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from game.engine import GameState, act, available
from game.engine.core import take
from game.engine.mystery import MAX_PENDING, batch_size, contradicts, open_deductions, solving_citation
from game.engine.turn import HANDLERS
from game.world.story import CChoice, Story

SAMPLES = 12
"""States kept per scene for the last pass, which tries every choice not yet taken from them."""


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
    dropped: int = 0
    stuck: list[list[str]] = field(default_factory=list)
    """Paths to concrete states with no choice and no ending (found by the search or the walks)."""
    walks: int = 0
    samples: dict[str, list[GameState]] = field(default_factory=dict)
    errors: list[tuple[list[str], str]] = field(default_factory=list)
    first_day: dict[str, int] = field(default_factory=dict)
    """The earliest day (index) on which each clue was seen held, over every state reached."""
    seconds: float = 0.0
    """Wall time of this case's exploration (search, walks and the last pass)."""


def actions(story: Story, state: GameState, offered: list[CChoice] | None = None) -> list[list[str]]:
    """The action sequences explored from a state (most are single actions): first the choices on offer, in
    order (`offered`, when the caller has just listed them with `available`), then the investigation's."""
    if offered is None:
        offered = available(story, state)
    found: list[list[str]] = [[c.id] for c in offered]
    scene = story.scenes.get(state.scene)
    if scene is None:
        return found
    held = [*state.clues, *state.deductions]
    if scene.board:
        caught = set(state.caught)
        breaks = breakers(story, state.case)
        for statement_id in state.heard:
            items = breaks.get(statement_id)
            if not items or statement_id in caught or story.statements[statement_id].by not in scene.people:
                continue
            for item in held:
                if item in items:
                    found.append([f"present {item} {statement_id}"])
                    break
        open_now = open_deductions(story, state)
        if open_now and len(open_now[:MAX_PENDING]) >= batch_size(story, state):
            links = [f"link {' '.join(story.deductions[d].needs)}" for d in open_now[:MAX_PENDING]]
            found.append([*links, "confirm"])
    if scene.accuse and state.accusations_left > 0 and story.manifest.accusation and len(held) >= 3:
        case = story.cases[state.case]
        cited = solving_citation(story, state)
        if cited:
            found.append([f"accuse {case.culprit} {case.motive} {' '.join(cited)}"])
        other_motive = next((m for m in story.motives if m != case.motive), case.motive)
        found.append([f"accuse {case.culprit} {other_motive} {' '.join(held[:3])}"])
        innocent = next((s for s in story.suspects if s != case.culprit), None)
        if innocent:
            found.append([f"accuse {innocent} {case.motive} {' '.join(held[:3])}"])
    return found


_BREAKERS: dict[tuple[int, str], tuple[Story, dict[str, frozenset[str]]]] = {}


def breakers(story: Story, case: str) -> dict[str, frozenset[str]]:
    """Statement -> the evidence that breaks it in `case` (`contradicts` of each pair the story lists), worked
    out once per story and case: the search asks it at every board it reaches."""
    kept = _BREAKERS.get((id(story), case))
    if kept is not None and kept[0] is story:
        return kept[1]
    found: dict[str, set[str]] = {}
    for statement_id, item in story.contradictions:
        if contradicts(story, case, statement_id, item):
            found.setdefault(statement_id, set()).add(item)
    if any(cached is not story for cached, _ in _BREAKERS.values()):
        _BREAKERS.clear()  # another story's: keep only this one's cases
    table = {statement_id: frozenset(items) for statement_id, items in found.items()}
    _BREAKERS[(id(story), case)] = (story, table)
    return table


def take_offered(story: Story, state: GameState, choice: CChoice) -> GameState:
    """`act(story, state, choice.id).state` for a choice that `available` has just offered in `state`: the same
    new state, without listing the choices on offer a second time (the search takes hundreds of thousands)."""
    if choice.id in HANDLERS:  # an id spelled like an investigation verb: act reads it as one
        return act(story, state, choice.id).state
    new, _ = take(story, state, choice)
    new.path.append(choice.id)
    return new


def note(story: Story, state: GameState, result: Exploration) -> None:
    """Add what a state reached shows to `result`: its scene, ending, clues (with the day first held), and keep
    it as a sample of its scene."""
    result.scenes.add(state.scene)
    if state.ending:
        result.endings.add(state.ending)
    result.clues.update(state.clues)
    first = result.first_day
    for clue in state.clues:
        seen = first.get(clue)
        if seen is None or state.day < seen:
            first[clue] = state.day
    kept = result.samples.setdefault(state.scene, [])
    if len(kept) < SAMPLES:
        kept.append(state)


def wrong_present(story: Story, state: GameState) -> str | None:
    """A present that will fail here, if one can be made (it costs trust, and standing every so often)."""
    scene = story.scenes.get(state.scene)
    if scene is None or not scene.board:
        return None
    held = [*state.clues, *state.deductions]
    for statement_id in state.heard:
        statement = story.statements[statement_id]
        if statement.by in scene.people and statement_id not in state.caught:
            for item in held:
                if not contradicts(story, state.case, statement_id, item):
                    return f"present {item} {statement_id}"
    return None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, and switch it back on as it was. A search allocates a few hundred
    thousand states, lists and dicts that make no reference cycles (memory is freed by reference counting as
    before), and the collector would rescan the story and every state kept again and again: on a large story
    that was half of a case's processor time. Nothing a search finds depends on it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
