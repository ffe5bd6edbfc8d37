"""The line protocol of plain mode: for screen readers, pipes and scripts. It is stable; tests and tools rely on it.

It lives in the session layer because two kinds of program speak it: plain mode (game.plain, which adds the
terminal) and the transcript tools (game.tools.replay, which compare what it prints).

Output: the scene text as plain paragraphs; one line per choice, `N. text`, N from 1; then the prompt `> `
with no newline. Input: a number picks a choice; `save NAME`, `load NAME`, `undo`, `notes`, `help`, `quit`,
and the investigation commands (`suspects`, `mark`, `board`, `present`, `link`, `unlink`, `confirm`, `accuse`).
An ending prints `*** ENDING: <title> ***` and exits 0; at an ending that is not a solve it first offers the case's
answer (`truth` prints it, any other line or end of input skips it). End of input exits cleanly.
"""

from __future__ import annotations

import re
import textwrap
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from game.engine import (
    ActionError,
    GameState,
    accusation_options,
    board,
    notebook,
    suspects,
)
from game.engine.views import (
    LAST_CHANCE,
    POINTS_GUIDE,
    Event,
    View,
    accusation_cost_note,
    present_cost_note,
    risk_note,
    waiting_line,
)
from game.session.play import Session
from game.session.words import describe, drop_emphasis
from game.world.story import Story

if TYPE_CHECKING:
    from game.saving.store import SaveStore

PROMPT = "> "
HELP = """Commands:
  N                 take choice N
  notes             the clues you have found and what you have worked out
  suspects          what you have established about each person, and your own marks
  mark SUSPECT suspect|unsure|cleared|none   set your own mark for a suspect (saved with the game)
  board             the deduction board
  present CLUE STATEMENT   challenge a statement with a clue, to the person who made it, where they are
                    (ids as shown in notes/suspects)
  link A B [C]      propose that clues belong together; unlink A B [C] to withdraw
  confirm           confirm the board (links are confirmed in batches)
  accuse SUSPECT MOTIVE E1 E2 E3   make an accusation where you can (see `accuse` alone for options)
  save NAME | load NAME | undo | help | quit"""
HINT = "Type a choice number, or 'help' for the commands."
ACCUSE_HERE = "You can also make an accusation here: type 'accuse' to see how."
"""Said under the choices where an accusation can be made (a blind player did not know it still could)."""
TRUTH_OFFER = "Type 'truth' to see what really happened (the answer), or Enter to finish."
TRUTH_HEADING = "--- What really happened ---"
WRAP = 78
"""The width lines wrap at when the output is not a terminal (a pipe, a file, a screen reader's capture)."""
INVESTIGATION = frozenset({"present", "link", "unlink", "confirm", "accuse", "mark"})
"""Commands that work on the case where the player stands; they never move the story on by themselves."""

_HANGING = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
_COLUMNS = re.compile(r"^\s+\S.*?\s{2,}(?=\S)")
"""A two-column line (`  notes       the clues you have found`): it wraps under its second column."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def wrap_line(line: str, width: int) -> str:
    """One line wrapped at `width` without breaking a word; a list item (`- `, `* `, `N. `) keeps its text
    aligned under its first word, and any other line keeps its own indent."""
    if len(line) <= width:
        return line
    marker = _HANGING.match(line) or _COLUMNS.match(line)
    indent = " " * (marker.end() if marker else len(line) - len(line.lstrip()))
    if len(indent) > width // 2:
        indent = " " * (len(line) - len(line.lstrip()) + 2)
    return textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def printable(line: str) -> str:
    """`line` with control characters and lone surrogates (from undecodable input echoed back) escaped, so that
    nothing typed can move the cursor or clear a player's terminal."""
    return _CONTROL.sub(lambda found: found.group().encode("unicode_escape", "backslashreplace").decode("ascii"),
                        line)


class PlainGame:
    """One plain-mode session over a story, reading commands and writing the protocol."""

    def __init__(self, story: Story, state: GameState, out: TextIO, store: SaveStore | None = None,
                 clock: Callable[[], float] = time.monotonic, *, play_seconds: float = 0.0,
                 width: int = WRAP) -> None:
        self.session = Session(story, state, clock=clock, play_seconds=play_seconds)
        self.out = out
        self.store = store
        self.width = max(20, width)
        """Every line is wrapped at this width: the terminal's, or WRAP when the output is not a terminal."""

    @property
    def story(self) -> Story:
        """The story being played (a live reload may replace it)."""
        return self.session.story

    @property
    def state(self) -> GameState:
        """The current game state."""
        return self.session.state

    # ---- output

    def write(self, text: str = "") -> None:
        """Write lines, each wrapped at the width (a list item or a choice keeps a hanging indent)."""
        for line in text.split("\n"):
            self.out.write(wrap_line(printable(line), self.width) + "\n")

    def paragraphs(self, text: str) -> None:
        for block in text.strip().split("\n\n"):
            lines = " ".join(line.strip() for line in block.splitlines() if line.strip())
            if lines:
                self.write(drop_emphasis(lines))
                self.write()

    def show(self) -> bool:
        """Print the current moment. Returns False once an ending has been shown."""
        current = self.session.view
        s = current.status
        if current.ending is None:
            standing = f" · standing {s.standing}/{s.standing_max}" if s.standing_max else ""
            self.write(f"-- {s.day}, {s.slot} · {s.location}{standing} --")
            if s.last_chance:
                self.write(f"!! Careful: {LAST_CHANCE}. !!")
            self.write()
        self.paragraphs(current.reply)
        self.paragraphs(current.text)
        if current.ending is not None:
            self.write(f"*** ENDING: {current.ending.title} ***")
            return False
        self.choices(current)
        return True

    def choices(self, current: View) -> None:
        """The numbered choices of a view."""
        for number, choice in enumerate(current.choices, start=1):
            note = risk_note(choice)
            self.write(f"{number}. {drop_emphasis(choice.text)}{' ' + note if note else ''}")
        if current.can_accuse:
            self.write(ACCUSE_HERE)

    def prompt(self) -> None:
        self.out.write(PROMPT)
        self.out.flush()

    def events(self, events: tuple[Event, ...]) -> None:
        from game.engine.evaluate import Env, render

        env = Env(self.story, self.state)
        lines = []
        for event in events:
            if event.kind == "clue":
                lines.append(f"Clue found: {event.text}.")
            elif event.kind == "statement":
                said = render(self.story.texts[f"statement:{event.id}"], env).strip()
                lines.append(f"Statement recorded, {event.text}: {said}")
            elif event.kind == "secret":
                found = render(self.story.texts[f"secret:{event.id}"], env).strip()
                lines.append(f"Secret uncovered, {event.text}: {found}")
            elif event.kind == "board":
                lines.append(describe(self.story, event)[1])  # "Linked The thread + The log.", as the TUI says
            elif event.kind == "contradiction":  # the person's words alone did not say that it worked
                lines.append(f"Contradiction caught (their statement is broken): {event.text.strip()}")
            elif event.kind in ("wrong_present", "deduction", "verdict"):
                lines.append(event.text)
            elif event.kind == "mark":
                name = self.story.characters[event.id].name
                lines.append(f"You unmark {name}." if event.text == "none" else f"You mark {name}: {event.text}.")
            elif event.kind == "standing":
                lines.append(f"Standing {event.text}.")
        if lines:
            for line in lines:
                self.write(drop_emphasis(line))
            self.write()

    # ---- input

    def run(self, lines: TextIO) -> int:
        """Play until an ending, `quit` or end of input. Returns the exit code."""
        feed = iter(lines)
        if not self.show():
            return self.offer_truth(feed)
        self.prompt()
        for raw in feed:
            command = raw.strip()
            outcome = self.handle(command)
            if outcome == "end":
                return self.offer_truth(feed)
            self.prompt()
        self.write()
        return 0

    def offer_truth(self, feed: Iterator[str]) -> int:
        """At an ending that is not a solve, offer the case's answer once; print it only if the player asks.
        Returns the exit code (0)."""
        truth = self.session.view.truth if self.session.view.ending is not None else ""
        if not truth:
            return 0
        self.write()
        self.write(TRUTH_OFFER)
        self.prompt()
        answer = next(feed, "").strip().lower()
        self.write()
        if answer == "truth":
            self.write(TRUTH_HEADING)
            self.write()
            self.paragraphs(truth)
        return 0

    def handle(self, command: str) -> str:
        """Handle one line; returns 'end' when the session is over."""
        if not command:
            self.write(HINT)
            return ""
        word, _, rest = command.partition(" ")
        word = word.lower()
        if command.isascii() and command.isdigit():
            choices = self.session.view.choices
            index = int(command) - 1 if len(command) <= 6 else -1  # int() refuses numbers past 4300 digits
            if not 0 <= index < len(choices):
                shown = command if len(command) <= 12 else command[:9] + "..."
                self.write(f"There is no choice {shown}. Pick 1 to {len(choices)}.")
                return ""
            return self.do(choices[index].id)
        if word == "quit":
            return "end"
        if word == "help":
            self.write(HELP)
            if self.story.manifest.standing:
                self.write(f"Presenting: {present_cost_note(self.story.manifest.wrong_present_cost)}")
            rule = self.story.manifest.accusation
            if rule is not None and rule.where:
                self.write(f"Accusations: {rule.where}.")
            return ""
        if word == "notes":
            self.notes()
            return ""
        if word == "suspects":
            self.suspects()
            return ""
        if word == "board":
            self.board()
            return ""
        if word == "undo":
            if not self.session.undo():
                self.write("Nothing to undo.")
                return ""
            self.write("Undone.")
            self.write()
            return "" if self.show() else "end"
        if word in ("save", "load"):
            return self.save_or_load(word, rest.strip())
        if word == "accuse" and not rest.strip():
            self.accuse_options()
            return ""
        if word in INVESTIGATION:
            return self.do(command)
        self.write(HINT)
        return ""

    def do(self, action: str) -> str:
        """Take a choice (by id) or an investigation command, and show what it brought about.

        An investigation command leaves the player where they were: the scene is still on screen above, so
        only what changed is shown (its events, and the choices when they are not the same any more). A
        choice, or a command that moves the story on, shows the scene it leads to.
        """
        before = self.session.view
        try:
            events = self.session.act(action)
        except ActionError as err:
            self.write(f"Can't do that: {err}.")
            return ""
        current = self.session.view
        self.write()
        self.events(events)
        investigating = action.split(" ", 1)[0].lower() in INVESTIGATION
        if investigating and current.ending is None and current.scene_id == before.scene_id:
            if current.status.last_chance and not before.status.last_chance:
                self.write(f"!! Careful: {LAST_CHANCE}. !!")
            if [c.text for c in current.choices] != [c.text for c in before.choices]:
                self.choices(current)
            return ""
        return "" if self.show() else "end"

    def save_or_load(self, word: str, name: str) -> str:
        if not name:
            self.write(f"Give a name: {word} NAME")
            return ""
        if self.store is None:
            self.write("Saving is not available here.")
            return ""
        from game.saving import SaveError

        try:
            if word == "save":
                self.session.save(self.store, name)
                self.write(f"Saved as '{name}'.")
                return ""
            restored = self.session.load(self.store, name)
        except SaveError as err:
            self.write(str(err))
            return ""
        self.write(f"Loaded '{name}'.")
        if restored.note:
            self.write(restored.note)
        self.write()
        return "" if self.show() else "end"

    # ---- investigation listings

    def notes(self) -> None:
        book = notebook(self.story, self.state)
        if not book.groups and not book.deductions:
            self.write("Your notebook is empty.")
            return
        for kind, clues in book.groups:
            self.write(f"{kind.capitalize()}:")
            for clue in clues:
                self.write(drop_emphasis(f"- {clue.title} [{clue.id}]: {clue.text.strip()}"))
        if book.deductions:
            self.write("Worked out:")
            for item in book.deductions:
                self.write(drop_emphasis(f"- {item.title} [{item.id}]: {item.text.strip()}"))

    def suspects(self) -> None:
        for row in suspects(self.story, self.state):
            tag = f"your mark: {row.mark or 'none'}, " if row.is_suspect else ""
            if not row.met:
                tag = "not met yet, " + tag
            self.write(drop_emphasis(f"{row.name} [{row.id}] ({tag}trust {row.trust}): {row.portrait}"))
            if row.believes:
                self.write(f"  thinks it was {row.believes}")
            for statement in row.statements:
                mark = " (broken)" if statement.caught else ""
                if statement.borne_out:
                    mark += f" (borne out by {', '.join(statement.borne_out)})"
                self.write(drop_emphasis(f"  - [{statement.id}] {statement.text.strip()}{mark}"))
            for secret in row.secrets:
                self.write(drop_emphasis(f"  * {secret.strip()}"))

    def board(self) -> None:
        current = board(self.story, self.state)
        self.write(f"Clues: {', '.join(c.id for c in current.evidence) or 'none'}")
        rule = (f"confirmed {current.batch} at a time, when every proposed link holds" if current.batch
                else "every question is answered")
        self.write(f"Links proposed: {'; '.join(' + '.join(p) for p in current.pending) or 'none'} ({rule})")
        self.write("Worked out:" if current.deductions else "Worked out: nothing yet")
        for item in current.deductions:
            self.write(drop_emphasis(f"- {item.title} [{item.id}]: {item.text.strip()}"))
        if current.questions or current.waiting:
            self.write("Open questions:")
            for question, pieces in current.questions:
                self.write(f"- {question} ({pieces} pieces)")
            if current.waiting:
                self.write(f"- {waiting_line(current.waiting)}")

    def accuse_options(self) -> None:
        options = accusation_options(self.story, self.state)
        self.write(f"Accusations left: {options.tries_left}. {accusation_cost_note(options)}")
        self.write("Suspects: " + ", ".join(f"{sid} ({name})" for sid, name in options.suspects))
        self.write("Motives: " + "; ".join(f"{mid} ({text})" for mid, text in options.motives))
        self.write("Evidence: " + (", ".join(e.id for e in options.evidence) or "none"))
        self.write(POINTS_GUIDE)
        self.write(f"Usage: accuse SUSPECT MOTIVE and at least {options.min_cited} evidence ids.")
