"""ContentNotesScreen: what the story deals with. Categories first; a detail only when the player asks."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import PanelScreen
from game.tui.text import plain, styled
from game.tui.widgets.pointer_button import PointerButton
from game.tui.widgets.pointer_list import PointerList

INTRO = (
    "This story deals with the subjects below. Select one to read more about how it is handled; "
    "nothing is shown unless you ask."
)


class ContentNotesScreen(PanelScreen[bool]):
    """The story's content notes. Before a first game it ends with "Continue"; dismisses True to go on."""

    HEADING = "Content notes"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self, notes: list[tuple[str, str, str]], *, before_game: bool = False) -> None:
        """`notes` are (id, title, detail) triples, in the manifest's order."""
        super().__init__()
        self._notes = notes
        self._before_game = before_game

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="notes-body"):
            yield Static(plain(INTRO), classes="intro")
            if self._notes:
                yield PointerList(
                    *[Option(plain(f"• {title}"), id=note_id) for note_id, title, _ in self._notes],
                    id="notes-list",
                    markup=False,
                )
            else:
                yield Static(plain("This story has no content notes."))
            yield Static(id="notes-detail", markup=False)
        with Horizontal(classes="screen-buttons"):
            if self._before_game:
                yield PointerButton("Continue to the game", id="notes-continue", variant="primary")
            yield PointerButton("Back", id="notes-back")

    def on_mount(self) -> None:
        if self._notes:
            self.query_one("#notes-list", OptionList).focus()
        elif self._before_game:
            self.query_one("#notes-continue", Button).focus()

    @on(OptionList.OptionSelected, "#notes-list")
    def _show_detail(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        for note_id, title, detail in self._notes:
            if note_id == event.option_id:
                self.query_one("#notes-detail", Static).update(
                    styled("[b]$title[/b]\n$detail", title=title, detail=detail)
                )

    @on(Button.Pressed, "#notes-continue")
    def _continue(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#notes-back")
    def _back(self) -> None:
        self.dismiss(None)
