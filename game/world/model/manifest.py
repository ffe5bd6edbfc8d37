"""The story manifest (story.yaml): days, slots, the clock, standing, accusations, declarations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from game.world.model.base import CharacterId, DayId, EndingId, Entry, Flags, Id, NodeId, SceneId, SlotId, Strict


class Day(Strict):
    """One in-game day; days run in the order listed."""

    id: Id
    """The id conditions use (`day == "mon"`)."""
    title: str
    """The name the status line shows."""
    start: SceneId | None = Field(None, description="The scene that opens this day when time rolls over into it.")


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

    day: DayId
    """The day the deadline falls on."""
    slot: SlotId
    """The slot of that day."""
    scene: SceneId
    """Where the story goes when the clock reaches the deadline."""


class StandingRule(Strict):
    """Neveah's standing at Archer: starts at `start`; at `expelled_at` or below, the `ending` is reached."""

    start: int = 5
    """Standing at the start of a game."""
    max: int = 10
    """Standing never rises above this."""
    expelled_at: int = 0
    """At this standing or below, the game ends in `ending`."""
    ending: EndingId
    """The expulsion ending."""


class AccusationRule(Strict):
    """Where accusations go. `weak` and `wrong` are followed while tries remain; the `_final` ones after."""

    tries: int = Field(2, ge=1, le=5)
    """How many accusations a game allows."""
    solved: NodeId
    """Where a solved accusation leads (an ending)."""
    weak: NodeId
    """Where the right culprit with a thin case leads while tries remain."""
    wrong: NodeId
    """Where accusing an innocent leads while tries remain."""
    weak_final: NodeId
    """The ending for a thin case on the last try."""
    wrong_final: NodeId
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
    start: SceneId
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
    vars: Annotated[dict[Id, VarDecl], Entry("var", "variable")] = {}
    """Declared variables with their types and defaults."""
    flags: Flags = Field({}, description="Declared flags (all start unset), each with a note.")
    content_notes: list[ContentNote] = []
    """Categories shown before the first game; details are opt-in."""
    known: list[CharacterId] = []
    """People Neveah knows before the story begins (herself, the girl she replaces): `met.C` holds for them from
    the start, and `archer check` never warns (AR101) that text names them too early."""
    wrong_present_cost: int = Field(
        2, ge=1, description="Every this many wrong contradictions costs one point of standing."
    )
