"""The mystery: evidence, secrets, facts, statements, contradictions, deductions, motives, cases, people."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from game.world.model.base import (
    CaseId,
    CharacterId,
    ClueId,
    Effect,
    EvidenceId,
    Id,
    PlaceId,
    Ref,
    Strict,
    Template,
)

Kind = Literal["physical", "document", "testimony", "observation", "record"]
Point = Literal["means", "motive", "opportunity"]


class Evidence(Strict):
    """What a clue says in one case: its text, how it weighs on each suspect, what it can prove."""

    text: Template
    """How the clue reads in this case."""
    weights: dict[CharacterId, float] = Field(
        {}, description="Likelihood ratio per suspect: above 1 points to them, below 1 away; 0 clears."
    )
    proves: list[Point] = Field([], description="Which parts of the accusation this can be cited for.")


class Clue(Strict):
    """A piece of evidence. `variants` give the per-case truth; they keep the shape of the default."""

    id: Id
    """A stable id, unique across clues and deductions."""
    title: str
    """The notebook's name for it."""
    kind: Kind
    """The notebook groups clues by kind."""
    found: str = Field(description="How and where it is found, for the notebook.")
    text: Template
    """How it reads in cases without a variant."""
    weights: dict[CharacterId, float] = {}
    """Likelihood ratio per suspect in cases without a variant."""
    proves: list[Point] = []
    """What it can be cited for, in cases without a variant."""
    variants: dict[CaseId, Evidence] = Field({}, description="Per-case evidence, keyed by case id.")


class Secret(Strict):
    """Something a character hides. Uncovering it can explain away suspicious evidence."""

    id: Id
    """A stable id; `reveal ID` uncovers it."""
    who: CharacterId
    """Whose secret it is."""
    text: Template
    """What the player learns."""
    explains: list[EvidenceId] = Field([], description="Clues this secret accounts for innocently.")


class Fact(Strict):
    """An atomic fact of the night. Its truth depends on the case."""

    id: Id
    """A stable id; statements claim facts."""
    text: str
    """The fact, for authors and the story bible."""
    true_in: list[CaseId] | Literal["all"] = Field(description="Case ids in which the fact holds, or 'all'.")


class Statement(Strict):
    """A character's claim. Whether it is true is the truth of `claim` in the case being played."""

    id: Id
    """A stable id; `hear ID` records it."""
    by: CharacterId
    """Who says it."""
    text: Template
    """The claim, in their words."""
    claim: Annotated[Id, Ref("fact")] = Field(description="The fact this statement asserts.")
    topic: Literal["alibi", "sighting", "relationship", "other"] = "other"
    """What kind of claim it is."""


class Contradiction(Strict):
    """Presenting `clue` against `statement` breaks it, when the statement is false in the case."""

    statement: Annotated[Id, Ref("statement")]
    """The statement it breaks."""
    clue: EvidenceId
    """The clue or deduction that breaks it."""
    text: Template = Field(description="How the speaker reacts when caught.")
    composure: int = Field(2, ge=1, description="Composure lost when caught.")
    reveals: Annotated[Id, Ref("secret")] | None = Field(None, description="A secret uncovered when caught.")
    do: list[Effect] = []
    """Effects applied when it succeeds."""


class Deduction(Strict):
    """A new fact from combining 2 or 3 clues on the board."""

    id: Id
    """A stable id, unique across clues and deductions."""
    title: str
    """The board's name for it."""
    needs: list[ClueId] = Field(min_length=2, max_length=3)
    """The two or three clues that, linked on the board, give this deduction."""
    text: Template
    """The new fact, in cases without a variant."""
    weights: dict[CharacterId, float] = {}
    """Likelihood ratio per suspect, in cases without a variant."""
    proves: list[Point] = []
    """What it can be cited for, in cases without a variant."""
    variants: dict[CaseId, Evidence] = {}
    """Per-case readings, keyed by case id."""


class Motive(Strict):
    """A reason someone could have had, offered on the accusation screen."""

    id: Id
    """The id an accusation names."""
    text: str
    """How the accusation screen words it."""


class Case(Strict):
    """One truth of the night: who pushed Cassie, why, how and when."""

    id: Id
    """A stable id; `--case` and saves name it."""
    title: str
    """A name for authors (never shown before the end)."""
    culprit: Annotated[Id, Ref("suspect")]
    """Who pushed Cassie in this case (a suspect)."""
    motive: Annotated[Id, Ref("motive")]
    """Why (a motive id)."""
    means: str
    """How, for authors and the reveal."""
    opportunity: str
    """When and where, for authors and the reveal."""
    reveal: Template = Field(description="What the solved ending adds about this case.")
    weight: float = Field(1.0, gt=0, description="Relative chance of being drawn for a random game.")


class Person(Strict):
    """A character's state at the start of a game, and where they are at each slot."""

    trust: int = 0
    """Trust toward Neveah at the start."""
    composure: int = 5
    """How much questioning they can take before they crack."""
    belief: CharacterId | None = Field(None, description="Who they think did it, at the start.")
    schedule: dict[str, PlaceId] = Field(
        {}, description="Location per slot id, or per `day.slot`; the more specific key wins."
    )
