"""HelpScreen: every key, grouped by where it works (from game.tui.keys)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.tui.keys import KEYS
from game.tui.screens.base import PanelScreen
from game.tui.text import styled

KEY_WIDTH = 19


def help_text() -> Content:
    """The key table as one block of text: a heading per group, then `keys  what they do` lines."""
    lines: list[Content] = []
    for group, keys in KEYS:
        if lines:
            lines.append(Content(""))
        lines.append(styled("[b $text-primary]$group[/]", group=group))
        for key, what in keys:
            lines.append(styled("  [b]$key[/b]$pad$what", key=key, pad=" " * max(1, KEY_WIDTH - len(key)), what=what))
    return Content("\n").join(lines)


class HelpScreen(PanelScreen[None]):
    """The keys of the game."""

    HEADING = "Help: keys"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()
