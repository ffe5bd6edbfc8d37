"""NotebookScreen: the clues found, grouped by kind, with where they came from, and the deductions made."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.engine import notebook
from game.engine.views import ClueView
from game.tui.prose import reflow
from game.tui.screens.base import PanelScreen
from game.tui.text import plain, styled

EMPTY = "Nothing written down yet. Clues appear here as you find them."


def clue_block(clue: ClueView) -> Static:
    """One entry: title, where it was found, and what it says (what it proves is the player's to judge)."""
    return Static(
        styled("[b]$title[/b]\n[dim]$found[/dim]\n$text", title=clue.title, found=clue.found,
               text=reflow(clue.text)),
        classes="entry",
    )  # fmt: skip


class NotebookScreen(PanelScreen[None]):
    """Everything Neveah has found, as the engine's notebook view gives it."""

    HEADING = "Notebook"

    def compose_body(self) -> ComposeResult:
        session = self.game.session
        assert session is not None
        book = notebook(session.story, session.state)
        with VerticalScroll(id="notebook-body"):
            if not book.groups and not book.deductions:
                yield Static(plain(EMPTY), classes="intro")
            for kind, clues in book.groups:
                yield Static(plain(kind.capitalize()), classes="group-title")
                for clue in clues:
                    yield clue_block(clue)
            if book.deductions:
                yield Static(plain("Deductions"), classes="group-title")
                for item in book.deductions:
                    yield clue_block(item)

    def on_mount(self) -> None:
        self.query_one("#notebook-body", VerticalScroll).focus()
