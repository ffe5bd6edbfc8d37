"""Author text parsed as an expression, and the words the language uses to explain itself: a syntax error in the
author's terms (`&&` for `and`, `=` for `==`), the name of what is not allowed, and "did you mean" among the ids
of the kind that belongs there.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.names import BARE

At = Callable[[int], Pos]
"""Turns an offset in the expression's text into a position in its file."""


class Fail(Exception):
    """Internal: stop compiling one expression with a diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


HINT = "use and/or/not, comparisons, + - *, numbers, strings, true/false and namespace.id names"
TYPE_NAMES = {"int": "number", "bool": "true/false value", "str": "string"}


def describe(node: ast.AST) -> str:
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


def clipped(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def names_hint() -> str:
    return "names are namespace.id (e.g. trust.june, flag.roof_key) or one of: " + ", ".join(sorted(BARE))


def suggest(key: str, ids: dict[str, set[str]], kind: str) -> str:
    """The hint for an unknown id: the nearest id of that kind, or how to declare one."""
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


def confused(text: str, mode: str) -> tuple[int, str, str] | None:
    """Operators from other languages that an author may reach for: (offset, message, fix), or None."""
    masked = _STRINGS.sub(lambda m: " " * len(m.group(0)), text)
    found = [(m.start(), message, fix) for pattern, message, fix in _CONFUSED
             if (m := pattern.search(masked)) is not None]
    if mode == "eval" and (m := _SINGLE_EQUALS.search(masked)) is not None:
        found.append((m.start(), "`=` sets a value; a condition compares", "use `==` to compare"))
    return min(found) if found else None


def parse(src: str, mode: str, at: At) -> ast.AST:
    """Parse with Python's `ast` (never evaluated); a syntax error is AR040 or AR041 in the author's words."""
    try:
        return ast.parse(src.strip(), mode=mode)
    except SyntaxError as err:
        offset = (err.offset or 1) - 1
        message = err.msg or "invalid syntax"
        if re.search(r"\b(import|from|lambda|def|class)\b", src):
            raise Fail(make("AR041", at(offset), "imports, lambdas and definitions are not allowed")) from None
        found = confused(src.strip(), mode)
        if found is not None:
            raise Fail(make("AR040", at(found[0]), found[1], found[2])) from None
        raise Fail(make("AR040", at(offset), f"cannot parse expression: {message}", HINT)) from None
