"""Typewriter: a block of story text revealed a few characters at a time.

The unrevealed part is drawn as blanks of the same width (see `text.masked`), so every line wraps in its
final place from the first frame and nothing jumps while the text appears.

A tick repaints only the lines it changed. The text is wrapped twice when it is shown (once whole, once as
blanks) and each line on screen is cut from those two, so revealing a long scene costs the same per tick as a
short one; the layout is done once per text, never per tick. In a browser every repainted cell is sent over
the network, and twenty readers share the server's CPU, so this is what makes hosted play affordable.

In a browser (`archer serve`) the text appears a line at a time instead: each line shows whole when its first
character is due at the chosen speed, so the reveal keeps its pace and length while the server draws one frame
per line rather than thirty a second. A frame costs the server a few milliseconds whatever it changes (Textual
redraws every widget that shares the screen's clip), so the number of frames is what a visitor costs.
"""

from __future__ import annotations

from bisect import bisect_right
from time import monotonic
from typing import NamedTuple

from rich._wrap import divide_line
from rich.cells import cell_len
from textual.app import RenderResult
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.visual import Visual, visualize
from textual.widgets import Static

from game.tui.text import masked

TICKS_PER_SECOND = 30
"""How often the reveal advances in a terminal; characters per tick follow from the chosen text speed."""
WEB_CHUNK_SECONDS = 0.5
"""In a browser, when lines cannot be cut (characters wider than one cell): the text due is shown this often."""


class _Lines(NamedTuple):
    """The text wrapped at one width: each line whole, each line as blanks, and where each line starts."""

    width: int
    whole: list[Strip]
    blank: list[Strip]
    starts: list[int]
    """The index in the text of each line's first character."""


def line_starts(text: str, width: int) -> list[int]:
    """Where each line of `text` starts (an index into it) when wrapped at `width` cells, as Textual wraps a
    Content: at every newline, then between words (a word longer than the width is folded)."""
    starts: list[int] = []
    offset = 0
    for paragraph in text.split("\n"):
        starts.append(offset)
        starts.extend(offset + cut for cut in divide_line(paragraph, width, fold=True))
        offset += len(paragraph) + 1
    return starts


class Typewriter(Static):
    """Story text that appears character by character; `skip()` shows it all at once."""

    DEFAULT_CSS = """
    Typewriter {
        height: auto;
        width: 1fr;
    }
    """

    revealed: reactive[int] = reactive(0, init=False, repaint=False)
    """How many characters of the text are showing."""

    class Finished(Message):
        """Posted when the whole text is showing (by the timer or by a skip)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self._text = ""
        self._content = Content("")
        self._mask = ""
        self._timer: Timer | None = None
        self._step = 1
        self._lines: _Lines | None = None
        self._speed = 0.0
        self._since = 0.0
        """When the reveal began (time.monotonic), for the browser's line-at-a-time reveal."""

    @property
    def text(self) -> str:
        """The whole text being shown."""
        return self._text

    @property
    def revealing(self) -> bool:
        """True while part of the text is still hidden."""
        return self.revealed < len(self._text)

    def show(self, content: Content | str, *, chars_per_second: float | None) -> None:
        """Show `content` (its styles kept while it appears): revealed at `chars_per_second`, or at once when
        that is None or animations are off."""
        self._stop()
        self._content = content if isinstance(content, Content) else Content(content)
        text = self._text = self._content.plain
        self._mask = ""
        self._lines = None
        if not chars_per_second or self.app.animation_level == "none" or not text:
            self.set_reactive(Typewriter.revealed, len(text))
            self.update(self._content)
            self.post_message(self.Finished())
            return
        self._step = max(1, round(chars_per_second / TICKS_PER_SECOND))
        # Masked once; lines are cut from it only when every character is one cell wide (then a character's
        # index within its line is its column).
        mask = masked(text)
        narrow = len(mask) == len(text) and cell_len(text) == len(text) - text.count("\n")
        self._mask = mask if narrow else ""
        self.set_reactive(Typewriter.revealed, 0)
        self.update(self._content)  # the layout, once: render() draws the part not yet revealed as blanks
        if self.app.is_web:
            self._speed, self._since = chars_per_second, monotonic()
            self._next_lines()
        else:
            self._speed = 0.0
            self._timer = self.set_interval(1 / TICKS_PER_SECOND, self._tick)

    def skip(self) -> None:
        """Show the rest of the text now."""
        if self.revealing:
            self.revealed = len(self._text)

    def _tick(self) -> None:
        self.revealed = min(len(self._text), self.revealed + self._step)
        self._follow()  # only while typing: a skip leaves the view where the player is reading

    def _next_lines(self) -> None:
        """Browser: show each line whose first character is due by now, then wait until the next one is due."""
        self._timer = None
        if not self.revealing:
            return
        due = min(len(self._text), int((monotonic() - self._since) * self._speed))
        lines = self._wrapped()
        if lines is None and self.size.width <= 0:  # not laid out yet: on_resize goes on once it is
            return
        if lines is None:  # lines cannot be cut: what is due, every half second
            shown, wait = max(due, self.revealed + 1), WEB_CHUNK_SECONDS
        else:
            shown = self._end_of_line(lines, max(due, self.revealed))
            wait = shown / self._speed - (monotonic() - self._since)
        self.revealed = min(len(self._text), shown)
        if self.revealing:
            self._follow()
            self._timer = self.set_timer(max(0.01, wait), self._next_lines)

    def _end_of_line(self, lines: _Lines, index: int) -> int:
        """Where the line holding `index` ends, blank lines after it included (they show with it, not alone)."""
        ends = [*lines.starts[1:], len(self._text)]
        line = self._line_of(lines, index) + 1
        while line < len(ends) and not self._text[lines.starts[line] : ends[line]].strip():
            line += 1
        return ends[line - 1]

    def watch_revealed(self, before: int, revealed: int) -> None:
        if revealed >= len(self._text):
            self._stop()
            self.refresh()
            self.post_message(self.Finished())
            return
        lines = self._wrapped()
        if lines is None:
            self.refresh()
            return
        first = self._line_of(lines, min(before, revealed))
        last = self._line_of(lines, max(before, revealed))
        self.refresh(Region(0, first, self.size.width, last - first + 1))

    def render(self) -> RenderResult:
        """The text as it shows now: the revealed part, then blanks where the rest will be."""
        revealed = self.revealed
        if revealed >= len(self._text):
            return self._content
        rest = self._mask[revealed:] if self._mask else masked(self._text[revealed:])
        return self._content[:revealed] + rest

    def render_line(self, y: int) -> Strip:
        """One line of the text; while it appears, cut from the whole and the blank wrapping."""
        lines = self._wrapped() if self.revealing else None
        if lines is None or y >= len(lines.whole):
            return super().render_line(y)
        revealed = self.revealed
        start = lines.starts[y] if y < len(lines.starts) else len(self._text)
        end = lines.starts[y + 1] if y + 1 < len(lines.starts) else len(self._text)
        if revealed >= end:
            return lines.whole[y]
        if revealed <= start:
            return lines.blank[y]
        cut = revealed - start
        return Strip.join([lines.whole[y].crop(0, cut), lines.blank[y].crop(cut)])

    def _wrapped(self) -> _Lines | None:
        """The text wrapped at the widget's width (kept until the text or the width changes); None when lines
        cannot be cut (characters of other widths than one cell, or no size yet)."""
        width = self.size.width
        if not self._mask or width <= 0:
            return None
        if self._lines is None or self._lines.width != width:
            whole = self._strips(self._content, width)
            blank = self._strips(Content(self._mask), width)
            starts = line_starts(self._text, width)
            if len(whole) != len(blank) or len(whole) != len(starts):
                return None  # wrapped otherwise than expected: draw whole frames
            self._lines = _Lines(width, whole, blank, starts)
        return self._lines

    @staticmethod
    def _line_of(lines: _Lines, index: int) -> int:
        """The line that holds the character at `index`."""
        return max(0, bisect_right(lines.starts, index) - 1)

    def _strips(self, content: Content, width: int) -> list[Strip]:
        visual = visualize(self, content, markup=False)
        return Visual.to_strips(self, visual, width, None, self.visual_style)

    def on_resize(self) -> None:
        if self._speed and self.revealing and self._timer is None:
            self._next_lines()  # a browser's reveal that waited for the layout

    def on_click(self) -> None:
        self.skip()

    def _follow(self) -> None:
        """Keep the line being revealed in view when the text is taller than its scroll container."""
        container = self.parent
        if not isinstance(container, ScrollableContainer) or not self._text or not self.size.height:
            return
        lines = self._wrapped()
        if lines is not None:
            line = self._line_of(lines, self.revealed)
        else:  # an estimate, when lines cannot be cut
            line = self.size.height * self.revealed // len(self._text)
        line = min(self.size.height - 1, line)
        container.scroll_to_region(Region(0, self.virtual_region.y + line, 1, 1), animate=False)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
