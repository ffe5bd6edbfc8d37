"""Base classes: full screens opened over the game, and modal dialogs. Escape closes both."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from game.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from game.tui.app_api import GameApp

T = TypeVar("T")


class ArcherModal(ModalScreen[T]):
    """A dialog in a box over the current screen; escape closes it with no result."""

    DEFAULT_CSS = """
    ArcherModal { align: center middle; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    @property
    def game(self) -> GameApp:
        """The app, by the interface screens may use."""
        return cast("GameApp", self.app)

    def action_close(self) -> None:
        """Close with no result."""
        self.dismiss(None)


class PanelScreen(Screen[T], Generic[T]):
    """A full screen with a title line and a footer; escape goes back to the screen below."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]
    HEADING: ClassVar[str] = ""
    """The title line of the screen."""

    @property
    def game(self) -> GameApp:
        """The app, by the interface screens may use."""
        return cast("GameApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(self.HEADING, classes="screen-title", markup=False)
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The widgets between the title line and the footer."""
        yield from ()

    def action_close(self) -> None:
        """Go back to the screen below."""
        self.dismiss(None)
