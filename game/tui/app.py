"""ArcherApp: the Textual application. It owns the story, the session, the save store and the profile.

Screens ask the app to do things (`play_action`, `save_game`, `open`...), and the app talks to the engine and
the save system, so that no screen holds a game rule and every failure is turned into words for the player.
The title screen comes up first; the story loads in a thread worker behind it.
"""

from __future__ import annotations

import secrets
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from game.saving.errors import SaveError
from game.saving.peek import peek_settings
from game.tui.commands import game_commands
from game.tui.screens.dialogs import ConfirmModal, MessageModal, QuitModal
from game.tui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.engine import GameState
    from game.engine.views import Event
    from game.saving import Profile, SaveStore, SlotInfo
    from game.session.live import StoryWatcher
    from game.session.play import Session
    from game.tui.screens.new_game import NewGame
    from game.world import Diagnostic, LoadResult, Story

SEED_LIMIT = 2**31
"""Seeds for new games are drawn below this (the seed field accepts the same range)."""

QUICK_SLOT = "quick"

WATCH_SECONDS = 1.0
"""How often dev mode looks for edited story files."""


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for (see run_app)."""

    story_dir: Path
    saves_dir: Path
    case: str | None = None
    seed: int | None = None
    load: str | None = None
    branches: tuple[Path, ...] = ()
    dev: bool = False
    origin: str | None = None
    """`--from SCENE[@DAY.SLOT]`: new games start there (for testing a pack)."""


class ArcherApp(App[int]):
    """Archer: The Fall."""

    CSS_PATH = "archer.tcss"
    TITLE = "Archer: The Fall"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "help", "Help", show=False)]

    story_ready: reactive[bool] = reactive(False, init=False)
    """True once the story has loaded; the title screen enables its menu then."""

    def __init__(self, options: LaunchOptions, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.options = options
        self.clock = clock
        self._store: SaveStore | None = None
        self._profile: Profile | None = None
        self._profile_note: str | None = None
        self._early_settings = peek_settings(options.saves_dir)
        self._autosave_lock = threading.Lock()
        self.story: Story | None = None
        self.session: Session | None = None
        self.load_failed = False
        self._watcher: StoryWatcher | None = None
        self._apply_settings()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's toast, but never markup by default: messages carry story ids, paths and brackets."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # ------------------------------------------------------------------------------------------- start-up

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    @property
    def store(self) -> SaveStore:
        """The save folder's store (made on first use: the saving code is not needed for the first frame)."""
        if self._store is None:
            from game.saving import SaveStore

            self._store = SaveStore(self.options.saves_dir)
        return self._store

    @property
    def profile(self) -> Profile:
        """The player's profile, read (and validated) on first use."""
        if self._profile is None:
            from game.saving import read_profile

            self._profile, note = read_profile(self.options.saves_dir)
            if note:
                self.notify(note, title="Profile reset", severity="warning", timeout=10)
        return self._profile

    @profile.setter
    def profile(self, value: Profile) -> None:
        self._profile = value

    def on_mount(self) -> None:
        # The first frame comes first: the story (and the profile) load after it, off the UI thread.
        self.call_after_refresh(self._load_story)
        if self.options.dev:
            self.set_interval(WATCH_SECONDS, self._watch_story)

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def _load_story(self) -> None:
        """Load and compile the story off the UI thread, then hand the result back to it."""
        try:
            from game.saving import read_profile
            from game.world.cache import load_cached

            profile = read_profile(self.options.saves_dir)
            self.call_from_thread(self._profile_read, *profile)
            if self.options.dev:
                from game.session.live import StoryWatcher, watched_paths

                # Made before the load, so that an edit saved while it runs is seen by the first poll.
                self._watcher = StoryWatcher(watched_paths(self.options.story_dir, self.options.branches))
            result = load_cached(self.options.story_dir, branches=self.options.branches)
        except Exception as error:  # a loader bug must still end on a readable screen
            self.call_from_thread(self._story_failed, [f"internal error while loading: {error!r}"])
            return
        self.call_from_thread(self._story_loaded, result)

    def _profile_read(self, profile: Profile, note: str | None) -> None:
        if self._profile is None:
            self._profile = profile
            if note:
                self.notify(note, title="Profile reset", severity="warning", timeout=10)
            self._apply_settings()
        if self.options.dev:
            self.set_interval(WATCH_SECONDS, self._watch_story)

    def _story_loaded(self, result: LoadResult) -> None:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        if result.story is None or errors:
            lines = [problem_line(d) for d in errors]
            self._story_failed(lines or ["the story did not load, but reported no error"])
            return
        self.story = result.story
        self.story_ready = True
        options = self.options
        if options.load:
            self.load_game(options.load)
        elif options.case is not None or options.seed is not None:
            self.begin_new_game(options.case, options.seed)

    def _story_failed(self, problems: list[str]) -> None:
        from game.tui.screens.errors import StoryErrorScreen

        self.load_failed = True
        self.push_screen(StoryErrorScreen(str(self.options.story_dir), problems))

    # ------------------------------------------------------------------------------------- dev: live reload

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_story(self) -> None:
        """Dev mode: when a story file changes, load the story again and hand it to the UI thread."""
        if self.story is None or self._watcher is None or not self._watcher.poll():
            return
        try:
            from game.world import load_story

            result = load_story(self.options.story_dir, branches=self.options.branches)
        except Exception as error:
            self.call_from_thread(self.notify, repr(error), title="Reload failed", severity="error")
            return
        self.call_from_thread(self._story_reloaded, result)

    def _story_reloaded(self, result: LoadResult) -> None:
        """Swap in an edited story and replay the game on it; a story with errors is reported and ignored."""
        from game.engine import ActionError, replay
        from game.session.play import Session

        errors = [d for d in result.diagnostics if d.severity == "error"]
        if result.story is None or errors:
            lines = [f"{d.path}:{d.line}:{d.col} {d.code} {d.message}" for d in errors[:5]]
            more = f"\n…and {len(errors) - 5} more" if len(errors) > 5 else ""
            self.notify("\n".join(lines) + more, title="Story has errors: not reloaded", severity="error", timeout=15)
            return
        self.story = result.story
        old = self.session
        if old is None:
            self.notify("Story reloaded.", timeout=3)
            return
        state = old.state
        try:
            replayed = replay(result.story, state.seed, state.case, state.path)
        except ActionError as error:
            self.notify(str(error), title="Story reloaded; the game could not be replayed", severity="error")
            return
        session = Session(result.story, replayed.state, play_seconds=old.play_seconds, clock=self.clock)
        session.history[:0] = old.history
        self.session = session
        note = f"Replayed {replayed.applied} of {len(state.path)} actions."
        if replayed.failed:
            note += f" Stopped at '{replayed.failed}': {replayed.error}."
        self.notify(note, title="Story reloaded", timeout=6)
        play = self._play_screen()
        if play is not None:
            play.sync()

    def action_exit_with_error(self) -> None:
        """Leave after a story that could not be loaded (exit status 1)."""
        self.exit(1, return_code=1)

    # ------------------------------------------------------------------------------------------- settings

    @property
    def chars_per_second(self) -> float | None:
        """The typewriter speed, or None when text should appear at once."""
        settings = self.profile.settings
        if not settings.animations or settings.text_speed <= 0:
            return None
        return float(settings.text_speed)

    def _apply_settings(self) -> None:
        if self._profile is None:
            theme = self._early_settings.get("theme")
            animations = self._early_settings.get("animations", True)
        else:
            theme = self._profile.settings.theme
            animations = self._profile.settings.animations
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.animation_level = "full" if animations else "none"

    def change_settings(self, **changes: Any) -> None:
        """Change settings, apply them now and keep them in the profile."""
        settings = self.profile.settings.model_copy(update=changes)
        self._store_profile(self.profile.model_copy(update={"settings": settings}))
        self._apply_settings()

    def watch_theme(self, theme: str) -> None:
        """Keep a theme picked anywhere (the palette's Theme command too) in the profile."""
        if self.is_mounted and self._profile is not None and theme != self._profile.settings.theme:
            settings = self.profile.settings.model_copy(update={"theme": theme})
            self._store_profile(self.profile.model_copy(update={"settings": settings}))

    def _store_profile(self, profile: Profile) -> None:
        self.profile = profile
        from game.saving import save_profile

        try:
            save_profile(self.options.saves_dir, profile)
        except OSError as error:
            self.notify(
                f"Settings could not be saved in {self.options.saves_dir}: {error.strerror or error}",
                title="Profile not saved",
                severity="error",
            )

    # ------------------------------------------------------------------------------------------ title menu

    def title_action(self, key: str) -> None:
        """Do what a title menu item says."""
        from game.tui.screens.content_notes import ContentNotesScreen
        from game.tui.screens.endings import EndingsScreen
        from game.tui.screens.new_game import NewGameModal

        if key == "quit":
            self.call_next(self.action_quit)
            return
        if key in ("help", "settings"):
            self.open(key)
            return
        story = self.story
        if story is None:
            self.notify("The story is still loading.", severity="warning")
            return
        if key == "new":
            canon = "canon" if "canon" in story.cases else None

            def chosen(choice: NewGame | None) -> None:
                if choice is not None:
                    self.begin_new_game(choice.case, choice.seed)

            self.push_screen(NewGameModal(canon), chosen)
        elif key == "continue":
            latest = self.latest_save()
            if latest is None:
                self.notify("There is no save to continue yet.", severity="warning")
            else:
                self.load_game(latest.slot)
        elif key == "load":
            self.open("load")
        elif key == "endings":
            endings = [(e.id, e.title, e.kind) for e in story.endings.values()]
            self.push_screen(EndingsScreen(endings, list(self.profile.endings)))
        elif key == "notes":
            self.push_screen(ContentNotesScreen(self._notes()))

    def _notes(self) -> list[tuple[str, str, str]]:
        story = self.story
        if story is None:
            return []
        return [(n.id, n.title, n.detail) for n in story.manifest.content_notes]

    def latest_save(self) -> SlotInfo | None:
        """The newest sound save, if any (None too when the folder cannot be read)."""
        try:
            return self.store.latest()
        except (SaveError, OSError):
            return None

    # -------------------------------------------------------------------------------------------- games

    def begin_new_game(self, case: str | None, seed: int | None) -> None:
        """Start a game, showing the content notes first if this player has not seen them."""
        from game.tui.screens.content_notes import ContentNotesScreen

        notes = self._notes()
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
        self._show_play()

    def _show_play(self) -> None:
        """Bring the play screen to the top, showing the current session."""
        from game.tui.screens.play import PlayScreen

        play = next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)
        if play is None:
            self._pop_to(TitleScreen)
            self.push_screen(PlayScreen())
        else:
            self._pop_to(PlayScreen)
            play.sync()

    def _pop_to(self, kind: type[Screen]) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, kind):
            self.pop_screen()

    def _play_screen(self) -> Any:
        from game.tui.screens.play import PlayScreen

        return next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)

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
            self.notify(_sentence(str(error)), title="Not possible", severity="warning")
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
        play = self._play_screen()
        if play is not None:
            play.sync()

    def accuse(self, action: str) -> None:
        """Make the accusation; on success, go back to the play screen to show the outcome."""
        if self.play_action(action) is not None:
            self._show_play()

    def action_undo(self) -> None:
        """Go back one action."""
        session = self.session
        if session is None:
            return
        if session.undo():
            play = self._play_screen()
            if play is not None:
                play.sync()
            self.notify("Went back one step.", timeout=2)
        else:
            self.notify("There is nothing to undo.", severity="warning", timeout=3)

    def to_title(self) -> None:
        """Leave the game for the title screen, asking first if progress is unsaved."""
        session = self.session

        def leave(sure: bool | None = True) -> None:
            if sure:
                self.session = None
                self._pop_to(TitleScreen)

        if session is not None and session.dirty:
            self.push_screen(
                ConfirmModal("Return to the title?", "Progress since your last save will be lost.", yes="Leave"),
                leave,
            )
        else:
            leave()

    # --------------------------------------------------------------------------------------------- saves

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

    @work(thread=True, group="autosave", exit_on_error=False)
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
        self._show_play()
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

    # --------------------------------------------------------------------------------------------- screens

    def open(self, what: str) -> None:
        """Open a screen by name: notebook, suspects, board, accuse, history, save, load, settings, help, menu."""
        screen = self._make_screen(what)
        if screen is None:
            return
        if type(self.screen) is type(screen):
            return
        if what == "menu":
            self.push_screen(screen, self._menu_picked)
        else:
            self.push_screen(screen)

    def action_open(self, what: str) -> None:
        """Binding form of `open`."""
        self.open(what)

    def action_help(self) -> None:
        """Show the keys."""
        self.open("help")

    def _make_screen(self, what: str) -> Screen[Any] | None:
        from game.tui.screens.help import HelpScreen
        from game.tui.screens.settings import SettingsScreen

        if what == "help":
            return HelpScreen()
        if what == "settings":
            return SettingsScreen()
        if what == "load":
            if self.story is None:
                return None
            from game.tui.screens.saves import LoadScreen

            return LoadScreen(self.store)
        session = self.session
        if session is None:
            return None
        if what == "notebook":
            from game.tui.screens.notebook import NotebookScreen

            return NotebookScreen()
        if what == "suspects":
            from game.tui.screens.suspects import SuspectsScreen

            return SuspectsScreen()
        if what == "board":
            from game.tui.screens.board import BoardScreen

            return BoardScreen()
        if what == "history":
            from game.tui.screens.history import HistoryScreen

            return HistoryScreen()
        if what == "menu":
            from game.tui.screens.menu import GameMenuModal

            return GameMenuModal()
        if what == "save":
            if session.view.ending is not None:
                self.notify("This game is over; there is nothing to save.", severity="warning")
                return None
            from game.tui.screens.saves import SaveScreen

            return SaveScreen(self.store, self.default_label())
        if what == "accuse":
            if not session.view.can_accuse:
                rule = session.story.manifest.accusation
                where = f" {rule.where[:1].upper()}{rule.where[1:]}." if rule is not None and rule.where else ""
                self.notify(
                    f"You can only make an accusation where the story allows it, while tries remain.{where}",
                    title="Not here",
                    severity="warning",
                )
                return None
            from game.tui.screens.accusation import AccusationScreen

            return AccusationScreen()
        return None

    def _menu_picked(self, item: str | None) -> None:
        if item is None:
            return
        if item == "title":
            self.to_title()
        elif item == "quit":
            self.call_next(self.action_quit)
        else:
            self.open(item)

    # ---------------------------------------------------------------------------------------------- quit

    async def action_quit(self) -> None:
        """Quit; when progress is unsaved, ask first (a second ctrl+q in that dialog quits)."""
        if isinstance(self.screen, QuitModal):
            self.exit(0)
            return
        session = self.session
        if session is None or not session.dirty:
            status = 1 if self.load_failed else 0
            self.exit(status, return_code=status)
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_quicksave()
                if self.session is not None and not self.session.dirty:
                    self.exit(0)
            elif answer == "quit":
                self.exit(0)

        self.push_screen(QuitModal(), answered)

    # ------------------------------------------------------------------------------------------- palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from game_commands(self)
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)
        yield SystemCommand("Quit", "Quit the game (asks first if progress is unsaved)", self.action_quit)

    # ---------------------------------------------------------------------------------------------- crash

    def _handle_exception(self, error: Exception) -> None:
        """Write any unexpected error to a crash log so the player gets a path to it, not a traceback."""
        self._crash_log = _write_crash_log(self.options.saves_dir, error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        if self.options.dev:
            super()._fatal_error()
            return
        from rich.text import Text

        where = getattr(self, "_crash_log", None)
        details = f"The details were written to {where}." if where else "The details could not be written."
        self.bell()
        self._exit_renderables.append(
            Text(
                "Archer: The Fall stopped because of an internal error. " + details + " Your autosaves are safe: "
                "start the game again and pick Continue. Please report the problem with that file."
            )
        )
        self._close_messages_no_wait()


def problem_line(diagnostic: Diagnostic) -> str:
    """A diagnostic for the error screen: `path:line:col CODE message`, and its hint on the next line."""
    d = diagnostic
    line = f"{d.path}:{d.line}:{d.col} {d.code} {d.message}"
    return f"{line}\n    hint: {d.hint}" if d.hint else line


def _sentence(text: str) -> str:
    """An engine message as a sentence: capitalised, with a full stop."""
    text = text.strip()
    if not text:
        return "That is not possible now."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _write_crash_log(folder: Path, error: BaseException) -> Path | None:
    """Append the traceback of `error` to crash.log in the save folder; None if that fails too."""
    path = folder / "crash.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path
