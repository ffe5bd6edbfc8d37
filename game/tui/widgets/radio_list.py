"""RadioList: a list of which one item is picked, marked `(•)` (the others `( )`), so that what is picked reads as
text as well as the pointer that shows where the cursor is."""

from __future__ import annotations

from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.text import plain
from game.tui.widgets.pointer_list import PointerList

PICKED = "(•) "
UNPICKED = "( ) "


def pick_prompt(text: str, picked: bool) -> str:
    """An item as listed, marked when it is the one picked."""
    return (PICKED if picked else UNPICKED) + text


class RadioList(PointerList):
    """`(id, text)` items; enter or a click picks the highlighted one (OptionSelected still reaches the screen)."""

    def __init__(self, items: list[tuple[str, str]], *, picked: str | None = None, id: str | None = None) -> None:
        self._items = list(items)
        self.picked = picked
        """The id of the picked item, if any."""
        super().__init__(*[Option(plain(pick_prompt(text, item == picked)), id=item) for item, text in items],
                         id=id, markup=False)  # fmt: skip

    def on_mount(self) -> None:
        ids = [item for item, _ in self._items]
        if ids:
            self.highlighted = ids.index(self.picked) if self.picked in ids else 0

    def pick(self, item: str | None) -> None:
        """Mark `item` as the picked one (None: none is)."""
        self.picked = item
        for each, text in self._items:
            self.replace_option_prompt(each, plain(pick_prompt(text, each == item)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self:
            self.pick(event.option_id)
