"""Text templates: `{expr}` interpolation and `{if}`/`{elif}`/`{else}`/`{end}` blocks, compiled once at load."""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.world.diagnostics import Diagnostic, make
from game.world.expr import At, Scope, compile_expr, compile_value, memoized
from game.world.ir import Branch, Const, Expr, IfBlock, Interp, Part, Parts

_TAG = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def _compile_template(src: str, scope: Scope, at: At) -> tuple[Parts, list[Diagnostic]]:
    """Compile text with `{expr}` interpolation and `{if}`/`{elif}`/`{else}`/`{end}` blocks.

    Returns (parts, diagnostics): text strings, Interp nodes and IfBlock nodes (see game.world.ir).
    """
    diagnostics: list[Diagnostic] = []
    root: list[Part] = []
    stack: list[_Block] = []
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
            block = _Block([(cond, [])], None, match.start())
            stack.append(block)
            current = block.branches[-1][1]
        elif word == "elif":
            if not stack or stack[-1].otherwise is not None:
                diagnostics.append(make("AR045", at(match.start()), "{elif} without an open {if}"))
                continue
            cond, found = compile_condition_at(rest, scope, at, inner + body.index("elif") + 5)
            diagnostics.extend(found)
            stack[-1].branches.append((cond, []))
            current = stack[-1].branches[-1][1]
        elif body.strip() == "else":
            if not stack or stack[-1].otherwise is not None:
                diagnostics.append(make("AR045", at(match.start()), "{else} without an open {if}"))
                continue
            current = stack[-1].otherwise = []
        elif body.strip() == "end":
            if not stack:
                diagnostics.append(make("AR045", at(match.start()), "{end} without an open {if}"))
                continue
            done = stack.pop()
            node = IfBlock(tuple(Branch(c, tuple(p)) for c, p in done.branches), tuple(done.otherwise or ()))
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
        diagnostics.append(make("AR045", at(block.start), "{if} is never closed with {end}"))
    return _merge(root), diagnostics


def compile_condition_at(src: str, scope: Scope, at: At, base: int) -> tuple[Expr, list[Diagnostic]]:
    """Compile a template condition whose text starts at `base` in the scalar."""
    ir, found = compile_expr(src, scope, lambda offset: at(base + offset))
    return (ir if ir is not None else Const(False)), found


@dataclass
class _Block:
    """An open {if} block: its arms so far, its {else} part once there is one, and where it opened."""

    branches: list[tuple[Expr, list[Part]]]
    otherwise: list[Part] | None
    start: int


def _innermost(stack: list[_Block], root: list[Part]) -> list[Part]:
    if not stack:
        return root
    block = stack[-1]
    return block.otherwise if block.otherwise is not None else block.branches[-1][1]


def _merge(parts: list[Part]) -> Parts:
    """Join neighbouring strings so rendering does less work."""
    merged: list[Part] = []
    for part in parts:
        last = merged[-1] if merged else None
        if isinstance(part, str) and isinstance(last, str):
            merged[-1] = last + part
        else:
            merged.append(part)
    return tuple(merged)


_template_memo = memoized("template", _compile_template)


def compile_template(src: str, scope: Scope, at: At) -> tuple[Parts, list[Diagnostic]]:
    """Compile text; plain text without braces is returned as it is, without a parse."""
    if "{" not in src and "}" not in src:
        return (src,), []
    return _template_memo(src, scope, at)
