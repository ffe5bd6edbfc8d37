"""AccusationScreen: choose the culprit, the motive and the evidence to cite; confirm; the outcome follows.

Three tabs, in order: Who, Why, Evidence. Enter on a person or a motive picks it and moves on; ctrl+a (or the
button) asks for confirmation and accuses. The screen only gathers the three parts and sends
`accuse SUSPECT MOTIVE E1 E2 ...`; whether it holds is the engine's call, and the outcome (a scene or an
ending) is shown on the play screen afterwards.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from game.engine import accusation_options
from game.engine.views import POINTS_GUIDE, AccusationOptions, accusation_cost_note
from game.tui.keys import twins
from game.tui.screens.base import PanelScreen
from game.tui.screens.dialogs import ConfirmModal
from game.tui.text import plain
from game.tui.widgets.check_list import CheckList
from game.tui.widgets.pointer_button import PointerButton
from game.tui.widgets.pointer_list import PointerList
from game.tui.widgets.radio_list import pick_prompt


def evidence_prompt(title: str, kind: str) -> str:
    """A piece of evidence as listed, with its kind (what it proves is the player's to argue)."""
    return f"{title} ({kind})"


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


TABS: tuple[tuple[str, str], ...] = (
    ("tab-who", "#accuse-suspect"),
    ("tab-why", "#accuse-motive"),
    ("tab-evidence", "#accuse-evidence"),
)
"""The tabs in order, each with the list it holds."""


class AccusationScreen(PanelScreen[None]):
    """Who, Why and Evidence tabs, a summary line and the Accuse button."""

    HEADING = "Accusation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+a", "accuse", "Accuse"),
        *twins("ctrl+a"),
        # The tabs are labelled by their numbers; ← and → step between them from whatever list has the focus.
        *[Binding(str(number), f"show_tab({number - 1})", show=False) for number in range(1, len(TABS) + 1)],
        Binding("left", "step_tab(-1)", show=False),
        Binding("right", "step_tab(1)", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        session = self.game.session
        assert session is not None
        self._options: AccusationOptions = accusation_options(session.story, session.state)
        self._suspect: str | None = None
        self._motive: str | None = None
        options = self._options
        with TabbedContent(id="accuse-tabs"):
            with TabPane("1 Who", id="tab-who"):
                yield PointerList(
                    *[Option(plain(pick_prompt(name, False)), id=sid) for sid, name in options.suspects],
                    id="accuse-suspect",
                    markup=False,
                )
            with TabPane("2 Why", id="tab-why"):
                yield Static(  # blind players missed the motives below the fold: say how many there are
                    plain(f"{len(options.motives)} motives; the list scrolls (↓, PageDown). Enter picks one."),
                    classes="screen-hint",
                )
                yield PointerList(
                    *[Option(plain(pick_prompt(text, False)), id=mid) for mid, text in options.motives],
                    id="accuse-motive",
                    markup=False,
                )
            with TabPane("3 Evidence", id="tab-evidence"):
                yield Static(
                    plain(f"Cite at least {options.min_cited}; Space cites. {POINTS_GUIDE}"),
                    classes="screen-hint",
                )
                yield CheckList(
                    [(e.id, evidence_prompt(e.title, e.kind)) for e in options.evidence], id="accuse-evidence"
                )
        with Horizontal(id="accuse-bottom"):
            yield Static(id="accuse-summary", markup=False)
            yield PointerButton("Accuse…", id="accuse-go", variant="error")

    def on_mount(self) -> None:
        for list_id in ("#accuse-suspect", "#accuse-motive", "#accuse-evidence"):
            widget = self.query_one(list_id, OptionList)
            if widget.option_count:
                widget.highlighted = 0
        self._update_summary()
        self.query_one("#accuse-suspect", OptionList).focus()

    def _cited(self) -> list[str]:
        return self.query_one("#accuse-evidence", CheckList).selected

    def _update_summary(self) -> None:
        options = self._options
        who = dict(options.suspects).get(self._suspect or "", "not chosen")
        why = shorten(dict(options.motives).get(self._motive or "", "not chosen"), 34)
        tries = "1 try left" if options.tries_left == 1 else f"{options.tries_left} tries left"
        self.query_one("#accuse-summary", Static).update(
            plain(f"Who: {who} · Why: {why} · Cited: {len(self._cited())} · {tries}\n"
                  f"{accusation_cost_note(options)}")
        )

    def _mark(self, list_id: str, picked: str, texts: tuple[tuple[str, str], ...]) -> None:
        widget = self.query_one(list_id, OptionList)
        for item_id, text in texts:
            widget.replace_option_prompt(item_id, plain(pick_prompt(text, item_id == picked)))

    def action_show_tab(self, index: int) -> None:
        """Show the tab at `index` (0: Who) and put the focus on its list."""
        tab, list_id = TABS[max(0, min(index, len(TABS) - 1))]
        self._go_to(tab, list_id)

    def action_step_tab(self, step: int) -> None:
        """Show the tab before (-1) or after (1) the one showing; the first and last stay put."""
        active = self.query_one("#accuse-tabs", TabbedContent).active
        here = next((i for i, (tab, _) in enumerate(TABS) if tab == active), 0)
        self.action_show_tab(here + step)

    def _go_to(self, tab: str, list_id: str) -> None:
        self.query_one("#accuse-tabs", TabbedContent).active = tab
        self.query_one(list_id).focus()

    @on(OptionList.OptionSelected, "#accuse-suspect")
    def _suspect_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._suspect = event.option_id
        self._mark("#accuse-suspect", self._suspect or "", self._options.suspects)
        self._update_summary()
        self._go_to("tab-why", "#accuse-motive")

    @on(OptionList.OptionSelected, "#accuse-motive")
    def _motive_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._motive = event.option_id
        self._mark("#accuse-motive", self._motive or "", self._options.motives)
        self._update_summary()
        self._go_to("tab-evidence", "#accuse-evidence")

    @on(CheckList.Changed, "#accuse-evidence")
    def _cited_changed(self) -> None:
        self._update_summary()

    @on(TabbedContent.TabActivated, "#accuse-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        list_id = dict(TABS).get(event.pane.id or "")
        if list_id is not None:
            self.query_one(list_id).focus()

    @on(Button.Pressed, "#accuse-go")
    def _go(self) -> None:
        self.action_accuse()

    def action_accuse(self) -> None:
        """Check the three parts are there, ask for confirmation, then accuse."""
        options = self._options
        cited = self._cited()
        missing = []
        if self._suspect is None:
            missing.append("choose who did it")
        if self._motive is None:
            missing.append("choose why")
        if len(cited) < options.min_cited:
            missing.append(f"cite at least {options.min_cited} pieces of evidence")
        if missing:
            self.app.notify("First " + ", ".join(missing) + ".", title="Not ready", severity="warning")
            return
        suspect, motive = self._suspect, self._motive
        name = dict(options.suspects).get(suspect or "", suspect)
        question = (
            f"Accuse {name}, citing {len(cited)} pieces of evidence? "
            f"{accusation_cost_note(options)} Tries are limited."
        )

        def answered(sure: bool | None) -> None:
            if sure:
                self.game.accuse(f"accuse {suspect} {motive} {' '.join(cited)}")

        self.app.push_screen(ConfirmModal("Make the accusation?", question, yes="Accuse", no="Not yet"), answered)
