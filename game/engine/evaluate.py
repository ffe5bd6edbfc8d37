"""Interpret the compiled expression programs and text templates against a Story and a GameState."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.state import GameState, PersonState
from game.world.ir import And, Bare, Bin, Call, Cmp, Const, Expr, Get, Interp, Neg, Not, Or, Parts
from game.world.names import BARE, NAMESPACES
from game.world.story import Story


class Env:
    """Read access to everything an expression may name, for one story and one state."""

    __slots__ = ("story", "state", "_sets")

    def __init__(self, story: Story, state: GameState) -> None:
        self.story = story
        self.state = state
        self._sets: dict[str, set[str]] = {}

    def _set(self, name: str) -> set[str]:
        found = self._sets.get(name)
        if found is None:
            found = self._sets[name] = set(getattr(self.state, name))
        return found

    def get(self, ns: str, key: str) -> Any:
        """The value of `ns.key`."""
        return _GET[ns](self, key)

    def bare(self, name: str) -> Any:
        """The value of a bare name such as `day`."""
        return _BARE[name](self)

    def person(self, who: str) -> PersonState | None:
        return self.state.people.get(who)


def _location(env: Env) -> str:
    node = env.story.scenes.get(env.state.scene)
    return node.location if node else ""


def _person_field(name: str, missing: object) -> Callable[[Env, str], Any]:
    def read(env: Env, who: str) -> Any:
        person = env.person(who)
        return (getattr(person, name) or missing) if person else missing

    return read


def _held(field: str) -> Callable[[Env, str], bool]:
    return lambda env, key: key in env._set(field)


_GET: dict[str, Callable[[Env, str], Any]] = {
    "flag": _held("flags"),
    "var": lambda env, key: env.state.vars.get(key, env.story.vars[key].default),
    "trust": _person_field("trust", 0),
    "composure": _person_field("composure", 0),
    "belief": _person_field("belief", ""),
    "at": lambda env, who: location_of(env.story, env.state, who),
    "name": lambda env, who: env.story.characters[who].short,
    "clue": _held("clues"),
    "deduction": _held("deductions"),
    "secret": _held("secrets"),
    "heard": _held("heard"),
    "caught": _held("caught"),
    "fact": lambda env, key: fact_true(env.story, env.state.case, key),
    "visited": lambda env, scene: env.state.visits.get(scene, 0),
    "seen": lambda env, scene: env.state.visits.get(scene, 0) > 0,
    "met": lambda env, who: has_met(env.story, env.state, who),
    "mark": lambda env, who: env.state.marks.get(who, "unmarked"),
}
"""How each namespace of game.world.names is read from a game (a test checks that none is missing)."""
_BARE: dict[str, Callable[[Env], Any]] = {
    "day": lambda env: env.story.manifest.days[env.state.day].id,
    "slot": lambda env: env.story.manifest.slots[env.state.slot],
    "location": _location,
    "case": lambda env: env.state.case,
    "daynum": lambda env: env.state.day + 1,
    "standing": lambda env: env.state.standing,
    "accusations": lambda env: env.state.accusations_left,
    "clues": lambda env: len(env.state.clues),
}
"""How each bare name of game.world.names is read from a game."""
if set(_GET) != set(NAMESPACES) or set(_BARE) != set(BARE):  # pragma: no cover (a programming error)
    raise ImportError("game.engine.evaluate does not read every name game.world.names declares")


def fact_true(story: Story, case: str, fact: str) -> bool:
    """Whether a fact holds in a case."""
    item = story.facts[fact]
    if item.false_in is not None:
        return case not in item.false_in
    return item.true_in == "all" or (item.true_in is not None and case in item.true_in)


def has_met(story: Story, state: GameState, who: str, *, in_person: bool = False) -> bool:
    """Whether Neveah has met `who`: known from the start, or some scene listing them has been entered. Derived
    from visit counts, so it needs no state of its own (old saves read the same). With `in_person`, only scenes
    where they are (`people:`) count, not those whose text only introduces them (`introduces:`)."""
    if who in story.manifest.known:
        return True
    visits = state.visits
    scenes = story.met_in.get(who, ())
    if in_person:
        return any(visits.get(scene, 0) and who in story.scenes[scene].people for scene in scenes)
    return any(visits.get(scene, 0) for scene in scenes)


def scenes_read(story: Story, ns: str, key: str) -> tuple[str, ...]:
    """The scenes whose visit counts a name reads besides `visited.S` itself: `seen.S` reads S, `met.C` the
    scenes that list C (so the tools that hash states can keep what such a name depends on)."""
    if ns == "seen":
        return (key,)
    if ns == "met":
        return story.met_in.get(key, ())
    return ()


def location_of(story: Story, state: GameState, who: str) -> str:
    """Where a character is now, from their schedule: `day.slot` beats `slot`; unknown is ""."""
    person = story.people.get(who)
    if person is None:
        return ""
    slot = story.manifest.slots[state.slot]
    day = story.manifest.days[state.day].id
    return person.schedule.get(f"{day}.{slot}") or person.schedule.get(slot, "")


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_BIN: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
}
_CALL: dict[str, Callable[..., int]] = {"min": min, "max": max, "abs": abs}


def evaluate(ir: Expr, env: Env) -> Any:
    """The value of a compiled expression."""
    if isinstance(ir, Get):
        return env.get(ir.ns, ir.key)
    if isinstance(ir, Const):
        return ir.value
    if isinstance(ir, And):
        return all(evaluate(part, env) for part in ir.parts)
    if isinstance(ir, Or):
        return any(evaluate(part, env) for part in ir.parts)
    if isinstance(ir, Not):
        return not evaluate(ir.operand, env)
    if isinstance(ir, Cmp):
        return _CMP[ir.op](evaluate(ir.left, env), evaluate(ir.right, env))
    if isinstance(ir, Bare):
        return env.bare(ir.name)
    if isinstance(ir, Bin):
        return _BIN[ir.op](evaluate(ir.left, env), evaluate(ir.right, env))
    if isinstance(ir, Neg):
        return -evaluate(ir.operand, env)
    if isinstance(ir, Call):
        return _CALL[ir.fn](*(evaluate(arg, env) for arg in ir.args))
    raise ValueError(f"unknown program node {ir!r}")


def render(parts: Parts, env: Env) -> str:
    """The text of a compiled template."""
    out: list[str] = []
    _render_into(parts, env, out)
    return "".join(out)


def _render_into(parts: Parts, env: Env, out: list[str]) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interp):
            value = evaluate(part.expr, env)
            out.append(("yes" if value else "no") if isinstance(value, bool) else str(value))
        else:
            for branch in part.branches:
                if evaluate(branch.cond, env):
                    _render_into(branch.body, env, out)
                    break
            else:
                _render_into(part.otherwise, env, out)
