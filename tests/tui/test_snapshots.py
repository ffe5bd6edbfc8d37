"""Snapshots of every screen at 80x24, animations off, in a temporary save folder (plain `def` tests:
snap_compare runs the app itself). Update with `pytest tests/tui --snapshot-update` after checking the report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from game.saving import Profile, Settings, save_profile
from game.tui.app import ArcherApp, LaunchOptions
from game.tui.screens.dialogs import QuitModal
from game.tui.screens.errors import StoryErrorScreen

from .conftest import STORY, BrowserApp, press, ready

SIZE = (80, 24)

Steps = Callable[[Pilot], Awaitable[None]]


def app_for(
    tmp_path: Path,
    *,
    endings: tuple[str, ...] = (),
    case: str | None = "canon",
    story: Path = STORY,
    theme: str = "textual-dark",
    web: bool = False,
) -> ArcherApp:
    saves = tmp_path / "saves"
    saves.mkdir()
    settings = Settings(theme=theme, text_speed=60, animations=False)
    save_profile(saves, Profile(settings=settings, content_notes_seen=True, endings=list(endings)))
    options = LaunchOptions(story_dir=story, saves_dir=saves, case=case, seed=1 if case else None)
    return (BrowserApp if web else ArcherApp)(options, clock=lambda: 0.0)


def keys(*pressed: str) -> Steps:
    """A run_before that waits for the story, presses keys one by one as `press` does, and settles. (Waiting
    only for the workers there are let a loaded machine press the first keys before the story's loading worker
    had started: they went to no game, and the snapshot showed its start.)"""

    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        await press(pilot, *pressed)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run


# Routes through the fixture story (canon case).
STUDIO = ("2", "1", "1", "1")  # studio: ask Nabil, ask Delia, read the sheet (the rose is left)
ROOF_AND_BACK = ("1", "1", "1")  # from the hall: roof, the rail, back down
FULL = ("1", "1", "1", *STUDIO, "1", "1")  # roof first, studio, take the rose, leave -> hall


def test_title(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, case=None), run_before=keys(), terminal_size=SIZE)


def test_new_game_dialog(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, case=None), run_before=keys("enter"), terminal_size=SIZE)


def test_content_notes_with_a_detail(snap_compare, tmp_path: Path) -> None:
    steps = keys("down", "down", "down", "enter", "down", "enter")
    assert snap_compare(app_for(tmp_path, case=None), run_before=steps, terminal_size=SIZE)


def test_endings(snap_compare, tmp_path: Path) -> None:
    app = app_for(tmp_path, case=None, endings=("end_solved", "end_timeout"))
    assert snap_compare(app, run_before=keys("down", "down", "enter"), terminal_size=SIZE)


def test_settings(snap_compare, tmp_path: Path) -> None:
    steps = keys("down", "down", "down", "down", "enter")
    assert snap_compare(app_for(tmp_path, case=None), run_before=steps, terminal_size=SIZE)


def test_help(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, case=None), run_before=keys("f1"), terminal_size=SIZE)


def test_play_start_shows_brackets_literally(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys(), terminal_size=SIZE)


def test_play_with_events_and_side_panel(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys(*STUDIO, "p"), terminal_size=SIZE)


def test_play_at_an_ending(snap_compare, tmp_path: Path) -> None:
    steps = keys("1", "2", "3", "3", "1", "3", "1")  # roof, hall, rest into Tuesday, rest: the showcase; bow
    assert snap_compare(app_for(tmp_path), run_before=steps, terminal_size=SIZE)


def test_notebook(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys(*FULL, "n"), terminal_size=SIZE)


def test_suspects(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys(*STUDIO, "s", "down"), terminal_size=SIZE)


def test_present_evidence(snap_compare, tmp_path: Path) -> None:
    steps = keys(*STUDIO, "s", "enter", "enter")
    assert snap_compare(app_for(tmp_path), run_before=steps, terminal_size=SIZE)


def test_board_with_a_link(snap_compare, tmp_path: Path) -> None:
    steps = keys(*FULL, "b", "space", "down", "down", "space", "l")
    assert snap_compare(app_for(tmp_path), run_before=steps, terminal_size=SIZE)


def test_accusation_who(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys(*FULL, "4", "a"), terminal_size=SIZE)


def test_accusation_evidence(snap_compare, tmp_path: Path) -> None:
    steps = keys(*FULL, "4", "a", "enter", "enter", "space", "down", "space")
    assert snap_compare(app_for(tmp_path), run_before=steps, terminal_size=SIZE)


def test_accusation_confirmation(snap_compare, tmp_path: Path) -> None:
    steps = keys(*FULL, "4", "a", "enter", "enter", "space", "down", "space", "down", "space", "ctrl+a")
    assert snap_compare(app_for(tmp_path), run_before=steps, terminal_size=SIZE)


def test_save_slots(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys("2", "ctrl+s"), terminal_size=SIZE)


def test_load_with_a_damaged_save(snap_compare, tmp_path: Path) -> None:
    app = app_for(tmp_path, case=None)
    (tmp_path / "saves" / "slot-4.json").write_text("{ not json", encoding="utf-8")
    assert snap_compare(app, run_before=keys("down", "enter"), terminal_size=SIZE)


def test_history(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys(*STUDIO, "h"), terminal_size=SIZE)


def test_game_menu(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys("escape"), terminal_size=SIZE)


def test_quit_dialog(snap_compare, tmp_path: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await keys("2", "3")(pilot)
        pilot.app.push_screen(QuitModal())
        await pilot.pause()

    assert snap_compare(app_for(tmp_path), run_before=run, terminal_size=SIZE)


def test_story_error_screen(snap_compare, tmp_path: Path) -> None:
    """Fixed problems (the loader's own wording is tested elsewhere), so only this screen's layout is pinned."""
    problems = [
        "story/story.yaml:3:5 AR012 'id': String should match pattern '^[a-z][a-z0-9_]*$' (got 'Broken Story')",
        "story/story.yaml:7:12 AR020 include 'scenes/*.yaml' matches no file\n"
        "    hint: check the folder and the pattern; globs are relative to the story folder",
        "story/days/mon.yaml:40:9 AR031 unknown scene or ending 'mon_rooftop' [did you mean 'mon_roof'?]",
    ]

    async def run(pilot: Pilot) -> None:
        await keys()(pilot)
        pilot.app.push_screen(StoryErrorScreen("story", problems))
        await pilot.pause()

    assert snap_compare(app_for(tmp_path, case=None), run_before=run, terminal_size=SIZE)


def test_play_in_the_light_theme(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, theme="textual-light"), run_before=keys("2", "1"), terminal_size=SIZE)


def test_play_in_the_high_contrast_theme(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, theme="high-contrast"), run_before=keys("2", "1"), terminal_size=SIZE)


def test_board_in_the_high_contrast_theme_shows_the_selection_as_text(snap_compare, tmp_path: Path) -> None:
    steps = keys("2", "1", "3", "4", "b", "space")
    assert snap_compare(app_for(tmp_path, theme="high-contrast"), run_before=steps, terminal_size=SIZE)


def test_history_with_choices_and_the_investigation_log(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path), run_before=keys("2", "1", "3", "h"), terminal_size=SIZE)


def test_play_with_more_text_below(snap_compare, tmp_path: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await keys()(pilot)
        pilot.app.screen.query_one("#text").show("A long scene, line after line. " * 50, chars_per_second=None)
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app_for(tmp_path), run_before=run, terminal_size=SIZE)


def test_board_in_the_light_theme_shows_the_selection_as_text(snap_compare, tmp_path: Path) -> None:
    steps = keys("2", "1", "3", "4", "b", "space", "down")
    assert snap_compare(app_for(tmp_path, theme="textual-light"), run_before=steps, terminal_size=SIZE)


def test_accusation_evidence_in_the_high_contrast_theme(snap_compare, tmp_path: Path) -> None:
    steps = keys(*FULL, "4", "a", "enter", "enter", "space", "down")
    assert snap_compare(app_for(tmp_path, theme="high-contrast"), run_before=steps, terminal_size=SIZE)


def test_accusation_who_in_the_light_theme(snap_compare, tmp_path: Path) -> None:
    steps = keys(*FULL, "4", "a", "down")
    assert snap_compare(app_for(tmp_path, theme="textual-light"), run_before=steps, terminal_size=SIZE)


def test_settings_theme_list_reads_as_text(snap_compare, tmp_path: Path) -> None:
    steps = keys("down", "down", "down", "down", "enter", "tab", "tab", "down")
    assert snap_compare(app_for(tmp_path, case=None), run_before=steps, terminal_size=SIZE)


def test_help_in_a_browser_names_the_twins(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, web=True), run_before=keys("question_mark"), terminal_size=SIZE)


def test_accusation_in_a_browser_offers_the_twin_in_the_footer(snap_compare, tmp_path: Path) -> None:
    steps = keys(*FULL, "4", "a")
    assert snap_compare(app_for(tmp_path, web=True), run_before=steps, terminal_size=SIZE)


def test_what_happened_after_presenting_evidence(snap_compare, tmp_path: Path) -> None:
    steps = keys(*STUDIO, "s", "enter", "enter", "down", "enter")
    assert snap_compare(app_for(tmp_path), run_before=steps, terminal_size=SIZE)


def test_load_screen_in_a_browser_shows_only_whole_keys_in_the_footer(snap_compare, tmp_path: Path) -> None:
    steps = keys("L")  # the Load screen through its browser twin (no saves listed: their times would change)
    assert snap_compare(app_for(tmp_path, web=True), run_before=steps, terminal_size=SIZE)
