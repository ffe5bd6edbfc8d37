"""The condition and effect language: what compiles, what it evaluates to, and that no Python ever runs.

Author text comes from strangers (branch packs), so every way of reaching Python must be refused at load with
a diagnostic, and the compiler must never raise, whatever it is given.
"""

from __future__ import annotations

import ast
import builtins
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import GameState, start
from game.engine.core import apply_effects
from game.engine.evaluate import Env, evaluate, render
from game.world import expr, expr_compiler, template
from game.world.diagnostics import CODES, Pos
from game.world.ir import And, Cmp, Const, Get, Not, Or
from game.world.story import Story

EXPR_CODES = {"AR040", "AR041", "AR042", "AR043"}


def scope_for(story: Story) -> expr.Scope:
    """The scope the loader gives the mini story's expressions."""
    return expr.Scope(
        ids={
            "flag": set(story.flags),
            "var": set(story.vars),
            "character": set(story.characters),
            "place": set(story.places),
            "clue": set(story.clues),
            "deduction": set(story.deductions),
            "secret": set(story.secrets),
            "statement": set(story.statements),
            "fact": set(story.facts),
            "scene": set(story.scenes) | set(story.endings),
            "day": {d.id for d in story.manifest.days},
            "slot": set(story.manifest.slots),
            "case": set(story.cases),
        },
        var_types={name: decl.type for name, decl in story.vars.items()},
    )


def at(offset: int) -> Pos:
    """Positions as if the expression sat at the start of line 1 of `x.yaml`."""
    return Pos("x.yaml", 1, 1 + offset)


def compile_ok(story: Story, src: str) -> tuple:
    ir, found = expr.compile_expr(src, scope_for(story), at)
    assert found == [], [d.format() for d in found]
    assert ir is not None
    return ir


def value(story: Story, state: GameState, src: str):
    return evaluate(compile_ok(story, src), Env(story, state))


def rejected(story: Story, src: str) -> list:
    ir, found = expr.compile_expr(src, scope_for(story), at)
    assert ir is None, f"{src!r} compiled to {ir!r}"
    assert found, f"{src!r} was refused without a diagnostic"
    return found


@pytest.fixture()
def state(mini_story) -> GameState:
    return start(mini_story, seed=1, case="june_case")


# ------------------------------------------------------------------------------------------ evaluation


def test_numbers_and_comparisons(mini_story, state):
    assert value(mini_story, state, "trust.june >= 0") is True
    assert value(mini_story, state, "trust.june >= 1") is False
    assert value(mini_story, state, "trust.nabil == 1 and composure.nabil == 3") is True
    assert value(mini_story, state, "1 < trust.nabil + 1 < 3") is True
    assert value(mini_story, state, "-trust.nabil == 0 - 1") is True
    assert value(mini_story, state, "trust.nabil * 3 - 1 == 2") is True
    assert value(mini_story, state, "min(trust.nabil, 0) == 0 and max(trust.nabil, 5) == 5") is True
    assert value(mini_story, state, "abs(0 - 4) == 4") is True


def test_state_changes_are_seen(mini_story, state):
    people = {k: v.model_copy() for k, v in state.people.items()}
    people["june"] = people["june"].model_copy(update={"trust": 2, "belief": "topher"})
    changed = state.model_copy(update={"people": people, "flags": ["met_june"], "vars": {"nerve": 3},
                                       "clues": ["thread", "log"], "visits": {"opening": 1, "roof": 2}})
    assert value(mini_story, changed, "trust.june >= 2 and flag.met_june") is True
    assert value(mini_story, changed, "not flag.met_june") is False
    assert value(mini_story, changed, "var.nerve == 3") is True
    assert value(mini_story, changed, "clue.thread and not clue.rose and clues == 2") is True
    assert value(mini_story, changed, "visited.roof == 2 and visited.office == 0") is True
    assert value(mini_story, changed, "belief.june == 'topher'") is True
    assert value(mini_story, state, "belief.june == 'nabil' and belief.topher == ''") is True


def test_time_place_and_case(mini_story, state):
    assert value(mini_story, state, "day == 'mon' and slot == 'morning' and daynum == 1") is True
    assert value(mini_story, state, "location == 'studio' and case == 'june_case'") is True
    assert value(mini_story, state, "at.june == 'studio'") is True
    night = state.model_copy(update={"slot": 1})
    assert value(mini_story, night, "at.june == 'roof'") is True
    tuesday_night = state.model_copy(update={"day": 1, "slot": 1})
    assert value(mini_story, tuesday_night, "at.nabil == 'office' and daynum == 2") is True


def test_facts_follow_the_case(mini_story, state):
    assert value(mini_story, state, "fact.nabil_in_bed and not fact.june_in_studio") is True
    other = state.model_copy(update={"case": "nabil_case"})
    assert value(mini_story, other, "fact.june_in_studio and not fact.nabil_in_bed") is True


def test_standing_accusations_and_marks(mini_story, state):
    assert value(mini_story, state, "standing == 3 and accusations == 2") is True
    assert value(mini_story, state, "mark.june == 'unmarked'") is True
    # The mark is the player's own: holding a clue that clears someone changes nothing until the player says so.
    holding = state.model_copy(update={"clues": ["log"]})
    assert value(mini_story, holding, "mark.topher == 'unmarked'") is True
    marked = state.model_copy(update={"marks": {"topher": "cleared"}})
    assert value(mini_story, marked, "mark.topher == 'cleared'") is True


def test_names_and_literals(mini_story, state):
    assert value(mini_story, state, "name.june == 'June'") is True
    assert value(mini_story, state, 'name.topher == "Topher"') is True
    assert value(mini_story, state, "true and not false") is True


def test_and_or_short_circuit_shape(mini_story):
    ir = compile_ok(mini_story, "flag.met_june or trust.june > 1 and not clue.rose")
    assert ir == Or((Get("flag", "met_june"),
                     And((Cmp(">", Get("trust", "june"), Const(1)), Not(Get("clue", "rose"))))))


def test_templates_render_against_the_state(mini_story, state):
    parts, found = template.compile_template(
        "{name.june} holds {clues}.{if clues > 1} Many.{elif clues == 1} One.{else} None.{end} {flag.met_june}",
        scope_for(mini_story), at)
    assert found == []
    assert render(parts, Env(mini_story, state)) == "June holds 0. None. no"
    one = state.model_copy(update={"clues": ["rose"], "flags": ["met_june"]})
    assert render(parts, Env(mini_story, one)) == "June holds 1. One. yes"
    two = state.model_copy(update={"clues": ["rose", "log"]})
    assert render(parts, Env(mini_story, two)) == "June holds 2. Many. no"


def test_nested_template_blocks(mini_story, state):
    parts, found = template.compile_template("{if true}a{if false}b{else}c{end}d{end}e", scope_for(mini_story), at)
    assert found == []
    assert render(parts, Env(mini_story, state)) == "acde"


def test_effects_change_a_copy_of_the_state(mini_story, state):
    scope = scope_for(mini_story)
    sources = ["set flag.met_june", "trust.june += 2", "composure.nabil -= 1", "var.nerve = var.nerve + 4",
               "belief.june = 'topher'", "clue rose", "hear june_alibi", "reveal june_secret", "standing -= 1"]
    effects = []
    for src in sources:
        ir, found = expr.compile_effect(src, scope, at)
        assert found == [], src
        effects.append(ir)
    new = state.model_copy(deep=True)
    apply_effects(mini_story, new, tuple(effects), [])
    assert new.flags == ["met_june"]
    assert new.people["june"].trust == 2 and new.people["june"].belief == "topher"
    assert new.people["nabil"].composure == 2
    assert new.vars == {"nerve": 4}
    assert (new.clues, new.heard, new.secrets) == (["rose"], ["june_alibi"], ["june_secret"])
    assert new.standing == 2
    assert state.flags == [] and state.standing == 3  # the original is untouched


def test_clear_flag_effect(mini_story, state):
    ir, found = expr.compile_effect("clear flag.met_june", scope_for(mini_story), at)
    assert found == []
    new = state.model_copy(update={"flags": ["met_june"]}, deep=True)
    apply_effects(mini_story, new, (ir,), [])
    assert new.flags == []


def test_names_used_are_recorded(mini_story):
    scope = scope_for(mini_story)
    expr.compile_expr("trust.june > 1 and flag.met_june", scope, at)
    expr.compile_effect("clue rose", scope, at)
    assert {("character", "june"), ("flag", "met_june"), ("clue", "rose")} <= scope.used


# ------------------------------------------------------------------------------------------ refusals

ATTEMPTS = [
    "__import__('os').system('x')",
    "().__class__.__bases__",
    "().__class__.__bases__[0].__subclasses__()",
    "open('f')",
    "open('f').read() == ''",
    "eval('1')",
    "exec('1')",
    "exec",
    "compile('1', 'f', 'eval')",
    "lambda: 1",
    "(lambda: 1)()",
    "[x for x in y]",
    "{x: 1 for x in y}",
    "(x for x in y)",
    "import os",
    "from os import system",
    "x.y.z",
    "trust.june.real",
    "trust['june']",
    "trust.june[0]",
    "f'{trust.june}'",
    "f'{__import__(\"os\")}'",
    "(a := 1)",
    "a := 1",
    "getattr(trust, 'june')",
    "globals()",
    "vars()",
    "breakpoint()",
    "__builtins__",
    "__debug__",
    "flag.__class__",
    "min.__self__",
    "type(1)",
    "1 if true else 2",
    "[1, 2]",
    "{'a': 1}",
    "{1}",
    "(1, 2)",
    "*a",
    "yield 1",
    "await x",
    "trust.june @ 2 > 1",
    "trust.june // 2 > 1",
    "trust.june ** 99 > 1",
    "trust.june is 1",
    "'a' in 'abc'",
    "~trust.june == 1",
    "None",
    "b'x' == 'x'",
    "1.5 > trust.june",
    "x",
    "trust",
    "def f(): pass",
    "class A: pass",
    "1; 2",
    "\\x00",
]


@pytest.mark.parametrize("src", ATTEMPTS)
def test_python_is_refused_in_a_condition(mini_story, src):
    found = rejected(mini_story, src)
    assert {d.code for d in found} <= EXPR_CODES
    assert all(d.severity == "error" for d in found)


@pytest.mark.parametrize("src", [
    "import os",
    "from os import path",
    "__import__('os').system('x')",
    "exec('x = 1')",
    "standing = eval('5')",
    "standing = (lambda: 5)()",
    "trust.june = trust.__class__",
    "trust.june += [x for x in y]",
    "standing.real = 1",
    "flag.met_june = true",
    "name.june = 'x'",
    "var.nerve, standing = 1, 2",
    "global x",
    "del standing",
    "standing: int = 1",
    "for x in y: pass",
    "with open('f') as f: pass",
])
def test_python_is_refused_in_an_effect(mini_story, src):
    ir, found = expr.compile_effect(src, scope_for(mini_story), at)
    assert ir is None
    assert found and {d.code for d in found} <= EXPR_CODES | {"AR044"}


@pytest.mark.parametrize(("src", "code", "message"), [
    ("__import__('os').system('x')", "AR041", "calls to `__import__('os').system` are not allowed"),
    ("().__class__.__bases__", "AR041", "names starting with __ are not allowed: __bases__"),
    ("open('f')", "AR041", "calls to open are not allowed"),
    ("eval('1')", "AR041", "calls to eval are not allowed"),
    ("exec('1')", "AR041", "calls to exec are not allowed"),
    ("lambda: 1", "AR041", "a lambda is not allowed in an expression"),
    ("[x for x in y]", "AR041", "a comprehension is not allowed in an expression"),
    ("x.y.z", "AR041", "attribute access is not allowed"),
    ("trust['june']", "AR041", "subscripting is not allowed in an expression"),
    ("f'{x}'", "AR041", "an f-string is not allowed in an expression"),
    ("(a := 1)", "AR041", "assignment (:=) is not allowed in an expression"),
    ("getattr(trust, 'june')", "AR041", "calls to getattr are not allowed"),
    ("import os", "AR041", "imports, lambdas and definitions are not allowed"),
])
def test_refusal_messages(mini_story, src, code, message):
    [diagnostic] = rejected(mini_story, src)
    assert (diagnostic.code, diagnostic.message) == (code, message)
    assert diagnostic.path == "x.yaml" and diagnostic.line == 1


def test_refusal_column_is_the_offending_node(mini_story):
    [diagnostic] = rejected(mini_story, "flag.met_june and open('f') == 1")
    assert diagnostic.col == 1 + len("flag.met_june and ")
    [diagnostic] = rejected(mini_story, "trust.june > 1 or x.__class__")
    assert diagnostic.col == 1 + len("trust.june > 1 or ")


def test_nothing_is_ever_executed(mini_story, tmp_path, monkeypatch):
    """Compiling hostile text never calls eval/exec, and compile() is used only to build an AST."""
    marker = tmp_path / "ran"
    real_compile = builtins.compile

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "compile() was asked for code, not an AST"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def refuse(*_args, **_kwargs):
        raise AssertionError("eval/exec must never run author text")

    monkeypatch.setattr(builtins, "compile", only_ast)
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    hostile = [f"__import__('os').system('touch {marker}')", f"open('{marker}', 'w')",
               f"exec(\"open('{marker}', 'w')\")", f"eval(\"open('{marker}', 'w')\")"]
    scope = scope_for(mini_story)
    for src in hostile:
        assert expr.compile_expr(src, scope, at)[0] is None
        assert expr.compile_effect(src, scope, at)[0] is None
        assert expr.compile_effect(f"standing = {src}", scope, at)[0] is None
        parts, found = template.compile_template("{" + src.replace("{", "").replace("}", "") + "}", scope, at)
        assert found
    assert not marker.exists()


def test_unknown_names_are_ar042_with_suggestions(mini_story):
    [diagnostic] = rejected(mini_story, "trust.jun > 1")
    assert (diagnostic.code, diagnostic.hint) == ("AR042", "did you mean 'june'?")
    [diagnostic] = rejected(mini_story, "flag.met_jun")
    assert diagnostic.message == "unknown flag 'met_jun' in flag.met_jun"
    [diagnostic] = rejected(mini_story, "mark.june == 'guilty'")
    assert diagnostic.message == "unknown mark 'guilty'"


def test_types_are_checked(mini_story):
    assert rejected(mini_story, "trust.june")[0].message == "a condition must be true or false, not a number"
    assert rejected(mini_story, "not trust.june")[0].code == "AR043"
    assert rejected(mini_story, "'a' < 'b'")[0].message == "< needs numbers"
    assert rejected(mini_story, "flag.met_june == 1")[0].message == "cannot compare a true/false value with a number"
    assert rejected(mini_story, "min(1) > 0")[0].message == "min takes 2 argument(s)"


# --------------------------------------------------------------------------------- never raises

DEEP = [
    "not " * 600 + "true",
    "not " * 5000 + "true",
    "-" * 3000 + "1 > 0",
    "1" + " + 1" * 3000 + " > 0",
    "(" * 150 + "true" + ")" * 150,
    "(" * 1000 + "true" + ")" * 1000,
    " and ".join(["true"] * 20000),
]


@pytest.mark.parametrize("src", DEEP, ids=["not-600", "not-5000", "neg-3000", "plus-3000", "paren-150",
                                            "paren-1000", "and-20000"])
def test_deep_expressions_give_a_diagnostic_or_compile_and_never_raise(mini_story, src):
    ir, found = expr.compile_expr(src, scope_for(mini_story), at)
    assert (ir is None) == bool(found)
    assert {d.code for d in found} <= EXPR_CODES


def test_deep_effect_never_raises(mini_story):
    ir, found = expr.compile_effect("standing = " + "-" * 3000 + "1", scope_for(mini_story), at)
    assert (ir is None) == bool(found)


def test_deep_template_never_raises(mini_story):
    parts, found = template.compile_template("{if " + "not " * 3000 + "true}x{end}", scope_for(mini_story), at)
    assert isinstance(parts, tuple)


def test_text_that_cannot_be_encoded_never_raises(mini_story):
    """A lone surrogate cannot come from a UTF-8 file, but the compiler's contract is never to raise."""
    ir, found = expr.compile_expr("'\udcff' == 'x'", scope_for(mini_story), at)
    assert ir is None and found


def test_deep_condition_in_a_story_file_is_a_diagnostic(mini_copy):
    search = '{id: search, text: "Search the roof.", goto: roof, time: 1}'
    mini_copy.edit("scenes.yaml", search, search[:-1] + ', when: "' + "not " * 600 + 'flag.met_june"}')
    result = mini_copy.load()
    assert result.story is None
    assert {d.code for d in result.diagnostics} <= EXPR_CODES


TOKENS = st.sampled_from([
    "trust.june", "trust.nabil", "flag.met_june", "clue.rose", "var.nerve", "at.june", "name.june", "day", "slot",
    "standing", "clues", "true", "false", "1", "0", "-", "+", "*", "/", "**", "and", "or", "not", "==", "!=", "<",
    ">=", "(", ")", "[", "]", "{", "}", ",", ":", ".", "'roof'", "'x'", '"studio"', "min", "abs", "max", "lambda",
    "__class__", "__import__", "os", "system", "open", "eval", "exec", "import", "from", "for", "in", "if", "else",
    "x", "y", ":=", "f'", "@", "yield", "await", "#", "\\", "\n", ";",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TOKENS, max_size=14).map(" ".join))
def test_token_soup_never_raises_and_what_compiles_evaluates(mini_story, src):
    scope = scope_for(mini_story)
    ir, found = expr.compile_expr(src, scope, at)
    assert (ir is None) == bool(found)
    for diagnostic in found:
        assert diagnostic.code in CODES and diagnostic.code in EXPR_CODES
        assert diagnostic.line >= 1 and diagnostic.col >= 1
    if ir is not None:
        state = start(mini_story, seed=3, case="nabil_case")
        assert isinstance(evaluate(ir, Env(mini_story, state)), bool)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(mini_story, src):
    scope = scope_for(mini_story)
    ir, found = expr.compile_expr(src, scope, at)
    assert (ir is None) == bool(found)
    ir, found = expr.compile_effect(src, scope, at)
    assert (ir is None) == bool(found)
    parts, found = template.compile_template(src, scope, at)
    assert isinstance(parts, tuple)


def _ast_sources() -> st.SearchStrategy[str]:
    """Python expressions of every shape, legal in Python but mostly not in the story language."""
    names = st.sampled_from(["trust.june", "flag.met_june", "x", "__import__", "open", "min", "clues",
                             "composure.nabil", "var.nerve", "os.system"])
    literals = st.one_of(st.integers(-5, 5).map(str), st.sampled_from(["true", "false", "'roof'", "None", "1.5"]))
    leaves = st.one_of(names, literals)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "%", "**", "//", "<<", "&"]), inner)
            .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "is", "in"]), inner)
            .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda s: f"not ({s})"),
            inner.map(lambda s: f"-({s})"),
            st.tuples(st.sampled_from(["min", "max", "abs", "eval", "getattr", "len"]), st.lists(inner, max_size=3))
            .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.tuples(inner, st.sampled_from(["__class__", "june", "x", "__globals__"]))
            .map(lambda t: f"({t[0]}).{t[1]}"),
            st.tuples(inner, inner).map(lambda t: f"({t[0]})[{t[1]}]"),
            inner.map(lambda s: f"(lambda: {s})"),
            inner.map(lambda s: f"[{s} for _ in x]"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
            inner.map(lambda s: f"(y := {s})"),
        )

    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_ast_sources())
def test_generated_python_never_raises_and_only_the_story_language_compiles(mini_story, src):
    scope = scope_for(mini_story)
    ir, found = expr.compile_expr(src, scope, at)
    assert (ir is None) == bool(found)
    if ir is not None:
        tree = ast.parse(src, mode="eval")
        allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare,
                   ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.BinOp, ast.Add, ast.Sub, ast.Mult,
                   ast.Constant, ast.Name, ast.Attribute, ast.Load, ast.Call)
        for node in ast.walk(tree):
            assert isinstance(node, allowed), (src, type(node).__name__)
            if isinstance(node, ast.Call):
                assert isinstance(node.func, ast.Name) and node.func.id in expr_compiler.FUNCTIONS
            if isinstance(node, ast.Attribute):
                assert isinstance(node.value, ast.Name) and node.value.id in expr_compiler.NAMESPACES
        state = start(mini_story, seed=5, case="june_case")
        assert isinstance(evaluate(ir, Env(mini_story, state)), bool)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.printable, max_size=80))
def test_template_text_never_raises(src):
    scope = expr.Scope(ids={"character": {"june"}}, var_types={})
    parts, found = template.compile_template(src, scope, at)
    assert isinstance(parts, tuple)
    assert {d.code for d in found} <= EXPR_CODES | {"AR045"}


def test_the_fixture_files_are_where_the_tests_expect_them():
    assert (Path(__file__).parents[1] / "fixtures" / "mini" / "story" / "story.yaml").is_file()
