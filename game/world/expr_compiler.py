"""The compiler of conditions and values: a whitelist of `ast` node shapes turned into the typed nodes of
`game.world.ir`, with every name checked against the story's ids and every operand against its type."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from game.world.diagnostics import Pos, make
from game.world.expr_parse import HINT, TYPE_NAMES, At, Fail, clipped, describe, names_hint, suggest
from game.world.ir import And, Bare, Bin, Call, Cmp, Const, Expr, Get, Neg, Not, Or
from game.world.names import BARE, FUNCTIONS, MARKS, NAMESPACES

CMP_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}


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


class Compiler:
    """Compiles the nodes of one expression; `fail` makes the diagnostic that stops it."""

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

    def fail(self, code: str, node: ast.AST, message: str, hint: str = "") -> Fail:
        return Fail(make(code, self.where(node), message, hint))

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
        raise self.fail("AR041", node, f"{describe(node)} is not allowed in an expression", HINT)

    def expect(self, node: ast.AST, wanted: str) -> Expr:
        ir, kind, _ = self.expr(node)
        if kind != wanted:
            raise self.fail("AR043", node, f"expected a {TYPE_NAMES[wanted]} here, got a {TYPE_NAMES[kind]}")
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
        raise self.fail("AR042", node, f"unknown name '{ident}'", names_hint())

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
                "AR042", node, f"unknown {ns.keys} '{key}' in {ns_name}.{key}", suggest(key, self.scope.ids, ns.keys)
            )
        self.scope.used.add((ns.keys, key))
        kind = self.scope.var_types.get(key, "int") if ns.type == "var" else ns.type
        return Get(ns_name, key), kind, ns.domain

    def call(self, node: ast.Call) -> tuple[Expr, str, str | None]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = node.func.id if isinstance(node.func, ast.Name) else f"`{clipped(ast.unparse(node.func))}`"
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
                    f"cannot compare a {TYPE_NAMES[left_kind]} with a {TYPE_NAMES[right_kind]}",
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
            raise self.fail("AR042", node, f"unknown {domain} '{text}'", suggest(text, self.scope.ids, domain))
