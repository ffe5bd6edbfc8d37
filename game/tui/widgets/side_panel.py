"""SidePanel: the notebook and the suspects at a glance, beside the scene. Toggled from the play screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.views import Notebook, SuspectView
from game.tui.text import plain, styled

BAND_MARKS: dict[str, str] = {"likely": "!!", "possible": "! ", "unlikely": "· ", "cleared": "✓ "}
"""A mark before each band word, so the band never rests on colour alone."""


def suspects_glance(rows: tuple[SuspectView, ...]) -> Content:
    """One line per suspect: mark, short name, band and trust."""
    lines = [
        styled(
            "$mark [b]$name[/b]\n   $band · trust $trust",
            mark=BAND_MARKS.get(row.band, "  "),
            name=row.name,
            band=row.band,
            trust=row.trust,
        )
        for row in rows
        if row.is_suspect
    ]
    return Content("\n").join(lines) if lines else plain("No suspects yet.")


def notebook_glance(book: Notebook) -> Content:
    """Clue titles by kind, then deductions; or a line saying the notebook is empty."""
    lines: list[Content] = []
    for kind, clues in book.groups:
        lines.append(styled("[b]$kind[/b]", kind=kind.capitalize()))
        lines.extend(plain(f"• {clue.title}") for clue in clues)
    if book.deductions:
        lines.append(styled("[b]Deductions[/b]"))
        lines.extend(plain(f"• {item.title}") for item in book.deductions)
    return Content("\n").join(lines) if lines else plain("Nothing found yet.")


class SidePanel(VerticalScroll):
    """A narrow column with the notebook and the suspects, refreshed after every action."""

    DEFAULT_CSS = """
    SidePanel {
        width: 34;
        dock: right;
        border-left: vkey $primary 50%;
        padding: 0 1;
        background: $surface;
    }
    SidePanel .panel-title { text-style: bold; color: $text-primary; margin-top: 1; }
    """

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static("Notebook", classes="panel-title", markup=False)
        yield Static(id="panel-notebook", markup=False)
        yield Static("Suspects", classes="panel-title", markup=False)
        yield Static(id="panel-suspects", markup=False)

    def show(self, book: Notebook, rows: tuple[SuspectView, ...]) -> None:
        """Fill the panel from the engine's notebook and suspects views."""
        self.query_one("#panel-notebook", Static).update(notebook_glance(book))
        self.query_one("#panel-suspects", Static).update(suspects_glance(rows))
