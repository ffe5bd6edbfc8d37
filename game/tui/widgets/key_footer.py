"""KeyFooter: Textual's footer, showing only keys that fit whole.

Textual's footer lays its keys in one row and crops whatever passes the right edge, so at 80 columns a key
can be cut in half or lost without a sign. In a browser (`archer serve`) each screen has more keys (the twins
of the keys a browser keeps for itself), and the row is longer than 80 columns on most screens. This footer
shows the keys in their order for as long as they fit whole, and always keeps the help key: the help screen
lists every key, the ones left out here too.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PADDING = 2
"""Cells around a key and its description (Textual's FooterKey has `padding: 0 1`)."""


def key_width(key: FooterKey) -> int:
    """How many cells a footer key takes: its padding, the key, a space and the description."""
    width = PADDING + cell_len(key.key_display)
    return width + 1 + cell_len(key.description) if key.description else width


def is_help(key: Widget) -> bool:
    """The key that opens the help screen (f1/? on the play screen, or its browser twin)."""
    return isinstance(key, FooterKey) and (key.action.endswith("help") or key.action.endswith("browser('f1')"))


def fitting(keys: list[Widget], width: int) -> list[Widget]:
    """The keys that fit whole in `width` cells: all of them when they do, or else those in order up to the
    first that does not fit, with the help key kept in its place whatever comes before it."""
    measured = [(key, key_width(key) if isinstance(key, FooterKey) else 0) for key in keys]
    if sum(cells for _, cells in measured) <= width:
        return keys
    room = width - sum(cells for key, cells in measured if is_help(key))
    shown: list[Widget] = []
    full = False
    for key, cells in measured:
        if is_help(key):
            shown.append(key)
        elif not full and cells <= room:
            shown.append(key)
            room -= cells
        else:
            full = True
    return shown


class KeyFooter(Footer):
    """The footer of every screen; see the module docstring."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._width = 0

    def compose(self) -> ComposeResult:
        # The footer is docked across the bottom of the screen: its width is the screen's.
        self._width = self.screen.size.width or self.app.size.width
        yield from fitting(list(super().compose()), self._width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width and event.size.width != self._width:
            self.call_after_refresh(self.recompose)
