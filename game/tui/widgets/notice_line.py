"""NoticeLine: a short notice in a line of its own between the status line and the story, gone after a few
seconds. A refusal ("Not here", "Not possible") said in a toast sat over the scene's text while the player was
reading it; here it pushes the text down for a moment and covers nothing."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Static

from game.tui.text import plain, styled

NOTICE_SECONDS = 5.0
"""How long a notice stays: long enough to read two lines, short enough to be gone before the next decision."""


class NoticeLine(Static):
    """Hidden until `say` shows a notice; it hides itself again after NOTICE_SECONDS (or on `clear`)."""

    DEFAULT_CSS = """
    NoticeLine {
        display: none;
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $warning 15%;
        color: $text-warning;
    }
    NoticeLine.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)
        self._timer: Timer | None = None

    @property
    def shown(self) -> str:
        """The notice showing now ("" when none)."""
        return str(self.render()) if self.has_class("-shown") else ""

    def say(self, message: str, *, title: str = "", seconds: float = NOTICE_SECONDS) -> None:
        """Show `message` (after `title`, when there is one) for `seconds`."""
        self.update(styled("⚠ [b]$title:[/b] $message", title=title, message=message) if title
                    else plain(f"⚠ {message}"))
        self.add_class("-shown")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, self.clear)

    def clear(self) -> None:
        """Hide the notice."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-shown")
        self.update("")
