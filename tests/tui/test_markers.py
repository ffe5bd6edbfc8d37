"""Issue 16 point 5: where the cursor is, what is selected and what is picked read as text (`›`, `[x]`, `(•)`), in
the dark, light and high-contrast themes alike; the settings are lists that say what is on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from game.saving import load_profile
from game.tui.screens.settings import SettingsScreen
from game.tui.widgets.pointer_list import POINTER

from .conftest import make_app, press, ready

THEMES = ("textual-dark", "textual-light", "high-contrast")


def shown(widget: OptionList) -> list[str]:
    """The lines a list shows, as text (what a screen capture or a screen reader gets)."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)]


def pointed(widget: OptionList) -> list[str]:
    return [line for line in shown(widget) if line.startswith(POINTER)]


@pytest.mark.parametrize("theme", THEMES)
async def test_the_board_shows_the_cursor_and_the_selection_as_text(saves: Path, theme: str) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.theme = theme
        await press(pilot, "1", "1", "1", "2", "1", "1", "1")  # the thread, then the sheet: two pieces
        await press(pilot, "b", "space", "down")
        evidence = app.screen.query_one("#board-evidence", OptionList)
        lines = [line for line in shown(evidence) if line]
        assert lines == ["  [x] A thread on the fire escape", "› [ ] The sign-in sheet"], lines
        await press(pilot, "tab")  # the pointer follows the focus
        assert [line for line in shown(evidence) if line] == ["  [x] A thread on the fire escape",
                                                            "  [ ] The sign-in sheet"]  # fmt: skip


@pytest.mark.parametrize("theme", THEMES)
async def test_the_accusation_shows_the_cursor_the_pick_and_the_cited_as_text(saves: Path, theme: str) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.theme = theme
        await press(pilot, "1", "1", "1", "2", "1", "1", "1", "1", "1", "4", "a")
        suspects = app.screen.query_one("#accuse-suspect", OptionList)
        assert pointed(suspects) == ["› ( ) Delia Whitlaw"]
        await press(pilot, "down")
        assert pointed(suspects) == ["› ( ) Nabil"]
        await press(pilot, "up", "enter")  # Delia picked; on to the motives
        assert str(suspects.get_option_at_index(0).prompt) == "(•) Delia Whitlaw"  # its tab is hidden now
        await press(pilot, "enter", "down", "space")
        evidence = app.screen.query_one("#accuse-evidence", OptionList)
        assert pointed(evidence) == ["› [x] The sign-in sheet (document)"]


async def test_settings_say_what_is_on_and_pick_with_enter(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "down", "down", "down", "enter")
        assert isinstance(app.screen, SettingsScreen)
        assert str(app.screen.query_one("#animations-state").render()) == "Off"
        await press(pilot, "space")  # the switch has focus first
        assert str(app.screen.query_one("#animations-state").render()) == "On"
        speed = app.screen.query_one("#setting-speed", OptionList)
        assert pointed(speed) == [], "the pointer is where the focus is: on the switch"
        assert "  (•) Normal (60 characters a second)" in shown(speed)
        await press(pilot, "tab")
        assert pointed(speed) == ["› (•) Normal (60 characters a second)"]
        await press(pilot, "down", "enter")
        assert pointed(speed) == ["› (•) Fast (120 characters a second)"]
        assert "  ( ) Normal (60 characters a second)" in shown(speed)
        await press(pilot, "tab", "down", "enter")
        assert app.theme == "textual-light"
        assert any(line == "› (•) textual-light" for line in shown(app.screen.query_one("#setting-theme", OptionList)))
    settings = load_profile(saves).settings
    assert (settings.text_speed, settings.theme, settings.animations) == (120, "textual-light", True)
