"""SaveRecord: the content of one save file in the current format (v2), as a validated model.

The file on disk is this model's JSON plus a `checksum` field (see `codec`). Older formats are turned into
this shape by `migrations` before validation, so the rest of the save system only ever sees a v2 record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

CURRENT_FORMAT: Final = 2
"""The save format this code writes. When the shape changes, bump it and register a migration."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoryRef(_Record):
    """Which story a save was made on, and exactly which content (the fingerprint over all source files)."""

    id: str
    version: str
    fingerprint: str | None = Field(
        description="Story.fingerprint when saved; None for saves migrated from formats that had none."
    )


class Where(_Record):
    """Where the player was, in words, so that saves can be listed without loading the story."""

    day: str = ""
    slot: str = ""
    location: str = ""
    scene: str = ""
    ending: str | None = None
    """The title of the ending reached, if any."""


class SaveRecord(_Record):
    """Everything one save holds."""

    format: Literal[2] = CURRENT_FORMAT
    story: StoryRef
    seed: int
    case: str
    path: list[str] = Field(description="Every action since the start; replaying it rebuilds the game.")
    snapshot: dict[str, Any] = Field(description="GameState.model_dump(mode='json') at the time of saving.")
    label: str = ""
    saved_at: AwareDatetime
    play_seconds: float = Field(0.0, ge=0.0, allow_inf_nan=False)
    where: Where | None = None

    def saved_local(self) -> datetime:
        """When the save was made, in the machine's local time zone."""
        return self.saved_at.astimezone()
