"""Prose and small formats for players, with no Textual: shared by the session and the screens."""

from __future__ import annotations

import re
from datetime import datetime

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_KEEP_BREAK = re.compile(r"^(\s|[-*•>]\s|\d+[.)]\s)")


def reflow(text: str) -> str:
    """Prose as the terminal should wrap it: blank lines separate paragraphs, single line breaks are soft.

    Story files wrap their prose to fit an editor; at 80 columns those hard breaks would leave ragged lines.
    A break is kept when the next line is indented or starts a list item (`- `, `* `, `• `, `> `, `1. `).
    Nothing else changes: no character is added or removed apart from the joined line ends.
    """
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    out: list[str] = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        merged = [lines[0].rstrip()]
        for line in lines[1:]:
            if _KEEP_BREAK.match(line):
                merged.append(line.rstrip())
            else:
                merged[-1] = f"{merged[-1]} {line.strip()}" if merged[-1] else line.strip()
        out.append("\n".join(merged))
    return "\n\n".join(out)


def play_time(seconds: float) -> str:
    """A play time for humans: `45s`, `12m`, `1h 05m`."""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"


def saved_time(moment: datetime | None) -> str:
    """When a save was made, in local time: `2026-03-04 17:05`."""
    if moment is None:
        return "unknown time"
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
