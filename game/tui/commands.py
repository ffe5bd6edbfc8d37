"""The command palette's game commands (ctrl+p): every main action by name, offered when it makes sense."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from game.tui.routes import Route

if TYPE_CHECKING:
    from game.tui.app_api import GameApp


def game_commands(app: GameApp) -> Iterator[SystemCommand]:
    """Commands for the palette: title actions before a game, play actions during one."""
    session = app.session
    if session is None:
        if app.story is not None:
            yield SystemCommand("New game", "Start a new game", lambda: app.title_action("new"))
            yield SystemCommand("Load game", "Load a saved game", lambda: app.open(Route.LOAD))
            yield SystemCommand("Endings reached", "The endings you have reached", lambda: app.title_action("endings"))
            yield SystemCommand("Content notes", "What the story deals with", lambda: app.title_action("notes"))
    else:
        yield SystemCommand("Notebook", "Clues found and deductions made", lambda: app.open(Route.NOTEBOOK))
        yield SystemCommand("Suspects", "People, statements, and presenting evidence", lambda: app.open(Route.SUSPECTS))
        yield SystemCommand("Deduction board", "Combine clues into deductions", lambda: app.open(Route.BOARD))
        yield SystemCommand("Accuse", "Name the culprit (where the story allows it)", lambda: app.open(Route.ACCUSE))
        yield SystemCommand("History", "Everything read in this game", lambda: app.open(Route.HISTORY))
        yield SystemCommand("Undo", "Go back one action", app.action_undo)
        yield SystemCommand("Save game", "Save to a slot", lambda: app.open(Route.SAVE))
        yield SystemCommand("Load game", "Load a saved game", lambda: app.open(Route.LOAD))
        yield SystemCommand("Quicksave", "Save to the quicksave slot (F5)", app.action_quicksave)
        yield SystemCommand("Quickload", "Load the quicksave (F9)", app.action_quickload)
        yield SystemCommand("Return to title", "Leave this game for the title screen", app.to_title)
    yield SystemCommand("Settings", "Theme, text speed, animations", lambda: app.open(Route.SETTINGS))
    yield SystemCommand("Help", "Every key of the game", lambda: app.open(Route.HELP))
