"""Interpret the compiled expression programs and text templates against a Story and a GameState."""

from __future__ import annotations

import operator
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
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_BIN: dict[str, Callable[[int, int], int]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_CALL: dict[str, Callable[..., int]] = {"min": min, "max": max, "abs": abs}
_HELD = {"flag": "flags", "clue": "clues", "deduction": "deductions", "secret": "secrets", "heard": "heard",
         "caught": "caught"}
"""The namespaces read as "is this id in that list of the state" (see `_held`)."""

Compiled = Callable[[Env], Any]
_COMPILED: dict[int, tuple[Expr, Compiled]] = {}
"""id of an expression node -> (the node, kept alive so that its id stays its own; the Python function that
computes its value). Keyed by identity, not equality: `Const(1) == Const(True)`, yet they show differently."""
_MOST = 200_000
"""Past this many nodes the table starts again (a language server compiles every edit of a story)."""


def evaluate(ir: Expr, env: Env) -> Any:
    """The value of a compiled expression.

    Each node is turned once into nested Python closures (`compiled`), which compute what walking the node
    computes, in the same order and with the same short cuts; nothing of the story's text is ever run as code."""
    entry = _COMPILED.get(id(ir))
    if entry is not None and entry[0] is ir:
        return entry[1](env)
    return compiled(ir)(env)


def compiled(ir: Expr) -> Compiled:
    """The function that computes the value of `ir` from an Env (made once per node, then kept)."""
    entry = _COMPILED.get(id(ir))
    if entry is not None and entry[0] is ir:
        return entry[1]
    if len(_COMPILED) >= _MOST:
        _COMPILED.clear()
    fn = _build(ir)
    _COMPILED[id(ir)] = (ir, fn)
    return fn


def _build(ir: Expr) -> Compiled:
    """One node as a closure over its parts' closures."""
    if isinstance(ir, Get):
        return _get(ir.ns, ir.key)
    if isinstance(ir, Const):
        value = ir.value
        return lambda env: value
    if isinstance(ir, And | Or):
        return _junction(isinstance(ir, And), tuple(compiled(part) for part in ir.parts))
    if isinstance(ir, Not):
        operand = compiled(ir.operand)
        return lambda env: not operand(env)
    if isinstance(ir, Cmp):
        return _binary(_CMP[ir.op], ir.left, ir.right)
    if isinstance(ir, Bare):
        return _bare(ir.name)
    if isinstance(ir, Bin):
        return _binary(_BIN[ir.op], ir.left, ir.right)
    if isinstance(ir, Neg):
        negated = compiled(ir.operand)
        return lambda env: -negated(env)
    if isinstance(ir, Call):
        fn, args = _CALL[ir.fn], tuple(compiled(arg) for arg in ir.args)
        return lambda env: fn(*[arg(env) for arg in args])
    return _unknown(ir)


def _get(ns: str, key: str) -> Compiled:
    """`env.get(ns, key)`: read straight from the tables for an Env itself, through the method for a subclass of
    it (a tool's Env may answer names its own way)."""
    field = _HELD.get(ns)
    if field is not None:
        return lambda env: key in env._set(field) if type(env) is Env else env.get(ns, key)
    read = _GET[ns]
    return lambda env: read(env, key) if type(env) is Env else env.get(ns, key)


def _bare(name: str) -> Compiled:
    """`env.bare(name)`, read as `_get` reads."""
    read = _BARE[name]
    return lambda env: read(env) if type(env) is Env else env.bare(name)


def _junction(every: bool, parts: tuple[Compiled, ...]) -> Compiled:
    """`all(...)` (every) or `any(...)` of the parts, left to right, stopping where the answer is known."""
    if len(parts) == 2:
        first, second = parts
        if every:
            return lambda env: bool(first(env)) and bool(second(env))
        return lambda env: bool(first(env)) or bool(second(env))

    def junction(env: Env) -> bool:
        for part in parts:
            if bool(part(env)) is not every:
                return not every
        return every

    return junction


def _binary(op: Callable[[Any, Any], Any], left_ir: Expr, right_ir: Expr) -> Compiled:
    """`op(left, right)`, the left side computed first; a constant side is read once, here."""
    left = compiled(left_ir)
    if isinstance(right_ir, Const):
        constant = right_ir.value
        return lambda env: op(left(env), constant)
    right = compiled(right_ir)
    return lambda env: op(left(env), right(env))


def _unknown(ir: object) -> Compiled:
    def fail(env: Env) -> Any:
        raise ValueError(f"unknown program node {ir!r}")

    return fail


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
