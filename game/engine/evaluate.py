"""Interpret the compiled expression programs and text templates against a Story and a GameState."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.state import GameState
from game.world.ir import And, Bare, Bin, Call, Cmp, Const, Expr, Get, Interp, Neg, Not, Or, Parts
from game.world.story import Story


class Env:
    """Read access to everything an expression may name, for one story and one state."""

    __slots__ = ("story", "state", "_flags", "_sets")

    def __init__(self, story: Story, state: GameState) -> None:
        self.story = story
        self.state = state
        self._flags: set[str] | None = None
        self._sets: dict[str, set[str]] = {}

    def _set(self, name: str) -> set[str]:
        found = self._sets.get(name)
        if found is None:
            found = self._sets[name] = set(getattr(self.state, name))
        return found

    def get(self, ns: str, key: str) -> Any:
        state, story = self.state, self.story
        if ns == "flag":
            return key in self._set("flags")
        if ns == "clue":
            return key in self._set("clues")
        if ns == "deduction":
            return key in self._set("deductions")
        if ns == "secret":
            return key in self._set("secrets")
        if ns == "heard":
            return key in self._set("heard")
        if ns == "caught":
            return key in self._set("caught")
        if ns == "var":
            return state.vars.get(key, story.vars[key].default)
        if ns == "trust":
            person = state.people.get(key)
            return person.trust if person else 0
        if ns == "composure":
            person = state.people.get(key)
            return person.composure if person else 0
        if ns == "belief":
            person = state.people.get(key)
            return (person.belief or "") if person else ""
        if ns == "at":
            return location_of(story, state, key)
        if ns == "name":
            return story.characters[key].short
        if ns == "fact":
            return fact_true(story, state.case, key)
        if ns == "visited":
            return state.visits.get(key, 0)
        if ns == "mark":
            return state.marks.get(key, "unmarked")
        raise KeyError(ns)

    def bare(self, name: str) -> Any:
        state, story = self.state, self.story
        if name == "day":
            return story.manifest.days[state.day].id
        if name == "slot":
            return story.manifest.slots[state.slot]
        if name == "location":
            node = story.scenes.get(state.scene)
            return node.location if node else ""
        if name == "case":
            return state.case
        if name == "daynum":
            return state.day + 1
        if name == "standing":
            return state.standing
        if name == "accusations":
            return state.accusations_left
        if name == "clues":
            return len(state.clues)
        raise KeyError(name)


def fact_true(story: Story, case: str, fact: str) -> bool:
    """Whether a fact holds in a case."""
    true_in = story.facts[fact].true_in
    return true_in == "all" or case in true_in


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
