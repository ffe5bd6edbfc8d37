"""The TUI's rules that need no terminal: the session (undo, backlog, unsaved progress) and the text helpers."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from game.engine import start, view
from game.engine.views import Event
from game.session.play import Session
from game.session.words import describe
from game.tui.prose import play_time, reflow, saved_time
from game.tui.text import MASK, masked
from game.world import load_story

from .conftest import STORY


@pytest.fixture(scope="module")
def story():
    result = load_story(STORY)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def test_reflow_joins_soft_breaks_and_keeps_paragraphs_and_lists() -> None:
    text = "One line\nwraps here.\n\n  indented stays\n- item one\ncontinues\n* item two\n\n\nLast [x].\n"
    assert reflow(text) == "One line wraps here.\n\n  indented stays\n- item one continues\n* item two\n\nLast [x]."


def test_masked_keeps_every_width_and_break() -> None:
    assert masked("ab c\nd—é") == f"{MASK * 2} {MASK}\n{MASK * 3}"
    assert masked("日") == MASK * 2


@given(st.text(alphabet=st.sampled_from("ab é—’“\n\t\u3000\u00a0日\u0301\x01")))
def test_masked_is_one_blank_per_cell_of_each_visible_character(text: str) -> None:
    expected = "".join(ch if ch.isspace() else MASK * max(1, cell_len(ch)) for ch in text)
    assert masked(text) == expected


def test_play_time_and_saved_time() -> None:
    assert [play_time(s) for s in (0, 59.9, 60, 3599, 3600, 3725)] == ["0s", "59s", "1m", "59m", "1h 00m", "1h 02m"]
    moment = datetime(2026, 3, 4, 17, 5, tzinfo=UTC)
    assert saved_time(moment) == moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert saved_time(None) == "unknown time"


def test_session_undo_history_and_unsaved_progress(story) -> None:
    clock = iter([100.0, 130.0]).__next__
    session = Session(story, start(story, 1, "canon"), play_seconds=10.0, clock=clock)
    assert not session.dirty and not session.can_undo
    assert [e.heading for e in session.history] == ["Monday, morning · Dormitory hall"]

    session.act("go_studio")
    session.act("read_sheet")
    assert session.dirty and session.can_undo
    assert session.events == (Event("clue", "sign_in_sheet", "The sign-in sheet"),)
    assert [(e.heading, e.kind) for e in session.history] == [
        ("Monday, morning · Dormitory hall", "scene"),
        ("You chose", "choice"),
        ("Monday, morning · Studio A", "scene"),
        ("You chose", "choice"),
        ("Clue found", "event"),
    ]  # the studio's text did not change, so it is not repeated
    assert session.history[1].text == next(c.text for c in view(story, start(story, 1, "canon")).choices
                                           if c.id == "go_studio")

    session.mark_saved()
    assert not session.dirty
    assert session.undo() is True
    assert session.state.path == ["go_studio"] and session.events == ()
    assert session.dirty
    assert session.history[-1].heading == "Undo"
    assert session.play_seconds == 40.0


def test_session_act_error_leaves_the_state_alone(story) -> None:
    from game.engine import ActionError

    session = Session(story, start(story, 1, "canon"), clock=lambda: 0.0)
    before = session.state
    with pytest.raises(ActionError):
        session.act("no_such_choice")
    assert session.state is before and not session.can_undo


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (Event("clue", "grey_thread", "A thread on the fire escape"), ("Clue found", "A thread on the fire escape")),
        (Event("statement", "nabil_alibi", "Nabil"), ("Statement recorded", "What Nabil said is in your notes.")),
        (Event("trust", "delia", "-1"), ("Trust", "Delia -1")),
        (Event("standing", "", "+1"), ("Standing", "+1")),
        (Event("board", "grey_thread+sign_in_sheet", "linked"),
         ("Board", "Linked A thread on the fire escape + The sign-in sheet.")),
        (Event("deduction", "roof_route", "Late."), ("Deduction made", "The route to the roof: Late.")),
        (Event("accusation", "wrong", "Nabil"), ("Accusation", "You named Nabil: the wrong person.")),
        (Event("ending", "end_solved", "The Truth, Told"), ("The end", "The Truth, Told")),
        (Event("verdict", "weak:account", "Verdict: a weak case. Their own account of the night still stands."),
         ("Verdict", "A weak case. Their own account of the night still stands.")),  # said once, not twice
        (Event("something_new", "x", ""), ("Something new", "x")),
    ],
)  # fmt: skip
def test_describe_turns_events_into_words(story, event: Event, expected: tuple[str, str]) -> None:
    assert describe(story, event) == expected


def test_importing_the_package_does_not_import_textual() -> None:
    code = "import sys, game.tui; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
