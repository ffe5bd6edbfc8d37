"""The story format v1, as pydantic models: the one source of truth.

Every YAML file of a story is validated against these models; the JSON Schema (`archer schema`) and the
documentation tables are generated from them. Models forbid unknown fields so that a typo is a diagnostic,
not a silently ignored key. Which kind of id a field names is declared on the field (`Ref`), and the loader
checks every reference from that declaration (game.world.refs). Expressions, effects and text templates are
kept here as source strings; the compiler (game.world.expr) turns them into typed programs (game.world.ir).
"""

from game.world.model.base import Effect, Entry, Expr, Id, Ref, Strict, Template
from game.world.model.canon import Canon, Character, Place, Relation
from game.world.model.files import BranchManifest, Hook, PackFile, Requires, StoryFile
from game.world.model.manifest import AccusationRule, ContentNote, Day, Deadline, Manifest, StandingRule, VarDecl
from game.world.model.mystery import (
    Carry,
    Case,
    Clock,
    Clue,
    Contradiction,
    Crime,
    Deduction,
    Evidence,
    Fact,
    Kind,
    Motive,
    Person,
    Point,
    Secret,
    Sighting,
    Statement,
)
from game.world.model.scenes import Choice, Ending, Scene

__all__ = [
    "AccusationRule", "BranchManifest", "Canon", "Carry", "Case", "Character", "Choice", "Clock", "Clue",
    "ContentNote", "Contradiction", "Crime", "Day", "Deadline", "Deduction", "Effect", "Ending", "Entry",
    "Evidence", "Expr", "Fact", "Hook", "Id", "Kind", "Manifest", "Motive", "PackFile", "Person", "Place", "Point",
    "Ref", "Relation", "Requires", "Scene", "Secret", "Sighting", "StandingRule", "Statement", "StoryFile",
    "Strict", "Template", "VarDecl",
]
