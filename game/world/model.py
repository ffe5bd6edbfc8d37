"""The story format v1, as pydantic models: the one source of truth.

Every YAML file of a story is validated against these models; the JSON Schema (`archer schema`) and the
documentation tables are generated from them. Models forbid unknown fields so that a typo is a diagnostic,
not a silently ignored key. Expressions, effects and text templates are kept here as source strings; the
compiler (`game.world.compile`) turns them into checked, picklable programs.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="A stable id: lower case letters, digits and underscores, starting with a letter."),
]
Expr = Annotated[str, Field(description="A condition in the expression language, e.g. `trust.june >= 2`.")]
Effect = Annotated[
    str,
    Field(description="An effect, e.g. `trust.june += 1`, `set flag.roof_key`, `clue white_rose`."),
]
Template = Annotated[str, Field(description="Text; `{expr}` interpolates, `{if c}..{else}..{end}` varies.")]


class Strict(BaseModel):
    """Base for every format model: unknown fields are errors and parsed values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------------------- canon


class Relation(Strict):
    """A tie from one character to another, e.g. Bette is Delia's sister."""

    to: Id
    kind: str = Field(description="What the tie is, in a word or two: sister, partner, teacher, roommate.")


class Character(Strict):
    """A person of the world, from seeds/canon.yaml."""

    id: Id
    name: str
    short: str = Field(description="The name used in running text, e.g. 'June'.")
    role: Literal["student", "faculty", "alumna", "family", "police", "staff"]
    age_band: Literal["minor", "adult"]
    portrait: str = Field(description="One line that says who they are.")
    relations: list[Relation] = []


class Place(Strict):
    """A location at Archer or around Chicago."""

    id: Id
    name: str
    area: Literal["archer", "chicago"] = "archer"
    description: str = ""


class Canon(Strict):
    """seeds/canon.yaml: the people and places the story builds on."""

    characters: list[Character]
    places: list[Place] = []


# ------------------------------------------------------------------------------------------------ manifest


class Day(Strict):
    """One in-game day; days run in the order listed."""

    id: Id
    title: str
    start: Id | None = Field(None, description="The scene that opens this day when time rolls over into it.")


class VarDecl(Strict):
    """A declared story variable with its type and starting value."""

    type: Literal["int", "bool", "str"]
    default: int | bool | str
    doc: str = ""


class Deadline(Strict):
    """When time runs out: at this day and slot the story moves on to `scene`, whatever the player has."""

    day: Id
    slot: Id
    scene: Id


class StandingRule(Strict):
    """Neveah's standing at Archer: starts at `start`; at `expelled_at` or below, the `ending` is reached."""

    start: int = 5
    max: int = 10
    expelled_at: int = 0
    ending: Id


class AccusationRule(Strict):
    """Where accusations go. `weak` and `wrong` are followed while tries remain; the `_final` ones after."""

    tries: int = Field(2, ge=1, le=5)
    solved: Id
    weak: Id
    wrong: Id
    weak_final: Id
    wrong_final: Id
    standing_cost: int = Field(2, ge=0, description="Standing lost by an accusation that fails.")


class ContentNote(Strict):
    """A content-note category shown before the first game; `detail` is shown only when the player asks."""

    id: Id
    title: str
    detail: str


class Manifest(Strict):
    """story/story.yaml: what the story is and where its parts are."""

    format: Literal[1] = 1
    id: Id
    title: str
    version: str
    start: Id
    includes: list[str] = Field(description="Globs relative to the story folder, never outside it.")
    days: list[Day] = Field(min_length=1)
    slots: list[Id] = Field(min_length=1, description="The time slots of every day, in order.")
    deadline: Deadline | None = None
    standing: StandingRule | None = None
    accusation: AccusationRule | None = None
    vars: dict[Id, VarDecl] = {}
    flags: dict[Id, str] = Field({}, description="Declared flags (all start unset), each with a note.")
    content_notes: list[ContentNote] = []
    wrong_present_cost: int = Field(
        2, ge=1, description="Every this many wrong contradictions costs one point of standing."
    )


# -------------------------------------------------------------------------------------------------- scenes


class Choice(Strict):
    """A choice the player can make in a scene."""

    id: Id | None = Field(None, description="Stable id; defaults to the target's id. Required when two match.")
    text: Template
    goto: Id = Field(description="A scene or ending id.")
    when: Expr | None = Field(None, description="The choice is offered only when this holds.")
    do: list[Effect] = []
    time: int = Field(0, ge=0, le=8, description="Time slots this choice takes.")
    once: bool = Field(False, description="Offered only until it has been taken once.")


class Scene(Strict):
    """A node of the story graph: text, then choices."""

    id: Id
    location: Id
    text: Template
    people: list[Id] = Field([], description="Who is here; statements by them can be challenged here.")
    enter: list[Effect] = Field([], description="Effects applied each time the scene is entered.")
    choices: list[Choice] = []
    accuse: bool = Field(False, description="The accusation can be made from this scene.")
    board: bool = Field(True, description="The player may present evidence and work the board here.")
    notes: list[str] = Field([], description="Content notes for this scene (category ids).")


class Ending(Strict):
    """A terminal node."""

    id: Id
    title: str
    kind: Literal["solved", "weak", "wrong", "expelled", "walked_away", "woke", "timeout", "other"]
    text: Template
    enter: list[Effect] = []


# ------------------------------------------------------------------------------------------------- mystery

Kind = Literal["physical", "document", "testimony", "observation", "record"]
Point = Literal["means", "motive", "opportunity"]


class Evidence(Strict):
    """What a clue says in one case: its text, how it weighs on each suspect, what it can prove."""

    text: Template
    weights: dict[Id, float] = Field(
        {}, description="Likelihood ratio per suspect: above 1 points to them, below 1 away; 0 clears."
    )
    proves: list[Point] = Field([], description="Which parts of the accusation this can be cited for.")


class Clue(Strict):
    """A piece of evidence. `variants` give the per-case truth; they keep the shape of the default."""

    id: Id
    title: str
    kind: Kind
    found: str = Field(description="How and where it is found, for the notebook.")
    text: Template
    weights: dict[Id, float] = {}
    proves: list[Point] = []
    variants: dict[Id, Evidence] = Field({}, description="Per-case evidence, keyed by case id.")


class Secret(Strict):
    """Something a character hides. Uncovering it can explain away suspicious evidence."""

    id: Id
    who: Id
    text: Template
    explains: list[Id] = Field([], description="Clues this secret accounts for innocently.")


class Fact(Strict):
    """An atomic fact of the night. Its truth depends on the case."""

    id: Id
    text: str
    true_in: list[Id] | Literal["all"] = Field(description="Case ids in which the fact holds, or 'all'.")


class Statement(Strict):
    """A character's claim. Whether it is true is the truth of `claim` in the case being played."""

    id: Id
    by: Id
    text: Template
    claim: Id = Field(description="The fact this statement asserts.")
    topic: Literal["alibi", "sighting", "relationship", "other"] = "other"


class Contradiction(Strict):
    """Presenting `clue` against `statement` breaks it, when the statement is false in the case."""

    statement: Id
    clue: Id
    text: Template = Field(description="How the speaker reacts when caught.")
    composure: int = Field(2, ge=1, description="Composure lost when caught.")
    reveals: Id | None = Field(None, description="A secret uncovered when caught.")
    do: list[Effect] = []


class Deduction(Strict):
    """A new fact from combining 2 or 3 clues on the board."""

    id: Id
    title: str
    needs: list[Id] = Field(min_length=2, max_length=3)
    text: Template
    weights: dict[Id, float] = {}
    proves: list[Point] = []
    variants: dict[Id, Evidence] = {}


class Motive(Strict):
    """A reason someone could have had, offered on the accusation screen."""

    id: Id
    text: str


class Case(Strict):
    """One truth of the night: who pushed Cassie, why, how and when."""

    id: Id
    title: str
    culprit: Id
    motive: Id
    means: str
    opportunity: str
    reveal: Template = Field(description="What the solved ending adds about this case.")
    weight: float = Field(1.0, gt=0, description="Relative chance of being drawn for a random game.")


class Person(Strict):
    """A character's state at the start of a game, and where they are at each slot."""

    trust: int = 0
    composure: int = 5
    belief: Id | None = Field(None, description="Who they think did it, at the start.")
    schedule: dict[str, Id] = Field(
        {}, description="Location per slot id, or per `day.slot`; the more specific key wins."
    )


class StoryFile(Strict):
    """Any included story file: each part is optional, and parts from all files are merged."""

    scenes: list[Scene] = []
    endings: list[Ending] = []
    clues: list[Clue] = []
    secrets: list[Secret] = []
    facts: list[Fact] = []
    statements: list[Statement] = []
    contradictions: list[Contradiction] = []
    deductions: list[Deduction] = []
    motives: list[Motive] = []
    cases: list[Case] = []
    people: dict[Id, Person] = {}
    suspects: list[Id] = []
    flags: dict[Id, str] = Field({}, description="Flags declared by this file (all start unset), each with a note.")
    vars: dict[Id, VarDecl] = {}


# ---------------------------------------------------------------------------------------------- branch packs


class Requires(Strict):
    """The story a branch pack extends: its id, and the version (exact, or a prefix ending in `.x`/`*`)."""

    story: Id
    version: str


class Hook(Strict):
    """A declared change to the main story: a choice added to a scene, or a clue's variant for a case."""

    scene: Id | None = Field(None, description="Add `choice` to this existing scene.")
    choice: Choice | None = None
    clue: Id | None = Field(None, description="Give this existing clue the `variant` in `case`.")
    case: Id | None = None
    variant: Evidence | None = None


class BranchManifest(Strict):
    """branch.yaml: a branch pack's manifest."""

    format: Literal[1] = 1
    id: Id
    title: str
    version: str = "0.1"
    requires: Requires
    includes: list[str] = []
    hooks: list[Hook] = []
    flags: dict[Id, str] = {}
