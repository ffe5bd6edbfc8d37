"""BoardScreen: combine clues into deductions. Propose links of 2 or 3 pieces, then confirm them in a batch.

The board's rules (how many links a batch needs, what counts as right) are the engine's; this screen shows
the BoardView and sends `link`, `unlink` and `confirm` actions.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import board
from game.engine.views import BoardView, waiting_line
from game.session.words import describe_all
from game.tui.screens.base import SidePaneScreen
from game.tui.screens.dialogs import MessageModal
from game.tui.text import plain
from game.tui.widgets.bullet_list import BulletList
from game.tui.widgets.check_list import CheckList
from game.tui.widgets.pointer_list import PointerList


def link_prompt(link: tuple[str, ...], titles: dict[str, str]) -> str:
    """A proposed link as listed: the titles joined with +."""
    return " + ".join(titles.get(item, item) for item in link)


def board_info(view: BoardView) -> str:
    """The rule line under the board: batch size and how many links are proposed (the batch depends only on the
    questions left, never on whether a valid link can be made)."""
    rule = (f"The board confirms links {view.batch} at a time, when every proposed link holds." if view.batch
            else "Every question on the board is answered.")
    return (
        f"{rule} Proposed: {len(view.pending)} of at most {view.max_pending}. "
        "Select 2 or 3 pieces with space, l links them, c confirms; tab goes to the links, x withdraws the one "
        "marked ›."
    )


class BoardScreen(SidePaneScreen[None]):
    """Evidence to select on the left, proposed links and deductions on the right."""

    HEADING = "Deduction board"
    PANE = "board-right"
    MORE = "board-more"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("l", "link", "Link"),
        Binding("x", "unlink", "Unlink"),
        Binding("c", "confirm", "Confirm"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="board-main"):
            with Vertical(id="board-left"):
                yield Static(plain("Evidence ([x] selected; space selects)"), classes="group-title")
                yield CheckList(id="board-evidence")
            # The links, what is worked out and what is still asked scroll together, each link whole (wrapped);
            # PgDn/PgUp scroll them and the line under the board says when there is more.
            with self.side_pane():
                yield Static(plain("Proposed links"), classes="group-title")
                yield PointerList(id="board-pending", markup=False)
                yield Static(plain("Worked out"), classes="group-title")
                yield BulletList(id="board-deductions")
                yield Static(plain("Open questions"), classes="group-title")
                yield BulletList(id="board-questions")
        yield Static(id="board-more", markup=False)
        yield Static(id="board-info", markup=False)
        yield Static(id="board-result", markup=False)

    def on_mount(self) -> None:
        self.follow_pane()
        self.refresh_board()
        self.query_one("#board-evidence", CheckList).focus()

    def _view(self) -> BoardView:
        session = self.game.session
        assert session is not None
        return board(session.story, session.state)

    def refresh_board(self) -> None:
        """Rebuild the three lists from the engine's board view."""
        view = self._view()
        self._titles = {item.id: item.title for item in (*view.evidence, *view.deductions)}
        self.query_one("#board-evidence", CheckList).set_items([(item.id, item.title) for item in view.evidence])
        pending = self.query_one("#board-pending", OptionList)
        keep = pending.highlighted or 0  # after x, the pointer stays where it was (on the link that moved up)
        pending.clear_options()
        if view.pending:
            pending.add_options(
                [Option(plain(link_prompt(link, self._titles)), id=" ".join(link)) for link in view.pending]
            )
            pending.highlighted = min(keep, len(view.pending) - 1)
        else:
            pending.add_option(Option(plain("None yet."), id="__none__", disabled=True))
        made = [f"{item.title}: {item.text}" for item in view.deductions]
        self.query_one("#board-deductions", BulletList).show(made, "None yet.")
        asked = [f"{question} ({pieces} pieces)" for question, pieces in view.questions]
        if view.waiting:
            asked.append(waiting_line(view.waiting))
        self.query_one("#board-questions", BulletList).show(asked, "None left.")
        self.query_one("#board-info", Static).update(plain(board_info(view)))
        self.call_after_refresh(self._update_more)

    def _result(self, text: str) -> None:
        self.query_one("#board-result", Static).update(plain(text))

    def _act(self, action: str) -> None:
        happened = self.game.play_action(action)
        if happened is None:
            return
        lines = [f"{label}: {text}" for label, text in describe_all(self.game.story, happened)]
        self._result("\n".join(lines) or "Done.")
        self.refresh_board()
        if any(event.kind == "deduction" for event in happened):
            # What was worked out is the board's payoff, and longer than the result line's four rows: a blind player
            # found it cut off there. It opens whole, to be read, and stays in the result line and the history.
            self.app.push_screen(MessageModal("Worked out", "\n\n".join(lines)))

    def action_link(self) -> None:
        """Propose a link between the selected pieces."""
        chosen = self.query_one("#board-evidence", CheckList).selected
        if not 2 <= len(chosen) <= 3:
            self._result("Select two or three pieces of evidence first (space selects).")
            return
        self._act("link " + " ".join(chosen))

    def action_unlink(self) -> None:
        """Withdraw the highlighted proposed link."""
        pending = self.query_one("#board-pending", OptionList)
        if pending.highlighted is None:
            self._result("Highlight a proposed link first (tab moves to the list).")
            return
        link = pending.get_option_at_index(pending.highlighted).id
        if link and link != "__none__":
            self._act("unlink " + link)

    def action_confirm(self) -> None:
        """Ask the engine to confirm the proposed links."""
        self._act("confirm")
