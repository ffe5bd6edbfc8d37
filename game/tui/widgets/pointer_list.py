"""PointerList: an OptionList whose highlighted option is marked with `›` while the list has focus (as well as by a
colour), so that where Enter and space act reads as text (in a screen capture, to a screen reader, in the
high-contrast and light themes). A list without focus shows no pointer: there is one on the screen at a time."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList

POINTER = "›"
"""Drawn before the first line of the highlighted option."""

GUTTER = 2
"""Columns kept left of every option for the pointer and a space."""


class PointerList(OptionList):
    """An OptionList with a text pointer at the highlighted option while it has focus (the colours stay too)."""

    DEFAULT_CSS = """
    PointerList { min-width: 10; }
    """

    def _get_left_gutter_width(self) -> int:
        # OptionList's own hook for a left gutter: options are wrapped GUTTER columns narrower.
        return GUTTER

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip  # below the last option: a blank of the full width already
        pointed = index == self.highlighted and line_offset == 0 and self.has_focus
        style = next((segment.style for segment in strip if segment.style is not None), None)
        gutter = Strip([Segment((POINTER if pointed else " ").ljust(GUTTER), style)], GUTTER)
        return Strip.join([gutter, strip])
