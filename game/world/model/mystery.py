"""The mystery: evidence, secrets, facts, statements, contradictions, deductions, motives, cases, people."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

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
StatementId = Annotated[Id, Ref("statement")]
SuspectId = Annotated[Id, Ref("suspect")]
MotiveId = Annotated[Id, Ref("motive")]

Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
"""A time on the night, HH:MM (24-hour clock)."""


class Sighting(Strict):
    """Where a piece of evidence puts someone at a time (for the check that finds contradictions not listed)."""

    who: CharacterId
    """The character."""
    at: Clock
    """When (HH:MM on the night)."""
    where: PlaceId | None = Field(None, description="The place it puts them (a place id).")
    away_from: PlaceId | None = Field(None, description="A place it shows they were not in (a place id).")


class Carry(Strict):
    """One point of the accusation a piece of evidence carries in a case, against one suspect."""

    point: Point
    """means, motive or opportunity."""
    against: SuspectId
    """The suspect it tells against (a suspect id)."""
    motive: MotiveId | None = Field(None, description="For `point: motive`, the motive id it supports; required then.")


class Evidence(Strict):
    """What a clue says in one case: its text, how it weighs on each suspect, what it carries against whom."""

    text: Template
    """How the clue reads in this case."""
    weights: dict[CharacterId, float] = Field(
        {}, description="Likelihood ratio per suspect, for the author's checks only: above 1 points to them, below 1 "
        "away; 0 clears. Never shown to the player."
    )
    carries: list[Carry] = Field([], description="The points of an accusation this can be cited for, in this case.")
    confirms: list[StatementId] = Field(
        [], description="Statements this evidence bears out in this case (an alibi that holds)."
    )
    places: list[Sighting] = Field([], description="Where this reading puts people at a time, for the checks.")


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
    """Likelihood ratio per suspect in cases without a variant (for the author's checks only)."""
    carries: list[Carry] = []
    """What it can be cited for, and against whom, in cases without a variant."""
    confirms: list[StatementId] = []
    """Statements it bears out, in cases without a variant."""
    places: list[Sighting] = []
    """Where it puts people at a time, in cases without a variant (for the checks)."""
    variants: dict[CaseId, Evidence] = Field({}, description="Per-case evidence, keyed by case id.")
    names_culprit: Literal["confession", "ending_day"] | None = Field(
        None, description="Set when the text may name the culprit with the act: a confession, or an ending-day reveal."
    )


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
    true_in: list[CaseId] | Literal["all"] | None = Field(
        None, description="Case ids in which the fact holds, or 'all'. Give this or `false_in`, not both.")
    false_in: list[CaseId] | None = Field(
        None, description="Case ids in which the fact does NOT hold; it holds in every other case, including cases "
        "added later (a case file then need not touch it). Give this or `true_in`, not both.")
    who: CharacterId | None = Field(None, description="For the contradiction check: whose whereabouts the fact states.")
    where: PlaceId | None = Field(None, description="For the contradiction check: the place (a place id) they were.")
    start: Clock | None = Field(None, description="For the contradiction check: from when (HH:MM on the night).")
    end: Clock | None = Field(None, description="For the contradiction check: until when (HH:MM; after midnight "
                              "counts as later the same night).")


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
    cases: list[CaseId] = Field([], description="Only in these cases (where the clue reads so that it contradicts); "
                                "empty: in every case where the statement is false.")
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
    question: str = Field("", description="The open question the board shows until this is worked out; never the "
                          "answer.")
    weights: dict[CharacterId, float] = {}
    """Likelihood ratio per suspect, in cases without a variant (for the author's checks only)."""
    carries: list[Carry] = []
    """What it can be cited for, and against whom, in cases without a variant."""
    confirms: list[StatementId] = []
    """Statements it bears out, in cases without a variant."""
    places: list[Sighting] = []
    """Where it puts people at a time, in cases without a variant (for the checks)."""
    variants: dict[CaseId, Evidence] = {}
    """Per-case readings, keyed by case id."""
    names_culprit: Literal["confession", "ending_day"] | None = None
    """Set when the text may name the culprit with the act: a confession, or an ending-day reveal."""


class Motive(Strict):
    """A reason someone could have had, offered on the accusation screen."""

    id: Id
    """The id an accusation names."""
    text: str
    """How the accusation screen words it."""


class Crime(Strict):
    """How a case's culprit did it, as data: `archer check` makes sure no two cases share more than one of the
    three parts (AR093), so that every case is its own crime and not a template with names swapped."""

    harm: Id
    """How Cassie was brought to harm, as an id an author reads (e.g. `tablets_in_a_cup_then_a_push`)."""
    route: Id
    """The culprit's way up to the roof and down again, as an id (e.g. `fire_escape_up_and_down`)."""
    time: Clock
    """When the culprit did the decisive thing (HH:MM on the night)."""
    summary: str = Field("", description="One line for authors (the story bible); the game never shows it.")


class Case(Strict):
    """One truth of the night: who pushed Cassie, why, how and when."""

    id: Id
    """A stable id; `--case` and saves name it."""
    title: str
    """A name for authors (never shown before the end)."""
    culprit: SuspectId
    """Who pushed Cassie in this case (a suspect)."""
    motive: MotiveId
    """Why (a motive id)."""
    means: str
    """How, for authors and the reveal."""
    opportunity: str
    """When and where, for authors and the reveal."""
    crime: Crime | None = Field(None, description="How it was done, as data: harm, route and time (AR093 keeps "
                                "each case's crime its own).")
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
