"""Prose and small formats for players, with no Textual: shared by the session and the screens."""

from __future__ import annotations

from datetime import datetime

from game.session.words import reflow

__all__ = ["play_time", "reflow", "saved_time"]


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
