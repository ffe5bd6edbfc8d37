"""Text helpers for the screens: story text is never markup.

Every string that comes from a story or a save goes through `plain` (or through `Content.from_markup` as a
`$variable`, which inserts it literally), so square brackets in prose show exactly as written.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

MASK = "\u2800"
"""A blank that is not whitespace: the typewriter fills unrevealed text with it so lines wrap the same way."""


def plain(text: str) -> Content:
    """Content that shows `text` exactly, with no markup processing."""
    return Content(text)


def styled(template: str, **values: object) -> Content:
    """Content from a markup template written here, with story values inserted literally as `$name`."""
    return Content.from_markup(template, **{key: str(value) for key, value in values.items()})


def masked(text: str) -> str:
    """`text` with every visible character replaced by a blank of the same width (spaces and newlines kept)."""
    return "".join(ch if ch.isspace() else MASK * max(1, cell_len(ch)) for ch in text)
