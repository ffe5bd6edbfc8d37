"""SettingsScreen: theme, text speed and animations, applied at once and kept in the profile."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Select, Static, Switch

from game.tui.screens.base import PanelScreen
from game.tui.text import plain

SPEEDS: tuple[tuple[str, int], ...] = (
    ("Slow (30 characters a second)", 30),
    ("Normal (60 characters a second)", 60),
    ("Fast (120 characters a second)", 120),
    ("Very fast (400 characters a second)", 400),
    ("Instant", 0),
)
"""Text speed choices: label and characters per second (0: all at once)."""

THEME_NOTE = "The ansi-dark and ansi-light themes use your terminal's own colours."


def on_off(value: bool) -> str:
    """A switch's state in words, shown beside it."""
    return "On" if value else "Off"


def speed_options(current: int) -> list[tuple[str, int]]:
    """The speed choices, plus the current one when the profile holds a speed not in the list."""
    options = list(SPEEDS)
    if current not in {value for _, value in options}:
        options.append((f"Custom ({current} characters a second)", current))
    return options


class SettingsScreen(PanelScreen[None]):
    """Three settings; each change is applied and saved straight away."""

    HEADING = "Settings"

    def compose_body(self) -> ComposeResult:
        settings = self.game.profile.settings
        themes = sorted(self.app.available_themes)
        with VerticalScroll(id="settings-body"):
            with Horizontal(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select(
                    [(name, name) for name in themes],
                    value=settings.theme if settings.theme in themes else self.app.theme,
                    allow_blank=False,
                    id="setting-theme",
                )
            yield Static(plain(THEME_NOTE), classes="setting-note")
            with Horizontal(classes="setting"):
                yield Label("Text speed", classes="setting-label")
                yield Select(
                    speed_options(settings.text_speed),
                    value=settings.text_speed,
                    allow_blank=False,
                    id="setting-speed",
                )
            with Horizontal(classes="setting"):
                yield Label("Animations", classes="setting-label")
                yield Switch(value=settings.animations, id="setting-animations")
                yield Static(plain(on_off(settings.animations)), id="animations-state", classes="setting-state")
            yield Static(plain("With animations off, text appears at once whatever the speed."), classes="setting-note")

    def on_mount(self) -> None:
        self.query_one("#setting-theme", Select).focus()

    @on(Select.Changed, "#setting-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.game.change_settings(theme=event.value)

    @on(Select.Changed, "#setting-speed")
    def _speed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.game.change_settings(text_speed=event.value)

    @on(Switch.Changed, "#setting-animations")
    def _animations(self, event: Switch.Changed) -> None:
        self.query_one("#animations-state", Static).update(plain(on_off(event.value)))
        self.game.change_settings(animations=event.value)
