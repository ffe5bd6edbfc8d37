"""CheckList: a list whose items are ticked on and off, each showing `[x]` or `[ ]` so that what is selected
reads as text (in a screen capture, to a screen reader, in any theme), not only as a colour."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.text import plain

TICKED = "[x] "
UNTICKED = "[ ] "


def check_prompt(text: str, ticked: bool) -> str:
    """An item as listed: its box, then its text."""
    return (TICKED if ticked else UNTICKED) + text


class CheckList(OptionList):
    """Items to tick with space (or enter, or a click); `selected` lists the ticked ids in list order."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "tick", "Tick", show=False)]

    class Changed(Message):
        """Posted when an item is ticked or unticked."""

        def __init__(self, check_list: CheckList) -> None:
            super().__init__()
            self.check_list = check_list

        @property
        def control(self) -> CheckList:
            """The list that changed."""
            return self.check_list

    def __init__(self, items: list[tuple[str, str]] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._items: list[tuple[str, str]] = []
        self._ticked: set[str] = set()
        if items:
            self.set_items(items)

    @property
    def selected(self) -> list[str]:
        """The ids of the ticked items, in the order they are listed."""
        return [item for item, _ in self._items if item in self._ticked]

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """List `(id, text)` items, none ticked, the first highlighted."""
        self._items = list(items)
        self._ticked = set()
        self.clear_options()
        self.add_options([Option(plain(check_prompt(text, item in self._ticked)), id=item) for item, text in items])
        if items:
            self.highlighted = 0

    def action_tick(self) -> None:
        """Tick or untick the highlighted item."""
        if self.highlighted is None or not self._items:
            return
        item, text = self._items[self.highlighted]
        if item in self._ticked:
            self._ticked.discard(item)
        else:
            self._ticked.add(item)
        self.replace_option_prompt_at_index(self.highlighted, plain(check_prompt(text, item in self._ticked)))
        self.post_message(self.Changed(self))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self:
            event.stop()
            self.action_tick()
