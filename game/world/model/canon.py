"""The canon: the people and places every story builds on (seeds/canon.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from game.world.model.base import CharacterId, Id, Strict


class Relation(Strict):
    """A tie from one character to another, e.g. Bette is Delia's sister."""

    to: CharacterId
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
