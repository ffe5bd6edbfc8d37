"""PointerButton: a button that carries the pointer `›` before its label while it has focus, so that which button
Enter will press reads as text (in a screen capture, to a screen reader), not only as a colour."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Button

from game.tui.widgets.pointer_list import POINTER


class PointerButton(Button):
    """A Button whose label is `› Label` with focus and `  Label` without (the same width either way)."""

    def on_mount(self) -> None:
        self._bare = Content(str(self.label))
        self._mark(self.has_focus)

    def on_focus(self, _event: events.Focus) -> None:
        self._mark(True)

    def on_blur(self, _event: events.Blur) -> None:
        self._mark(False)

    def _mark(self, focused: bool) -> None:
        self.label = Content(f"{POINTER if focused else ' '} ") + self._bare
