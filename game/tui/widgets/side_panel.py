"""SidePanel: the notebook and the suspects at a glance, beside the scene. Toggled from the play screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.views import Notebook, SuspectView
from game.tui.text import plain, styled

MARK_SIGNS: dict[str, str] = {"suspect": "!!", "unsure": "? ", "cleared": "✓ ", "": "  "}
"""A sign before the player's own mark word, so the mark never rests on colour alone."""


def mark_words(row: SuspectView) -> str:
    """The player's mark for a suspect, in words (an unmarked person not met yet says so)."""
    if row.mark:
        return f"your mark: {row.mark}"
    return "unmarked" if row.met else "not met yet"


def suspects_glance(rows: tuple[SuspectView, ...]) -> Content:
    """One line per suspect: the player's mark, short name, statements broken and trust."""
    lines = [
        styled(
            "$sign [b]$name[/b]\n   $mark · broken $caught · trust $trust",
            sign=MARK_SIGNS.get(row.mark, "  "),
            name=row.name,
            mark=mark_words(row),
            caught=row.contradictions,
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
