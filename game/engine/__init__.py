"""The rules of the game: pure functions on a Story and a GameState.

No Textual, no file I/O, no clock, no global random. start → view → act, as in ink's runtime.
"""

from game.engine.casebook import accusation_options, board, notebook, suspects
from game.engine.core import ActionError, available, pick_case, start
from game.engine.mystery import judge
from game.engine.replay import Replayed, replay
from game.engine.state import GameState, PersonState
from game.engine.turn import act, view
from game.engine.views import Event, Step, View

choose = act
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
