"""The names an expression may use, declared once: namespaces (`trust.june`), bare names (`day`), effect verbs.

The compiler (game.world.expr) checks expressions against these, the evaluator (game.engine.evaluate) reads
each one from a game's state, tools complete and explain them, and the table in docs/format.md is generated
from them (`names_table`; a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ns:
    """A namespace such as `trust`: the type of its values, which ids are its keys, the id kind of its values."""

    type: str
    """bool, int or str; `var` values take the declared type of each variable."""
    keys: str
    """The kind of id after the dot (flag, character, clue, ...)."""
    domain: str | None = None
    """For string values: the kind of id they are, so a compared string literal can be checked."""
    doc: str = ""
    """What it means, for the docs table and editors."""


@dataclass(frozen=True)
class BareName:
    """A name used alone, such as `day`."""

    type: str
    domain: str | None = None
    doc: str = ""


NAMESPACES: dict[str, Ns] = {
    "flag": Ns("bool", "flag", doc="a declared flag is set"),
    "var": Ns("var", "var", doc="a declared variable"),
    "trust": Ns("int", "character", doc="a character's trust toward Neveah"),
    "composure": Ns("int", "character", doc="a character's composure: how much questioning they can take"),
    "belief": Ns("str", "character", "character",
                 doc="who the character thinks did it (a character id, or \"\"); witnesses of a broken statement "
                     "come to believe its speaker did it"),
    "at": Ns("str", "character", "place", doc="where the character is now, from their schedule (a place id)"),
    "name": Ns("str", "character", doc="a character's short name (for text)"),
    "clue": Ns("bool", "clue", doc="the player holds that clue"),
    "deduction": Ns("bool", "deduction", doc="the player has made that deduction"),
    "secret": Ns("bool", "secret", doc="the player has uncovered that secret"),
    "heard": Ns("bool", "statement", doc="the statement is recorded"),
    "caught": Ns("bool", "statement", doc="the statement is broken by a contradiction"),
    "fact": Ns("bool", "fact", doc="the fact is true in the case being played"),
    "visited": Ns("int", "scene", doc="how many times the scene has been entered"),
    "seen": Ns("bool", "scene", doc="the scene has been entered at least once (`visited.S > 0`)"),
    "met": Ns("bool", "character",
              doc="Neveah has met the character: she has been in a scene whose `people:` lists them, or the "
                  "manifest's `known:` does"),
    "mark": Ns("str", "character", "mark",
               doc="the player's own mark for the character: \"suspect\", \"unsure\", \"cleared\", \"unmarked\""),
}
BARE: dict[str, BareName] = {
    "day": BareName("str", "day", "the current day's id"),
    "slot": BareName("str", "slot", "the current slot's id"),
    "location": BareName("str", "place", "the id of the current scene's place"),
    "case": BareName("str", "case", "the id of the case being played"),
    "daynum": BareName("int", None, "the day's number: 1 for the first day"),
    "standing": BareName("int", None, "Neveah's standing at the school"),
    "accusations": BareName("int", None, "accusations left"),
    "clues": BareName("int", None, "the number of clues held"),
}
ASSIGNABLE = ("var", "trust", "composure", "belief")
"""Namespaces an effect may change (and the bare name `standing`)."""
MARKS = ("suspect", "unsure", "cleared", "unmarked")
"""The values of `mark.C`: what the player has marked a suspect as."""
FUNCTIONS = {"min": 2, "max": 2, "abs": 1}
"""The functions an expression may call, with their number of arguments."""

_KEY_LETTER = {"flag": "X", "var": "X", "character": "C", "clue": "X", "deduction": "X", "secret": "X",
               "statement": "S", "fact": "F", "scene": "S"}


def names_table() -> str:
    """The markdown table of every name an expression can use, as docs/format.md holds it."""
    lines = ["| name | after the dot | type | meaning |", "|---|---|---|---|"]
    for name, ns in NAMESPACES.items():
        kind = "as declared" if ns.type == "var" else _TYPE_WORDS[ns.type]
        lines.append(f"| `{name}.{_KEY_LETTER[ns.keys]}` | a {ns.keys} id | {kind} | {ns.doc} |")
    for name, bare in BARE.items():
        lines.append(f"| `{name}` | | {_TYPE_WORDS[bare.type]} | {bare.doc} |")
    return "\n".join(lines) + "\n"


_TYPE_WORDS = {"bool": "true/false", "int": "number", "str": "string"}
