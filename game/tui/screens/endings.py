"""EndingsScreen: the endings this player has reached, across every game, out of all the story has."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.tui.screens.base import PanelScreen
from game.tui.text import plain, styled

KIND_LABELS: dict[str, str] = {
    "solved": "solved",
    "weak": "not enough proof",
    "wrong": "wrong accusation",
    "expelled": "expelled",
    "walked_away": "walked away",
    "woke": "Cassie wakes",
    "timeout": "time ran out",
    "other": "another ending",
}


class EndingsScreen(PanelScreen[None]):
    """Every ending in story order; the ones not reached yet keep their titles hidden."""

    HEADING = "Endings reached"

    def __init__(self, endings: list[tuple[str, str, str]], reached: list[str]) -> None:
        """`endings` are (id, title, kind) in story order; `reached` are the ids from the profile."""
        super().__init__()
        self._endings = endings
        self._reached = set(reached)

    def compose_body(self) -> ComposeResult:
        count = sum(1 for ending_id, _, _ in self._endings if ending_id in self._reached)
        with VerticalScroll(id="endings-body"):
            yield Static(plain(f"{count} of {len(self._endings)} endings reached."), classes="intro")
            for ending_id, title, kind in self._endings:
                if ending_id in self._reached:
                    line = styled("✓ [b]$title[/b]  ($kind)", title=title, kind=KIND_LABELS.get(kind, kind))
                else:
                    line = plain("· not reached yet")
                yield Static(line, classes="ending-row")
