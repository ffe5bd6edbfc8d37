"""TitleScreen: the first thing a player sees. It appears at once; the story loads behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.text import plain, styled
from game.tui.widgets.key_footer import KeyFooter
from game.tui.widgets.pointer_list import PointerList

if TYPE_CHECKING:
    from game.tui.app_api import GameApp

MENU: tuple[tuple[str, str], ...] = (
    ("new", "New game"),
    ("continue", "Continue"),
    ("load", "Load a game"),
    ("endings", "Endings reached"),
    ("notes", "Content notes"),
    ("settings", "Settings"),
    ("help", "Help"),
    ("quit", "Quit"),
)
"""The title menu: option id and label, in order."""

NEEDS_STORY = frozenset({"new", "continue", "load", "endings", "notes"})
"""Menu items that wait for the story to finish loading."""

SUBTITLE = "A whodunit at the Archer School of Ballet"


class TitleScreen(Screen[None]):
    """Title, menu and a line saying whether the story is ready."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    @property
    def game(self) -> GameApp:
        """The app, by the interface screens may use."""
        return cast("GameApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(plain("ARCHER: THE FALL"), id="title-name")
            yield Static(plain(SUBTITLE), id="title-sub")
            with Center():
                yield PointerList(*[Option(plain(label), id=key) for key, label in MENU], id="title-menu", markup=False)
            yield Static(plain("Loading the story…"), id="title-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_menu()
        self.watch(self.app, "story_ready", self._story_ready_changed, init=False)

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def _story_ready_changed(self, _ready: bool) -> None:
        self.refresh_menu()
        self.query_one("#title-menu", OptionList).highlighted = 0  # "New game", now that it can be used

    def refresh_menu(self) -> None:
        """Enable what can be used now, and say where the story stands."""
        game = self.game
        menu = self.query_one("#title-menu", OptionList)
        ready = game.story is not None
        has_save = ready and game.latest_save() is not None
        for key, _label in MENU:
            enabled = (ready or key not in NEEDS_STORY) and (key != "continue" or has_save)
            menu.get_option(key).disabled = not enabled
        menu.refresh()
        status = self.query_one("#title-status", Static)
        if game.story is not None:
            status.update(styled("$title · version $version", title=game.story.title, version=game.story.version))
        elif game.load_failed:
            status.update(plain("The story could not be loaded."))
        else:
            status.update(plain("Loading the story…"))
        menu.focus()
        current = menu.highlighted
        if current is None or menu.get_option_at_index(current).disabled:
            menu.highlighted = next(
                (i for i in range(menu.option_count) if not menu.get_option_at_index(i).disabled), None
            )

    @on(OptionList.OptionSelected, "#title-menu")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.game.title_action(event.option_id or "")
