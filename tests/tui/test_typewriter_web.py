"""In a browser the typewriter shows a line at a time: each line whole when its first character is due at the
chosen speed, blank lines with the line before them, and nothing scheduled once the text is all there. A frame
is what a visitor costs the server, so these hold the reveal to one change per line."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult

from game.tui.widgets import typewriter
from game.tui.widgets.typewriter import Typewriter, line_starts

WIDTH = 30
TEXT = (
    "word " * 11
    + "word\n\nthe second paragraph, which runs on long enough to wrap three times at thirty cells, and then some "
    "more"
)


class WebReading(App[None]):
    CSS = "Screen { overflow: hidden; } Typewriter { height: 150; }"

    def __init__(self) -> None:
        super().__init__()
        self.finished = 0

    @property
    def is_web(self) -> bool:
        return True

    def compose(self) -> ComposeResult:
        yield Typewriter(id="text")

    def on_typewriter_finished(self) -> None:
        self.finished += 1


def line_ends(text: str) -> list[int]:
    return [*line_starts(text, WIDTH)[1:], len(text)]


async def test_each_line_shows_whole_when_its_first_character_is_due(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(typewriter, "monotonic", lambda: clock[0])
    app = WebReading()
    async with app.run_test(size=(WIDTH, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(Typewriter)
        starts = line_starts(TEXT, WIDTH)
        assert TEXT[starts[2] : starts[3]] == "\n"  # the blank line between the paragraphs
        speed = 1.0  # one character a second: the real timer never fires while the test runs
        widget.show(TEXT, chars_per_second=speed)
        assert widget.revealed == starts[1]  # the first line at once, with the step that brought the text
        assert widget._timer is not None

        clock[0] += starts[1] / speed - 0.5  # the second line's first character is not due yet
        widget._next_lines()  # (the timer calls this when the next line is due; early, it shows that line)
        assert widget.revealed == starts[3]  # the second line, and the blank line after it with it
        clock[0] = 100.0 + starts[3] / speed
        widget._next_lines()
        assert widget.revealed == starts[4]

        clock[0] = 100.0 + (starts[5] + 3) / speed  # late: every line due by now shows in one change
        widget._next_lines()
        assert widget.revealed == starts[6]
        assert app.finished == 0

        clock[0] = 100.0 + len(TEXT) / speed
        widget._next_lines()
        await pilot.pause()
        assert not widget.revealing and widget._timer is None
        assert app.finished == 1


async def test_a_reveal_in_real_time_changes_only_at_line_ends_and_finishes() -> None:
    app = WebReading()
    async with app.run_test(size=(WIDTH, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(Typewriter)
        seen: list[int] = []
        widget.show(TEXT, chars_per_second=400)
        seen.append(widget.revealed)

        def changed(revealed: int) -> None:
            seen.append(revealed)

        app.watch(widget, "revealed", changed, init=False)
        for _ in range(200):
            if app.finished:
                break
            await asyncio.sleep(0.02)
        assert app.finished == 1 and not widget.revealing
        assert widget._timer is None  # nothing left running once the text is all there
        ends = set(line_ends(TEXT))
        assert seen[-1] == len(TEXT)
        assert all(revealed in ends for revealed in seen), seen
        assert seen == sorted(set(seen))  # each change shows more, never the same twice


async def test_a_skip_shows_everything_and_stops_the_reveal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typewriter, "monotonic", lambda: 0.0)
    app = WebReading()
    async with app.run_test(size=(WIDTH, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(Typewriter)
        widget.show(TEXT, chars_per_second=1.0)
        widget.skip()
        await pilot.pause()
        assert widget.revealed == len(TEXT) and widget._timer is None
        assert app.finished == 1
