"""Small dialogs: yes/no confirmation, a message with an OK button, and the quit question."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from game.tui.screens.base import ArcherModal
from game.tui.text import plain
from game.tui.widgets.pointer_button import PointerButton


class ConfirmModal(ArcherModal[bool]):
    """Ask a yes/no question; dismisses with True for yes, False (or None on escape) otherwise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel"),
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(plain(self._question), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield PointerButton(plain(self._yes), id="yes", variant="primary")
                yield PointerButton(plain(self._no), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, answer: bool) -> None:
        """Answer by key: y or n."""
        self.dismiss(answer)

    @on(Button.Pressed, "#yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no_pressed(self) -> None:
        self.dismiss(False)


class MessageModal(ArcherModal[None]):
    """Tell the player something that needs reading (a damaged save, an outcome) and wait for OK."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, title: str, body: str, *, error: bool = False) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -error" if self._error else "dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(plain(self._body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield PointerButton("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(None)


QuitAnswer = Literal["save", "quit"]


class QuitModal(ArcherModal[QuitAnswer]):
    """Asked on quit when progress is unsaved: quicksave and quit, quit anyway, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Stay"),
        Binding("s", "answer('save')", "Save and quit", show=False),
        Binding("q", "answer('quit')", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Quit the game?", classes="dialog-title", markup=False)
            yield Static(
                "You have progress that is not saved yet. Save it to the quicksave slot before you go?",
                classes="dialog-body",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield PointerButton("Save and quit", id="save", variant="primary")
                yield PointerButton("Quit", id="quit", variant="error")
                yield PointerButton("Stay", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def action_answer(self, answer: QuitAnswer) -> None:
        """Answer by key: s saves and quits, q quits."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.dismiss("save")
        elif event.button.id == "quit":
            self.dismiss("quit")
        else:
            self.dismiss(None)
