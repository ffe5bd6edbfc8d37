"""Diagnostics: every problem found in a story, with a stable code, a severity and a source position.

The registry below is the single list of codes. docs/diagnostics.md documents each one, and a test keeps
the two in step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """A diagnostic code: its id, default severity and a short title."""

    id: str
    severity: Severity
    title: str


_CODES = [
    # Files and YAML
    Code("AR001", "error", "YAML syntax error"),
    Code("AR002", "error", "duplicate key in a mapping"),
    Code("AR003", "error", "YAML alias or anchor reference"),
    Code("AR004", "error", "nesting too deep"),
    Code("AR005", "error", "file too large"),
    Code("AR006", "error", "file is not UTF-8"),
    Code("AR007", "error", "file or folder cannot be read"),
    Code("AR008", "error", "unsupported YAML value"),
    # Shape (from the pydantic models)
    Code("AR010", "error", "missing field"),
    Code("AR011", "error", "unknown field"),
    Code("AR012", "error", "wrong type or value"),
    # Includes
    Code("AR020", "error", "include matches no file"),
    Code("AR021", "error", "include escapes the story folder"),
    Code("AR022", "error", "include cycle"),
    # Ids and references
    Code("AR030", "error", "duplicate id"),
    Code("AR031", "error", "unknown id"),
    Code("AR032", "error", "duplicate choice id in a scene"),
    # Expressions, effects, text
    Code("AR040", "error", "expression syntax error"),
    Code("AR041", "error", "forbidden construct in an expression"),
    Code("AR042", "error", "unknown name in an expression"),
    Code("AR043", "error", "type error in an expression"),
    Code("AR044", "error", "malformed effect"),
    Code("AR045", "error", "malformed text template"),
    # Story graph
    Code("AR050", "warning", "scene unreachable from the start"),
    Code("AR051", "error", "dead end: a scene with no choices"),
    Code("AR052", "warning", "declared but never used"),
    Code("AR053", "warning", "more than nine choices"),
    Code("AR054", "error", "time can stand still forever"),
    # Fair play (game/tools/fairness.py, `archer check`)
    Code("AR055", "error", "standing trap: every choice ends the game"),
    Code("AR056", "warning", "a choice with no reply of its own"),
    # Mystery
    Code("AR060", "error", "three-clue rule broken"),
    Code("AR061", "error", "solution not unique"),
    Code("AR062", "error", "a single clue decides the case"),
    Code("AR063", "error", "red herring cannot be resolved"),
    Code("AR064", "warning", "clue variants differ in shape"),
    Code("AR065", "error", "culprit's statements cannot be broken"),
    Code("AR066", "error", "case references are inconsistent"),
    Code("AR067", "error", "a clue's text names the culprit with the act"),
    Code("AR068", "error", "the shortest argument is too short"),
    Code("AR069", "error", "an innocent suspect cannot be cleared"),
    # Deep exploration
    Code("AR070", "error", "ending never reached"),
    Code("AR071", "error", "case cannot be solved"),
    Code("AR072", "error", "soft-lock: a reachable state cannot reach an ending"),
    Code("AR073", "warning", "scene or choice never reached in exploration"),
    Code("AR074", "error", "clue can never be obtained"),
    Code("AR075", "warning", "state space bound reached: exploration incomplete"),
    # Branch packs
    Code("AR080", "error", "branch pack needs another story or version"),
    Code("AR081", "error", "branch pack id clashes with the story"),
    Code("AR082", "error", "hook into a missing scene or clue"),
    # Argument and prose
    Code("AR090", "warning", "the shortest argument is found in too few days"),
    Code("AR091", "warning", "duplicated prose"),
    Code("AR092", "warning", "a clue contradicts a statement but is not listed against it"),
    Code("AR093", "error", "two cases share their crime"),
    Code("AR094", "warning", "a case declares no crime"),
    # Continuity (game/tools/continuity.py, `archer check`)
    Code("AR100", "warning", "a passage shown without what it assumes"),
    Code("AR101", "warning", "a passage names someone not met yet"),
]
CODES: dict[str, Code] = {code.id: code for code in _CODES}


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, what it is, and how to fix it."""

    code: str
    severity: Severity
    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def format(self) -> str:
        """The one-line form `path:line:col: CODE severity: message (hint)`."""
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict with the same fields."""
        return asdict(self)


class Pos(NamedTuple):
    """A source position: file, 1-based line and column."""

    path: str
    line: int
    col: int


def make(code: str, pos: Pos, message: str, hint: str = "") -> Diagnostic:
    """A diagnostic with the code's default severity."""
    return Diagnostic(code, CODES[code].severity, pos.path, pos.line, pos.col, message, hint)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity == "error" for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, position and code."""
    return (d.path, d.line, d.col, d.code)
