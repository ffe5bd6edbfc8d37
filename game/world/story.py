"""The compiled Story: the validated models plus every expression, effect and template compiled once.

A Story is built by `game.world.load.load_story` and never changed afterwards. The engine reads it; front
ends and tools read it through the engine's views or through the lookups here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from game.world.diagnostics import Pos
from game.world.ir import Effect, Expr, Parts
from game.world.model import (
    Canon,
    Case,
    Character,
    Clue,
    Contradiction,
    Deduction,
    Fact,
    Manifest,
    Motive,
    Person,
    Place,
    Secret,
    Statement,
    VarDecl,
)


class CChoice(NamedTuple):
    """A compiled choice."""

    id: str
    text: Parts
    goto: str
    when: Expr | None
    do: tuple[Effect, ...]
    time: int
    once: bool
    reply: Parts | None = None
    """The choice's own reply, shown before the scene or ending it leads to."""
    condition: str | None = None
    """The `when:` source text as written, for tools that show it (the story map's arrows, the editor)."""
    assumes: Expr | None = None
    """What the reply presupposes (`assumes:`), compiled."""
    assumed: str | None = None
    """The `assumes:` source text as written, for messages."""


class CScene(NamedTuple):
    """A compiled scene."""

    id: str
    location: str
    text: Parts
    people: tuple[str, ...]
    enter: tuple[Effect, ...]
    choices: tuple[CChoice, ...]
    accuse: bool
    board: bool
    notes: tuple[str, ...]
    file: str
    again: Parts | None = None
    reprint: bool = False
    assumes: Expr | None = None
    """What `text` and `again` presuppose (`assumes:`), compiled."""
    assumed: str | None = None
    """The `assumes:` source text as written, for messages."""
    introduces: tuple[str, ...] = ()
    """People the text introduces without their being here: met from this scene on."""


class CEnding(NamedTuple):
    """A compiled ending."""

    id: str
    title: str
    kind: str
    text: Parts
    enter: tuple[Effect, ...]
    file: str


class CEvidence(NamedTuple):
    """A clue or deduction as it reads in one case."""

    id: str
    title: str
    kind: str
    found: str
    text: Parts
    weights: dict[str, float]
    """Likelihood ratio per suspect: for the author's checks only, never for anything the player sees."""
    carries: tuple[tuple[str, str, str | None], ...] = ()
    """(point, suspect, motive or None): what it can be cited for in this case, and against whom."""
    confirms: tuple[str, ...] = ()
    """Statements it bears out in this case."""
    names_culprit: str | None = None
    """'confession' or 'ending_day' when the text may name the culprit with the act."""
    places: tuple[tuple[str, str, str | None, str | None], ...] = ()
    """(who, HH:MM, place or None, away-from place or None): where this reading puts people, for the checks."""

    def proves(self, suspect: str, motive: str | None = None) -> set[str]:
        """The points it carries against `suspect` (motive only for the named motive, when one is given)."""
        return {point for point, who, why in self.carries
                if who == suspect and (point != "motive" or motive is None or why == motive)}


@dataclass(frozen=True)
class Story:
    """Everything the engine needs, validated and compiled."""

    manifest: Manifest
    canon: Canon
    fingerprint: str
    scenes: dict[str, CScene]
    endings: dict[str, CEnding]
    clues: dict[str, Clue]
    deductions: dict[str, Deduction]
    secrets: dict[str, Secret]
    facts: dict[str, Fact]
    statements: dict[str, Statement]
    contradictions: dict[tuple[str, str], Contradiction]
    motives: dict[str, Motive]
    cases: dict[str, Case]
    people: dict[str, Person]
    suspects: tuple[str, ...]
    flags: dict[str, str]
    vars: dict[str, VarDecl]
    evidence: dict[tuple[str, str], CEvidence]
    """(case id, clue or deduction id) -> how it reads in that case."""
    texts: dict[str, Parts]
    """Compiled templates of the mystery parts: statement, secret, contradiction and case reveal texts."""
    contradiction_effects: dict[tuple[str, str], tuple[Effect, ...]]
    characters: dict[str, Character]
    places: dict[str, Place]
    where: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)
    """(kind, id) -> (path, line, col) where it is defined; plain tuples keep the compiled cache fast to read."""
    files: tuple[str, ...] = ()
    used: frozenset[tuple[str, str]] = frozenset()
    """(kind, id) pairs named by some expression or effect: what is declared but unused is not here."""
    met_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Character id -> the scenes whose `people:` (or `introduces:`) list them: `met.C` holds once one of them has
    been entered."""
    passages: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)
    """("text" | "again", scene id), ("reply", "scene.choice") or ("text", ending id) -> where that passage's
    text is written, for the continuity check's diagnostics."""

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def title(self) -> str:
        return self.manifest.title

    def pos(self, kind: str, ident: str) -> Pos:
        """Where a scene ("node"), choice ("scene.choice"), clue, case, flag ... is defined."""
        found = self.where.get((kind, ident))
        if found is None:
            return Pos(self.files[0] if self.files else "story.yaml", 1, 1)
        return Pos(*found)

    def node(self, node_id: str) -> CScene | CEnding:
        """A scene or an ending by id."""
        return self.scenes.get(node_id) or self.endings[node_id]

    def evidence_in(self, case: str, item: str) -> CEvidence:
        """How a clue or deduction reads in a case."""
        return self.evidence[(case, item)]
