"""The condition and effect language, and text templates: parsed once at load into typed programs.

Author text is never evaluated as Python. It is parsed with `ast` and only a whitelist of node shapes is
accepted; everything else (attribute access outside the story's namespaces, dunder names, calls other than
min/max/abs, lambdas, comprehensions, subscripts, imports) is a diagnostic. The result is a tree of the
nodes in `game.world.ir`, which `game.engine.evaluate` interprets; they are plain data, so a compiled story can
be cached. The parsing and its messages are in game.world.expr_parse, the compiler of conditions and values in
game.world.expr_compiler; here are the three entry points, effects, and the memo and guards around them.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from game.world.diagnostics import Diagnostic, make
from game.world.expr_compiler import Compiler, Scope
from game.world.expr_parse import TYPE_NAMES, At, Fail, parse, suggest
from game.world.ir import Assign, ClearFlag, Effect, Expr, GiveClue, Hear, Reveal, SetFlag
from game.world.names import ASSIGNABLE

__all__ = ["At", "Scope", "compile_effect", "compile_expr", "compile_value", "memoized"]

KEYWORD_EFFECTS: dict[str, tuple[str, Callable[[str], Effect]]] = {
    "set": ("flag", SetFlag),
    "clear": ("flag", ClearFlag),
    "clue": ("clue", GiveClue),
    "hear": ("statement", Hear),
    "reveal": ("secret", Reveal),
}
"""verb -> (the kind of id it takes, the node it compiles to)"""
_KEYWORD = re.compile(r"^\s*(set|clear|clue|hear|reveal)\s+(\S+)\s*$")

_F = TypeVar("_F", bound=Callable[..., Any])


def memoized(kind: str, compile_fn: _F) -> _F:
    """Wrap a compile function so that identical sources that compiled cleanly are compiled once per scope."""

    def wrapper(src: str, scope: Scope, at: At, *rest: Any) -> Any:
        key = (kind, src) if not rest else (kind + repr(rest), src)
        hit = scope.memo.get(key)
        if hit is not None:
            scope.used.update(hit[1])
            return hit[0]
        outer = scope.used
        scope.used = set()
        try:
            result: Any = compile_fn(src, scope, at, *rest)
        finally:
            names, scope.used = scope.used, outer
            scope.used.update(names)
        if not result[-1]:  # no diagnostics: safe to reuse anywhere in this load
            scope.memo[key] = (result, frozenset(names))
        return result

    return cast(_F, functools.wraps(compile_fn)(wrapper))


def compile_expr(src: str, scope: Scope, at: At) -> tuple[Expr | None, list[Diagnostic]]:
    """Compile a condition that must be true/false. Returns (Expr, []) or (None, diagnostics)."""
    lead = len(src) - len(src.lstrip())
    try:
        tree = parse(src, "eval", lambda offset: at(lead + offset))
        assert isinstance(tree, ast.Expression)
        compiler = Compiler(scope, at, src.strip(), lead)
        ir, kind, _ = compiler.expr(tree.body)
        if kind != "bool":
            raise compiler.fail("AR043", tree.body, f"a condition must be true or false, not a {TYPE_NAMES[kind]}")
        return ir, []
    except Fail as fail:
        return None, [fail.diagnostic]


def compile_value(src: str, scope: Scope, at: At, base: int = 0) -> tuple[Expr | None, str, list[Diagnostic]]:
    """Compile an expression of any type (used by templates). Returns (Expr, type, diagnostics)."""
    lead = len(src) - len(src.lstrip())
    try:
        tree = parse(src, "eval", lambda offset: at(base + lead + offset))
        assert isinstance(tree, ast.Expression)
        ir, kind, _ = Compiler(scope, at, src.strip(), base + lead).expr(tree.body)
        return ir, kind, []
    except Fail as fail:
        return None, "", [fail.diagnostic]


def compile_effect(src: str, scope: Scope, at: At) -> tuple[Effect | None, list[Diagnostic]]:
    """Compile one effect line such as `set flag.x`, `clue rose`, `trust.june += 1`."""
    match = _KEYWORD.match(src)
    if match:
        verb, target = match.groups()
        kind, build = KEYWORD_EFFECTS[verb]
        offset = match.start(2)
        if kind == "flag":
            if not target.startswith("flag."):
                return None, [make("AR044", at(offset), f"'{verb}' takes a flag, as in {verb} flag.roof_key")]
            target = target[len("flag.") :]
        if target not in scope.ids.get(kind, set()):
            return None, [make("AR031", at(offset), f"unknown {kind} '{target}'", suggest(target, scope.ids, kind))]
        scope.used.add((kind, target))
        return build(target), []
    lead = len(src) - len(src.lstrip())
    try:
        tree = parse(src, "exec", lambda offset: at(lead + offset))
        assert isinstance(tree, ast.Module)
        compiler = Compiler(scope, at, src.strip(), lead)
        if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign | ast.AugAssign):
            node = tree.body[0] if tree.body else tree
            if isinstance(node, ast.Import | ast.ImportFrom):
                raise compiler.fail("AR041", node, "imports are not allowed")
            raise Fail(make("AR044", at(lead), "an effect is `set flag.X`, `clear flag.X`, `clue X`, `hear X`, "
                             "`reveal X`, or `name = value` / `name += n` / `name -= n`"))
        stmt = tree.body[0]
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1:
                raise compiler.fail("AR044", stmt, "assign one name at a time")
            target_node, op, value_node = stmt.targets[0], "=", stmt.value
        else:
            augmented = {ast.Add: "+=", ast.Sub: "-="}.get(type(stmt.op))
            if augmented is None:
                raise compiler.fail("AR044", stmt, "only =, += and -= are allowed")
            op = augmented
            target_node, value_node = stmt.target, stmt.value
        if isinstance(target_node, ast.Name) and target_node.id == "standing":
            ns, key, kind = "standing", "", "int"
        elif (
            isinstance(target_node, ast.Attribute)
            and isinstance(target_node.value, ast.Name)
            and target_node.value.id in ASSIGNABLE
        ):
            _, kind, _ = compiler.attribute(target_node)
            ns, key = target_node.value.id, target_node.attr
        else:
            raise compiler.fail(
                "AR044", target_node, "only var.X, trust.C, composure.C, belief.C and standing can be changed"
            )
        value_ir, value_kind, _ = compiler.expr(value_node)
        if value_kind != kind:
            raise compiler.fail("AR043", value_node, f"expected a {TYPE_NAMES[kind]}, got a {TYPE_NAMES[value_kind]}")
        if op != "=" and kind != "int":
            raise compiler.fail("AR043", stmt, f"{op} needs a number")
        if ns == "belief":
            compiler.check_domain("character", value_node, value_ir)
        return Assign(ns, key, op, value_ir), []
    except Fail as fail:
        return None, [fail.diagnostic]


MAX_LENGTH = 2000


def _guarded(compile_fn: _F, failed: tuple[Any, ...]) -> _F:
    """Turn any way Python's parser can give up (too deep, too long, unencodable text) into AR040."""

    def wrapper(src: str, scope: Scope, at: At, *rest: Any) -> Any:
        problem = None
        if len(src) > MAX_LENGTH:
            problem = f"expression is {len(src):,} characters long; the limit is {MAX_LENGTH:,}"
        else:
            try:
                return compile_fn(src, scope, at, *rest)
            except (RecursionError, MemoryError):
                problem = "expression is nested too deeply"
            except (ValueError, UnicodeError):
                problem = "expression contains characters that cannot be read"
        base = rest[0] if rest else 0
        return (*failed, [make("AR040", at(base), problem, "write it as a shorter, flatter expression")])

    return cast(_F, functools.wraps(compile_fn)(wrapper))


compile_expr = memoized("expr", _guarded(compile_expr, (None,)))
compile_value = memoized("value", _guarded(compile_value, (None, "")))
compile_effect = memoized("effect", _guarded(compile_effect, (None,)))
