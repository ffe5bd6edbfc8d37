"""Pilot tests: the game driven by keys, as a player would, on the fixture story."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList, Static, TabbedContent

from game.saving import load_profile
from game.tui.screens.accusation import AccusationScreen
from game.tui.screens.board import BoardScreen
from game.tui.screens.content_notes import ContentNotesScreen
from game.tui.screens.dialogs import ConfirmModal, MessageModal, QuitModal
from game.tui.screens.new_game import NewGameModal
from game.tui.screens.play import TO_TITLE, TRUTH, PlayScreen
from game.tui.screens.suspects import PresentModal, SuspectsScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.check_list import CheckList
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.notice_line import NoticeLine
from game.tui.widgets.typewriter import Typewriter

from .conftest import make_app, press, ready


def scene(app) -> str:
    return app.session.view.scene_id


def choice_ids(app) -> list[str]:
    return [choice.id for choice in app.session.view.choices]


async def test_title_screen_comes_first_and_enables_the_menu_once_loaded(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await ready(pilot)
        menu = app.screen.query_one("#title-menu", OptionList)
        assert not menu.get_option("new").disabled
        assert menu.get_option("continue").disabled  # no save yet
        assert menu.highlighted == 0
        assert app.story is not None and app.story.id == "fixture"


async def test_full_playthrough_to_the_solved_ending_by_keys(saves: Path) -> None:
    app = make_app(saves, notes_seen=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")  # New game
        assert isinstance(app.screen, NewGameModal)
        await press(pilot, "enter")  # the canon case
        assert isinstance(app.screen, ContentNotesScreen)  # first game: the notes come first
        await press(pilot, "tab", "enter")  # Continue to the game
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.case == "canon"
        assert load_profile(saves).content_notes_seen is True

        await press(pilot, "2")
        assert scene(app) == "studio_a"
        assert choice_ids(app) == ["ask_nabil", "ask_delia", "read_sheet", "take_rose", "leave_studio"]
        await press(pilot, "1", "1", "1", "1")
        assert app.session.state.heard == ["nabil_alibi", "delia_alibi"]
        assert app.session.state.clues == ["sign_in_sheet", "white_rose"]

        # Present the sign-in sheet against Delia's alibi: false in the canon case, so it breaks.
        await press(pilot, "s")
        assert isinstance(app.screen, SuspectsScreen)
        await press(pilot, "enter")  # Delia (first suspect) -> her statements
        await press(pilot, "enter")  # her alibi -> choose evidence
        assert isinstance(app.screen, PresentModal)
        await press(pilot, "down", "enter")  # the sign-in sheet (document, after the physical rose)
        assert app.session.state.caught == ["delia_alibi"]
        assert isinstance(app.screen, MessageModal)
        await press(pilot, "enter", "escape")
        assert isinstance(app.screen, PlayScreen)

        await press(pilot, "1")  # leave the studio
        assert scene(app) == "hall"
        await press(pilot, "1", "1", "1")  # roof, check the rail, back down
        assert scene(app) == "hall"
        assert "grey_thread" in app.session.state.clues

        # The board: link the thread and the sign-in sheet, then confirm.
        await press(pilot, "b")
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "space", "down", "space", "l")  # a wrong link first: the sheet and the rose
        assert app.session.state.pending == [["sign_in_sheet", "white_rose"]]
        await press(pilot, "x")
        assert app.session.state.pending == []
        await press(pilot, "space", "down", "down", "space", "l")
        assert app.session.state.pending == [["grey_thread", "sign_in_sheet"]]
        await press(pilot, "c")
        assert app.session.state.deductions == ["roof_route"]
        assert isinstance(app.screen, MessageModal)  # what was worked out opens whole, to be read
        assert "The route to the roof" in str(app.screen.query_one(".dialog-body", Static).render())
        await press(pilot, "escape", "escape")

        await press(pilot, "4")  # Madame Dubois's office
        assert scene(app) == "office" and app.session.view.can_accuse
        await press(pilot, "a")
        assert isinstance(app.screen, AccusationScreen)
        await press(pilot, "enter")  # Delia; Enter picks and moves on to the motives, which say how many there are
        hint = app.screen.query_one("#tab-why .screen-hint", Static).render()
        assert str(hint) == f"{len(app.story.motives)} motives; the list scrolls (↓, PageDown). Enter picks one."
        await press(pilot, "enter")  # jealousy
        await press(pilot, "space", "down", "space", "down", "space", "ctrl+a")  # three clues cited
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        view = app.session.view
        assert view.ending is not None and view.ending.id == "end_solved"
        assert load_profile(saves).endings == ["end_solved"]
        assert "The Truth, Told" in str(app.screen.query_one("#ending-title").render())

        await press(pilot, "1")  # Return to the title screen: nothing unsaved after an ending
        assert isinstance(app.screen, TitleScreen)
        assert app.session is None


async def test_wrong_accusation_costs_a_try_and_standing(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "1", "1", "1")  # the roof: the thread; back to the hall
        await press(pilot, "2", "1", "1", "1", "1", "1")  # studio: everything; then leave
        await press(pilot, "4", "a")
        assert isinstance(app.screen, AccusationScreen)
        await press(pilot, "down", "enter", "enter")  # Nabil; jealousy
        await press(pilot, "space", "down", "space", "ctrl+a")  # only two cited: not ready
        assert isinstance(app.screen, AccusationScreen)
        await press(pilot, "down", "space", "ctrl+a")
        await press(pilot, "y")
        assert scene(app) == "accuse_wrong"
        assert app.session.state.accusations_left == 1
        assert app.session.state.standing == 3
        assert "Accusation" in str(app.screen.query_one("#events").render())

        # The second wrong name ends the game; the ending offers, and only on request shows, what really happened.
        await press(pilot, "1", "4", "a", "down", "enter", "enter", "space", "down", "space", "down", "space")
        await press(pilot, "ctrl+a", "y")
        view = app.session.view
        assert view.ending is not None and view.ending.kind == "wrong"
        choices = app.screen.query_one("#choices", ChoiceList)
        assert [choices.get_option_at_index(i).id for i in range(choices.option_count)] == [TRUTH, TO_TITLE]
        assert "Delia never left" not in app.screen.query_one("#text", Typewriter).text
        await press(pilot, "1")
        assert app.screen.query_one("#text", Typewriter).text == "Delia never left the building that night."
        assert str(app.screen.query_one("#ending-title").render()) == "What really happened (The Wrong Name)"
        assert choices.option_count == 1 and choices.get_option_at_index(0).id == TO_TITLE
        await press(pilot, "1")
        assert isinstance(app.screen, TitleScreen)


async def test_undo_goes_back_one_action(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await press(pilot, "u")
        assert app.screen.query_one("#notice", NoticeLine).shown == "⚠ There is nothing to undo."
        assert not app._notifications  # the refusal is a line above the story, not a toast over it
        await press(pilot, "2", "3")
        assert app.session.state.path == ["go_studio", "read_sheet"]
        await press(pilot, "u")
        assert app.session.state.path == ["go_studio"]
        assert app.session.state.clues == []
        await press(pilot, "u")
        assert scene(app) == "arrival" and app.session.state.path == []
        assert "[ROOM 4B - NEW GIRL]" in app.screen.query_one("#text", Typewriter).text


async def test_save_then_load_restores_the_game(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "2", "3")  # studio, read the sheet
        await press(pilot, "ctrl+s")
        assert app.screen.query_one("#save-slots", OptionList).highlighted == 0
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert (saves / "slot-1.json").is_file()
        assert not app.session.dirty
        await press(pilot, "1")  # ask Nabil: unsaved progress
        assert app.session.state.path == ["go_studio", "read_sheet", "ask_nabil"]

        await press(pilot, "ctrl+l")
        first = app.screen.query_one("#load-slots", OptionList).get_option_at_index(0)
        assert first.id == "slot-1"  # newest first
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.path == ["go_studio", "read_sheet"]
        assert app.session.state.clues == ["sign_in_sheet"]

        # Saving again into slot 1 asks before overwriting.
        await press(pilot, "ctrl+s", "enter")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "escape")
        assert app.screen.__class__.__name__ == "SaveScreen"
        await press(pilot, "escape")


async def test_quicksave_and_quickload(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "2", "f5")
        assert (saves / "quick.json").is_file()
        await press(pilot, "1", "f9")
        assert isinstance(app.screen, ConfirmModal)  # unsaved progress: asks first
        await press(pilot, "y")
        assert app.session.state.path == ["go_studio"]
        await press(pilot, "f9")  # nothing unsaved now: loads at once
        assert isinstance(app.screen, PlayScreen)


async def test_autosave_at_scene_changes_and_continue(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "2")
        assert (saves / "auto-1.json").is_file()
        await press(pilot, "3")  # same scene: no new autosave
        assert not (saves / "auto-2.json").exists()
        assert app.session.dirty
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#title-menu", OptionList)
        assert not menu.get_option("continue").disabled
        await press(pilot, "down", "enter")  # Continue
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.path == ["go_studio"]


async def test_damaged_save_is_explained_and_not_loaded(saves: Path) -> None:
    saves.mkdir(parents=True)
    (saves / "slot-2.json").write_text("{ this is not a save", encoding="utf-8")
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "down", "enter")  # Load a game (Continue is disabled, so skipped)
        slots = app.screen.query_one("#load-slots", OptionList)
        assert "damaged" in str(slots.get_option_at_index(0).prompt)
        await press(pilot, "enter")
        assert isinstance(app.screen, MessageModal)
        assert app.session is None
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, TitleScreen)


async def test_load_option_with_a_damaged_save_shows_the_error(saves: Path) -> None:
    saves.mkdir(parents=True)
    (saves / "slot-3.json").write_text("[]", encoding="utf-8")
    app = make_app(saves, load="slot-3")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MessageModal)
        assert app.session is None


async def test_delete_asks_first(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "f5", "ctrl+l", "d")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "n")
        assert (saves / "quick.json").exists()
        await press(pilot, "d", "y")
        assert not (saves / "quick.json").exists()


async def test_quit_asks_when_progress_is_unsaved(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "2", "3")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, QuitModal)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)
        await press(pilot, "ctrl+q", "s")  # save and quit
    assert (saves / "quick.json").is_file()
    assert app.return_code == 0


async def test_quit_without_unsaved_progress_is_immediate(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "ctrl+q")
    assert app.return_code == 0


async def test_typewriter_shows_the_text_and_never_swallows_a_command_key(saves: Path) -> None:
    from game.tui.screens.help import HelpScreen

    app = make_app(saves, case="canon", seed=1, animations=True, text_speed=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = app.screen.query_one("#text", Typewriter)
        assert text.revealing
        await press(pilot, "space")  # a key with no job only shows the text
        assert not text.revealing
        assert scene(app) == "arrival"
        await press(pilot, "1")  # the text is shown: the choice is taken
        assert scene(app) == "roof"
        text = app.screen.query_one("#text", Typewriter)
        assert text.revealing
        await press(pilot, "f1")  # the first press of a command key does its job, and shows the text too
        assert isinstance(app.screen, HelpScreen)
        assert not text.revealing
        await press(pilot, "escape")
        text.show("A long text " * 40, chars_per_second=30)
        assert text.revealing
        await press(pilot, "1")  # a choice taken while the text appears
        assert app.session.state.path[-1] == "check_rail"


async def test_story_text_is_never_markup(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        rendered = str(app.screen.query_one("#text", Typewriter).render())
        assert "reads [ROOM 4B - NEW GIRL], in tidy capitals." in rendered


async def test_mouse_click_takes_a_choice(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        choices = app.screen.query_one("#choices")
        await pilot.click(choices, offset=(5, 2))  # the second choice (line 1 is the border)
        await pilot.pause()
        assert scene(app) == "studio_a"


async def test_side_panel_toggles_and_shows_the_notebook(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        panel = app.screen.query_one("#panel")
        assert not panel.display
        await press(pilot, "2", "3", "p")
        assert panel.display
        assert "The sign-in sheet" in str(app.screen.query_one("#panel-notebook").render())
        await press(pilot, "p")
        assert not panel.display


async def test_new_game_from_a_seed(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter", "down", "down", "enter")
        await pilot.press(*"12345")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.seed == 12345


async def test_settings_are_kept_in_the_profile(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "f1")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await press(pilot, "escape")
        app.title_action("settings")
        await pilot.pause()
        await press(pilot, "tab", "tab", "enter")  # the animations switch
        await press(pilot, "tab", "shift+tab")
        app.screen.query_one("#setting-animations").value = True
        await pilot.pause()
        assert load_profile(saves).settings.animations is True
        assert app.animation_level == "full"
        app.theme = "ansi-dark"
        await pilot.pause()
    saved = json.loads((saves / "profile.json").read_text())
    assert saved["settings"]["theme"] == "ansi-dark"


async def test_command_palette_opens_the_notebook(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"Notebook")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "NotebookScreen"


async def test_broken_story_shows_every_error_and_quits_with_status_1(saves: Path, tmp_path: Path) -> None:
    from .conftest import FIXTURES

    app = make_app(saves, story=FIXTURES / "broken" / "story")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.screen.__class__.__name__ == "StoryErrorScreen"
        listing = str(app.screen.query_one("#error-list").render())
        assert "story.yaml:" in listing and "AR0" in listing
        await press(pilot, "q")
    assert app.return_code == 1


async def test_dev_mode_reloads_an_edited_story_and_replays_the_game(saves: Path, tmp_path: Path) -> None:
    import shutil

    from .conftest import FIXTURES

    copy = tmp_path / "copy"
    shutil.copytree(FIXTURES / "story", copy / "story")
    shutil.copytree(FIXTURES / "seeds", copy / "seeds")
    app = make_app(saves, story=copy / "story", case="canon", seed=1, dev=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await press(pilot, "2", "3")
        scenes = copy / "story" / "scenes.yaml"
        scenes.write_text(scenes.read_text().replace("Studio A. {name.nabil}", "Studio A, edited. {name.nabil}"))
        app._watch_story()
        await ready(pilot)
        assert app.session.state.path == ["go_studio", "read_sheet"]
        assert app.session.view.text.startswith("Studio A, edited. Nabil")
        assert "edited" in app.screen.query_one("#text", Typewriter).text
        assert any("Replayed 2 of 2 actions." in n.message for n in app._notifications)

        scenes.write_text("scenes: [oops")  # a broken edit is reported and the game goes on
        app._watch_story()
        await ready(pilot)
        assert any("not reloaded" in (n.title or "") for n in app._notifications)
        assert app.session.view.scene_id == "studio_a"


async def test_notifications_never_parse_markup(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        app.notify("unknown case '[/]' [b]x")  # would raise MarkupError if parsed
        await pilot.pause()
        assert app._notifications  # shown, and the app is still running
        assert app.is_running


def test_an_internal_error_autosaves_is_logged_and_explained_without_a_traceback(saves: Path, capsys) -> None:
    """A bug in the middle of a game: the game is autosaved first, the details go to crash.log, the player
    reads two lines (no traceback) and the exit status is 70."""
    from game.tui.crash import run_guarded

    app = make_app(saves, case="canon", seed=1)

    def boom() -> None:
        raise RuntimeError("a bug")

    async def play_then_fail(pilot) -> None:
        await ready(pilot)
        await press(pilot, "2", "1")  # into Studio A, then hear Nabil: progress not yet autosaved
        assert app.session.state.path[-1] == "ask_nabil"
        app.call_later(boom)
        await pilot.pause()

    status = run_guarded(app, headless=True, size=(80, 24), auto_pilot=play_then_fail)
    assert status == 70
    log = (saves / "crash.log").read_text(encoding="utf-8")
    assert "RuntimeError: a bug" in log and "Traceback" in log
    err = capsys.readouterr().err
    assert "archer: internal error: RuntimeError: a bug" in err
    assert str(saves / "crash.log") in err and "autosaved" in err
    assert "Traceback" not in err
    newest = app.store.latest()
    assert newest is not None and newest.slot.startswith("auto-")
    restored = app.store.load(newest.slot, app.story)
    assert restored.state.path == app.session.state.path  # nothing lost: the last step is in the autosave


async def test_the_accusation_tabs_answer_their_numbers_and_the_arrows_from_any_tab(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "1", "1", "1", "2", "1", "1", "1", "1", "1", "4", "a")  # roof, studio, the office
        screen = app.screen
        assert isinstance(screen, AccusationScreen)
        tabs = screen.query_one("#accuse-tabs", TabbedContent)
        await press(pilot, "enter", "enter")  # a person, a motive: on to the evidence
        assert tabs.active == "tab-evidence" and screen.focused is screen.query_one("#accuse-evidence")
        # the tabs are labelled "1 Who", "2 Why", "3 Evidence": a blind player pressed 1, then ←, to go back
        await press(pilot, "1")
        assert tabs.active == "tab-who" and screen.focused is screen.query_one("#accuse-suspect")
        await press(pilot, "3", "left")
        assert tabs.active == "tab-why" and screen.focused is screen.query_one("#accuse-motive")
        await press(pilot, "right", "right")
        assert tabs.active == "tab-evidence"  # the last tab stays put
        await press(pilot, "2", "space")
        assert tabs.active == "tab-why"
        assert screen.query_one("#accuse-evidence", CheckList).selected == []  # nothing cited by a stray key
