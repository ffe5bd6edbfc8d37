"""Every screen opens and closes; help lists every key; escape closes every dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import OptionList

from game.tui.app import ArcherApp
from game.tui.keys import key_tokens
from game.tui.screens.accusation import AccusationScreen
from game.tui.screens.board import BoardScreen
from game.tui.screens.content_notes import ContentNotesScreen
from game.tui.screens.dialogs import ConfirmModal, MessageModal, QuitModal
from game.tui.screens.endings import EndingsScreen
from game.tui.screens.errors import StoryErrorScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.history import HistoryScreen
from game.tui.screens.menu import GameMenuModal
from game.tui.screens.new_game import NewGameModal
from game.tui.screens.notebook import NotebookScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.screens.suspects import PresentModal, SuspectsScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.notice_line import NoticeLine

from .conftest import make_app, press, ready

ALL_SCREENS = (
    ArcherApp, TitleScreen, PlayScreen, NotebookScreen, SuspectsScreen, PresentModal, BoardScreen, AccusationScreen,
    SaveScreen, LoadScreen, HistoryScreen, SettingsScreen, HelpScreen, EndingsScreen, ContentNotesScreen,
    NewGameModal, GameMenuModal, ConfirmModal, MessageModal, QuitModal, StoryErrorScreen,
)  # fmt: skip


@pytest.mark.parametrize("screen", ALL_SCREENS, ids=lambda s: s.__name__)
def test_help_lists_every_key_the_screen_binds(screen: type) -> None:
    known = key_tokens()
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        if binding.action.startswith("app.browser("):
            continue  # a browser twin: the help screen names it beside its key there (test_browser_keys)
        for key in binding.key.split(","):
            if binding.action.startswith("app.") or binding.show or key in known:
                assert key in known, f"{screen.__name__} binds {key!r} ({binding.action}); add it to keys.KEYS"


@pytest.mark.parametrize(
    ("item", "moves", "kind"),
    [
        ("endings", 2, EndingsScreen),
        ("notes", 3, ContentNotesScreen),
        ("settings", 4, SettingsScreen),
        ("help", 5, HelpScreen),
        ("load", 1, LoadScreen),
        ("new", 0, NewGameModal),
    ],
)
async def test_title_items_open_and_escape_closes(saves: Path, item: str, moves: int, kind: type) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, *["down"] * moves, "enter")
        assert isinstance(app.screen, kind)
        await press(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)


@pytest.mark.parametrize(
    ("keys", "kind"),
    [
        (["n"], NotebookScreen),
        (["s"], SuspectsScreen),
        (["b"], BoardScreen),
        (["h"], HistoryScreen),
        (["ctrl+s"], SaveScreen),
        (["ctrl+l"], LoadScreen),
        (["o"], SettingsScreen),
        (["f1"], HelpScreen),
        (["question_mark"], HelpScreen),
        (["escape"], GameMenuModal),
        (["4", "a"], AccusationScreen),
        (["2", "1", "3", "s", "down", "enter", "enter"], PresentModal),
    ],
)
async def test_play_screens_open_and_escape_closes(saves: Path, keys: list[str], kind: type) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "1", "2")  # the roof, then down to the hall (offers the office)
        await press(pilot, *keys)
        assert isinstance(app.screen, kind)
        await press(pilot, "escape")
        if kind is PresentModal:
            assert isinstance(app.screen, SuspectsScreen)
            await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.parametrize(
    ("item", "kind"),
    [("save", SaveScreen), ("load", LoadScreen), ("history", HistoryScreen), ("settings", SettingsScreen),
     ("help", HelpScreen)],
)  # fmt: skip
async def test_game_menu_items_open_their_screens(saves: Path, item: str, kind: type) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "escape")
        menu = app.screen.query_one("#menu-list")
        menu.highlighted = menu.get_option_index(item)
        await press(pilot, "enter")
        assert isinstance(app.screen, kind)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)


async def test_game_menu_returns_to_title_asking_when_unsaved(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "2", "3", "escape")
        menu = app.screen.query_one("#menu-list")
        menu.highlighted = menu.get_option_index("title")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "y")
        assert isinstance(app.screen, TitleScreen)
        assert app.session is None


async def test_accuse_key_outside_an_accusation_scene_says_why(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, PlayScreen)
        assert "accusation" in app.screen.query_one("#notice", NoticeLine).shown  # a line, not a toast


async def test_escape_closes_every_dialog(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for dialog in (ConfirmModal("T", "Q?"), MessageModal("T", "Body"), QuitModal(), GameMenuModal()):
            app.push_screen(dialog)
            await pilot.pause()
            assert app.screen is dialog
            await press(pilot, "escape")
            assert isinstance(app.screen, PlayScreen)


async def test_m_on_the_suspects_screen_cycles_the_players_own_mark(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, SuspectsScreen)
        first = app.screen._rows[0]
        await press(pilot, "m")
        assert app.session.state.marks == {first.id: "suspect"}
        await press(pilot, "m", "m")
        assert app.session.state.marks == {first.id: "cleared"}
        assert app.session.state.path[-1] == f"mark {first.id} cleared"
        await press(pilot, "m")
        assert app.session.state.marks == {}


async def test_tab_on_the_suspects_screen_goes_from_the_people_to_their_statements_and_back(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "s", "down", "m")
        screen = app.screen
        assert isinstance(screen, SuspectsScreen)
        # the details pane never takes the focus: a Tab that left no pointer anywhere lost players their place
        await press(pilot, "tab")
        assert screen.focused is screen.query_one("#statement-list")
        await press(pilot, "tab")
        assert screen.focused is screen.query_one("#suspect-list")
        assert screen.query_one("#suspect-list", OptionList).highlighted == 1
