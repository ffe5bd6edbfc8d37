"""Typewriter: a block of story text revealed a few characters at a time.

The unrevealed part is drawn as blanks of the same width (see `text.masked`), so every line wraps in its
final place from the first frame and nothing jumps while the text appears.
"""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from game.tui.text import masked

TICKS_PER_SECOND = 30
"""How often the reveal advances; characters per tick follow from the chosen text speed."""


class Typewriter(Static):
    """Story text that appears character by character; `skip()` shows it all at once."""

    DEFAULT_CSS = """
    Typewriter {
        height: auto;
        width: 1fr;
    }
    """

    revealed: reactive[int] = reactive(0, init=False)
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
        if not chars_per_second or self.app.animation_level == "none" or not text:
            self.set_reactive(Typewriter.revealed, len(text))
            self._paint()
            self.post_message(self.Finished())
            return
        self._step = max(1, round(chars_per_second / TICKS_PER_SECOND))
        # Masked once: when every character is one cell wide, each frame's blanks are a slice of it.
        mask = masked(text)
        self._mask = mask if len(mask) == len(text) else ""
        self.set_reactive(Typewriter.revealed, 0)
        self._paint()
        self._timer = self.set_interval(1 / TICKS_PER_SECOND, self._tick)

    def skip(self) -> None:
        """Show the rest of the text now."""
        if self.revealing:
            self.revealed = len(self._text)

    def _tick(self) -> None:
        self.revealed = min(len(self._text), self.revealed + self._step)
        self._follow()  # only while typing: a skip leaves the view where the player is reading

    def watch_revealed(self, revealed: int) -> None:
        self._paint()
        if revealed >= len(self._text):
            self._stop()
            self.post_message(self.Finished())

    def on_click(self) -> None:
        self.skip()

    def _follow(self) -> None:
        """Keep the line being revealed in view when the text is taller than its scroll container."""
        container = self.parent
        if not isinstance(container, ScrollableContainer) or not self._text or not self.size.height:
            return
        line = min(self.size.height - 1, self.size.height * self.revealed // len(self._text))
        container.scroll_to_region(Region(0, self.virtual_region.y + line, 1, 1), animate=False)

    def _paint(self) -> None:
        revealed = self.revealed
        rest = self._mask[revealed:] if self._mask else masked(self._text[revealed:])
        self.update(self._content[:revealed] + rest if rest else self._content)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
