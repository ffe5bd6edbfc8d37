"""Checks that the story plays fair, run by `archer check`: no scene is a standing trap.

AR055 (error): a scene where, at some standing, every choice that can be offered ends the game (leads to an
ending or costs the last of Neveah's standing), although at full standing the story would go on from it. The
player did nothing wrong by arriving there, and has no way on.

The check is static: conditions other than those on standing are taken as possibly true, so a way out that only
some states offer still counts as a way out, and a trap is reported only where the story itself leaves none.
"""

from __future__ import annotations

from game.engine import GameState, start
from game.engine.core import choice_risk
from game.engine.evaluate import Env, evaluate
from game.world.diagnostics import Diagnostic, make
from game.world.ir import And
from game.world.story import CChoice, Story


class _Unknown(Exception):
    """A condition names something other than standing: its value is not known statically."""


class _StandingOnly(Env):
    """An environment in which only `standing` (and constants) have values."""

    __slots__ = ("value",)

    def __init__(self, story: Story, state: GameState, value: int) -> None:
        super().__init__(story, state)
        self.value = value

    def get(self, ns: str, key: str) -> object:
        raise _Unknown

    def bare(self, name: str) -> object:
        if name == "standing":
            return self.value
        raise _Unknown


def _may_be_offered(choice: CChoice, env: _StandingOnly) -> bool:
    """False only when the choice's condition is false whatever else holds (a conjunct on standing fails)."""
    if choice.when is None:
        return True
    parts = choice.when.parts if isinstance(choice.when, And) else (choice.when,)
    for part in parts:
        try:
            if not evaluate(part, env):
                return False
        except _Unknown:
            continue
    return True


def _ending_words(story: Story, choice: CChoice, cost: int) -> str:
    if choice.goto in story.endings:
        return f"leads to the ending '{choice.goto}'"
    return f"costs {cost} standing"


def standing_traps(story: Story) -> list[Diagnostic]:
    """AR055: scenes that, at some standing, offer only choices that end the game."""
    rule = story.manifest.standing
    if rule is None or not story.scenes:
        return []
    probe = start(story, 0)
    found: list[Diagnostic] = []
    for sid, scene in story.scenes.items():
        if all(choice.goto in story.endings for choice in scene.choices):
            continue  # a last scene: every choice is meant to end the story
        traps: list[int] = []
        detail = ""
        for value in range(rule.expelled_at + 1, rule.max + 1):
            state = probe.model_copy(update={"standing": value, "scene": sid})
            env = _StandingOnly(story, state, value)
            offered = [c for c in scene.choices if _may_be_offered(c, env)]
            risks = [(c, *choice_risk(story, state, c)) for c in offered]
            if offered and all(ends for _, _, ends in risks):
                traps.append(value)
                if not detail:
                    detail = "; ".join(f"'{c.id}' {_ending_words(story, c, cost)}" for c, cost, _ in risks)
        if traps:
            at = "standing " + (str(traps[0]) if len(traps) == 1 else f"{traps[0]} to {traps[-1]}")
            found.append(make("AR055", story.pos("node", sid),
                              f"scene '{sid}': at {at} every choice ends the game ({detail})",
                              "offer a way on that costs no standing, or gate the costly choices with "
                              "`when: standing > N`"))
    return found


def check_fairness(story: Story) -> list[Diagnostic]:
    """Every fairness diagnostic of a loaded story."""
    return standing_traps(story)
