"""HistoryScreen: the player's story so far (text read and choices made), with the investigation log (what
presenting evidence, the board and the accusation brought about) on a tab of its own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from game.session.words import HistoryEntry
from game.tui.screens.base import PanelScreen
from game.tui.text import plain, prose, styled

STORY_KINDS = frozenset({"scene", "choice", "event", "undo"})
"""Entries of the Story tab; the rest (investigation) go to the Investigation tab."""


def entry_widgets(entry: HistoryEntry) -> Iterable[Static]:
    """How one entry reads: a scene under its heading, a choice as `▸ You chose: ...`, an event as a line."""
    if entry.kind == "scene":
        yield Static(plain(entry.heading), classes="history-heading")
        yield Static(prose(entry.text.rstrip()), classes="history-text")
    elif entry.kind == "choice":
        yield Static(styled("[b]▸ You chose:[/b] ") + prose(entry.text), classes="history-choice")
    else:
        yield Static(styled("[b]◆ $label:[/b] ", label=entry.heading) + prose(entry.text), classes="history-event")


class HistoryScreen(PanelScreen[None]):
    """The session's backlog, scrolled to the latest passage."""

    HEADING = "History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("i", "switch", "Story / Investigation"),
    ]

    def compose_body(self) -> ComposeResult:
        session = self.game.session
        entries = session.history if session is not None else []
        story = [entry for entry in entries if entry.kind in STORY_KINDS]
        found = [entry for entry in entries if entry.kind not in STORY_KINDS]
        with TabbedContent(id="history-tabs"):
            with TabPane("Story", id="tab-story"), VerticalScroll(id="history-body", classes="history-pane"):
                if not story:
                    yield Static(plain("Nothing read yet."), classes="intro")
                for entry in story:
                    yield from entry_widgets(entry)
            with TabPane("Investigation", id="tab-investigation"):
                with VerticalScroll(id="investigation-body", classes="history-pane"):
                    if not found:
                        yield Static(plain("Nothing yet: what presenting evidence, the board and an accusation "
                                           "bring about is kept here."), classes="intro")  # fmt: skip
                    for entry in found:
                        yield from entry_widgets(entry)

    def on_mount(self) -> None:
        self._show("tab-story", "#history-body")

    def _show(self, tab: str, body_id: str) -> None:
        self.query_one("#history-tabs", TabbedContent).active = tab
        body = self.query_one(body_id, VerticalScroll)
        body.focus()
        self.call_after_refresh(body.scroll_end, animate=False)

    def action_switch(self) -> None:
        """Go from the story to the investigation log and back."""
        if self.query_one("#history-tabs", TabbedContent).active == "tab-story":
            self._show("tab-investigation", "#investigation-body")
        else:
            self._show("tab-story", "#history-body")
