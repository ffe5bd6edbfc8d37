"""Session: one game in progress, as every front end holds it (plain mode, the TUI, the browser).

The engine is pure; a session adds what a player needs around it: the undo stack, the backlog of text read
so far, the events of the last action, play time, whether progress is unsaved, and saving, loading and
autosaving through a SaveStore. Keeping this out of the front ends lets their rules be tested without a
terminal, and lets two front ends behave the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine import act, view
from game.engine.state import GameState
from game.engine.views import Event, View
from game.session.words import HistoryEntry, HistoryKind, describe_all, heading_of, reflow
from game.world.story import Story

if TYPE_CHECKING:
    from game.saving.store import Restored, SaveStore

UNDO_LIMIT = 500
"""How many previous states are kept for undo; a game is far shorter, so this only bounds a runaway."""


class Session:
    """The game being played: the story, the current state and everything a front end keeps around it."""

    def __init__(
        self,
        story: Story,
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

    @classmethod
    def from_save(cls, story: Story, restored: Restored, *, clock: Callable[[], float] = time.monotonic) -> Session:
        """A session for a loaded game: its play time carries on, and it counts as saved."""
        return cls(story, restored.state, play_seconds=restored.info.play_seconds, clock=clock)

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
    def in_progress(self) -> bool:
        """True while the game has not reached an ending."""
        return self._view.ending is None

    @property
    def dirty(self) -> bool:
        """True when the current progress has not been written to any save (and the game is not over)."""
        return self.in_progress and self.state.path != self._saved_path

    # ----------------------------------------------------------------------------------------------- playing

    def act(self, action: str) -> tuple[Event, ...]:
        """Apply one action; on success the previous state goes on the undo stack.

        Raises the engine's ActionError, unchanged, when the action is not allowed; the state is then untouched.
        """
        before = self._view
        step = act(self.story, self.state, action)
        self._push_undo()
        self.state = step.state
        self.events = tuple(step.events)
        self._view = view(self.story, self.state)
        taken = next((choice for choice in before.choices if choice.id == action), None)
        if taken is not None:
            self.history.append(HistoryEntry("You chose", taken.text, kind="choice"))
        self._record(self._view, self.events, before, investigation=taken is None)
        return self.events

    def undo(self) -> bool:
        """Go back to the state before the last action. The backlog keeps what was read (it is a record)."""
        if not self._undo:
            return False
        self.state, self.events = self._undo.pop()
        self._view = view(self.story, self.state)
        self.history.append(HistoryEntry("Undo", f"Went back to: {heading_of(self._view)}", kind="undo"))
        return True

    def scene_changed(self, before: View) -> bool:
        """Whether the current view is at a different scene (or an ending) than `before`."""
        return before.scene_id != self._view.scene_id or (before.ending is None) != (self._view.ending is None)

    def autosave_due(self, before: View) -> bool:
        """Whether the last action earns an autosave: the game moved to another scene and is not over."""
        return self.in_progress and self.scene_changed(before)

    def replace_story(self, story: Story, state: GameState, previous: Sequence[GameState] = ()) -> None:
        """Go on with an edited story (live reload): `state` replayed on it, `previous` the states before each
        replayed action so that undo still works. Play time and the backlog carry on."""
        self.story = story
        self.state = state
        self.events = ()
        undo: list[tuple[GameState, tuple[Event, ...]]] = [(earlier, ()) for earlier in previous]
        self._undo = undo[-UNDO_LIMIT:]
        self._view = view(story, state)

    # ------------------------------------------------------------------------------------------------ saves

    def mark_saved(self, path: Sequence[str] | None = None) -> None:
        """Note that the current state (or the one with action `path`) has been written to a save."""
        self._saved_path = list(self.state.path if path is None else path)

    def save(self, store: SaveStore, slot: str, *, label: str = "") -> Path:
        """Save the game in `slot` (SaveError when it cannot be); the progress then counts as saved."""
        written = store.save(slot, self.story, self.state, label=label,
                             play_seconds=self.play_seconds)
        self.mark_saved()
        return written

    def quicksave(self, store: SaveStore) -> Path:
        """Save in the quicksave slot."""
        written = store.quicksave(self.story, self.state, play_seconds=self.play_seconds)
        self.mark_saved()
        return written

    def autosave(self, store: SaveStore) -> Path:
        """Write an autosave of the current state now (SaveError when it cannot be)."""
        state = self.state
        written = store.autosave(self.story, state, play_seconds=self.play_seconds)
        self.mark_saved(state.path)
        return written

    def rescue(self, store: SaveStore | None) -> str | None:
        """Keep the game when the program is about to stop on an unexpected error: autosave it if it is in
        progress. Returns what to tell the player, or None when there was nothing to keep. Never raises."""
        if store is None or not self.in_progress:
            return None
        try:
            written = self.autosave(store)
        except Exception as error:  # noqa: BLE001 - already on the way out because of another error
            return f"The autosave failed too ({type(error).__name__}: {error})"
        from game.saving.slots import display_name

        return f"Your game was autosaved as '{display_name(written)}' (`load {display_name(written)}` resumes it)"

    def load(self, store: SaveStore, name: str) -> Restored:
        """Load a save into this session (SaveError, and nothing changed, when it cannot be). The game before
        the load stays on the undo stack; play time becomes the save's."""
        restored = store.load(name, self.story)
        self._push_undo()
        self.state = restored.state
        self.events = ()
        before = self._view
        self._view = view(self.story, self.state)
        self._record(self._view, (), before)
        self._base_seconds = restored.info.play_seconds
        self._started = self._clock()
        self.mark_saved()
        self.ending_recorded = self._view.ending is not None
        return restored

    # -------------------------------------------------------------------------------------------- internals

    def _push_undo(self) -> None:
        self._undo.append((self.state, self.events))
        del self._undo[:-UNDO_LIMIT]

    def _record(
        self, current: View, events: tuple[Event, ...], before: View | None = None, *, investigation: bool = False
    ) -> None:
        """Add what the player now reads to the backlog: event texts (kept apart when an investigation action
        brought them about), then the scene text when it is new."""
        kind: HistoryKind = "investigation" if investigation else "event"
        for label, text in describe_all(self.story, events):
            self.history.append(HistoryEntry(label, text, kind=kind))
        if before is None or before.scene_id != current.scene_id or (before.reply, before.text) != (
                current.reply, current.text):
            shown = "\n\n".join(part for part in (current.reply.strip(), current.text.strip()) if part)
            self.history.append(HistoryEntry(heading_of(current), reflow(shown)))
