"""GameFlow: starting a game, sending actions to the engine, undo, and leaving for the title screen."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from game.tui.launch import SEED_LIMIT, sentence
from game.tui.save_actions import SaveActions
from game.tui.screens.dialogs import ConfirmModal, MessageModal
from game.tui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.engine.views import Event


class GameFlow(SaveActions):
    """The life of one game, from the title menu to its ending."""

    def content_notes(self) -> list[tuple[str, str, str]]:
        """The story's content notes: id, title and detail."""
        story = self.story
        if story is None:
            return []
        return [(n.id, n.title, n.detail) for n in story.manifest.content_notes]

    def begin_new_game(self, case: str | None, seed: int | None) -> None:
        """Start a game, showing the content notes first if this player has not seen them."""
        from game.tui.screens.content_notes import ContentNotesScreen

        notes = self.content_notes()
        if notes and not self.profile.content_notes_seen:

            def after_notes(go_on: bool | None) -> None:
                if go_on:
                    self._store_profile(self.profile.model_copy(update={"content_notes_seen": True}))
                    self._start_game(case, seed)

            self.push_screen(ContentNotesScreen(notes, before_game=True), after_notes)
            return
        self._start_game(case, seed)

    def _start_game(self, case: str | None, seed: int | None) -> None:
        from game.engine import ActionError, start
        from game.session.play import Session

        assert self.story is not None
        chosen_seed = seed if seed is not None else secrets.randbelow(SEED_LIMIT)
        try:
            state = start(self.story, chosen_seed, case, self.options.origin)
        except ActionError as error:
            self.push_screen(MessageModal("The game could not start", str(error), error=True))
            return
        self.session = Session(self.story, state, clock=self.clock)
        self.show_play()

    def play_action(self, action: str) -> tuple[Event, ...] | None:
        """Send an action to the engine. Returns the events, or None (and says why) when it is not allowed."""
        from game.engine import ActionError

        session = self.session
        if session is None:
            return None
        before = session.view
        try:
            happened = session.act(action)
        except ActionError as error:
            self.notify(sentence(str(error)), title="Not possible", severity="warning")
            return None
        self._after_change(before)
        return happened

    def _after_change(self, before: Any) -> None:
        session = self.session
        assert session is not None
        current = session.view
        if current.ending is not None and not session.ending_recorded:
            session.ending_recorded = True
            self._store_profile(self.profile.with_ending(current.ending.id))
        elif current.ending is None and session.scene_changed(before):
            # After the new scene is on screen: the player never waits for the disk.
            self.call_after_refresh(self.autosave)
        self.refresh_play()

    def accuse(self, action: str) -> None:
        """Make the accusation; on success, go back to the play screen to show the outcome."""
        if self.play_action(action) is not None:
            self.show_play()

    def action_undo(self) -> None:
        """Go back one action."""
        session = self.session
        if session is None:
            return
        if session.undo():
            self.refresh_play()
            self.notify("Went back one step.", timeout=2)
        else:
            self.notify("There is nothing to undo.", severity="warning", timeout=3)

    def to_title(self) -> None:
        """Leave the game for the title screen, asking first if progress is unsaved."""
        session = self.session

        def leave(sure: bool | None = True) -> None:
            if sure:
                self.session = None
                self.pop_to(TitleScreen)

        if session is not None and session.dirty:
            self.push_screen(
                ConfirmModal("Return to the title?", "Progress since your last save will be lost.", yes="Leave"),
                leave,
            )
        else:
            leave()
