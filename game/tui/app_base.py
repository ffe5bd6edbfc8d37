"""ArcherBase: what every part of the app shares: the story, the session, the save store, the profile and its
settings, and where the play screen is in the stack. The app's other parts build on it in one line of
inheritance (saves, then games, then loading, then the app itself), so each can call the ones below it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from game.saving.peek import peek_settings
from game.tui.launch import LaunchOptions
from game.tui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.saving import Profile, SaveStore
    from game.session.play import Session
    from game.tui.screens.play import PlayScreen
    from game.world import Story


TOAST_SECONDS = 4.0
"""How long a toast stays: long enough to read a line, short enough never to sit over a decision."""


HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    dark=True,
)
"""White on black with yellow for what can be acted on: Textual ships no high-contrast theme, so the game does."""


class ArcherBase(App[int]):
    """The state of the app and the settings; no routing and no game rules."""

    NOTIFICATION_TIMEOUT = TOAST_SECONDS

    def __init__(self, options: LaunchOptions, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.register_theme(HIGH_CONTRAST)
        self.options = options
        self.clock = clock
        self._store: SaveStore | None = None
        self._profile: Profile | None = None
        self._early_settings = peek_settings(options.saves_dir)
        self.story: Story | None = None
        self.session: Session | None = None
        self.load_failed = False
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
        """Textual's toast, but never markup by default (messages carry story ids, paths and brackets), and
        never longer than a few seconds: what must be read at leisure goes in a dialog instead. A warning (a
        refusal: "Not here", "Not possible") goes to the screen's notice line when it has one, so that it covers
        nothing the player is reading."""
        if severity == "warning":
            from game.tui.widgets.notice_line import NoticeLine

            lines = self.screen.query(NoticeLine)
            if lines:
                lines.first().say(message, title=title)
                return
        seconds = TOAST_SECONDS if timeout is None else min(timeout, 2 * TOAST_SECONDS)
        super().notify(message, title=title, severity=severity, timeout=seconds, markup=markup)

    @property
    def store(self) -> SaveStore:
        """The save folder's store (made on first use: the saving code is not needed for the first frame)."""
        if self._store is None:
            from game.saving import SaveStore

            self._store = SaveStore(self.options.saves_dir, slots_only=self.options.hosted)
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
        if self._profile is not None and theme != self._profile.settings.theme:
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

    # -------------------------------------------------------------------------------------- screen stack

    def show_play(self) -> None:
        """Bring the play screen to the top, showing the current session."""
        from game.tui.screens.play import PlayScreen

        play = self.play_screen()
        if play is None:
            self.pop_to(TitleScreen)
            self.push_screen(PlayScreen())
        else:
            self.pop_to(PlayScreen)
            play.sync()

    def pop_to(self, kind: type[Screen[Any]]) -> None:
        """Close screens until one of `kind` (or the bottom one) is on top."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, kind):
            self.pop_screen()

    def play_screen(self) -> PlayScreen | None:
        """The play screen, when it is in the stack."""
        from game.tui.screens.play import PlayScreen

        return next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)

    def refresh_play(self) -> None:
        """Show the session again on the play screen, if there is one."""
        play = self.play_screen()
        if play is not None:
            play.sync()
