"""GameMenuModal: what escape opens during play."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import ArcherModal
from game.tui.text import plain
from game.tui.widgets.pointer_list import PointerList

ITEMS: tuple[tuple[str, str], ...] = (
    ("resume", "Resume"),
    ("save", "Save game"),
    ("load", "Load game"),
    ("history", "History"),
    ("settings", "Settings"),
    ("help", "Help"),
    ("title", "Return to the title screen"),
    ("quit", "Quit"),
)


class GameMenuModal(ArcherModal[str]):
    """Pause menu; dismisses with the id of the item picked (None: resume)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -menu"):
            yield Static("Game menu", classes="dialog-title", markup=False)
            yield PointerList(*[Option(plain(label), id=key) for key, label in ITEMS], id="menu-list", markup=False)

    def on_mount(self) -> None:
        menu = self.query_one("#menu-list", OptionList)
        menu.focus()
        menu.highlighted = 0

    @on(OptionList.OptionSelected, "#menu-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(None if event.option_id == "resume" else event.option_id)
