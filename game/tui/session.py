"""Session: one playthrough as the TUI holds it, with no Textual in sight.

The engine is pure; a session adds what only a front end needs around it: the undo stack, the backlog of
text read so far, the events of the last action, play time and whether progress is unsaved. Keeping this
out of the widgets lets the rules of the front end be tested without a terminal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from game.engine import act, view
from game.engine.state import GameState
from game.engine.views import Event, View
from game.tui.prose import reflow

UNDO_LIMIT = 500
"""How many previous states are kept for undo; a game is far shorter, so this only bounds a runaway."""


@dataclass(frozen=True)
class HistoryEntry:
    """A passage of the backlog: where it was read, and the text exactly as the player saw it."""

    heading: str
    text: str


def heading_of(current: View) -> str:
    """A short "when and where" line for a view: `Monday, morning · Studio A`."""
    status = current.status
    if current.ending is not None:
        return f"Ending: {current.ending.title}"
    return f"{status.day}, {status.slot} · {status.location}"


class Session:
    """The game being played: the story, the current state and everything the UI keeps around it."""

    def __init__(
        self,
        story: object,
        state: GameState,
        *,
        play_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.story = story
        self.state = state
        self._clock = clock
        self._started = clock()
        self._base_seconds = play_seconds
        self._undo: list[tuple[GameState, tuple[Event, ...]]] = []
        self.events: tuple[Event, ...] = ()
        """What the last action brought about (clues found, reactions, ...), shown above the scene."""
        self.history: list[HistoryEntry] = []
        """The backlog: every passage read this playthrough, oldest first."""
        self._saved_path: list[str] = list(state.path)
        self._view: View = view(story, state)
        self._record(self._view, ())
        self.ending_recorded = self._view.ending is not None
        """True once the ending of this game has been counted in the profile (a loaded ending counts as seen)."""

    # ----------------------------------------------------------------------------------------------- reading

    @property
    def view(self) -> View:
        """What the engine shows for the current state (computed once per state)."""
        return self._view

    @property
    def play_seconds(self) -> float:
        """Play time so far: the time carried by the save this game came from, plus time since."""
        return self._base_seconds + max(0.0, self._clock() - self._started)

    @property
    def can_undo(self) -> bool:
        """Whether there is a previous state to go back to."""
        return bool(self._undo)

    @property
    def dirty(self) -> bool:
        """True when the current progress has not been written to any save (and the game is not over)."""
        return self._view.ending is None and self.state.path != self._saved_path

    # ----------------------------------------------------------------------------------------------- playing

    def act(self, action: str) -> tuple[Event, ...]:
        """Apply one action; on success the previous state goes on the undo stack.

        Raises the engine's ActionError, unchanged, when the action is not allowed; the state is then untouched.
        """
        before = self._view
        step = act(self.story, self.state, action)
        self._undo.append((self.state, self.events))
        del self._undo[:-UNDO_LIMIT]
        self.state = step.state  # type: ignore[assignment]
        self.events = tuple(step.events)
        self._view = view(self.story, self.state)
        self._record(self._view, self.events, before)
        return self.events

    def undo(self) -> bool:
        """Go back to the state before the last action. The backlog keeps what was read (it is a record)."""
        if not self._undo:
            return False
        self.state, self.events = self._undo.pop()
        self._view = view(self.story, self.state)
        self.history.append(HistoryEntry("Undo", f"Went back to: {heading_of(self._view)}"))
        return True

    def mark_saved(self, path: list[str] | None = None) -> None:
        """Note that the current state (or the one with action `path`) has been written to a save."""
        self._saved_path = list(self.state.path if path is None else path)

    def scene_changed(self, before: View) -> bool:
        """Whether the current view is at a different scene (or an ending) than `before`."""
        return before.scene_id != self._view.scene_id or (before.ending is None) != (self._view.ending is None)

    # -------------------------------------------------------------------------------------------- internals

    def _record(self, current: View, events: tuple[Event, ...], before: View | None = None) -> None:
        """Add what the player now reads to the backlog: event texts, then the scene text when it is new."""
        for label, text in describe_all(self.story, events):
            self.history.append(HistoryEntry(label, text))
        if before is None or before.scene_id != current.scene_id or before.text != current.text:
            self.history.append(HistoryEntry(heading_of(current), reflow(current.text)))


VERDICTS: dict[str, str] = {
    "solved": "the case holds",
    "weak": "not enough to hold",
    "wrong": "the wrong person",
}


def _name(story: object, who: str) -> str:
    characters = getattr(story, "characters", {})
    return characters[who].short if who in characters else who


def _title(story: object, item: str) -> str:
    for table in ("deductions", "clues"):
        found = getattr(story, table, {}).get(item)
        if found is not None:
            return str(found.title)
    return item


def describe(story: object, event: Event) -> tuple[str, str]:
    """An engine event as the player reads it: a short label and a sentence (names looked up in the story).

    The engine's events carry terse data (an id, a title, a signed number); this is the one place where
    they become words, shared by the play screen, the backlog and the investigation screens.
    """
    kind, ident, text = event.kind, event.id, event.text
    if kind == "clue":
        return "Clue found", text or _title(story, ident)
    if kind == "statement":
        return "Statement recorded", f"What {text or ident} said is in your notes."
    if kind == "secret":
        return "Secret uncovered", f"Something {text or ident} was hiding (see Suspects)."
    if kind == "contradiction":
        return "Contradiction caught", text
    if kind == "wrong_present":
        return "It did not land", text
    if kind == "trust":
        return "Trust", f"{_name(story, ident)} {text}"
    if kind == "standing":
        return "Standing", text
    if kind == "time":
        return "Time passes", text
    if kind == "deadline":
        return "Time is up", text
    if kind == "deduction":
        return "Deduction made", f"{_title(story, ident)}: {text}"
    if kind == "board":
        combo = " + ".join(_title(story, part) for part in ident.split("+") if part)
        if text == "linked":
            return "Board", f"Linked {combo}."
        if text == "unlinked":
            return "Board", f"Unlinked {combo}."
        return "Board", text
    if kind == "verdict":
        return "Verdict", text
    if kind == "mark":
        return "Your mark", f"{_name(story, ident)}: {'unmarked' if text == 'none' else text}"
    if kind == "accusation":
        return "Accusation", f"You named {text}: {VERDICTS.get(ident, ident)}."
    if kind == "ending":
        return "The end", text
    return kind.replace("_", " ").capitalize(), text or ident


def describe_all(story: object, events: tuple[Event, ...]) -> list[tuple[str, str]]:
    """`describe` for each event that has something to say."""
    return [(label, reflow(text)) for label, text in (describe(story, e) for e in events) if text]
