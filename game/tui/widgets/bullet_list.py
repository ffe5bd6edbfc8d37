"""BulletList: items under a bullet, each wrapped with a hanging indent so that a long item still reads as one."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from game.tui.text import plain


class BulletList(Static):
    """A column of `• item` rows; `empty` shows alone when there are no items.

    One widget that draws a grid, not a row widget per item: rows mounted and removed as the list changed were
    laid out a frame later, and the board's panes were seen blank after a confirm until the board was reopened.
    `show` changes what this widget draws in the same frame."""

    DEFAULT_CSS = """
    BulletList { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)

    def show(self, items: list[str], empty: str) -> None:
        """Show `items` (or the `empty` line)."""
        if not items:
            self.update(plain(empty))
            return
        grid = Table.grid(expand=True)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        for item in items:
            grid.add_row("•", Text(item))
        self.update(grid)
