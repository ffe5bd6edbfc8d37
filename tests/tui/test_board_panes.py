"""What blind players hit on the deduction board and the suspects screen (80x24, tmux): a long link or statement
cut off, the right side of the board readable only after a hidden Tab, the panes blank after a confirm, and the
links list left stale after an unlink."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.widgets.option_list import Option

from game.engine import start
from game.paths import story_dir
from game.session.play import Session
from game.tui.screens.board import BoardScreen
from game.tui.widgets.bullet_list import BulletList
from game.tui.widgets.check_list import CheckList
from game.tui.widgets.pointer_list import PointerList

from .conftest import make_app, press, ready

TRANSCRIPT = Path(__file__).parents[1] / "transcripts" / "canon_solve.yaml"
LINKS = ("cruz_timeline el_card studio_b_swipes", "company_letter casting_list",
         "bette_card delia_prescription nabil_prescription", "june_locker_pills neveah_rose topher_warning")


def shown(widget) -> list[str]:
    """The lines a widget shows, as text (what a screen capture gets)."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)]


class OneList(App[None]):
    CSS = "PointerList { width: 30; height: auto; border: none; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield PointerList(Option("word word word word word word"), markup=False)  # 29 cells: 2 lines at 28


async def test_a_list_as_tall_as_its_options_shows_a_long_option_whole() -> None:
    app = OneList()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        options = app.query_one(PointerList)
        assert options.size.height == 2 and options.max_scroll_y == 0  # no scrolling inside: all of it shows
        assert shown(options) == ["› word word word word word", "  word"]  # it has the focus


async def board_at_thursday(pilot, app) -> BoardScreen:
    """The canon case on Thursday with four links proposed (long ones), the board open."""
    await ready(pilot)
    recorded = yaml.safe_load(TRANSCRIPT.read_text())
    state = start(app.story, recorded["seed"], recorded["case"])
    session = app.session = Session(app.story, state)
    steps = [step["do"] for step in recorded["steps"]]
    for action in steps[: next(i for i, action in enumerate(steps) if action.startswith("link "))]:
        session.act(action)
    for link in LINKS:
        session.act(f"link {link}")
    app.show_play()
    await pilot.pause()
    await press(pilot, "b")
    assert isinstance(app.screen, BoardScreen)
    return app.screen


async def test_after_x_the_links_left_show_whole_and_the_pointer_stays_put(saves: Path) -> None:
    app = make_app(saves, story=story_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        board = await board_at_thursday(pilot, app)
        await press(pilot, "tab", "down", "down", "x")
        assert app.session.state.pending == [["cruz_timeline", "el_card", "studio_b_swipes"],
                                             ["casting_list", "company_letter"],
                                             ["june_locker_pills", "neveah_rose", "topher_warning"]]
        assert shown(board.query_one("#board-pending", PointerList)) == [
            "  Cruz's timeline + Delia's",
            "  transit card + Studio B's door",
            "  history",
            "  The spring cast list + The",
            "  Meridian letter",
            "› A bottle in June's locker +",
            "  \"Your turn to fly\" + Topher's",
            "  written warning",
        ]
        await press(pilot, "x")  # the link the pointer is on, as the screen shows it
        assert app.session.state.pending == [["cruz_timeline", "el_card", "studio_b_swipes"],
                                             ["casting_list", "company_letter"]]


async def test_pgdn_reads_the_right_side_of_the_board_to_its_last_question(saves: Path) -> None:
    app = make_app(saves, story=story_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        board = await board_at_thursday(pilot, app)
        evidence = board.query_one("#board-evidence", CheckList)
        more = board.query_one("#board-more", Static)
        right = board.query_one("#board-right", VerticalScroll)
        assert str(more.render()).startswith("▼ ") and str(more.render()).endswith("on the right: PgDn reads on")
        footer = board._compositor.render_strips()[-1].text  # the footer names the key
        assert "pgdn Read on" in footer, footer
        for _ in range(20):
            if str(more.render()).startswith("▲"):
                break
            await press(pilot, "pagedown")
        assert str(more.render()) == "▲ End of the right side. PgUp goes back up"
        assert app.focused is evidence  # no hidden focus: the evidence list kept it
        questions = board.query_one("#board-questions", BulletList)
        assert right.scroll_y + right.scrollable_content_region.height >= questions.virtual_region.bottom


async def test_the_board_lists_change_in_the_same_frame_as_the_board(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "1", "1", "1", "2", "3", "b")  # the thread from the roof, the sign-in sheet
        board = app.screen
        assert isinstance(board, BoardScreen)
        app.session.act("link grey_thread sign_in_sheet")
        app.session.act("confirm")
        board.refresh_board()  # no await: what the lists draw is already the new board
        deductions = board.query_one("#board-deductions", BulletList)
        assert not deductions.children  # one widget draws the list: no rows to mount a frame later
        await pilot.pause()
        assert any(line.startswith("• The route to the roof") for line in shown(deductions)), shown(deductions)


async def test_a_statement_and_what_bears_it_out_show_whole_on_the_suspects_screen(saves: Path) -> None:
    app = make_app(saves, story=story_dir())
    async with app.run_test(size=(84, 24)) as pilot:
        await ready(pilot)
        recorded = yaml.safe_load(TRANSCRIPT.read_text())
        session = app.session = Session(app.story, start(app.story, recorded["seed"], recorded["case"]))
        steps = [step["do"] for step in recorded["steps"]]
        for action in steps[: next(i for i, action in enumerate(steps) if action.startswith("present ")) + 1]:
            session.act(action)  # Delia's alibi broken, Nabil's borne out by the board
        app.show_play()
        await pilot.pause()
        await press(pilot, "s", "down", "enter")  # Nabil, then his statements
        statements = app.screen.query_one("#statement-list", PointerList)
        assert statements.max_scroll_y == 0  # no scrolling inside the list: every line of it shows
        assert shown(statements) == [  # at 84 columns the list used to come out a line short, cut after "against"
            "› \"I was in Studio B from ten past eleven,",
            "  dancing, alone, music loud. I didn't come",
            "  out until I heard the sirens. Ask the door,",
            "  it remembers.\" (alibi)  ✓ borne out by",
            "  Studio B's door history, Two alibis against",
            "  the clock",
        ]
