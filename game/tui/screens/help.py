"""HelpScreen: every key, grouped by where it works (from game.tui.keys); in a browser, with the alternatives
for the keys the browser keeps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from game.tui.keys import KEYS, in_browser
from game.tui.screens.base import PanelScreen
from game.tui.text import plain

BROWSER_NOTE = (
    "In a browser, keys that the browser keeps for itself have a capital-letter twin, shown first below "
    "(Q quits, S saves, L loads)."
)


class HelpScreen(PanelScreen[None]):
    """The keys of the game: one row per key, its description wrapped beside it."""

    HEADING = "Help: keys"

    def compose_body(self) -> ComposeResult:
        web = self.app.is_web
        with VerticalScroll(id="help-body"):
            if web:
                yield Static(plain(BROWSER_NOTE), classes="help-note")
            for group, rows in KEYS:
                yield Static(plain(group), classes="help-group")
                for keys, what in rows:
                    with Horizontal(classes="help-row"):
                        yield Static(plain(in_browser(keys) if web else keys), classes="help-key")
                        yield Static(plain(what), classes="help-what")

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()
