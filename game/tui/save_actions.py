"""SaveActions: saving, loading, quicksaves and autosaves, each failure turned into words for the player."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from game.saving.errors import SaveError
from game.tui.app_base import ArcherBase
from game.tui.launch import QUICK_SLOT, LaunchOptions
from game.tui.screens.dialogs import ConfirmModal, MessageModal

if TYPE_CHECKING:
    from game.engine import GameState
    from game.saving import SlotInfo
    from game.session.play import Session
    from game.world import Story


class SaveActions(ArcherBase):
    """The save store as the player uses it: slots, quicksave, autosave, load and delete."""

    def __init__(self, options: LaunchOptions, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(options, clock=clock)
        self._autosave_lock = threading.Lock()

    def latest_save(self) -> SlotInfo | None:
        """The newest sound save, if any (None too when the folder cannot be read)."""
        try:
            return self.store.latest()
        except (SaveError, OSError):
            return None

    def default_label(self) -> str:
        """A label for a new save: where and when."""
        if self.session is None:
            return ""
        status = self.session.view.status
        return f"{status.day} {status.slot}, {status.location}"

    def save_game(self, slot: str, label: str) -> bool:
        """Save the game in `slot`; say so, or say why not."""
        session = self.session
        if session is None or self.story is None:
            return False
        try:
            session.save(self.store, slot, label=label)
        except SaveError as error:
            self.push_screen(MessageModal("The game was not saved", error.message, error=True))
            return False
        self.notify(f"Saved: {label or slot}.", timeout=3)
        return True

    def autosave(self) -> None:
        """Write an autosave (at scene changes) off the UI thread; a failure is reported, never fatal."""
        session = self.session
        if session is None or self.story is None:
            return
        self._write_autosave(session, self.story, session.state, session.play_seconds)

    # A description of its own: by default Textual names a worker by the repr of its arguments (a whole game
    # state and story), which cost more than the save itself.
    @work(thread=True, group="autosave", exit_on_error=False, description="autosave")
    def _write_autosave(self, session: Session, story: Story, state: GameState, played: float) -> None:
        """The file work of an autosave (fsync included): states are values, so the thread sees a fixed one.
        Autosaves run one after another in the order they were asked for (the store rotates slots)."""
        with self._autosave_lock:
            try:
                self.store.autosave(story, state, play_seconds=played)
            except SaveError as error:
                self.call_from_thread(self.notify, error.message, title="Autosave failed", severity="error",
                                      timeout=8)
                return
        self.call_from_thread(session.mark_saved, list(state.path))

    def action_quicksave(self) -> None:
        """Save to the quicksave slot."""
        session = self.session
        if session is None or self.story is None:
            return
        if session.view.ending is not None:
            self.notify("This game is over; there is nothing to save.", severity="warning")
            return
        try:
            session.quicksave(self.store)
        except SaveError as error:
            self.push_screen(MessageModal("Quicksave failed", error.message, error=True))
            return
        self.notify("Quicksaved (F9 loads it).", timeout=3)

    def action_quickload(self) -> None:
        """Load the quicksave, asking first if there is unsaved progress."""
        self.load_game(QUICK_SLOT, ask=True)

    def load_game(self, slot: str, *, ask: bool = False) -> bool:
        """Load a save and show it. A damaged or missing save is explained and nothing is loaded."""
        from game.session.play import Session

        story = self.story
        if story is None:
            return False
        if ask and self.session is not None and self.session.dirty:

            def sure(answer: bool | None) -> None:
                if answer:
                    self.load_game(slot)

            self.push_screen(ConfirmModal("Load?", "Progress since your last save will be lost.", yes="Load"), sure)
            return False
        try:
            restored = self.store.load(slot, story)
        except SaveError as error:
            self.push_screen(
                MessageModal("This save cannot be loaded", f"{error.message}\n\nNothing was loaded.", error=True)
            )
            return False
        self.session = Session.from_save(story, restored, clock=self.clock)
        self.show_play()
        if restored.note:
            self.notify(restored.note, title="Save restored", timeout=10)
        return True

    def delete_save(self, slot: str) -> bool:
        """Delete a save; say why not when it fails."""
        try:
            self.store.delete(slot)
        except SaveError as error:
            self.push_screen(MessageModal("The save was not deleted", error.message, error=True))
            return False
        return True
