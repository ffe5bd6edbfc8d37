"""NewGameModal: which case to play - the canon one, a random one, or one drawn from a seed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.validation import Integer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import ArcherModal
from game.tui.text import plain
from game.tui.widgets.pointer_list import PointerList

SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class NewGame:
    """The player's pick: a case id (None: drawn from the seed) and a seed (None: a fresh random one)."""

    case: str | None
    seed: int | None


class NewGameModal(ArcherModal[NewGame]):
    """Three ways to start; the seed option shows a number field."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self, canon_case: str | None) -> None:
        super().__init__()
        self._canon = canon_case

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("New game", classes="dialog-title", markup=False)
            options = []
            if self._canon is not None:
                options.append(Option(plain("The canon case: the night as the series tells it"), id="canon"))
            options.append(Option(plain("A random case: anyone could have done it"), id="random"))
            options.append(Option(plain("A case from a seed: the same seed, the same case"), id="seed"))
            yield PointerList(*options, id="new-options", markup=False)
            yield Input(
                placeholder=f"A seed: a whole number from 0 to {SEED_MAX}",
                id="new-seed",
                type="integer",
                validators=[Integer(minimum=0, maximum=SEED_MAX)],
                classes="-hidden",
            )
            yield Static(id="new-hint", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one("#new-options", OptionList)
        options.focus()
        options.highlighted = 0

    @on(OptionList.OptionSelected, "#new-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == "canon":
            self.dismiss(NewGame(case=self._canon, seed=None))
        elif event.option_id == "random":
            self.dismiss(NewGame(case=None, seed=None))
        else:
            seed = self.query_one("#new-seed", Input)
            seed.remove_class("-hidden")
            self.query_one("#new-hint", Static).update(plain("Type a seed and press Enter."))
            seed.focus()

    @on(Input.Submitted, "#new-seed")
    def _seed_entered(self, event: Input.Submitted) -> None:
        event.stop()
        hint = self.query_one("#new-hint", Static)
        if event.validation_result is not None and not event.validation_result.is_valid:
            hint.update(plain(f"A seed is a whole number from 0 to {SEED_MAX}."))
            return
        try:
            seed = int(event.value.strip())
        except ValueError:
            hint.update(plain(f"A seed is a whole number from 0 to {SEED_MAX}."))
            return
        self.dismiss(NewGame(case=None, seed=seed))
