"""ChoiceList: the numbered choices of a scene, picked by number, by arrows and Enter, or by mouse."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets.option_list import Option

from game.engine.views import ChoiceView, risk_note
from game.tui.text import plain
from game.tui.widgets.pointer_list import PointerList

MORE_CHOICES = "▼ more choices below: ↓"
EARLIER_CHOICES = "▲ more choices above: ↑"


NUMBER_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
"""The keys that take the choices in order: 0 is the tenth (a hub with ten choices left its last to the arrows)."""


def numbered(index: int, text: str) -> str:
    """`3. Text` for the choices that have a number key (`0. Text` for the tenth); later ones get a dash."""
    return f"{NUMBER_KEYS[index]}. {text}" if index < len(NUMBER_KEYS) else f"–  {text}"


class ChoiceList(PointerList):
    """An option list whose option ids are the action strings to send to the engine."""

    MIN_ROWS = 11
    """The list's greatest height on an 80x24 screen, border included (a taller screen may give it more)."""
    DEFAULT_CSS = f"""
    ChoiceList {{
        height: auto;
        max-height: {MIN_ROWS};
        border: tall $primary 40%;
        padding: 0 1;
    }}
    ChoiceList:focus {{ border: tall $primary; }}
    """

    def __init__(self, *, id: str | None = None, on_pick: Callable[[str], None] | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._on_pick = on_pick

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._say_more()

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_more)

    def _say_more(self) -> None:
        """When the choices are more than the list can show, its bottom border says so: a blind player saw three
        of six choices and took the list for whole (a scrollbar alone is easy to miss)."""
        below = self.max_scroll_y - self.scroll_y > 0.5
        above = self.scroll_y > 0.5
        self.border_subtitle = MORE_CHOICES if below else (EARLIER_CHOICES if above else "")

    def action_select(self) -> None:
        """Take the highlighted choice now (Enter, or a click): `on_pick` is called before the next key is read.
        OptionList would post a message instead, which arrives after keys already typed: a space pressed right
        after Enter then met the old scene's text, finished, and the new scene went on appearing."""
        option = self.highlighted_option
        if self._on_pick is None:
            super().action_select()
        elif option is not None and option.id is not None and not option.disabled:
            self._on_pick(option.id)

    def show(self, choices: list[tuple[str, str]]) -> None:
        """Replace the options with `(action, text)` pairs, numbered in order, and highlight the first."""
        self.clear_options()
        self.add_options([Option(plain(numbered(i, text)), id=action) for i, (action, text) in enumerate(choices)])
        if choices:
            self.highlighted = 0
        self.call_after_refresh(self._say_more)

    def action_at(self, index: int) -> str | None:
        """The action of the choice at `index`, if there is one."""
        if 0 <= index < self.option_count:
            return self.get_option_at_index(index).id
        return None


def choice_pairs(choices: tuple[ChoiceView, ...]) -> list[tuple[str, str]]:
    """The engine's choices as `(action, text)` pairs; a choice that risks standing or ends the story says so."""
    return [(choice.id, f"{choice.text} {risk_note(choice)}".rstrip()) for choice in choices]
