"""The screens the app opens by name: one registry entry per route, saying what it needs and how it is made.

Bindings name a route (`app.open('notebook')`); the app looks the route up here, checks that what it needs is
there (the story, a game in progress, a scene that allows it) and builds the screen. The screen modules are
imported when their screen is first opened, so the title screen comes up without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

if TYPE_CHECKING:
    from game.tui.save_actions import SaveActions


class Route(StrEnum):
    """Every screen that can be opened by name."""

    HELP = "help"
    SETTINGS = "settings"
    LOAD = "load"
    NOTEBOOK = "notebook"
    SUSPECTS = "suspects"
    BOARD = "board"
    HISTORY = "history"
    MENU = "menu"
    SAVE = "save"
    ACCUSE = "accuse"


@dataclass(frozen=True)
class Page:
    """How a route is opened: whether it needs the story or a game, and the function that builds its screen
    (which may return None after telling the player why the screen cannot open now)."""

    make: Callable[[SaveActions], Screen[Any] | None]
    needs_story: bool = False
    needs_game: bool = False


def _help(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.help import HelpScreen

    return HelpScreen()


def _settings(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def _load(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.saves import LoadScreen

    return LoadScreen(app.store)


def _notebook(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.notebook import NotebookScreen

    return NotebookScreen()


def _suspects(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.suspects import SuspectsScreen

    return SuspectsScreen()


def _board(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.board import BoardScreen

    return BoardScreen()


def _history(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.history import HistoryScreen

    return HistoryScreen()


def _menu(app: SaveActions) -> Screen[Any]:
    from game.tui.screens.menu import GameMenuModal

    return GameMenuModal()


def _save(app: SaveActions) -> Screen[Any] | None:
    assert app.session is not None
    if app.session.view.ending is not None:
        app.notify("This game is over; there is nothing to save.", severity="warning")
        return None
    from game.tui.screens.saves import SaveScreen

    return SaveScreen(app.store, app.default_label())


def _accuse(app: SaveActions) -> Screen[Any] | None:
    assert app.session is not None
    if not app.session.view.can_accuse:
        rule = app.session.story.manifest.accusation
        where = f" {rule.where[:1].upper()}{rule.where[1:]}." if rule is not None and rule.where else ""
        app.notify(
            f"You can only make an accusation where the story allows it, while tries remain.{where}",
            title="Not here",
            severity="warning",
        )
        return None
    from game.tui.screens.accusation import AccusationScreen

    return AccusationScreen()


PAGES: dict[Route, Page] = {
    Route.HELP: Page(_help),
    Route.SETTINGS: Page(_settings),
    Route.LOAD: Page(_load, needs_story=True),
    Route.NOTEBOOK: Page(_notebook, needs_game=True),
    Route.SUSPECTS: Page(_suspects, needs_game=True),
    Route.BOARD: Page(_board, needs_game=True),
    Route.HISTORY: Page(_history, needs_game=True),
    Route.MENU: Page(_menu, needs_game=True),
    Route.SAVE: Page(_save, needs_game=True),
    Route.ACCUSE: Page(_accuse, needs_game=True),
}
"""The registry: every route and how it opens."""


def make_screen(app: SaveActions, route: Route) -> Screen[Any] | None:
    """The screen for `route`, or None when it cannot open now (no story yet, no game, or the page said no)."""
    page = PAGES[route]
    if page.needs_story and app.story is None:
        return None
    if page.needs_game and app.session is None:
        return None
    return page.make(app)
