"""Issue 20: in a browser (`archer serve`, `App.is_web`), the keys a browser may keep for itself have twins that
work, shown in the footer and on the help screen; in a terminal the twins are neither shown nor bound."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode

import game.tui
from game.tui.app import ArcherApp
from game.tui.keys import BROWSER_KEYS, BROWSER_RESERVED, key_tokens
from game.tui.screens.accusation import AccusationScreen
from game.tui.screens.dialogs import ConfirmModal, QuitModal
from game.tui.screens.help import HelpScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen

from .conftest import make_app, press, ready

TWINS = {key: twin for key, twin, _ in BROWSER_KEYS}


def footer_keys(app: ArcherApp) -> dict[str, str]:
    """What the footer offers now: key -> description (the shown, enabled bindings of the screen)."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


def node_classes() -> list[type[DOMNode]]:
    """Every screen, widget and app class that game.tui defines."""
    found: list[type[DOMNode]] = []
    for module in pkgutil.walk_packages(game.tui.__path__, "game.tui."):
        loaded = importlib.import_module(module.name)
        found.extend(
            value
            for value in vars(loaded).values()
            if inspect.isclass(value) and issubclass(value, DOMNode) and value.__module__ == loaded.__name__
        )
    return found


def bound_keys(node: type[DOMNode]) -> set[str]:
    """The keys a class binds itself (not those Textual's own classes bind for it: ctrl+c is the browser's copy)."""
    keys: set[str] = set()
    for binding in vars(node).get("BINDINGS", []):
        key = binding.key if isinstance(binding, Binding) else binding[0]
        keys.update(part.strip() for part in key.split(","))
    return keys


def risky(keys: set[str]) -> set[str]:
    """The control and function keys among `keys`: the ones a browser may keep."""
    return {key for key in keys if key.startswith("ctrl+") or (key.startswith("f") and key[1:].isdigit())}


def test_every_key_a_browser_may_keep_has_a_twin_and_none_is_bound_to_a_key_no_page_gets() -> None:
    assert risky(key_tokens()) <= set(TWINS), sorted(risky(key_tokens()) - set(TWINS))  # the help table's keys
    classes = node_classes()
    assert ArcherApp in classes and AccusationScreen in classes
    for node in classes:
        keys = bound_keys(node)
        assert not keys & BROWSER_RESERVED, f"{node.__name__} binds {sorted(keys & BROWSER_RESERVED)}"
        risky_keys = risky(keys)
        assert risky_keys <= set(TWINS), f"{node.__name__}: no browser twin for {sorted(risky_keys - set(TWINS))}"
        for key in risky_keys:
            assert TWINS[key] in keys, f"{node.__name__} binds {key} but not its twin {TWINS[key]}"
    assert len(set(TWINS.values())) == len(TWINS), "one twin per key"


async def test_in_a_terminal_the_twins_are_neither_shown_nor_bound(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert not app.is_web
        shown = footer_keys(app)
        assert not {"Q", "P", "S", "L", "K", "R"} & set(shown), shown
        await press(pilot, "S", "L", "K", "R", "P")
        assert isinstance(app.screen, PlayScreen)
        assert not (saves / "quick.json").exists()
        await press(pilot, "f1")
        assert "S (ctrl+s)" not in str(app.screen.query_one("#help-body").query("Static").first().render())


async def test_in_a_browser_every_twin_does_what_its_key_does(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1, web=True)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        assert app.is_web
        shown = footer_keys(app)
        assert {"Q": "Quit", "P": "Commands", "S": "Save", "L": "Load", "K": "Quicksave", "R": "Quickload"}.items() \
            <= shown.items(), shown  # fmt: skip
        assert "A" not in shown, "the accusation's twin is shown where the accusation is"

        await press(pilot, "S")
        assert isinstance(app.screen, SaveScreen)
        await press(pilot, "escape", "L")
        assert isinstance(app.screen, LoadScreen)
        await press(pilot, "escape", "2", "K")  # a step, then a quicksave
        assert (saves / "quick.json").exists()
        await press(pilot, "1")
        after_quicksave = list(app.session.state.path)
        await press(pilot, "R")  # unsaved progress: the quickload asks first
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "y")
        assert list(app.session.state.path) == after_quicksave[:-1]
        await press(pilot, "P")
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, "escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = [str(static.render()) for static in app.screen.query(".help-key")]
        assert {"Q (ctrl+q)", "P (ctrl+p)", "? (f1)", "S (ctrl+s)", "L (ctrl+l)", "K (f5)", "R (f9)", "A (ctrl+a)"} \
            <= set(rows), rows  # fmt: skip
        await press(pilot, "escape", "1")
        await press(pilot, "Q")  # unsaved progress: quitting asks first
        assert isinstance(app.screen, QuitModal)
        await press(pilot, "escape")


async def test_in_a_browser_the_accusation_twin_accuses(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1, web=True)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        await press(pilot, "1", "1", "1", "2", "1", "1", "1", "1", "1", "4", "a")
        assert isinstance(app.screen, AccusationScreen)
        assert footer_keys(app).get("A") == "Accuse"
        await press(pilot, "enter", "enter", "space", "down", "space", "down", "space", "A")
        assert isinstance(app.screen, ConfirmModal)


async def test_at_80_columns_in_a_browser_every_footer_key_is_whole_and_help_lists_the_rest(saves: Path) -> None:
    """The twins make most footers longer than 80 columns: the footer shows the keys that fit whole, in order,
    and keeps the help key whenever it leaves one out; the help screen lists every key."""
    from textual.widgets._footer import FooterKey

    from game.tui.widgets.key_footer import KeyFooter

    app = make_app(saves, case="canon", seed=1, web=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        left_out_somewhere = False
        for route in ("play", "suspects", "board", "notebook", "history", "save", "load", "settings", "help"):
            if route != "play":
                app.open(route)
            await pilot.pause()
            await pilot.pause()
            shown = list(app.screen.query_one(KeyFooter).query(FooterKey))
            assert shown, route
            for key in shown:
                assert key.region.right <= 80, f"{route}: {key.key_display} {key.description} is cut"
            offered = set(footer_keys(app))
            displayed = {key.key for key in shown}
            assert displayed <= offered, route
            if displayed != offered:
                left_out_somewhere = True
                assert any(key.description == "Help" for key in shown), f"{route}: keys left out and no help key"
            if route != "play":
                app.pop_screen()
        assert left_out_somewhere  # the case this test is about happens at 80 columns
        await press(pilot, "question_mark")
        rows = {str(static.render()) for static in app.screen.query(".help-key")}
        assert {"Q (ctrl+q)", "P (ctrl+p)", "S (ctrl+s)", "L (ctrl+l)", "K (f5)", "R (f9)"} <= rows, rows


def test_the_footer_keeps_whole_keys_in_order_and_the_help_key() -> None:
    from textual.widgets._footer import FooterKey

    from game.tui.widgets.key_footer import fitting, key_width

    def key(name: str, what: str, action: str = "x") -> FooterKey:
        return FooterKey(name, name, what, action)

    back, mark, quit_, help_, save = (key("esc", "Back"), key("m", "Mark suspect"), key("Q", "Quit"),
                                      key("?", "Help", "app.browser('f1')"), key("S", "Save"))
    keys = [back, mark, quit_, help_, save]
    assert [key_width(k) for k in keys] == [10, 16, 8, 8, 8]
    assert fitting(keys, 50) == keys  # everything fits: nothing changes
    assert fitting(keys, 49) == [back, mark, quit_, help_]  # the last key goes
    assert fitting(keys, 34) == [back, mark, help_]  # help is kept in its place, ahead of what did not fit
    assert fitting(keys, 33) == [back, help_]  # after a key that does not fit, none is shown
    assert fitting(keys, 20) == [back, help_]
