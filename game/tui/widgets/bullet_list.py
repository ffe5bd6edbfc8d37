"""BulletList: items under a bullet, each wrapped with a hanging indent so that a long item still reads as one."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from game.tui.text import plain


class BulletList(Vertical):
    """A column of `• item` rows; `empty` shows alone when there are no items."""

    DEFAULT_CSS = """
    BulletList { height: auto; }
    BulletList > Horizontal { height: auto; }
    BulletList .bullet { width: 2; }
    BulletList .item { width: 1fr; }
    """

    def show(self, items: list[str], empty: str) -> None:
        """Replace the rows with `items` (or the `empty` line)."""
        self.remove_children()
        if not items:
            self.mount(Static(plain(empty), classes="item"))
            return
        self.mount_all(
            Horizontal(Static(plain("•"), classes="bullet"), Static(plain(item), classes="item")) for item in items
        )
