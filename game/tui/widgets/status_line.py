"""StatusLine: day, time slot, location and standing, on one line above the scene."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from game.engine.views import LAST_CHANCE, View
from game.tui.text import styled


class StatusLine(Horizontal):
    """Where and when Neveah is (left) and how she stands at Archer (right)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    StatusLine #where { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine #standing { width: auto; }
    StatusLine #standing.-last-chance { color: $error; text-style: bold; }
    """

    def __init__(self, *, dev: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self._dev = dev

    def compose(self) -> ComposeResult:
        yield Static(id="where", markup=False)
        yield Static(id="standing", markup=False)

    def show(self, current: View, case: str = "") -> None:
        """Fill the line from a view; in dev mode the scene id and the case are added."""
        status = current.status
        where = self.query_one("#where", Static)
        if current.ending is not None:
            where.update(styled("[b]The end[/b] · $title", title=current.ending.title))
        else:
            extra = f"  [{current.scene_id} · {case}]" if self._dev else ""
            where.update(
                styled(
                    "[b]$day[/b], $slot · $location$extra",
                    day=status.day,
                    slot=status.slot,
                    location=status.location,
                    extra=extra,
                )
            )
        warning = f" ({LAST_CHANCE})" if status.last_chance else ""
        standing = self.query_one("#standing", Static)
        standing.update(
            styled(
                "Standing [b]$standing[/b]/$max$warning · Accusations $left",
                standing=status.standing,
                max=status.standing_max,
                warning=warning,
                left=status.accusations_left,
            )
        )
        standing.set_class(status.last_chance, "-last-chance")
