"""HistoryScreen: the backlog of everything read in this playthrough, newest at the bottom."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.tui.screens.base import PanelScreen
from game.tui.text import plain


class HistoryScreen(PanelScreen[None]):
    """The session's backlog, scrolled to the latest passage."""

    HEADING = "History"

    def compose_body(self) -> ComposeResult:
        session = self.game.session
        entries = session.history if session is not None else []
        with VerticalScroll(id="history-body"):
            if not entries:
                yield Static(plain("Nothing read yet."), classes="intro")
            for entry in entries:
                yield Static(plain(entry.heading), classes="history-heading")
                yield Static(plain(entry.text.rstrip()), classes="history-text")

    def on_mount(self) -> None:
        body = self.query_one("#history-body", VerticalScroll)
        body.focus()
        self.call_after_refresh(body.scroll_end, animate=False)
