"""The condition and effect language, and text templates: parsed once at load into typed programs.

Author text is never evaluated as Python. It is parsed with `ast` and only a whitelist of node shapes is
accepted; everything else (attribute access outside the story's namespaces, dunder names, calls other than
min/max/abs, lambdas, comprehensions, subscripts, imports) is a diagnostic. The result is a tree of the
nodes in `game.world.ir`, which `game.engine.evaluate` interprets; they are plain data, so a compiled story can
be cached.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import (
    And,
    Assign,
    Bare,
    Bin,
    Call,
    ClearFlag,
    Cmp,
    Const,
    Effect,
    Expr,
    Get,
    GiveClue,
    Hear,
    Neg,
    Not,
    Or,
    Reveal,
    SetFlag,
)
from game.world.names import ASSIGNABLE, BARE, FUNCTIONS, MARKS, NAMESPACES

At = Callable[[int], Pos]

CMP_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
KEYWORD_EFFECTS: dict[str, tuple[str, Callable[[str], Effect]]] = {
    "set": ("flag", SetFlag),
    "clear": ("flag", ClearFlag),
    "clue": ("clue", GiveClue),
    "hear": ("statement", Hear),
    "reveal": ("secret", Reveal),
}
"""verb -> (the kind of id it takes, the node it compiles to)"""
_KEYWORD = re.compile(r"^\s*(set|clear|clue|hear|reveal)\s+(\S+)\s*$")


@dataclass
class Scope:
    """The ids an expression may name, by kind, and a record of which ones were used.

    Stories repeat the same conditions, effects and text fragments many times, so each successful compile is
    remembered for the life of the scope (one load), with the names it used.
    """

    ids: dict[str, set[str]]
    var_types: dict[str, str]
    used: set[tuple[str, str]] = field(default_factory=set)
    memo: dict[tuple[str, str], tuple[object, frozenset[tuple[str, str]]]] = field(default_factory=dict)


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


class _Fail(Exception):
    """Internal: stop compiling one expression with a diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _Compiler:
    def __init__(self, scope: Scope, at: At, src: str, base: int) -> None:
        self.scope = scope
        self.at = at
        self.src = src
        self.base = base
        self.line_starts = [0]
        for index, char in enumerate(src):
            if char == "\n":
                self.line_starts.append(index + 1)

    def where(self, node: ast.AST) -> Pos:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        start = self.line_starts[min(line, len(self.line_starts)) - 1]
        # ast columns count UTF-8 bytes; turn them back into characters.
        text = self.src[start:].encode("utf-8")[:col].decode("utf-8", errors="ignore")
        return self.at(self.base + start + len(text))

    def fail(self, code: str, node: ast.AST, message: str, hint: str = "") -> _Fail:
        return _Fail(make(code, self.where(node), message, hint))

    def expr(self, node: ast.AST) -> tuple[Expr, str, str | None]:
        """Compile one node: returns (Expr, type, id domain of a string value)."""
        if isinstance(node, ast.BoolOp):
            parts = [self.expect(value, "bool") for value in node.values]
            return (And(tuple(parts)) if isinstance(node.op, ast.And) else Or(tuple(parts))), "bool", None
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return Not(self.expect(node.operand, "bool")), "bool", None
            if isinstance(node.op, ast.USub):
                return Neg(self.expect(node.operand, "int")), "int", None
            raise self.fail("AR041", node, "this operator is not allowed")
        if isinstance(node, ast.Compare):
            return self.compare(node), "bool", None
        if isinstance(node, ast.BinOp):
            op = BIN_OPS.get(type(node.op))
            if op is None:
                raise self.fail("AR041", node, "only +, - and * are allowed in arithmetic")
            return Bin(op, self.expect(node.left, "int"), self.expect(node.right, "int")), "int", None
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Attribute):
            return self.attribute(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail("AR041", node, f"{_describe(node)} is not allowed in an expression", _HINT)

    def expect(self, node: ast.AST, wanted: str) -> Expr:
        ir, kind, _ = self.expr(node)
        if kind != wanted:
            raise self.fail("AR043", node, f"expected a {_TYPE_NAMES[wanted]} here, got a {_TYPE_NAMES[kind]}")
        return ir

    def constant(self, node: ast.Constant) -> tuple[Expr, str, str | None]:
        value = node.value
        if isinstance(value, bool):
            return Const(value), "bool", None
        if isinstance(value, int):
            return Const(value), "int", None
        if isinstance(value, str):
            return Const(value), "str", None
        raise self.fail("AR043", node, f"{value!r} is not a number, true/false or a string")

    def name(self, node: ast.Name) -> tuple[Expr, str, str | None]:
        ident = node.id
        if ident.startswith("__"):
            raise self.fail("AR041", node, f"names starting with __ are not allowed: {ident}")
        if ident in ("true", "false"):
            return Const(ident == "true"), "bool", None
        if ident in BARE:
            return Bare(ident), BARE[ident].type, BARE[ident].domain
        if ident in NAMESPACES:
            raise self.fail("AR042", node, f"'{ident}' needs an id, as in {ident}.some_id")
        raise self.fail("AR042", node, f"unknown name '{ident}'", _names_hint())

    def attribute(self, node: ast.Attribute) -> tuple[Expr, str, str | None]:
        if node.attr.startswith("__"):
            raise self.fail("AR041", node, f"names starting with __ are not allowed: {node.attr}")
        if not isinstance(node.value, ast.Name) or node.value.id not in NAMESPACES:
            raise self.fail(
                "AR041",
                node,
                "attribute access is not allowed",
                "only namespace.id forms such as trust.june or flag.roof_key are allowed",
            )
        ns_name = node.value.id
        ns = NAMESPACES[ns_name]
        key = node.attr
        if key not in self.scope.ids.get(ns.keys, set()):
            raise self.fail(
                "AR042", node, f"unknown {ns.keys} '{key}' in {ns_name}.{key}", _suggest(key, self.scope.ids, ns.keys)
            )
        self.scope.used.add((ns.keys, key))
        kind = self.scope.var_types.get(key, "int") if ns.type == "var" else ns.type
        return Get(ns_name, key), kind, ns.domain

    def call(self, node: ast.Call) -> tuple[Expr, str, str | None]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = node.func.id if isinstance(node.func, ast.Name) else f"`{_clipped(ast.unparse(node.func))}`"
            raise self.fail("AR041", node, f"calls to {shown} are not allowed",
                            "only min(a, b), max(a, b) and abs(a) can be called")
        if node.keywords or len(node.args) != FUNCTIONS[node.func.id]:
            raise self.fail("AR043", node, f"{node.func.id} takes {FUNCTIONS[node.func.id]} argument(s)")
        args = [self.expect(arg, "int") for arg in node.args]
        return Call(node.func.id, tuple(args)), "int", None

    def compare(self, node: ast.Compare) -> Expr:
        parts: list[Expr] = []
        left = node.left
        for op_node, right in zip(node.ops, node.comparators, strict=True):
            op = CMP_OPS.get(type(op_node))
            if op is None:
                raise self.fail("AR041", node, "only == != < <= > >= comparisons are allowed")
            left_ir, left_kind, left_domain = self.expr(left)
            right_ir, right_kind, right_domain = self.expr(right)
            if left_kind != right_kind:
                raise self.fail(
                    "AR043",
                    node,
                    f"cannot compare a {_TYPE_NAMES[left_kind]} with a {_TYPE_NAMES[right_kind]}",
                )
            if op not in ("==", "!=") and left_kind != "int":
                raise self.fail("AR043", node, f"{op} needs numbers")
            self.check_domain(left_domain, right, right_ir)
            self.check_domain(right_domain, left, left_ir)
            parts.append(Cmp(op, left_ir, right_ir))
            left = right
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def check_domain(self, domain: str | None, node: ast.AST, ir: Expr) -> None:
        """A string compared with an id-valued name must be a known id of that kind."""
        if domain is None or not isinstance(ir, Const) or not isinstance(ir.value, str):
            return
        text = ir.value
        known = MARKS if domain == "mark" else self.scope.ids.get(domain, set())
        if text not in known and not (domain == "character" and text == ""):
            raise self.fail("AR042", node, f"unknown {domain} '{text}'", _suggest(text, self.scope.ids, domain))


_HINT = "use and/or/not, comparisons, + - *, numbers, strings, true/false and namespace.id names"
_TYPE_NAMES = {"int": "number", "bool": "true/false value", "str": "string"}


def _describe(node: ast.AST) -> str:
    names = {
        ast.Lambda: "a lambda",
        ast.ListComp: "a comprehension",
        ast.SetComp: "a comprehension",
        ast.DictComp: "a comprehension",
        ast.GeneratorExp: "a generator",
        ast.Subscript: "subscripting",
        ast.NamedExpr: "assignment (:=)",
        ast.IfExp: "an inline if/else",
        ast.JoinedStr: "an f-string",
        ast.Await: "await",
        ast.Starred: "unpacking",
        ast.List: "a list",
        ast.Dict: "a dict",
        ast.Tuple: "a tuple",
        ast.Set: "a set",
        ast.Import: "an import",
        ast.ImportFrom: "an import",
    }
    return names.get(type(node), f"'{type(node).__name__}'")


def _clipped(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names_hint() -> str:
    return "names are namespace.id (e.g. trust.june, flag.roof_key) or one of: " + ", ".join(sorted(BARE))


def _suggest(key: str, ids: dict[str, set[str]], kind: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(ids.get(kind, set())), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return _DECLARE.get(kind, "declare the {kind} first").format(kind=kind, key=key)


_DECLARE = {
    "var": "declare it under `vars:` (in story.yaml, a story file or a pack's branch.yaml), "
           "e.g. `vars: {{{key}: {{type: int, default: 0}}}}`",
    "flag": "declare it under `flags:` (in story.yaml, a story file or a pack's branch.yaml), "
            "e.g. `flags: {{{key}: \"what it records\"}}`",
}
_STRINGS = re.compile(r"""(['"])(?:\\.|(?!\1).)*\1""")
_CONFUSED = [
    (re.compile(r"&&?"), "`&&` is not an operator here", "use `and`"),
    (re.compile(r"\|\|?"), "`||` is not an operator here", "use `or`"),
    (re.compile(r"!(?!=)"), "`!` is not an operator here", "use `not`"),
]
_SINGLE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")


def _confused(text: str, mode: str) -> tuple[int, str, str] | None:
    """Operators from other languages that an author may reach for: (offset, message, fix), or None."""
    masked = _STRINGS.sub(lambda m: " " * len(m.group(0)), text)
    found = [(m.start(), message, fix) for pattern, message, fix in _CONFUSED
             if (m := pattern.search(masked)) is not None]
    if mode == "eval" and (m := _SINGLE_EQUALS.search(masked)) is not None:
        found.append((m.start(), "`=` sets a value; a condition compares", "use `==` to compare"))
    return min(found) if found else None


def _parse(src: str, mode: str, at: At) -> ast.AST:
    try:
        return ast.parse(src.strip(), mode=mode)
    except SyntaxError as err:
        offset = (err.offset or 1) - 1
        message = err.msg or "invalid syntax"
        if re.search(r"\b(import|from|lambda|def|class)\b", src):
            raise _Fail(make("AR041", at(offset), "imports, lambdas and definitions are not allowed")) from None
        confused = _confused(src.strip(), mode)
        if confused is not None:
            raise _Fail(make("AR040", at(confused[0]), confused[1], confused[2])) from None
        raise _Fail(make("AR040", at(offset), f"cannot parse expression: {message}", _HINT)) from None


def compile_expr(src: str, scope: Scope, at: At) -> tuple[Expr | None, list[Diagnostic]]:
    """Compile a condition that must be true/false. Returns (Expr, []) or (None, diagnostics)."""
    lead = len(src) - len(src.lstrip())
    try:
        tree = _parse(src, "eval", lambda offset: at(lead + offset))
        assert isinstance(tree, ast.Expression)
        compiler = _Compiler(scope, at, src.strip(), lead)
        ir, kind, _ = compiler.expr(tree.body)
        if kind != "bool":
            raise compiler.fail("AR043", tree.body, f"a condition must be true or false, not a {_TYPE_NAMES[kind]}")
        return ir, []
    except _Fail as fail:
        return None, [fail.diagnostic]


def compile_value(src: str, scope: Scope, at: At, base: int = 0) -> tuple[Expr | None, str, list[Diagnostic]]:
    """Compile an expression of any type (used by templates). Returns (Expr, type, diagnostics)."""
    lead = len(src) - len(src.lstrip())
    try:
        tree = _parse(src, "eval", lambda offset: at(base + lead + offset))
        assert isinstance(tree, ast.Expression)
        ir, kind, _ = _Compiler(scope, at, src.strip(), base + lead).expr(tree.body)
        return ir, kind, []
    except _Fail as fail:
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
            return None, [make("AR031", at(offset), f"unknown {kind} '{target}'", _suggest(target, scope.ids, kind))]
        scope.used.add((kind, target))
        return build(target), []
    lead = len(src) - len(src.lstrip())
    try:
        tree = _parse(src, "exec", lambda offset: at(lead + offset))
        assert isinstance(tree, ast.Module)
        compiler = _Compiler(scope, at, src.strip(), lead)
        if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign | ast.AugAssign):
            node = tree.body[0] if tree.body else tree
            if isinstance(node, ast.Import | ast.ImportFrom):
                raise compiler.fail("AR041", node, "imports are not allowed")
            raise _Fail(make("AR044", at(lead), "an effect is `set flag.X`, `clear flag.X`, `clue X`, `hear X`, "
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
            raise compiler.fail("AR043", value_node, f"expected a {_TYPE_NAMES[kind]}, got a {_TYPE_NAMES[value_kind]}")
        if op != "=" and kind != "int":
            raise compiler.fail("AR043", stmt, f"{op} needs a number")
        if ns == "belief":
            compiler.check_domain("character", value_node, value_ir)
        return Assign(ns, key, op, value_ir), []
    except _Fail as fail:
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
