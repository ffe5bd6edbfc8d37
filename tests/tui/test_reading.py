"""Issue 16: every line readable by keys, every key in the help table answering the first time, toasts that
stay off the choices, one-key saving, rendered text and state that reads as text."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Static

from game.engine import start, view
from game.paths import story_dir
from game.session.play import Session
from game.tui.keys import key_tokens
from game.tui.screens.accusation import AccusationScreen
from game.tui.screens.board import BoardScreen
from game.tui.screens.dialogs import ConfirmModal, QuitModal
from game.tui.screens.help import HelpScreen
from game.tui.screens.history import HistoryScreen
from game.tui.screens.menu import GameMenuModal
from game.tui.screens.notebook import NotebookScreen
from game.tui.screens.play import STILL_APPEARING, PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.screens.suspects import SuspectsScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.check_list import CheckList
from game.tui.widgets.notice_line import NoticeLine
from game.tui.widgets.typewriter import Typewriter

from .conftest import make_app, press, ready

LONG = "A line of text that goes on. " * 60


def longest_scene(story) -> tuple[str, object]:
    """The scene of the shipped story whose text (as first shown in the canon case) is the longest."""
    first = start(story, 1, "canon")
    states = [first.model_copy(update={"scene": scene}) for scene in story.scenes]
    state = max(states, key=lambda s: len(view(story, s).text))
    return state.scene, state


async def test_the_longest_shipped_scene_scrolls_to_its_last_line_at_80x24(saves: Path) -> None:
    app = make_app(saves, story=story_dir(), case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene_id, state = longest_scene(app.story)
        app.session = Session(app.story, state)
        app.refresh_play()
        await pilot.pause()
        scene = app.screen.query_one("#scene", VerticalScroll)
        more = app.screen.query_one("#more", Static)
        assert scene.max_scroll_y > 0, f"{scene_id} fits at 80x24: not a test of scrolling"
        assert str(more.render()).startswith("▼ ")  # announced in words, not only by the scrollbar
        presses = 0
        while scene.scroll_y < scene.max_scroll_y:
            await press(pilot, "pagedown")
            presses += 1
            assert presses < 40, "pagedown does not reach the end"
        text = app.screen.query_one("#text", Typewriter)
        bottom = text.virtual_region.bottom - scene.scroll_y
        assert bottom <= scene.scrollable_content_region.height  # the last line is on screen
        assert str(more.render()).startswith("▲ End of the text")
        assert app.screen.query_one("#choices").region.height >= 3  # the choices stayed in view
        await press(pilot, "pageup")
        assert scene.scroll_y < scene.max_scroll_y


async def test_arrows_read_on_before_moving_through_the_choices(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.query_one("#text", Typewriter).show(LONG, chars_per_second=None)
        await pilot.pause()
        scene = app.screen.query_one("#scene", VerticalScroll)
        choices = app.screen.query_one("#choices")
        assert app.focused is choices and scene.max_scroll_y > 0
        while scene.scroll_y < scene.max_scroll_y:
            await press(pilot, "down")
            assert choices.highlighted == 0
        await press(pilot, "down")
        assert choices.highlighted == 1  # at the end of the text, down moves to the next choice
        await press(pilot, "up", "up")
        assert choices.highlighted == 0 and scene.scroll_y < scene.max_scroll_y


def rearm(app) -> Typewriter:
    """Start a slow reveal on the play screen, so that the next key arrives while text is appearing."""
    play = next(s for s in app.screen_stack if isinstance(s, PlayScreen))
    text = play.query_one("#text", Typewriter)
    text.show(LONG, chars_per_second=30)
    assert text.revealing
    return text


async def test_every_key_in_the_help_table_works_the_first_time(saves: Path) -> None:
    """Walks the key table: each key is pressed where the table says it works, with the typewriter running
    on the play screen, and its effect is checked. Every key of the table must be walked."""
    walked: set[str] = set()

    def did(*tokens: str) -> None:
        walked.update(tokens)

    app = make_app(saves, animations=True, text_speed=30)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        # Title screen
        assert isinstance(app.screen, TitleScreen)
        await press(pilot, "down", "up")
        assert app.screen.query_one("#title-menu").highlighted == 0
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)
        await press(pilot, "ctrl+p")
        assert app.screen.__class__.__name__ == "CommandPalette"
        await press(pilot, "escape")
        did("down", "up", "f1", "escape", "ctrl+p")
        await press(pilot, "enter", "enter")  # New game, the canon case
        assert isinstance(app.screen, PlayScreen)
        did("enter")
        app.screen.query_one("#text", Typewriter).skip()
        await pilot.pause()

        # Playing: each key once, while text is still appearing.
        for key, kind in [("n", NotebookScreen), ("s", SuspectsScreen), ("b", BoardScreen), ("h", HistoryScreen),
                          ("o", SettingsScreen), ("question_mark", HelpScreen), ("f1", HelpScreen),
                          ("ctrl+s", SaveScreen), ("ctrl+l", LoadScreen), ("escape", GameMenuModal)]:  # fmt: skip
            text = rearm(app)
            await press(pilot, key)
            assert isinstance(app.screen, kind), key
            assert not text.revealing, key  # the text was shown too
            await press(pilot, "escape")
            assert isinstance(app.screen, PlayScreen), key
            did(key)
        rearm(app)
        await press(pilot, "2")  # a choice, first time
        assert app.session.view.scene_id == "studio_a"
        did("2")
        for digit in "431":  # once-only choices leave the list as they are taken
            rearm(app)
            before = len(app.session.state.path)
            await press(pilot, digit)
            assert len(app.session.state.path) == before + 1, digit
            did(digit)
        rearm(app)
        await press(pilot, "u")
        assert len(app.session.state.path) == 3  # undone
        did("u")
        panel = app.screen.query_one("#panel")
        hidden = panel.has_class("-hidden")
        rearm(app)
        await press(pilot, "p")
        assert panel.has_class("-hidden") is not hidden
        did("p")
        rearm(app)
        await press(pilot, "a")  # not an accusation scene: it says so (and does not open)
        assert not isinstance(app.screen, AccusationScreen)
        assert app.screen.query_one("#notice", NoticeLine).shown.startswith("⚠ Not here:")
        did("a")
        text = rearm(app)
        await press(pilot, "space")
        assert not text.revealing and isinstance(app.screen, PlayScreen)
        text = rearm(app)
        await pilot.click("#text")
        assert not text.revealing
        did("space", "click")
        for key in ("5", "6", "7", "8", "9", "0"):  # fewer choices than the key: nothing happens, nothing breaks
            before = list(app.session.state.path)
            await press(pilot, key)
            assert app.session.state.path == before
            did(key)
        rearm(app)
        await press(pilot, "pagedown")
        scene = app.screen.query_one("#scene", VerticalScroll)
        assert scene.scroll_y > 0
        await press(pilot, "pageup")
        assert scene.scroll_y == 0
        did("pagedown", "pageup")
        await press(pilot, "s")  # Suspects: tab moves from the people to their statements and back
        assert app.focused is app.screen.query_one("#suspect-list")
        await press(pilot, "tab")
        assert app.focused is not app.screen.query_one("#suspect-list")
        await press(pilot, "shift+tab")
        assert app.focused is app.screen.query_one("#suspect-list")
        did("tab", "shift+tab")
        await press(pilot, "m")  # the highlighted suspect gets the player's first mark
        assert "suspect" in app.session.state.marks.values()
        did("m")
        await press(pilot, "escape")

        # Any screen of a game: the save keys answer on sub-screens too.
        await press(pilot, "n")
        await press(pilot, "f5")
        assert (saves / "quick.save").exists() or any(p.name.startswith("quick") for p in saves.iterdir())
        did("f5")
        await press(pilot, "f9")  # nothing unsaved: loads straight away
        assert isinstance(app.screen, PlayScreen)
        did("f9")

        # Suspects: up/down/enter (covered above for lists); deduction board: space, l, x, c.
        await press(pilot, "b")
        evidence = app.screen.query_one("#board-evidence", CheckList)
        await press(pilot, "space")
        assert evidence.selected and "[x]" in str(evidence.get_option_at_index(0).prompt)
        await press(pilot, "down", "space", "l")
        assert app.session.state.pending
        await press(pilot, "tab", "x")
        assert not app.session.state.pending
        await press(pilot, "c")
        assert str(app.screen.query_one("#board-result").render()).strip()  # the board answered
        did("l", "x", "c")
        await press(pilot, "escape")

        # History: i switches to the investigation log.
        await press(pilot, "h", "i")
        assert app.screen.query_one("#history-tabs").active == "tab-investigation"
        did("i")
        await press(pilot, "escape")

        # Saves: delete asks first; y and n answer.
        await press(pilot, "ctrl+l")
        await press(pilot, "e", "i")  # download and upload are for a browser: off in a terminal, and harmless
        assert isinstance(app.screen, LoadScreen) and not app.is_web
        assert not app.screen.check_action("download", ()) and not app.screen.check_action("upload", ())
        did("e")
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "n")
        assert isinstance(app.screen, LoadScreen)
        await press(pilot, "delete")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "y")
        did("d", "delete", "y", "n")
        await press(pilot, "escape")

        # Quitting with unsaved progress asks; s and q answer there (q is the title's quit key as well).
        await press(pilot, "1")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, QuitModal)
        did("ctrl+q")
        await press(pilot, "escape")
        did("s", "q")  # QuitModal's s and q are checked in test_play; the title's q below
    # The accusation keys (ctrl+a, its enter and space) are walked in test_play's full playthrough.
    did("ctrl+a")
    assert key_tokens() <= walked, sorted(key_tokens() - walked)


async def test_toasts_stay_off_the_choices_and_leave_within_seconds(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await press(pilot, "f5")
        assert app._notifications
        assert all(n.timeout <= 8 for n in app._notifications)
        toasts = list(app.screen.query("Toast"))
        assert toasts
        choices = app.screen.query_one("#choices").region
        for toast in toasts:
            assert not toast.region.overlaps(choices)


async def test_saving_is_one_key_and_one_confirmation(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await press(pilot, "2")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SaveScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert not app.session.dirty
        assert (saves / "slot-1.save").exists() or any(p.name.startswith("slot-1") for p in saves.iterdir())


async def test_choices_past_the_list_s_height_are_announced_on_its_border(saves: Path) -> None:
    """A blind player saw three of six long choices and took the list for whole: its bottom border says when more
    are below (or above), and a taller terminal gives the choices more rows before they scroll at all."""
    from game.tui.widgets.choice_list import EARLIER_CHOICES, MORE_CHOICES, ChoiceList

    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        choices = app.screen.query_one("#choices", ChoiceList)
        assert choices.border_subtitle == ""  # the fixture's first scene: its choices fit
        many = [(f"act{i}", f"Choice {i}, which says a good deal about where it goes. " * 2) for i in range(8)]
        choices.show(many)
        await pilot.pause()
        await pilot.pause()
        assert choices.max_scroll_y > 0 and choices.outer_size.height == 11
        assert choices.border_subtitle == MORE_CHOICES
        for _ in range(len(many) - 1):
            await press(pilot, "down")
        assert choices.highlighted == len(many) - 1
        assert choices.border_subtitle == EARLIER_CHOICES
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert choices.outer_size.height == 18  # 45% of 40 rows


async def test_while_a_long_text_types_out_the_line_under_it_says_so_not_that_more_is_below(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1, animations=True, text_speed=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.screen.query_one("#text", Typewriter).show(LONG, chars_per_second=30)
        await pilot.pause()
        more = app.screen.query_one("#more", Static)
        # the lines below are blank until typed: "▼ 20 more lines below" over an empty pane misled players
        assert str(more.render()) == STILL_APPEARING
        await press(pilot, "space")
        assert not app.screen.query_one("#text", Typewriter).revealing
        assert str(more.render()).startswith("▼ ") and "more lines below" in str(more.render())
