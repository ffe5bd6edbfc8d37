"""The story graph: scenes, their choices, and endings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from game.world.model.base import CharacterId, Effect, Expr, Id, NodeId, NoteId, PlaceId, Strict, Template


class Choice(Strict):
    """A choice the player can make in a scene."""

    id: Id | None = Field(None, description="Stable id; defaults to the target's id. Required when two match.")
    text: Template
    """What the player reads in the list of choices."""
    goto: NodeId = Field(description="A scene or ending id.")
    when: Expr | None = Field(None, description="The choice is offered only when this holds.")
    do: list[Effect] = []
    """Effects applied when the choice is taken."""
    time: int = Field(0, ge=0, le=8, description="Time slots this choice takes.")
    once: bool = Field(False, description="Offered only until it has been taken once.")
    reply: Template | None = None
    """What the choice brings about, shown right after it is taken and before the scene or ending it leads to,
    as ink's and Yarn's options carry their own lines. A choice that returns to a scene already visited in the
    same slot, or that spends time, should have one (`archer check` warns, AR056)."""
    assumes: Expr | None = None
    """What the reply presupposes, as a condition (e.g. `met.june and clue.rose_tag`): `archer check` warns
    (AR100) where the reply can be shown while it is false, and names in the reply are taken as known."""


class Scene(Strict):
    """A node of the story graph: text, then choices."""

    id: Id
    """A stable id, unique across the story."""
    location: PlaceId
    """A place id from the canon."""
    text: Template
    """The scene's prose."""
    people: list[CharacterId] = Field([], description="Who is here; statements by them can be challenged here.")
    introduces: list[CharacterId] = []
    """People this scene's text introduces without their being here (Bette tells Neveah about her sister): from
    this scene on they count as met (`met.C`), and naming them here is fine (AR101)."""
    enter: list[Effect] = Field([], description="Effects applied each time the scene is entered.")
    choices: list[Choice] = []
    """What the player can do next."""
    accuse: bool = Field(False, description="The accusation can be made from this scene.")
    board: bool = Field(True, description="The player may present evidence and work the board here.")
    notes: list[NoteId] = Field([], description="Content notes for this scene (category ids).")
    again: Template | None = None
    """Shown instead of `text` when the player comes back to this scene in the same day and slot (a return to a
    hub). Without it a return shows the reply of the choice that led back, and the text only when that choice
    has no reply or `reprint` is true."""
    reprint: bool = False
    """Show `text` in full again on a return in the same day and slot (when there is no `again`)."""
    assumes: Expr | None = None
    """What `text` and `again` presuppose, as a condition (e.g. `met.june and seen.mon_roof`): `archer check`
    warns (AR100) where the scene can be shown while it is false, and names it covers are taken as known."""


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
