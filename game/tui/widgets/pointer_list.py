"""PointerList: an OptionList whose highlighted option is marked with `›` while the list has focus (as well as by a
colour), so that where Enter and space act reads as text (in a screen capture, to a screen reader, in the
high-contrast and light themes). A list without focus shows no pointer: there is one on the screen at a time."""

from __future__ import annotations

from rich.segment import Segment
from textual.containers import ScrollableContainer
from textual.geometry import Region, Size
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

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # OptionList wraps its options GUTTER columns narrower than its width but measures them at the full width:
        # measured so, a list sized to its options came out short, cut off the last line of a long option (a
        # suspect's statement, a proposed link) and scrolled inside itself.
        return super().get_content_height(container, viewport, width - GUTTER)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Keep the highlighted option in view: by scrolling the list, or, when the list is as tall as its options
        and a scrolling container around it holds it (the board's right side, a suspect's details), that."""
        super().scroll_to_highlight(top)
        container = self.parent
        if self.highlighted is None or self.max_scroll_y > 0 or not isinstance(container, ScrollableContainer):
            return
        rows = [row for row, (index, _) in enumerate(self._lines) if index == self.highlighted]
        if rows:
            top_row = self.virtual_region.y + self.styles.gutter.top + rows[0]
            container.scroll_to_region(Region(0, top_row, self.size.width, len(rows)), animate=False,
                                       immediate=True)

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
