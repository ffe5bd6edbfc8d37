"""The random player of `archer walk`: which investigation move to try, and how to build it from what the views
offer. Accusations are sometimes informed by the case's truth, so that the solved ending gets exercised too.
"""

from __future__ import annotations

import random

from game.engine import GameState
from game.engine.mystery import MAX_PENDING, MIN_CITED, batch_size, contradicts, open_deductions, solving_citation
from game.engine.views import View
from game.world.story import Story

MYSTERY_RATE = 0.2
"""How often a step works the investigation instead of taking a choice (when the investigation offers a move)."""
ACCUSE_RATE = 0.4
"""How often a step accuses, where an accusation can be made with the evidence held: accusing scenes are few,
and a walker that accused no more often than it does anything else would rarely reach the verdict endings."""
INFORMED_RATE = 0.5
"""How often an accusation (or a board link, or a presentation) uses what the case makes true instead of a blind
guess."""

def informed_accusation(story: Story, state: GameState) -> str | None:
    """An accusation that the engine's judge rules solved, from the evidence held; None when there is none."""
    case = story.cases[state.case]
    cited = solving_citation(story, state)
    if cited is None:
        return None
    return f"accuse {case.culprit} {case.motive} {' '.join(cited)}"


def blind_accusation(story: Story, state: GameState, rng: random.Random) -> str | None:
    """A guess: any suspect, any motive, any evidence held."""
    held = [*state.clues, *state.deductions]
    if len(held) < MIN_CITED or not story.suspects or not story.motives:
        return None
    suspect = rng.choice(story.suspects)
    motive = rng.choice(sorted(story.motives))
    cited = rng.sample(held, MIN_CITED)
    return f"accuse {suspect} {motive} {' '.join(cited)}"


def accusation(story: Story, state: GameState, rng: random.Random) -> str | None:
    """Sometimes informed by the case, sometimes blind."""
    if rng.random() < INFORMED_RATE:
        informed = informed_accusation(story, state)
        if informed:
            return informed
    return blind_accusation(story, state, rng)


def mystery_moves(story: Story, state: GameState, current: View) -> list[str]:
    """The kinds of investigation move that make sense now, in a fixed order."""
    kinds: list[str] = []
    if current.can_present:
        kinds.append("present")
    if len(state.clues) >= 2 and len(state.pending) < MAX_PENDING:
        kinds.append("link")
    if state.pending:
        if len(state.pending) >= batch_size(story, state):
            kinds.append("confirm")
        kinds.append("unlink")
    if current.can_accuse and len(state.clues) + len(state.deductions) >= MIN_CITED:
        kinds.append("accuse")
    return kinds


def mystery_action(story: Story, state: GameState, current: View, kind: str, rng: random.Random) -> str | None:
    """One investigation action of the given kind, built from what the views offer."""
    if kind == "present":
        statements = [s for s in state.heard
                      if story.statements[s].by in current.people and s not in state.caught]
        held = [*state.clues, *state.deductions]
        if not statements or not held:
            return None
        right = [(item, s) for s in statements for item in held if contradicts(story, state.case, s, item)]
        if right and rng.random() < INFORMED_RATE:
            item, statement = rng.choice(right)
            return f"present {item} {statement}"
        return f"present {rng.choice(held)} {rng.choice(statements)}"
    if kind == "link":
        ready = open_deductions(story, state)
        if ready and rng.random() < INFORMED_RATE:
            return "link " + " ".join(story.deductions[rng.choice(ready)].needs)
        size = 3 if len(state.clues) >= 3 and rng.random() < 0.3 else 2
        return "link " + " ".join(rng.sample(state.clues, size))
    if kind == "confirm":
        return "confirm"
    if kind == "unlink":
        return "unlink " + " ".join(rng.choice(state.pending))
    return accusation(story, state, rng)
