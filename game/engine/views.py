"""What the engine shows a front end: plain, frozen records built from a Story and a GameState.

Front ends render these and nothing else; they never reach into the story or the state for rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from game.engine.state import GameState

Mark = Literal["", "suspect", "unsure", "cleared"]
"""The player's own mark for a suspect; "" when unmarked."""


@dataclass(frozen=True)
class ChoiceView:
    """A choice on offer: the stable id to send back, and its text."""

    id: str
    text: str
    risk: int = 0
    """Standing this choice costs if taken now (0 when none): front ends mark it before it is taken."""
    ends: bool = False
    """Taking it now ends the game: it leads to an ending, or its cost reaches the expulsion line."""


@dataclass(frozen=True)
class Status:
    """The status line: when and where Neveah is, and how she stands at Archer."""

    day_id: str
    day: str
    slot: str
    location_id: str
    location: str
    standing: int
    standing_max: int
    accusations_left: int
    last_chance: bool = False
    """One more loss of standing ends the game: front ends warn."""


@dataclass(frozen=True)
class EndingView:
    """The ending reached."""

    id: str
    title: str
    kind: str


@dataclass(frozen=True)
class View:
    """Everything shown for the current moment of play."""

    scene_id: str
    text: str
    choices: tuple[ChoiceView, ...]
    status: Status
    ending: EndingView | None = None
    people: tuple[str, ...] = ()
    can_accuse: bool = False
    can_present: bool = False
    reply: str = ""
    """The reply of the choice just taken, shown before `text`; "" when it had none."""
    truth: str = ""
    """At an ending that is not a solve: what really happened in the case (its reveal), which front ends offer
    to show only when the player asks; "" otherwise."""


@dataclass(frozen=True)
class Event:
    """Something that happened during an action, for toasts, logs and tests.

    kinds: clue, statement, secret, deduction, contradiction, wrong_present, standing, trust, time, deadline,
    board, accusation, ending.
    """

    kind: str
    id: str = ""
    text: str = ""


@dataclass(frozen=True)
class Step:
    """The result of one action: the new state and what happened."""

    state: GameState
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class ClueView:
    """A clue or deduction as the notebook shows it (the text of the case being played)."""

    id: str
    title: str
    kind: str
    found: str
    text: str


@dataclass(frozen=True)
class Notebook:
    """Clues grouped by kind, in the order found, and the deductions made."""

    groups: tuple[tuple[str, tuple[ClueView, ...]], ...]
    deductions: tuple[ClueView, ...]


@dataclass(frozen=True)
class StatementView:
    """A recorded claim, and whether it has been broken."""

    id: str
    by: str
    text: str
    topic: str
    caught: bool
    borne_out: tuple[str, ...] = ()
    """Titles of held evidence that bears the statement out in the case being played (an alibi that held)."""


@dataclass(frozen=True)
class SuspectView:
    """One row of the suspects screen."""

    id: str
    name: str
    portrait: str
    mark: Mark
    """The player's own mark, never computed from the evidence."""
    trust: int
    composure: int
    statements: tuple[StatementView, ...]
    secrets: tuple[str, ...]
    contradictions: int
    is_suspect: bool
    believes: str = ""
    """Who they think pushed Cassie (a character's name, or "themselves"), once they trust Neveah enough to say;
    else ""."""
    met: bool = True
    """Whether Neveah has met them in person yet (been in a scene where they are): the list names every suspect
    from the first morning (the police's list does), and says who she has not met. Someone only named, or seen in a
    photograph, is not met: blind players read a listed Delia with her trust as someone they had talked to."""


@dataclass(frozen=True)
class BoardView:
    """The deduction board: evidence held, links proposed, the open questions and the size of a confirming batch."""

    evidence: tuple[ClueView, ...]
    pending: tuple[tuple[str, ...], ...]
    deductions: tuple[ClueView, ...]
    batch: int
    max_pending: int
    questions: tuple[tuple[str, int], ...] = ()
    """Each deduction not yet worked out that the player holds a piece of: its question and how many pieces it
    takes (never its answer)."""
    waiting: int = 0
    """How many more questions open once the player finds a piece of them."""


@dataclass(frozen=True)
class AccusationOptions:
    """What the accusation screen offers."""

    suspects: tuple[tuple[str, str], ...]
    motives: tuple[tuple[str, str], ...]
    evidence: tuple[ClueView, ...]
    tries_left: int
    min_cited: int = 3
    points: tuple[str, ...] = field(default=("means", "motive", "opportunity"))
    failure_cost: int = 0
    """Standing an accusation that does not hold costs."""
    failure_expels: bool = False
    """At the current standing, an accusation that does not hold ends the game."""
    standing: int = 0
    """Standing now, for the cost note."""


# ----------------------------------------------------------------------------- words every front end shares

LAST_CHANCE = "one more loss of standing and you are expelled"
"""The status warning when `Status.last_chance` is set."""


def risk_note(choice: ChoiceView) -> str:
    """The marker shown after a choice's text before it is taken, e.g. `[standing -1]`; "" for a safe choice."""
    if choice.risk and choice.ends:
        return f"[standing -{choice.risk}: you would be expelled]"
    if choice.risk:
        return f"[standing -{choice.risk}]"
    return "[ends the story]" if choice.ends else ""


def accusation_cost_note(options: AccusationOptions) -> str:
    """What an accusation that does not hold costs, said before it is made."""
    if not options.failure_cost:
        return "An accusation that does not hold costs you nothing but the try."
    note = f"An accusation that does not hold costs {options.failure_cost} standing (you have {options.standing})"
    if options.failure_expels:
        return note + ": at your standing, it would end your scholarship."
    return note + "."


POINTS_GUIDE = ("A case holds when you show how it was done (what was given, worn or used to do the harm), why "
                "they would (the reason you name) and that they had the chance (where they really were, and how they "
                "got there and away), and their account of the night is broken. Evidence that fits whoever did it "
                "shows none of these alone.")
"""What an accusation needs, in the words every front end shows beside the accusation."""


def present_cost_note(every: int) -> str:
    """What presenting a clue that contradicts nothing costs, said before it is done (`every`: the manifest's
    `wrong_present_cost`)."""
    nth = {1: "every miss", 2: "every second miss", 3: "every third miss"}.get(every, f"every {every}th miss")
    return (f"A clue that doesn't contradict the statement costs that person's trust in you, and {nth} costs a "
            "point of standing.")


def waiting_line(count: int) -> str:
    """The board's line for the questions not asked yet (the player holds no piece of them)."""
    more = "1 more question opens" if count == 1 else f"{count} more questions open"
    return f"{more} when you find a piece of it."
