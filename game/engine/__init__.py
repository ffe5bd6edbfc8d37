"""The rules of the game: pure functions on a Story and a GameState.

No Textual, no file I/O, no clock, no global random. start → view → act, as in ink's runtime.

Exports load on first use, as game.world's do: a front end that needs only `game.engine.views` (the title
screen's dialogs, through `game.session.words`) must not bring in pydantic and the whole engine before the
first screen is drawn (`archer play` reached its title at 1.96 times a bare Textual app with them).
No submodule may share an exported name: importing it would set the package's attribute to the module
(`replay` lives in `replaying.py` for that reason).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.casebook import accusation_options, board, notebook, suspects
    from game.engine.core import ActionError, available, pick_case, start
    from game.engine.mystery import judge
    from game.engine.replaying import Replayed, replay
    from game.engine.state import GameState, PersonState
    from game.engine.turn import act, view
    from game.engine.views import Event, Step, View

    choose = act

_WHERE = {
    "accusation_options": "game.engine.casebook",
    "board": "game.engine.casebook",
    "notebook": "game.engine.casebook",
    "suspects": "game.engine.casebook",
    "ActionError": "game.engine.core",
    "available": "game.engine.core",
    "pick_case": "game.engine.core",
    "start": "game.engine.core",
    "judge": "game.engine.mystery",
    "Replayed": "game.engine.replaying",
    "replay": "game.engine.replaying",
    "GameState": "game.engine.state",
    "PersonState": "game.engine.state",
    "act": "game.engine.turn",
    "view": "game.engine.turn",
    "Event": "game.engine.views",
    "Step": "game.engine.views",
    "View": "game.engine.views",
}
_ALIASES = {"choose": "act"}
"""`choose(story, state, choice_id)` is `act` with a choice id; kept for the design card's name."""

__all__ = [
    "ActionError",
    "Event",
    "GameState",
    "PersonState",
    "Replayed",
    "Step",
    "View",
    "accusation_options",
    "act",
    "available",
    "board",
    "choose",
    "judge",
    "notebook",
    "pick_case",
    "replay",
    "start",
    "suspects",
    "view",
]


def __getattr__(name: str) -> Any:
    target = _ALIASES.get(name, name)
    module = _WHERE.get(target)
    if module is None:
        raise AttributeError(f"module 'game.engine' has no attribute {name!r}")
    return getattr(import_module(module), target)
