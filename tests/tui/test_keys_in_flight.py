"""Keys typed faster than the screen changes: they act where the player typed them, or not at all.

Keys typed in a burst wait in line for the focused widget and come back up to the app, which runs the bindings
of the screen on top *then*. Blind players (in tmux) closed the board with Escape and their next Down and Enter,
meant for the board, took a story choice; and a space typed right after Enter met the old scene's finished text,
so the new scene went on appearing.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot

from game.tui.screens import play
from game.tui.screens.board import BoardScreen
from game.tui.screens.play import RESUME_SETTLE, PlayScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.notice_line import NoticeLine
from game.tui.widgets.typewriter import Typewriter

from .conftest import make_app, press, ready

CHARACTERS = {"escape": "\x1b", "enter": "\r", "space": " "}


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys that arrive together, as from a fast typist or a terminal that held an Escape back: all of them are
    in line before the app reads the first."""
    app = pilot.app
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def back_from_suspects(pilot: Pilot) -> None:
    """Open the suspects and close them again, keys one at a time (no settling after: the keys that follow come
    straight after the play screen is back)."""
    for key in ("s", "escape"):
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(pilot.app.screen, PlayScreen)


async def test_keys_typed_behind_the_escape_that_closes_the_board_take_no_choice(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, BoardScreen)
        await burst(pilot, "escape", "down", "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.path == []  # no choice taken
        assert app.screen.query_one("#choices", ChoiceList).highlighted == 0  # and the Down moved nothing


async def test_a_number_typed_behind_the_key_that_opens_the_board_takes_no_choice(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await burst(pilot, "b", "2")
        assert isinstance(app.screen, BoardScreen)
        assert app.session.state.path == []


async def test_choice_keys_right_after_a_screen_closes_are_ignored_and_the_player_is_told(saves: Path,
                                                                                       monkeypatch) -> None:
    monkeypatch.setattr(play, "RESUME_SETTLE", 600.0)  # "right after", however slow the machine running this
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await back_from_suspects(pilot)
        for key in ("enter", "2"):
            await pilot.press(key)
            await pilot.pause()
            assert app.session.state.path == [], key
        assert app.screen.query_one("#notice", NoticeLine).shown == (
            "⚠ 2 came while the screen was changing and took no choice; press it again.")


async def test_choice_keys_work_again_once_the_screen_has_settled(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await back_from_suspects(pilot)
        await pilot.pause(RESUME_SETTLE)
        await pilot.press("2")
        await pilot.pause()
        assert app.session.state.path == ["go_studio"]


async def test_a_space_typed_right_after_enter_shows_the_new_scene_whole(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1, animations=True, text_speed=20)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = app.screen.query_one("#text", Typewriter)
        text.skip()
        await pilot.pause()
        await burst(pilot, "enter", "space")
        assert app.session.state.path == ["look_roof"]
        assert text.text.startswith(app.session.view.reply.strip() or app.session.view.text.strip()[:20])
        assert not text.revealing  # one key: the new scene shows whole


async def test_a_choice_key_typed_behind_another_takes_nothing_in_the_scene_that_one_brings(saves: Path) -> None:
    """A doubled key on a loaded machine: the second 2 was typed before the studio was on screen, so it must
    not take the studio's second choice (a blind player found "You chose: Leave her to her door" in History
    without having seen that scene)."""
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await burst(pilot, "2", "2")
        assert app.session.state.path == ["go_studio"]
        assert app.screen.query_one("#notice", NoticeLine).shown == (
            "⚠ 2 came while the screen was changing and took no choice; press it again.")
        await pilot.pause()
        await pilot.press("2")  # typed once the studio is drawn: it counts
        await pilot.pause()
        assert len(app.session.state.path) == 2


async def test_zero_takes_the_tenth_choice(saves: Path) -> None:
    """Hubs offer ten choices and more: the tenth is numbered 0 and taken by 0 (it used to have no key)."""
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        choices = app.screen.query_one("#choices", ChoiceList)
        pads = [(f"pad-{n}", f"Choice {n}") for n in range(1, 10)]
        choices.show([*pads, ("go_studio", "The tenth"), ("pad-11", "The eleventh")])
        await pilot.pause()
        labels = [str(choices.get_option_at_index(i).prompt) for i in (8, 9, 10)]
        assert labels == ["9. Choice 9", "0. The tenth", "–  The eleventh"]
        await pilot.press("0")
        await pilot.pause()
        assert app.session.state.path == ["go_studio"]


async def test_the_notice_about_a_dropped_key_is_not_said_again_after_the_next_choice(saves: Path,
                                                                                      monkeypatch) -> None:
    monkeypatch.setattr(play, "RESUME_SETTLE", 600.0)
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await back_from_suspects(pilot)
        await pilot.press("2")  # too soon after the suspects closed: dropped, and said
        await pilot.pause()
        assert app.session.state.path == []
        app.screen._settled_at = 0.0  # the screen has settled
        await pilot.press("2")
        await pilot.pause()
        assert app.session.state.path == ["go_studio"]
        assert app.screen.query_one("#notice", NoticeLine).shown == ""
