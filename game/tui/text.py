"""Text helpers for the screens: story text is never markup.

Every string that comes from a story or a save goes through `plain`, `prose` (story prose: reflowed, with
*emphasis* shown as italics) or `Content.from_markup` as a `$variable`, which inserts it literally; so square
brackets in prose show exactly as written.
"""

from __future__ import annotations

from textual.content import Content, Span

from game.session.words import EMPHASIS, reflow


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


QUOTES = "\"“”'‘’"
"""Quotation marks a statement may already carry."""


def quoted(text: str) -> str:
    """Spoken words in curly quotes, unless the story already put quotes around them (never doubled)."""
    text = text.strip()
    if text[:1] in QUOTES and text[-1:] in QUOTES:
        return text
    return f"“{text}”"


def more_line(below: int, above: int, *, place: str = "below", down: str = "PgDn or ↓", end: str = "the text",
              up: str = "PgUp or ↑") -> str:
    """The line under a scrolling pane that says whether there is more to read (`below` or `above` lines), and
    which keys reach it; "" when everything shows. The play screen's scene uses the defaults."""
    if below > 0:
        lines = "1 more line" if below == 1 else f"{below} more lines"
        return f"▼ {lines} {place}: {down} reads on"
    if above > 0:
        return f"▲ End of {end}. {up} goes back up"
    return ""
