"""Text helpers for the screens: story text is never markup.

Every string that comes from a story or a save goes through `plain`, `prose` (story prose: reflowed, with
*emphasis* shown as italics) or `Content.from_markup` as a `$variable`, which inserts it literally; so square
brackets in prose show exactly as written.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.content import Content, Span

from game.session.words import EMPHASIS, reflow

MASK = "\u2800"
"""A blank that is not whitespace: the typewriter fills unrevealed text with it so lines wrap the same way."""


def plain(text: str) -> Content:
    """Content that shows `text` exactly, with no markup processing."""
    return Content(text)


def emphasised(text: str) -> Content:
    """`text` with its emphasis marks turned into styles: `*x*` and `_x_` italic, `**x**` bold."""
    pieces: list[str] = []
    spans: list[Span] = []
    length = 0
    last = 0
    for match in EMPHASIS.finditer(text):
        before = text[last : match.start()]
        pieces.append(before)
        length += len(before)
        inner = match.group(2)
        spans.append(Span(length, length + len(inner), "bold" if match.group(1) == "**" else "italic"))
        pieces.append(inner)
        length += len(inner)
        last = match.end()
    pieces.append(text[last:])
    return Content("".join(pieces), spans)


def prose(text: str) -> Content:
    """Story prose as the player reads it: hard breaks from the YAML undone (`reflow`), emphasis styled."""
    return emphasised(reflow(text))


def styled(template: str, **values: object) -> Content:
    """Content from a markup template written here, with story values inserted literally as `$name`."""
    return Content.from_markup(template, **{key: str(value) for key, value in values.items()})


_VISIBLE = re.compile(r"\S")
"""One character that is not whitespace (as `str.isspace` tells it)."""


def masked(text: str) -> str:
    """`text` with every visible character replaced by a blank of the same width (spaces and newlines kept)."""
    if all(cell_len(ch) < 2 for ch in set(text)):  # one blank each: a scene is masked at every step, so fast
        return _VISIBLE.sub(MASK, text)
    return "".join(ch if ch.isspace() else MASK * max(1, cell_len(ch)) for ch in text)


QUOTES = "\"“”'‘’"
"""Quotation marks a statement may already carry."""


def quoted(text: str) -> str:
    """Spoken words in curly quotes, unless the story already put quotes around them (never doubled)."""
    text = text.strip()
    if text[:1] in QUOTES and text[-1:] in QUOTES:
        return text
    return f"“{text}”"
