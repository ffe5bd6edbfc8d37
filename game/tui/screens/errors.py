"""StoryErrorScreen: the story could not be loaded. Lists every problem and says what to do; q quits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.tui.text import plain
from game.tui.widgets.key_footer import KeyFooter

ADVICE = (
    "The game cannot start until these are fixed. Each line gives the file, line and column, the problem "
    "code and what is wrong. Fix them in the story files, or run 'archer check' for the same list with "
    "hints, then start the game again."
)


class StoryErrorScreen(Screen[None]):
    """A readable report of a story that failed to load. There is nothing to play, so keys only quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.exit_with_error", "Quit"),
    ]

    def __init__(self, story_dir: str, problems: list[str]) -> None:
        """`problems` are lines `path:line:col CODE message`, already formatted."""
        super().__init__()
        self._story_dir = story_dir
        self._problems = problems

    def compose(self) -> ComposeResult:
        count = len(self._problems)
        noun = "problem" if count == 1 else "problems"
        yield Static(f"The story could not be loaded ({count} {noun})", classes="screen-title -error", markup=False)
        with VerticalScroll(id="error-body"):
            yield Static(plain(f"Story folder: {self._story_dir}"), classes="intro")
            yield Static(plain(ADVICE), classes="intro")
            yield Static(plain("\n".join(self._problems)), id="error-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#error-body", VerticalScroll).focus()
