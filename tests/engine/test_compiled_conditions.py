"""Expressions are computed by Python closures built once per node (game.engine.evaluate.compiled): they must give
what walking the node gives, value and type, with the same short cuts, on every state. The walker below is the
language's definition, written out node by node."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import game.engine.evaluate as evaluation
from game.engine import GameState, act, available, start
from game.engine.evaluate import Env, evaluate, render
from game.world.ir import And, Bare, Bin, Call, Cmp, Const, Expr, Get, Interp, Neg, Not, Or

CMP = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
       "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
BIN = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
CALL = {"min": min, "max": max, "abs": abs}


def walked(ir: Expr, env: Env) -> Any:
    """The value of `ir`, by walking it (names are read through the module's tables, as the closures read them)."""
    if isinstance(ir, Get):
        return evaluation._GET[ir.ns](env, ir.key)
    if isinstance(ir, Const):
        return ir.value
    if isinstance(ir, And):
        return all(walked(part, env) for part in ir.parts)
    if isinstance(ir, Or):
        return any(walked(part, env) for part in ir.parts)
    if isinstance(ir, Not):
        return not walked(ir.operand, env)
    if isinstance(ir, Cmp):
        return CMP[ir.op](walked(ir.left, env), walked(ir.right, env))
    if isinstance(ir, Bare):
        return evaluation._BARE[ir.name](env)
    if isinstance(ir, Bin):
        return BIN[ir.op](walked(ir.left, env), walked(ir.right, env))
    if isinstance(ir, Neg):
        return -walked(ir.operand, env)
    assert isinstance(ir, Call)
    return CALL[ir.fn](*(walked(arg, env) for arg in ir.args))


class Tracing(Env):
    """An Env that records each name read, in order."""

    __slots__ = ("trail",)

    def __init__(self, story: Any, state: GameState) -> None:
        super().__init__(story, state)
        self.trail: list[str] = []


def _recording(ns: str, read: Any) -> Any:
    def record(env: Any, key: str) -> Any:
        env.trail.append(f"{ns}.{key}")
        return read(env, key)

    return record


def _recording_bare(name: str, read: Any) -> Any:
    def record(env: Any) -> Any:
        env.trail.append(name)
        return read(env)

    return record


def _nodes(story: Any) -> st.SearchStrategy[Expr]:
    """Expression trees over the mini story's names: of every shape, well typed or not (a comparison of a word
    with a number must fail the same way both ways)."""
    gets = [Get("flag", f) for f in sorted(story.flags)] + [Get("trust", c) for c in sorted(story.characters)]
    gets += [Get("clue", c) for c in sorted(story.clues)] + [Get("var", v) for v in sorted(story.vars)]
    gets += [Get("seen", s) for s in sorted(story.scenes)[:6]] + [Get("visited", s) for s in sorted(story.scenes)[:6]]
    gets += [Get("met", c) for c in sorted(story.characters)] + [Get("at", c) for c in sorted(story.characters)]
    gets += [Get("fact", f) for f in sorted(story.facts)]
    leaves = st.one_of(st.sampled_from(gets), st.sampled_from([Bare(n) for n in sorted(evaluation._BARE)]),
                       st.one_of(st.integers(-3, 3), st.booleans(), st.sampled_from(["", "june", "roof"])).map(Const))

    def extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(lambda parts: And(tuple(parts))),
            st.lists(inner, min_size=1, max_size=4).map(lambda parts: Or(tuple(parts))),
            inner.map(Not), inner.map(Neg),
            st.tuples(st.sampled_from(sorted(CMP)), inner, inner).map(lambda t: Cmp(*t)),
            st.tuples(st.sampled_from(sorted(BIN)), inner, inner).map(lambda t: Bin(*t)),
            st.tuples(st.sampled_from(sorted(CALL)), st.lists(inner, min_size=1, max_size=3))
            .map(lambda t: Call(t[0], tuple(t[1]))),
        )

    return st.recursive(leaves, extend, max_leaves=10)


def _states(story: Any) -> list[GameState]:
    """States along a seeded random playthrough of each case."""
    found = []
    for case in sorted(story.cases):
        state = start(story, 3, case)
        rng = random.Random(case)
        for _ in range(30):
            found.append(state)
            offered = available(story, state)
            if not offered:
                break
            state = act(story, state, rng.choice(offered).id).state
    return found


def _outcome(fn: Any) -> tuple[str, Any]:
    try:
        value = fn()
    except Exception as err:  # noqa: BLE001 - the kind of failure is what is compared
        return "raises", type(err)
    return type(value).__name__, value


@pytest.fixture(scope="module")
def states(mini_story) -> list[GameState]:
    return _states(mini_story)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_closures_compute_what_walking_the_node_computes(mini_story, states, data, monkeypatch):
    ir = data.draw(_nodes(mini_story))
    shown = states[:: max(1, len(states) // 12)]
    evaluation._COMPILED.clear()
    for state in shown:  # the value, or the kind of failure (a word compared with a number fails both ways)
        ours, theirs = Env(mini_story, state), Env(mini_story, state)
        assert _outcome(lambda e=ours: evaluate(ir, e)) == _outcome(lambda e=theirs: walked(ir, e))
    # Every name read through the tables, recorded: the same names in the same order, so the same short cuts.
    monkeypatch.setattr(evaluation, "_GET", {ns: _recording(ns, read) for ns, read in evaluation._GET.items()})
    monkeypatch.setattr(evaluation, "_BARE", {n: _recording_bare(n, read) for n, read in evaluation._BARE.items()})
    monkeypatch.setattr(evaluation, "_HELD", {})
    evaluation._COMPILED.clear()
    try:
        for state in shown:
            ours, theirs = Tracing(mini_story, state), Tracing(mini_story, state)
            _outcome(lambda e=ours: evaluate(ir, e))
            _outcome(lambda e=theirs: walked(ir, e))
            assert ours.trail == theirs.trail
    finally:
        evaluation._COMPILED.clear()


def test_equal_looking_constants_keep_their_own_type(mini_story):
    """`Const(1) == Const(True)` as tuples, yet one shows as 1 and the other as yes."""
    state = start(mini_story, 1, "june_case")
    env = Env(mini_story, state)
    assert render((Interp(Const(1)), " ", Interp(Const(True)), " ", Interp(Const(0)), " ", Interp(Const(False))),
                  env) == "1 yes 0 no"


def test_the_choices_on_offer_are_those_whose_conditions_hold(mini_story, states):
    for state in states:
        env = Env(mini_story, state)
        scene = mini_story.scenes.get(state.scene)
        if scene is None:
            continue
        taken = set(state.taken)
        expected = [c for c in scene.choices if not (c.once and f"{scene.id}.{c.id}" in taken)
                    and (c.when is None or walked(c.when, env))]
        assert available(mini_story, state) == expected
        some = {c.id for c in scene.choices[::2]}
        assert available(mini_story, state, among=some) == [c for c in expected if c.id in some]


@pytest.mark.parametrize("op", sorted(CMP) + sorted(BIN))
def test_each_operator_on_equal_and_unequal_values(mini_story, op):
    env = Env(mini_story, start(mini_story, 1, "june_case"))
    make = Cmp if op in CMP else Bin
    for a, b in ((1, 1), (1, 2), (2, 1), (-1, 0), (True, 1), ("june", "june"), ("june", "roof"), ("june", 1)):
        for left, right in ((Const(a), Const(b)), (Get("trust", "june"), Const(b)), (Const(a), Get("trust", "june"))):
            ir = make(op, left, right)
            assert _outcome(lambda ir=ir: evaluate(ir, env)) == _outcome(lambda ir=ir: walked(ir, env))


def test_an_env_of_a_tools_own_answers_its_names(mini_story):
    """A subclass of Env that answers names its own way (as the fair-play check's does) is asked, not bypassed."""

    class Fixed(Env):
        def get(self, ns: str, key: str) -> Any:
            return 7 if ns == "trust" else ns == "flag"

        def bare(self, name: str) -> Any:
            return 3

    env = Fixed(mini_story, start(mini_story, 1, "june_case"))
    assert evaluate(Cmp("==", Get("trust", "june"), Const(7)), env) is True
    assert evaluate(And((Get("flag", "met_june"), Cmp("==", Bare("standing"), Const(3)))), env) is True
    assert evaluate(Get("clue", "glove"), env) is False
