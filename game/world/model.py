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
    # An id is lower case letters, digits and underscores, starting with a letter. No description here: each
    # field says what its id names (attribute docstrings), and an alias's description would hide that.
]
Expr = str
"""A condition in the expression language, e.g. `trust.june >= 2` (docs/format.md)."""
Effect = str
"""An effect, e.g. `trust.june += 1`, `set flag.roof_key`, `clue white_rose` (docs/format.md)."""
Template = str
"""Text; `{expr}` interpolates, `{if c}..{elif c}..{else}..{end}` varies (docs/format.md)."""


class Strict(BaseModel):
    """Base for every format model: unknown fields are errors and parsed values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --------------------------------------------------------------------------------------------------- canon


class Relation(Strict):
    """A tie from one character to another, e.g. Bette is Delia's sister."""

    to: Id
    """The other character's id."""
    kind: str = Field(description="What the tie is, in a word or two: sister, partner, teacher, roommate.")


class Character(Strict):
    """A person of the world, from seeds/canon.yaml."""

    id: Id
    """The id every story file uses for this person."""
    name: str
    """The full name, as the suspects screen shows it."""
    short: str = Field(description="The name used in running text, e.g. 'June'.")
    role: Literal["student", "faculty", "alumna", "family", "police", "staff"]
    """What they are at Archer or around it."""
    age_band: Literal["minor", "adult"]
    """minor for every student: the content rules depend on it."""
    portrait: str = Field(description="One line that says who they are.")
    relations: list[Relation] = []
    """Ties to other characters."""


class Place(Strict):
    """A location at Archer or around Chicago."""

    id: Id
    """The id scenes and schedules use."""
    name: str
    """The name the status line shows."""
    area: Literal["archer", "chicago"] = "archer"
    """At the school, or elsewhere in the city."""
    description: str = ""
    """One line about the place, for authors and tools."""


class Canon(Strict):
    """seeds/canon.yaml: the people and places the story builds on."""

    characters: list[Character]
    """Everyone in the world of the story."""
    places: list[Place] = []
    """Every location a scene can be set in."""


# ------------------------------------------------------------------------------------------------ manifest


class Day(Strict):
    """One in-game day; days run in the order listed."""

    id: Id
    """The id conditions use (`day == "mon"`)."""
    title: str
    """The name the status line shows."""
    start: Id | None = Field(None, description="The scene that opens this day when time rolls over into it.")


class VarDecl(Strict):
    """A declared story variable with its type and starting value."""

    type: Literal["int", "bool", "str"]
    """The value type; effects and comparisons are checked against it."""
    default: int | bool | str
    """The starting value; must match `type`."""
    doc: str = ""
    """A note for authors."""


class Deadline(Strict):
    """When time runs out: at this day and slot the story moves on to `scene`, whatever the player has."""

    day: Id
    """The day the deadline falls on."""
    slot: Id
    """The slot of that day."""
    scene: Id
    """Where the story goes when the clock reaches the deadline."""


class StandingRule(Strict):
    """Neveah's standing at Archer: starts at `start`; at `expelled_at` or below, the `ending` is reached."""

    start: int = 5
    """Standing at the start of a game."""
    max: int = 10
    """Standing never rises above this."""
    expelled_at: int = 0
    """At this standing or below, the game ends in `ending`."""
    ending: Id
    """The expulsion ending."""


class AccusationRule(Strict):
    """Where accusations go. `weak` and `wrong` are followed while tries remain; the `_final` ones after."""

    tries: int = Field(2, ge=1, le=5)
    """How many accusations a game allows."""
    solved: Id
    """Where a solved accusation leads (an ending)."""
    weak: Id
    """Where the right culprit with a thin case leads while tries remain."""
    wrong: Id
    """Where accusing an innocent leads while tries remain."""
    weak_final: Id
    """The ending for a thin case on the last try."""
    wrong_final: Id
    """The ending for a wrong accusation on the last try."""
    standing_cost: int = Field(2, ge=0, description="Standing lost by an accusation that fails.")
    where: str = Field("", description="Where and when an accusation can be made, in words: help and the refusal "
                       "say it.")


class ContentNote(Strict):
    """A content-note category shown before the first game; `detail` is shown only when the player asks."""

    id: Id
    """The id scenes use in `notes:`."""
    title: str
    """The category, shown up front."""
    detail: str
    """How the story handles it; shown only when the player asks."""


class Manifest(Strict):
    """story/story.yaml: what the story is and where its parts are."""

    format: Literal[1] = 1
    """The version of this format."""
    id: Id
    """The story's id; saves and branch packs name it."""
    title: str
    """The title on the title screen."""
    version: str
    """The story's version; branch packs say which versions they fit."""
    start: Id
    """The first scene of every game."""
    includes: list[str] = Field(description="Globs relative to the story folder, never outside it.")
    days: list[Day] = Field(min_length=1)
    """The days of the story, in order."""
    slots: list[Id] = Field(min_length=1, description="The time slots of every day, in order.")
    deadline: Deadline | None = None
    """When time runs out, and where the story goes then."""
    standing: StandingRule | None = None
    """Neveah's standing at the school, and expulsion."""
    accusation: AccusationRule | None = None
    """How many accusations, and where each verdict leads."""
    vars: dict[Id, VarDecl] = {}
    """Declared variables with their types and defaults."""
    flags: dict[Id, str] = Field({}, description="Declared flags (all start unset), each with a note.")
    content_notes: list[ContentNote] = []
    """Categories shown before the first game; details are opt-in."""
    wrong_present_cost: int = Field(
        2, ge=1, description="Every this many wrong contradictions costs one point of standing."
    )


# -------------------------------------------------------------------------------------------------- scenes


class Choice(Strict):
    """A choice the player can make in a scene."""

    id: Id | None = Field(None, description="Stable id; defaults to the target's id. Required when two match.")
    text: Template
    """What the player reads in the list of choices."""
    goto: Id = Field(description="A scene or ending id.")
    when: Expr | None = Field(None, description="The choice is offered only when this holds.")
    do: list[Effect] = []
    """Effects applied when the choice is taken."""
    time: int = Field(0, ge=0, le=8, description="Time slots this choice takes.")
    once: bool = Field(False, description="Offered only until it has been taken once.")


class Scene(Strict):
    """A node of the story graph: text, then choices."""

    id: Id
    """A stable id, unique across the story."""
    location: Id
    """A place id from the canon."""
    text: Template
    """The scene's prose."""
    people: list[Id] = Field([], description="Who is here; statements by them can be challenged here.")
    enter: list[Effect] = Field([], description="Effects applied each time the scene is entered.")
    choices: list[Choice] = []
    """What the player can do next."""
    accuse: bool = Field(False, description="The accusation can be made from this scene.")
    board: bool = Field(True, description="The player may present evidence and work the board here.")
    notes: list[str] = Field([], description="Content notes for this scene (category ids).")


class Ending(Strict):
    """A terminal node."""

    id: Id
    """A stable id, unique across scenes and endings."""
    title: str
    """Shown as `*** ENDING: title ***` and on the endings screen."""
    kind: Literal["solved", "weak", "wrong", "expelled", "walked_away", "woke", "timeout", "other"]
    """What sort of ending: the endings screen and the checks use it."""
    text: Template
    """The ending's prose (a solved ending is followed by the case's reveal)."""
    enter: list[Effect] = []
    """Effects applied when the ending is reached."""


# ------------------------------------------------------------------------------------------------- mystery

Kind = Literal["physical", "document", "testimony", "observation", "record"]
Point = Literal["means", "motive", "opportunity"]


Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
"""A time on the night, HH:MM (24-hour clock)."""


class Sighting(Strict):
    """Where a piece of evidence puts someone at a time (for the check that finds contradictions not listed)."""

    who: Id
    """The character."""
    at: Clock
    """When (HH:MM on the night)."""
    where: Id | None = Field(None, description="The place it puts them (a place id).")
    away_from: Id | None = Field(None, description="A place it shows they were not in (a place id).")


class Carry(Strict):
    """One point of the accusation a piece of evidence carries in a case, against one suspect."""

    point: Point
    """means, motive or opportunity."""
    against: Id
    """The suspect it tells against (a suspect id)."""
    motive: Id | None = Field(None, description="For `point: motive`, the motive id it supports; required then.")


class Evidence(Strict):
    """What a clue says in one case: its text, how it weighs on each suspect, what it carries against whom."""

    text: Template
    """How the clue reads in this case."""
    weights: dict[Id, float] = Field(
        {}, description="Likelihood ratio per suspect, for the author's checks only: above 1 points to them, below 1 "
        "away; 0 clears. Never shown to the player."
    )
    carries: list[Carry] = Field([], description="The points of an accusation this can be cited for, in this case.")
    confirms: list[Id] = Field([], description="Statements this evidence bears out in this case (an alibi that holds).")
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
    weights: dict[Id, float] = {}
    """Likelihood ratio per suspect in cases without a variant (for the author's checks only)."""
    carries: list[Carry] = []
    """What it can be cited for, and against whom, in cases without a variant."""
    confirms: list[Id] = []
    """Statements it bears out, in cases without a variant."""
    places: list[Sighting] = []
    """Where it puts people at a time, in cases without a variant (for the checks)."""
    variants: dict[Id, Evidence] = Field({}, description="Per-case evidence, keyed by case id.")
    names_culprit: Literal["confession", "ending_day"] | None = Field(
        None, description="Set when the text may name the culprit with the act: a confession, or an ending-day reveal."
    )


class Secret(Strict):
    """Something a character hides. Uncovering it can explain away suspicious evidence."""

    id: Id
    """A stable id; `reveal ID` uncovers it."""
    who: Id
    """Whose secret it is."""
    text: Template
    """What the player learns."""
    explains: list[Id] = Field([], description="Clues this secret accounts for innocently.")


class Fact(Strict):
    """An atomic fact of the night. Its truth depends on the case."""

    id: Id
    """A stable id; statements claim facts."""
    text: str
    """The fact, for authors and the story bible."""
    true_in: list[Id] | Literal["all"] = Field(description="Case ids in which the fact holds, or 'all'.")
    who: Id | None = Field(None, description="For the contradiction check: whose whereabouts the fact states.")
    where: Id | None = Field(None, description="For the contradiction check: the place (a place id) they were.")
    start: Clock | None = Field(None, description="For the contradiction check: from when (HH:MM on the night).")
    end: Clock | None = Field(None, description="For the contradiction check: until when (HH:MM; after midnight "
                              "counts as later the same night).")


class Statement(Strict):
    """A character's claim. Whether it is true is the truth of `claim` in the case being played."""

    id: Id
    """A stable id; `hear ID` records it."""
    by: Id
    """Who says it."""
    text: Template
    """The claim, in their words."""
    claim: Id = Field(description="The fact this statement asserts.")
    topic: Literal["alibi", "sighting", "relationship", "other"] = "other"
    """What kind of claim it is."""


class Contradiction(Strict):
    """Presenting `clue` against `statement` breaks it, when the statement is false in the case."""

    statement: Id
    """The statement it breaks."""
    clue: Id
    """The clue or deduction that breaks it."""
    text: Template = Field(description="How the speaker reacts when caught.")
    composure: int = Field(2, ge=1, description="Composure lost when caught.")
    reveals: Id | None = Field(None, description="A secret uncovered when caught.")
    cases: list[Id] = Field([], description="Only in these cases (where the clue reads so that it contradicts); "
                            "empty: in every case where the statement is false.")
    do: list[Effect] = []
    """Effects applied when it succeeds."""


class Deduction(Strict):
    """A new fact from combining 2 or 3 clues on the board."""

    id: Id
    """A stable id, unique across clues and deductions."""
    title: str
    """The board's name for it."""
    needs: list[Id] = Field(min_length=2, max_length=3)
    """The two or three clues that, linked on the board, give this deduction."""
    text: Template
    """The new fact, in cases without a variant."""
    question: str = Field("", description="The open question the board shows until this is worked out; never the "
                          "answer.")
    weights: dict[Id, float] = {}
    """Likelihood ratio per suspect, in cases without a variant (for the author's checks only)."""
    carries: list[Carry] = []
    """What it can be cited for, and against whom, in cases without a variant."""
    confirms: list[Id] = []
    """Statements it bears out, in cases without a variant."""
    places: list[Sighting] = []
    """Where it puts people at a time, in cases without a variant (for the checks)."""
    variants: dict[Id, Evidence] = {}
    """Per-case readings, keyed by case id."""
    names_culprit: Literal["confession", "ending_day"] | None = None
    """Set when the text may name the culprit with the act: a confession, or an ending-day reveal."""


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
    culprit: Id
    """Who pushed Cassie in this case (a suspect)."""
    motive: Id
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
    belief: Id | None = Field(None, description="Who they think did it, at the start.")
    schedule: dict[str, Id] = Field(
        {}, description="Location per slot id, or per `day.slot`; the more specific key wins."
    )


class StoryFile(Strict):
    """Any included story file: each part is optional, and parts from all files are merged."""

    scenes: list[Scene] = []
    """Scenes of the story graph."""
    endings: list[Ending] = []
    """Terminal nodes."""
    clues: list[Clue] = []
    """Evidence the player can find."""
    secrets: list[Secret] = []
    """What characters hide."""
    facts: list[Fact] = []
    """Atomic facts of the night, true in some cases."""
    statements: list[Statement] = []
    """Characters' claims."""
    contradictions: list[Contradiction] = []
    """Which evidence breaks which claim."""
    deductions: list[Deduction] = []
    """Facts worked out on the board."""
    motives: list[Motive] = []
    """Motives the accusation screen offers."""
    cases: list[Case] = []
    """The possible truths of the night."""
    people: dict[Id, Person] = {}
    """Characters' starting state and schedules."""
    suspects: list[Id] = []
    """Who can be accused."""
    flags: dict[Id, str] = Field({}, description="Flags declared by this file (all start unset), each with a note.")
    vars: dict[Id, VarDecl] = {}
    """Variables declared by this file."""


# ---------------------------------------------------------------------------------------------- branch packs


class Requires(Strict):
    """The story a branch pack extends: its id, and the version (exact, or a prefix ending in `.x`/`*`)."""

    story: Id
    """The id of the story the pack extends."""
    version: str
    """The story version it fits."""


class Hook(Strict):
    """A declared change to the main story: a choice added to a scene, or a clue's variant for a case."""

    scene: Id | None = Field(None, description="Add `choice` to this existing scene.")
    choice: Choice | None = None
    """The choice to add to `scene`."""
    clue: Id | None = Field(None, description="Give this existing clue the `variant` in `case`.")
    case: Id | None = None
    """The case the `variant` is for."""
    variant: Evidence | None = None
    """How `clue` reads in `case`."""


class BranchManifest(Strict):
    """branch.yaml: a branch pack's manifest."""

    format: Literal[1] = 1
    """The version of this format."""
    id: Id
    """The pack's id; prefix its own ids with it."""
    title: str
    """The pack's title."""
    version: str = "0.1"
    """The pack's own version."""
    requires: Requires
    """The story and version the pack needs."""
    includes: list[str] = []
    """Globs relative to the pack folder."""
    hooks: list[Hook] = []
    """Declared changes to the story."""
    flags: dict[Id, str] = {}
    """Flags declared by the pack."""
