"""Suspicion: how the evidence Neveah holds weighs on each suspect, shown only in coarse bands.

Each held clue or deduction multiplies a suspect's odds by its likelihood ratio in the case being played
(summed as logs). A weight of 0 clears a suspect. A clue explained away by an uncovered secret of that suspect
no longer counts against them, and each broken statement adds a little. The scores become probabilities
with a softmax, then bands, so the meter never does the deduction for the player.
"""

from __future__ import annotations

import math

from game.engine.state import GameState
from game.engine.views import Band
from game.world.story import Story

CAUGHT_BONUS = math.log(1.5)


def scores(story: Story, state: GameState) -> dict[str, float | None]:
    """Log-odds per suspect from held evidence; None means cleared."""
    explained: dict[str, set[str]] = {}
    for secret_id in state.secrets:
        secret = story.secrets[secret_id]
        explained.setdefault(secret.who, set()).update(secret.explains)
    caught_by: dict[str, int] = {}
    for statement_id in state.caught:
        who = story.statements[statement_id].by
        caught_by[who] = caught_by.get(who, 0) + 1
    result: dict[str, float | None] = {}
    held = [*state.clues, *state.deductions]
    for suspect in story.suspects:
        total = caught_by.get(suspect, 0) * CAUGHT_BONUS
        excused = explained.get(suspect, set())
        cleared = False
        for item in held:
            weight = story.evidence[(state.case, item)].weights.get(suspect, 1.0)
            if weight == 0:
                cleared = True
                break
            if item in excused and weight > 1:
                continue
            total += math.log(weight)
        result[suspect] = None if cleared else total
    return result


def probabilities(story: Story, state: GameState) -> dict[str, float]:
    """A softmax of the scores over suspects not cleared (cleared suspects get 0)."""
    raw = scores(story, state)
    live = {k: v for k, v in raw.items() if v is not None}
    if not live:
        return {k: 0.0 for k in raw}
    top = max(live.values())
    exp = {k: math.exp(v - top) for k, v in live.items()}
    total = sum(exp.values())
    return {k: (exp[k] / total if k in exp else 0.0) for k in raw}


def band(probability: float, live: int, cleared: bool) -> Band:
    """The coarse band shown for one suspect."""
    if cleared:
        return "cleared"
    if probability >= 0.35:
        return "likely"
    if live and probability >= 0.6 / live:
        return "possible"
    return "unlikely"


def bands(story: Story, state: GameState) -> dict[str, Band]:
    """The band of every suspect."""
    raw = scores(story, state)
    probs = probabilities(story, state)
    live = sum(1 for v in raw.values() if v is not None)
    return {k: band(probs[k], live, raw[k] is None) for k in raw}
