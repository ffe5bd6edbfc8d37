"""The condition and effect language, and text templates: parsed once at load into typed programs.

Author text is never evaluated as Python. It is parsed with `ast` and only a whitelist of node shapes is
accepted; everything else (attribute access outside the story's namespaces, dunder names, calls other than
min/max/abs, lambdas, comprehensions, subscripts, imports) is a diagnostic. The result is a tree of the
nodes in `game.world.ir`, which `game.engine.evaluate` interprets; they are plain data, so a compiled story can
be cached.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import (
    And,
    Assign,
    Bare,
    Bin,
    Branch,
    Call,
    ClearFlag,
    Cmp,
    Const,
    Effect,
    Expr,
    Get,
    GiveClue,
    Hear,
    IfBlock,
    Interp,
    Neg,
    Not,
    Or,
    Parts,
    Reveal,
    SetFlag,
)

IR = Expr
At = Callable[[int], Pos]

FUNCTIONS = {"min": 2, "max": 2, "abs": 1}
CMP_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
MARKS = {"suspect", "unsure", "cleared", "unmarked"}


@dataclass(frozen=True)
class Ns:
    """A namespace such as `trust`: the type of its values, its valid keys and the id domain of its values."""

    type: str
    keys: str
    domain: str | None = None


# namespace -> (value type, which id set its keys come from, which id set its string values come from)
NAMESPACES: dict[str, Ns] = {
    "flag": Ns("bool", "flag"),
    "var": Ns("var", "var"),
    "trust": Ns("int", "character"),
    "composure": Ns("int", "character"),
    "belief": Ns("str", "character", "character"),
    "at": Ns("str", "character", "place"),
    "name": Ns("str", "character"),
    "clue": Ns("bool", "clue"),
    "deduction": Ns("bool", "deduction"),
    "secret": Ns("bool", "secret"),
    "heard": Ns("bool", "statement"),
    "caught": Ns("bool", "statement"),
    "fact": Ns("bool", "fact"),
    "visited": Ns("int", "scene"),
    "mark": Ns("str", "character", "mark"),
}
BARE: dict[str, tuple[str, str | None]] = {
    "day": ("str", "day"),
    "slot": ("str", "slot"),
    "location": ("str", "place"),
    "case": ("str", "case"),
    "daynum": ("int", None),
    "standing": ("int", None),
    "accusations": ("int", None),
    "clues": ("int", None),
}
ASSIGNABLE = {"var", "trust", "composure", "belief"}
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


def _memoized(kind: str, compile_fn):
    """Wrap a compile function so that identical sources that compiled cleanly are compiled once per scope."""

    def wrapper(src: str, scope: Scope, at: At, *rest):
        key = (kind, src) if not rest else (kind + repr(rest), src)
        hit = scope.memo.get(key)
        if hit is not None:
            scope.used.update(hit[1])
            return hit[0]
        outer = scope.used
        scope.used = set()
        try:
            result = compile_fn(src, scope, at, *rest)
        finally:
            names, scope.used = scope.used, outer
            scope.used.update(names)
        if not result[-1]:  # no diagnostics: safe to reuse anywhere in this load
            scope.memo[key] = (result, frozenset(names))
        return result

    wrapper.__doc__ = compile_fn.__doc__
    wrapper.__name__ = compile_fn.__name__
    return wrapper


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

    def expr(self, node: ast.AST) -> tuple[IR, str, str | None]:
        """Compile one node: returns (IR, type, id domain of a string value)."""
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

    def expect(self, node: ast.AST, wanted: str) -> IR:
        ir, kind, _ = self.expr(node)
        if kind != wanted:
            raise self.fail("AR043", node, f"expected a {_TYPE_NAMES[wanted]} here, got a {_TYPE_NAMES[kind]}")
        return ir

    def constant(self, node: ast.Constant) -> tuple[IR, str, str | None]:
        value = node.value
        if isinstance(value, bool):
            return Const(value), "bool", None
        if isinstance(value, int):
            return Const(value), "int", None
        if isinstance(value, str):
            return Const(value), "str", None
        raise self.fail("AR043", node, f"{value!r} is not a number, true/false or a string")

    def name(self, node: ast.Name) -> tuple[IR, str, str | None]:
        ident = node.id
        if ident.startswith("__"):
            raise self.fail("AR041", node, f"names starting with __ are not allowed: {ident}")
        if ident in ("true", "false"):
            return Const(ident == "true"), "bool", None
        if ident in BARE:
            kind, domain = BARE[ident]
            return Bare(ident), kind, domain
        if ident in NAMESPACES:
            raise self.fail("AR042", node, f"'{ident}' needs an id, as in {ident}.some_id")
        raise self.fail("AR042", node, f"unknown name '{ident}'", _names_hint())

    def attribute(self, node: ast.Attribute) -> tuple[IR, str, str | None]:
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

    def call(self, node: ast.Call) -> tuple[IR, str, str | None]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = node.func.id if isinstance(node.func, ast.Name) else "this"
            raise self.fail("AR041", node, f"calls to {shown} are not allowed", "only min(a, b), max(a, b), abs(a)")
        if node.keywords or len(node.args) != FUNCTIONS[node.func.id]:
            raise self.fail("AR043", node, f"{node.func.id} takes {FUNCTIONS[node.func.id]} argument(s)")
        args = [self.expect(arg, "int") for arg in node.args]
        return Call(node.func.id, tuple(args)), "int", None

    def compare(self, node: ast.Compare) -> IR:
        parts: list[IR] = []
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

    def check_domain(self, domain: str | None, node: ast.AST, ir: IR) -> None:
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


def _names_hint() -> str:
    return "names are namespace.id (e.g. trust.june, flag.roof_key) or one of: " + ", ".join(sorted(BARE))


def _suggest(key: str, ids: dict[str, set[str]], kind: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(ids.get(kind, set())), n=1)
    return f"did you mean '{close[0]}'?" if close else f"declare the {kind} first"


def _parse(src: str, mode: str, at: At) -> ast.AST:
    try:
        return ast.parse(src.strip(), mode=mode)
    except SyntaxError as err:
        offset = (err.offset or 1) - 1
        message = err.msg or "invalid syntax"
        if re.search(r"\b(import|from|lambda|def|class)\b", src):
            raise _Fail(make("AR041", at(offset), "imports, lambdas and definitions are not allowed")) from None
        raise _Fail(make("AR040", at(offset), f"cannot parse expression: {message}", _HINT)) from None


def compile_expr(src: str, scope: Scope, at: At) -> tuple[IR | None, list[Diagnostic]]:
    """Compile a condition that must be true/false. Returns (IR, []) or (None, diagnostics)."""
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


def compile_value(src: str, scope: Scope, at: At, base: int = 0) -> tuple[IR | None, str, list[Diagnostic]]:
    """Compile an expression of any type (used by templates). Returns (IR, type, diagnostics)."""
    lead = len(src) - len(src.lstrip())
    try:
        tree = _parse(src, "eval", lambda offset: at(base + lead + offset))
        assert isinstance(tree, ast.Expression)
        ir, kind, _ = _Compiler(scope, at, src.strip(), base + lead).expr(tree.body)
        return ir, kind, []
    except _Fail as fail:
        return None, "", [fail.diagnostic]


def compile_effect(src: str, scope: Scope, at: At) -> tuple[IR | None, list[Diagnostic]]:
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
            op = {ast.Add: "+=", ast.Sub: "-="}.get(type(stmt.op))
            if op is None:
                raise compiler.fail("AR044", stmt, "only =, += and -= are allowed")
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


# ------------------------------------------------------------------------------------------------ templates

_TAG = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def compile_template(src: str, scope: Scope, at: At) -> tuple[Parts, list[Diagnostic]]:
    """Compile text with `{expr}` interpolation and `{if}`/`{elif}`/`{else}`/`{end}` blocks.

    Returns (parts, diagnostics): text strings, Interp nodes and IfBlock nodes (see game.world.ir).
    """
    diagnostics: list[Diagnostic] = []
    # Stack of open blocks: each is [branches, current parts, else-parts-or-None, opening offset].
    root: list = []
    stack: list[list] = []
    current = root
    position = 0
    for match in _TAG.finditer(src):
        if match.start() > position:
            current.append(src[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            current.append(token[0])
            continue
        if token in ("{", "}"):
            diagnostics.append(
                make("AR045", at(match.start()), f"unmatched '{token}'", "write {{ or }} for a literal brace")
            )
            continue
        body = match.group(1)
        inner = match.start(1)
        word, _, rest = body.strip().partition(" ")
        if word == "if":
            cond, found = compile_condition_at(rest, scope, at, inner + body.index("if") + 3)
            diagnostics.extend(found)
            block: list = [[(cond, [])], None, match.start()]
            stack.append(block)
            current = block[0][-1][1]
        elif word == "elif":
            if not stack or stack[-1][1] is not None:
                diagnostics.append(make("AR045", at(match.start()), "{elif} without an open {if}"))
                continue
            cond, found = compile_condition_at(rest, scope, at, inner + body.index("elif") + 5)
            diagnostics.extend(found)
            stack[-1][0].append((cond, []))
            current = stack[-1][0][-1][1]
        elif body.strip() == "else":
            if not stack or stack[-1][1] is not None:
                diagnostics.append(make("AR045", at(match.start()), "{else} without an open {if}"))
                continue
            stack[-1][1] = []
            current = stack[-1][1]
        elif body.strip() == "end":
            if not stack:
                diagnostics.append(make("AR045", at(match.start()), "{end} without an open {if}"))
                continue
            branches, otherwise, _ = stack.pop()
            node = IfBlock(tuple(Branch(c, tuple(p)) for c, p in branches), tuple(otherwise or ()))
            current = _innermost(stack, root)
            current.append(node)
        else:
            ir, _, found = compile_value(body, scope, at, inner)
            diagnostics.extend(found)
            if ir is not None:
                current.append(Interp(ir))
    if position < len(src):
        current.append(src[position:])
    for block in stack:
        diagnostics.append(make("AR045", at(block[2]), "{if} is never closed with {end}"))
    return _merge(root), diagnostics


def compile_condition_at(src: str, scope: Scope, at: At, base: int) -> tuple[IR, list[Diagnostic]]:
    """Compile a template condition whose text starts at `base` in the scalar."""
    ir, found = compile_expr(src, scope, lambda offset: at(base + offset))
    return (ir if ir is not None else Const(False)), found


def _innermost(stack: list[list], root: list) -> list:
    if not stack:
        return root
    branches, otherwise, _ = stack[-1]
    return otherwise if otherwise is not None else branches[-1][1]


def _merge(parts: list) -> Parts:
    """Join neighbouring strings so rendering does less work."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


MAX_LENGTH = 2000


def _guarded(compile_fn, failed: tuple):
    """Turn any way Python's parser can give up (too deep, too long, unencodable text) into AR040."""

    def wrapper(src: str, scope: Scope, at: At, *rest):
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

    wrapper.__doc__ = compile_fn.__doc__
    wrapper.__name__ = compile_fn.__name__
    return wrapper


compile_expr = _memoized("expr", _guarded(compile_expr, (None,)))
compile_value = _memoized("value", _guarded(compile_value, (None, "")))
compile_effect = _memoized("effect", _guarded(compile_effect, (None,)))
_compile_template = compile_template


def compile_template(src: str, scope: Scope, at: At) -> tuple[Parts, list[Diagnostic]]:  # noqa: F811
    """Compile text; plain text without braces is returned as it is, without a parse."""
    if "{" not in src and "}" not in src:
        return (src,), []
    return _template_memo(src, scope, at)


_template_memo = _memoized("template", _compile_template)
