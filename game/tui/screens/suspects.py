"""SuspectsScreen: each person's portrait, the player's own mark, trust, statements and contradictions caught.

`m` cycles the player's mark on the highlighted suspect (suspect, unsure, cleared, none); marks are actions, so
they are saved with the game and undone like any other. Nothing on this screen is computed from the case.

From a statement, Enter presents a clue or deduction against it (PresentModal), when the story allows it:
the engine says whether presenting is possible in this scene (`View.can_present`) and who is here.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import notebook, suspects
from game.engine.views import ClueView, StatementView, SuspectView, present_cost_note
from game.session.words import describe_all
from game.tui.prose import reflow
from game.tui.screens.base import ArcherModal, SidePaneScreen
from game.tui.screens.dialogs import MessageModal
from game.tui.text import plain, prose, quoted, styled
from game.tui.widgets.pointer_list import PointerList
from game.tui.widgets.side_panel import MARK_SIGNS, mark_words

TOPICS = {"alibi": "alibi", "sighting": "sighting", "relationship": "relationship", "other": "claim"}


def statement_prompt(statement: StatementView) -> str:
    """A statement as listed: the words, its topic, and a mark when it has been broken or borne out."""
    mark = "  ✗ broken" if statement.caught else ""
    if statement.borne_out:
        mark += f"  ✓ borne out by {', '.join(statement.borne_out)}"
    return f"{quoted(reflow(statement.text))} ({TOPICS.get(statement.topic, statement.topic)}){mark}"


def suspect_prompt(row: SuspectView) -> str:
    """A person as listed, on two lines: the player's mark sign and name, then the mark (or 'not a suspect')."""
    if not row.is_suspect:
        return f"   {row.name}\n   not a suspect"
    return f"{MARK_SIGNS.get(row.mark, '  ')} {row.name}\n   {mark_words(row)}"


NEXT_MARK = {"": "suspect", "suspect": "unsure", "unsure": "cleared", "cleared": "none"}
"""What `m` sets next: the marks in a cycle, back to unmarked."""


def marks_legend() -> str:
    """What the marks on this screen mean, in one line."""
    signs = " ".join(f"{sign.strip()} {mark}" for mark, sign in MARK_SIGNS.items() if mark)
    return f"Marks: {signs} (m sets yours) · ✗ broken: a statement you proved false · ✓ borne out"


class PresentModal(ArcherModal[str]):
    """Pick the clue or deduction to present against one statement; dismisses with its id."""

    def __init__(self, statement: StatementView, speaker: str, evidence: list[ClueView], note: str = "") -> None:
        super().__init__()
        self._statement = statement
        self._speaker = speaker
        self._evidence = evidence
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide"):
            yield Static("Present evidence", classes="dialog-title", markup=False)
            yield Static(
                styled("Against $who: $text", who=self._speaker, text=quoted(reflow(self._statement.text))),
                classes="dialog-body",
            )
            if self._note:
                yield Static(self._note, classes="screen-hint", markup=False)
            yield PointerList(
                *[Option(plain(f"{item.title} ({item.kind})"), id=item.id) for item in self._evidence],
                id="present-list",
                markup=False,
            )

    def on_mount(self) -> None:
        options = self.query_one("#present-list", OptionList)
        options.focus()
        options.highlighted = 0 if self._evidence else None

    @on(OptionList.OptionSelected, "#present-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)


class SuspectsScreen(SidePaneScreen[None]):
    """People on the left; the highlighted person's details and statements on the right."""

    HEADING = "Suspects"
    PANE = "suspect-detail"
    MORE = "suspects-more"
    PANE_NAME = "their details"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("m", "mark", "Mark suspect/unsure/cleared"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="suspects-main"):
            yield PointerList(id="suspect-list", markup=False)
            with self.side_pane():
                yield Static(id="suspect-info", markup=False)
                yield Static(plain("Statements"), classes="group-title")
                yield PointerList(id="statement-list", markup=False)
                yield Static(id="suspect-secrets", markup=False)
        yield Static(id="suspects-more", markup=False)
        yield Static(id="suspects-hint", markup=False)

    def on_mount(self) -> None:
        self._rows: tuple[SuspectView, ...] = ()
        self.follow_pane()
        self.refresh_rows()
        self.query_one("#suspect-list", OptionList).focus()

    def refresh_rows(self) -> None:
        """Rebuild the list from the engine (after presenting evidence, for instance)."""
        session = self.game.session
        assert session is not None
        self._rows = suspects(session.story, session.state)
        people = self.query_one("#suspect-list", OptionList)
        keep = people.highlighted or 0
        people.clear_options()
        people.add_options([Option(plain(suspect_prompt(row)), id=row.id) for row in self._rows])
        if self._rows:
            people.highlighted = min(keep, len(self._rows) - 1)
            self._show(self._rows[people.highlighted])
        else:
            self.query_one("#suspect-info", Static).update(plain("You have not met anyone yet."))
        current = session.view
        here = [row.name for row in self._rows if row.id in current.people]
        hint = self.query_one("#suspects-hint", Static)
        if current.can_present and here:
            how = f"Here now: {', '.join(here)}. Pick a statement; Enter presents evidence against it."
        else:
            how = "Evidence can be presented to someone who is here, once you have heard them."
        hint.update(plain(f"{marks_legend()}\n{how}"))

    @on(OptionList.OptionHighlighted, "#suspect-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        row = next((r for r in self._rows if r.id == event.option_id), None)
        if row is not None:
            self._show(row)

    def _show(self, row: SuspectView) -> None:
        mark = mark_words(row) if row.is_suspect else "not a suspect"
        info = styled(
            "[b]$name[/b]\n$portrait\n[b]$mark[/b] (m to change) · Trust $trust · Contradictions caught $caught",
            name=row.name,
            portrait=row.portrait,
            mark=mark,
            trust=row.trust,
            caught=row.contradictions,
        )
        if row.believes:
            info += styled("\nThinks it was: $who", who=row.believes)
        self.query_one("#suspect-info", Static).update(info)
        statements = self.query_one("#statement-list", OptionList)
        statements.clear_options()
        if row.statements:
            statements.add_options([Option(plain(statement_prompt(s)), id=s.id) for s in row.statements])
            statements.highlighted = 0
        else:
            statements.add_option(Option(plain("Nothing recorded yet."), id="__none__", disabled=True))
        secrets = self.query_one("#suspect-secrets", Static)
        if row.secrets:
            lines = [plain("Secrets uncovered:"), *(plain("• ") + prose(secret) for secret in row.secrets)]
            secrets.update(Content("\n").join(lines))
        else:
            secrets.update("")

    def action_mark(self) -> None:
        """Cycle the player's own mark on the highlighted suspect."""
        people = self.query_one("#suspect-list", OptionList)
        if people.highlighted is None or not self._rows:
            return
        row = self._rows[people.highlighted]
        if not row.is_suspect:
            self.app.notify(f"{row.name} is not a suspect.", severity="warning")
            return
        if self.game.play_action(f"mark {row.id} {NEXT_MARK[row.mark]}") is not None:
            self.refresh_rows()

    @on(OptionList.OptionSelected, "#statement-list")
    def _statement_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._present(event.option_id)

    @on(OptionList.OptionSelected, "#suspect-list")
    def _person_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#statement-list", OptionList).focus()

    def _present(self, statement_id: str | None) -> None:
        session = self.game.session
        if session is None or statement_id in (None, "__none__"):
            return
        statement, speaker = self._find(statement_id)
        if statement is None or speaker is None:
            return
        current = session.view
        if speaker.id not in current.people:
            self.app.notify(
                f"{speaker.name} is not here. Present evidence where you can talk to them.",
                title="Not here",
                severity="warning",
            )
            return
        book = notebook(session.story, session.state)
        evidence = [clue for _, clues in book.groups for clue in clues] + list(book.deductions)
        if not evidence:
            self.app.notify("You have nothing to present yet.", severity="warning")
            return
        if not current.can_present:  # here, but the scene takes no evidence (the engine's words)
            self.app.notify(
                f"{speaker.name} is here, but this is not the moment to present evidence.",
                title="Not now",
                severity="warning",
            )
            return

        def presented(clue: str | None) -> None:
            if clue is None:
                return
            happened = self.game.play_action(f"present {clue} {statement.id}")
            if happened is not None:
                lines = [f"{label}: {text}" for label, text in describe_all(self.game.story, happened)]
                self.app.push_screen(MessageModal("What happened", "\n\n".join(lines) or "Nothing came of it."))
            self.refresh_rows()

        note = present_cost_note(session.story.manifest.wrong_present_cost) if session.story.manifest.standing else ""
        self.app.push_screen(PresentModal(statement, speaker.name, evidence, note), presented)

    def _find(self, statement_id: str) -> tuple[StatementView | None, SuspectView | None]:
        for row in self._rows:
            for statement in row.statements:
                if statement.id == statement_id:
                    return statement, row
        return None, None
