"""What a file holds: an included story file, and a branch pack's manifest with its hooks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from game.world.model.base import CaseId, CharacterId, Entry, Flags, Id, Strict
from game.world.model.canon import Character, Place
from game.world.model.manifest import VarDecl
from game.world.model.mystery import (
    Case,
    Clue,
    Contradiction,
    Deduction,
    Evidence,
    Fact,
    Motive,
    Person,
    Secret,
    Statement,
)
from game.world.model.scenes import Choice, Ending, Scene


class Hook(Strict):
    """A declared change to the main story: a choice added to a scene, or a clue's variant for a case."""

    scene: Id | None = Field(None, description="Add `choice` to this existing scene.")
    choice: Choice | None = None
    """The choice to add to `scene`."""
    clue: Id | None = Field(None, description="Give this existing clue (or deduction) the `variant` in `case`.")
    case: CaseId | None = None
    """The case the `variant` is for."""
    variant: Evidence | None = None
    """How `clue` reads in `case`."""


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
    people: Annotated[dict[CharacterId, Person], Entry("person", "people entry", "defined")] = {}
    """Characters' starting state and schedules."""
    suspects: list[CharacterId] = []
    """Who can be accused."""
    flags: Flags = Field({}, description="Flags declared by this file (all start unset), each with a note.")
    vars: Annotated[dict[Id, VarDecl], Entry("var", "variable")] = {}
    """Variables declared by this file."""
    hooks: list[Hook] = []
    """Changes to parts defined in other files: a choice added to a scene, or a clue's variant for a case (a case
    file uses these to add its own visits and its readings of shared clues without editing the days)."""


# ---------------------------------------------------------------------------------------------- branch packs


class Requires(Strict):
    """The story a branch pack extends: its id, and the version (exact, or a prefix ending in `.x`/`*`)."""

    story: Id
    """The id of the story the pack extends."""
    version: str
    """The story version it fits."""


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
    flags: Flags = {}
    """Flags declared by the pack."""
    vars: Annotated[dict[Id, VarDecl], Entry("var", "variable")] = {}
    """Variables declared by the pack, with their types and defaults."""


class PackFile(StoryFile):
    """A file a branch pack includes: any part of a story file, and the pack's own minor characters and
    places (checked like the canon's; give them trust and a schedule under `people:`)."""

    characters: list[Character] = []
    """Characters the pack adds: usable in `people:`, conditions (`trust.X`) and effects like the canon's."""
    places: list[Place] = []
    """Places the pack adds, for its scenes' `location:` and schedules."""
