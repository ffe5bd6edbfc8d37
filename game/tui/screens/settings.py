"""SettingsScreen: theme, text speed and animations, applied at once and kept in the profile."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, OptionList, Static, Switch

from game.tui.screens.base import PanelScreen
from game.tui.text import plain
from game.tui.widgets.radio_list import RadioList

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
    """Three settings; each change is applied and saved straight away.

    The choices are lists in the screen, not dropdowns (an open dropdown covers the settings below it), and the
    picked one is marked `(•)` as well as the pointer `›` at the cursor: a capture of the screen tells what is on."""

    HEADING = "Settings"

    def compose_body(self) -> ComposeResult:
        settings = self.game.profile.settings
        themes = sorted(self.app.available_themes)
        with VerticalScroll(id="settings-body"):
            with Horizontal(classes="setting"):
                yield Label("Animations", classes="setting-label")
                yield Switch(value=settings.animations, id="setting-animations")
                yield Static(plain(on_off(settings.animations)), id="animations-state", classes="setting-state")
            yield Static(plain("With animations off, text appears at once whatever the speed."), classes="setting-note")
            with Horizontal(classes="setting -list"):
                yield Label("Text speed", classes="setting-label")
                yield RadioList(
                    [(str(value), label) for label, value in speed_options(settings.text_speed)],
                    picked=str(settings.text_speed),
                    id="setting-speed",
                )
            with Horizontal(classes="setting -list"):
                yield Label("Theme", classes="setting-label")
                yield RadioList(
                    [(name, name) for name in themes],
                    picked=settings.theme if settings.theme in themes else self.app.theme,
                    id="setting-theme",
                )
            yield Static(plain(THEME_NOTE), classes="setting-note")

    def on_mount(self) -> None:
        self.query_one("#setting-animations", Switch).focus()

    @on(OptionList.OptionSelected, "#setting-theme")
    def _theme(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.game.change_settings(theme=event.option_id)

    @on(OptionList.OptionSelected, "#setting-speed")
    def _speed(self, event: OptionList.OptionSelected) -> None:
        self.game.change_settings(text_speed=int(event.option_id or 0))

    @on(Switch.Changed, "#setting-animations")
    def _animations(self, event: Switch.Changed) -> None:
        self.query_one("#animations-state", Static).update(plain(on_off(event.value)))
        self.game.change_settings(animations=event.value)
