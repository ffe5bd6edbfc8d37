"""The typewriter cuts each line on screen from one wrapping of the whole text instead of wrapping the text again
at every tick. These tests hold it to what the player must see: every line, at every point of the reveal, is
cell for cell the line of the whole text with the characters not yet revealed as spaces (real text and blanks,
never a placeholder glyph), and a tick repaints only the lines it changed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content, Span
from textual.strip import Strip
from textual.visual import Visual, visualize

from game.tui.widgets.typewriter import Typewriter, line_starts

WORDS = st.text(alphabet="abcdefghij,.'\"-—é", min_size=1, max_size=14)
PARAGRAPH = st.lists(WORDS, min_size=0, max_size=40).map(" ".join)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=5).map("\n".join).filter(lambda text: text.strip() != "")


class Reading(App[None]):
    # A fixed height: the examples change the text without awaiting a layout, and the whole-frame render
    # stops at the widget's height.
    CSS = "Typewriter { height: 150; }"

    def compose(self) -> ComposeResult:
        yield Typewriter(id="text")


def cells(strip: Strip) -> list[tuple[str, object]]:
    """A line as (character, style) pairs, however its segments are split. The styles' meta is left out: it
    holds where a segment starts in the text (for mouse selection), which a cut segment keeps from before the
    cut; the characters and their looks are what the player sees."""
    return [
        (char, segment.style.clear_meta_and_links() if segment.style else None)
        for segment in strip
        for char in segment.text
    ]


def frame(widget: Typewriter) -> list[list[tuple[str, object]]]:
    """What the player must see now, line by line: the whole text laid out at the widget's width, each character
    not yet revealed drawn as a space (in its own style, so a background stays)."""
    width = widget.size.width
    visual = visualize(widget, widget._content, markup=False)
    whole = Visual.to_strips(widget, visual, width, None, widget.visual_style)
    starts = line_starts(widget.text, width)
    lines = []
    for y, strip in enumerate(whole):
        shown = max(0, widget.revealed - starts[y])
        lines.append([(char if x < shown else " ", style) for x, (char, style) in enumerate(cells(strip))])
    return lines


async def test_each_line_cut_from_the_wrappings_is_the_line_of_the_whole_frame() -> None:
    app = Reading()
    async with app.run_test(size=(37, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(Typewriter)

        @settings(max_examples=120, deadline=None)
        @given(text=TEXT, data=st.data())
        def check(text: str, data: st.DataObject) -> None:
            italic = data.draw(st.integers(0, len(text)))
            content = Content(text, [Span(italic // 2, italic, "italic")])
            widget.show(content, chars_per_second=1)  # slow: no tick comes while the lines are compared
            assert widget._wrapped() is not None
            for revealed in {0, 1, len(text) // 3, len(text) // 2, len(text) - 1, data.draw(st.integers(0, len(text)))}:
                widget.revealed = revealed
                expected = frame(widget)
                assert [cells(widget.render_line(y)) for y in range(len(expected))] == expected, revealed

        check()


@given(text=TEXT, width=st.integers(4, 90))
def test_line_starts_follow_the_wrapping_of_the_text(text: str, width: int) -> None:
    starts = line_starts(text, width)
    assert starts[0] == 0 and starts == sorted(starts)
    for start, end in zip(starts, [*starts[1:], len(text) + 1], strict=True):
        piece = text[start:end].rstrip("\n")
        assert "\n" not in piece
        assert len(piece.rstrip(" ")) <= width  # no line is wider than the width once its trailing spaces go


async def test_a_tick_repaints_only_the_lines_it_changed() -> None:
    app = Reading()
    async with app.run_test(size=(30, 20)) as pilot:
        widget = app.query_one(Typewriter)
        widget.show("word " * 60, chars_per_second=1)
        await pilot.pause()
        widget._repaint_regions.clear()
        widget.set_reactive(Typewriter.revealed, 40)
        widget.revealed = 44  # inside the second line (a line holds six words here: 30 characters)
        assert [(region.y, region.height) for region in widget._repaint_regions] == [(1, 1)]
        widget._repaint_regions.clear()
        widget.revealed = 70  # from the second line into the third
        assert [(region.y, region.height) for region in widget._repaint_regions] == [(1, 2)]
        widget.skip()  # the whole text at once: one full repaint
        assert not widget.revealing


async def test_text_not_yet_revealed_is_blank_never_a_placeholder_glyph() -> None:
    app = Reading()
    async with app.run_test(size=(30, 20)) as pilot:
        widget = app.query_one(Typewriter)
        widget.show("word " * 12, chars_per_second=1)
        await pilot.pause()
        widget.revealed = 44  # the second line (five words to a line at this width), nineteen characters in
        assert [widget.render_line(y).text for y in range(3)] == [
            "word word word word word",
            "word word word word     ",
            "          ",  # the last two words, still to come: blanks the width of the words
        ]
        # Text whose lines cannot be cut (a wide character) shows whole at once.
        widget.show("日本 word " + "word " * 5, chars_per_second=1)
        await pilot.pause()
        assert not widget.revealing
        assert widget.render_line(0).text.rstrip() == "日本 word word word word"
