"""Base classes: full screens opened over the game, and modal dialogs. Escape closes both."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from game.tui.text import more_line, plain
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


class SidePane(VerticalScroll, can_focus=False):
    """The side pane of a `SidePaneScreen`: it says when its size changes (a Resize does not reach the screen)."""

    class Resized(Message):
        """The pane was laid out at a new size."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class SidePaneScreen(PanelScreen[T], Generic[T]):
    """A panel screen with a side pane that scrolls as a whole (what a list on the left is about) and a line under
    it saying when there is more. The pane never takes focus, so Tab goes from list to list and a pointer always
    shows where the keys act; PgDn and PgUp read the pane whatever has focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "read(1)", "Read on", priority=True),
        Binding("pageup", "read(-1)", "Back up", show=False, priority=True),
    ]
    PANE: ClassVar[str] = ""
    """The id of the side pane (a VerticalScroll)."""
    MORE: ClassVar[str] = ""
    """The id of the Static that says whether the pane has more."""
    PANE_NAME: ClassVar[str] = "the right side"
    """How the more-line names the pane."""

    def side_pane(self) -> SidePane:
        """A new side pane; compose it with `with`."""
        return SidePane(id=self.PANE)

    def follow_pane(self) -> None:
        """Keep the more-line under the pane up to date (call once the pane is mounted)."""
        pane = self.query_one(f"#{self.PANE}", VerticalScroll)
        for size in ("scroll_y", "virtual_size"):
            self.watch(pane, size, self._update_more, init=False)

    @on(SidePane.Resized)
    def _update_more(self, *_: object) -> None:
        pane = self.query_one(f"#{self.PANE}", VerticalScroll)
        below = max(0, round(pane.max_scroll_y - pane.scroll_y))
        line = more_line(below, max(0, round(pane.scroll_y)), place="on the right", down="PgDn", end=self.PANE_NAME,
                         up="PgUp")
        self.query_one(f"#{self.MORE}", Static).update(plain(line))

    def action_read(self, direction: int) -> None:
        """Scroll the side pane by a page."""
        pane = self.query_one(f"#{self.PANE}", VerticalScroll)
        if direction > 0:
            pane.scroll_page_down(animate=False)
        else:
            pane.scroll_page_up(animate=False)
