"""Plain mode reads as well as the TUI: an investigation command shows only what changed, inline emphasis is
dropped, and every line (suspects and notes included) wraps at the terminal's width, or 78 for a pipe."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import sys
import termios
from pathlib import Path

import pytest
import yaml

from game.engine import start
from game.plain.run import output_width
from game.session.lines import WRAP, PlainGame, wrap_line
from game.session.words import drop_emphasis
from game.world import load_story

REPO = Path(__file__).resolve().parents[2]


def take(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def test_investigation_commands_show_only_what_changed(mini_story) -> None:
    out = io.StringIO()
    game = PlainGame(mini_story, start(mini_story, 3, "nabil_case"), out)
    for action in ("search", "look", "back", "office", "note"):
        game.do(action)
    take(out)
    game.handle("present log nabil_alibi")  # the person's words alone did not tell a player that it worked
    assert take(out) == "\nContradiction caught (their statement is broken): Nabil looks away.\n\n"
    game.handle("link thread log")
    assert take(out) == "\nLinked The log + A thread.\n\n"
    game.handle("confirm")
    assert take(out) == "\nThe one who signed out wore red.\n\n"
    game.handle("accuse nabil fear on_roof rose thread")  # this one ends the game: the ending is shown
    assert take(out) == ("\nVerdict: the case holds. How, why, the chance, and an account of the night\nthat broke: "
                         "every point stands.\n\nYou were right.\n\nIt was Nabil.\n\n*** ENDING: Solved ***\n")


def test_a_choice_still_shows_the_scene_it_leads_to(mini_story) -> None:
    out = io.StringIO()
    game = PlainGame(mini_story, start(mini_story, 3, "nabil_case"), out)
    game.handle("3")
    shown = take(out)
    assert "-- Monday, morning · The front office · standing 3/5 --" in shown
    # The office takes an accusation: the line under the choices says so (a player once didn't know it could).
    assert shown.rstrip().endswith("3. Leave.\nYou can also make an accusation here: type 'accuse' to see how.")
    game.handle("3")
    assert "accusation here" not in take(out)  # the studio takes none: no such line


@pytest.mark.parametrize(("text", "plain"), [
    ("palm up: *what can you do.*", "palm up: what can you do."),
    ("**Never** and *once*, then *twice*.", "Never and once, then twice."),
    ("* a list item", "* a list item"),
    ("3 * 4 * 5", "3 * 4 * 5"),
    ("*** ENDING: Solved ***", "*** ENDING: Solved ***"),
    ("a lone * star", "a lone * star"),
])
def test_emphasis_is_dropped_never_shown_raw(text: str, plain: str) -> None:
    assert drop_emphasis(text) == plain


def test_emphasis_in_a_scene_reads_as_plain_words(mini_copy) -> None:
    mini_copy.edit("scenes.yaml", "You have not met.", "You have *not* met.")
    story = mini_copy.load().story
    out = io.StringIO()
    PlainGame(story, start(story, 1, "june_case"), out).show()
    assert "You have not met." in out.getvalue() and "*" not in out.getvalue()


def test_wrapping_keeps_words_whole_and_list_items_aligned() -> None:
    line = "  - [nabil_alibi] I was asleep by ten, and I never left the boys' floor (broken)"
    assert wrap_line(line, 40).splitlines() == [
        "  - [nabil_alibi] I was asleep by ten,",
        "    and I never left the boys' floor",
        "    (broken)",
    ]
    assert wrap_line("7. Take the train to Lakeshore Memorial, to see Cassie", 30).splitlines() == [
        "7. Take the train to Lakeshore",
        "   Memorial, to see Cassie",
    ]
    assert wrap_line("Chicago Meridian " * 3, 20).splitlines()[0] == "Chicago Meridian"
    assert wrap_line("short", 20) == "short"


@pytest.mark.parametrize("width", [40, WRAP])
def test_every_line_of_a_whole_case_fits_the_width(width: int) -> None:
    story = load_story(REPO / "story").story
    script = yaml.safe_load((REPO / "tests" / "transcripts" / "nabil_case_solve.yaml").read_text())
    out = io.StringIO()
    game = PlainGame(story, start(story, script["seed"], script["case"]), out, width=width)
    game.show()
    for step in script["steps"]:
        game.do(step["do"])
        for command in ("notes", "suspects", "board", "accuse", "help"):
            game.handle(command)
    assert game.state.ending == script["ending"]
    shown = out.getvalue().splitlines()
    too_long = [line for line in shown if len(line) > width and " " in line.strip()]
    assert too_long == []
    assert any(line.startswith("    ") for line in shown), "statement lines continue under their text"
    assert not any("*" in line for line in shown if not line.startswith(("***", "  * "))), "raw emphasis"


def test_the_width_is_the_terminals_or_78_for_a_pipe(monkeypatch) -> None:
    leader, follower = os.openpty()
    try:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 53, 0, 0))
        with os.fdopen(os.dup(follower), "w") as terminal:
            monkeypatch.setattr(sys, "stdout", terminal)
            assert output_width() == 53
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        assert output_width() == WRAP == 78
    finally:
        os.close(leader)
        os.close(follower)
