"""Replaying a path of actions: how saves survive story edits and how transcripts are checked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.engine.core import ActionError, start
from game.engine.state import GameState
from game.engine.turn import act
from game.world.story import Story


@dataclass(frozen=True)
class Replayed:
    """How far a path replayed: the state reached, how many actions applied, and the first that failed."""

    state: GameState
    applied: int
    failed: str | None = None
    error: str | None = None

    @property
    def complete(self) -> bool:
        return self.failed is None


def replay(story: Story, seed: int, case: str | None, path: Iterable[str], origin: str | None = None) -> Replayed:
    """Start a game (at `origin`, when it started there) and apply `path` until the end or the first action the
    story no longer allows."""
    try:
        state = start(story, seed, case, origin)
    except ActionError as err:
        raise ActionError(f"cannot start: {err}") from None
    applied = 0
    for action in path:
        try:
            state = act(story, state, action).state
        except ActionError as err:
            return Replayed(state, applied, action, str(err))
        applied += 1
    return Replayed(state, applied)
