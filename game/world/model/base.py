"""The building blocks of the format models: ids, references between ids, and the strict base model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

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



@dataclass(frozen=True)
class Ref:
    """Marks an id field as a reference: its value must be an id of `kind` (see game.world.refs).

    `kind` names the set of ids it is checked against; `says` is how a diagnostic words it, when that differs.
    """

    kind: str
    says: str = ""

    @property
    def word(self) -> str:
        return self.says or self.kind


@dataclass(frozen=True)
class Entry:
    """Marks a mapping part whose keys declare names (flags, vars, people): what one is called, and the kind
    of id its keys become (for where-defined lookups)."""

    kind: str
    says: str
    verb: str = "declared"


SceneId = Annotated[Id, Ref("scene")]
EndingId = Annotated[Id, Ref("ending")]
NodeId = Annotated[Id, Ref("node", "scene or ending")]
CharacterId = Annotated[Id, Ref("character")]
PlaceId = Annotated[Id, Ref("place")]
CaseId = Annotated[Id, Ref("case")]
ClueId = Annotated[Id, Ref("clue")]
EvidenceId = Annotated[Id, Ref("evidence", "clue")]
"""A clue or a deduction."""
DayId = Annotated[Id, Ref("day")]
SlotId = Annotated[Id, Ref("slot")]
NoteId = Annotated[str, Ref("content note")]
Flags = Annotated[dict[Id, str], Entry("flag", "flag")]
"""Declared flags, each with a note."""


class Strict(BaseModel):
    """Base for every format model: unknown fields are errors and parsed values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
