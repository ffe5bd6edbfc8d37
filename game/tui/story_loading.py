"""StoryLoading: the story is loaded in a thread behind the title screen, and in dev mode loaded again (and the
game replayed on it) whenever a story file changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.reactive import reactive

from game.tui.game_flow import GameFlow
from game.tui.launch import LaunchOptions, problem_line

if TYPE_CHECKING:
    from game.saving import Profile
    from game.session.live import StoryWatcher
    from game.world import LoadResult

WATCH_SECONDS = 1.0
"""How often dev mode looks for edited story files."""


class StoryLoading(GameFlow):
    """Loading the story off the UI thread, and the dev mode's live reload."""

    story_ready: reactive[bool] = reactive(False, init=False)
    """True once the story has loaded; the title screen enables its menu then."""

    def __init__(self, options: LaunchOptions, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(options, clock=clock)
        self._watcher: StoryWatcher | None = None
        self._polling = threading.Lock()
        """Held by the dev-mode poll that is running."""

    def on_mount(self) -> None:
        # The first frame comes first: the story (and the profile) load after it, off the UI thread.
        self.call_after_refresh(self._load_story)

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

    def action_exit_with_error(self) -> None:
        """Leave after a story that could not be loaded (exit status 1)."""
        self.exit(1, return_code=1)

    # ------------------------------------------------------------------------------------- dev: live reload

    @work(thread=True, group="watch", exit_on_error=False)
    def _watch_story(self) -> None:
        """Dev mode: when a story file changes, load the story again and hand it to the UI thread.
        Polls run one at a time (never cancelling each other), so an edit is picked up exactly once."""
        with self._polling:
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
        self.refresh_play()
