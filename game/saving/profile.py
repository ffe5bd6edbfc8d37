"""The player's profile: the endings reached across all games, the settings, and whether the content notes
were shown. One file, profile.json in the save folder, written atomically.

A damaged profile must never stop the game: it is moved aside (profile.json.damaged-TIME) so nothing is lost
and a later save does not overwrite it, and the defaults are used.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.atomic import write_atomic
from game.saving.errors import SaveError
from game.saving.peek import PROFILE_FILE
from game.saving.reading import MissingSave, read_save_bytes

PROFILE_FORMAT = 1


class Settings(BaseModel):
    """What the player chose in the settings screen."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    theme: str = "textual-dark"
    """A Textual theme name."""
    text_speed: int = Field(120, ge=0, le=100_000)
    """Characters per second when text is revealed; 0 shows it all at once. New players start at "Fast": at
    60 a second a long scene took half a minute to appear, and blind players turned the reveal off."""
    animations: bool = True


class Profile(BaseModel):
    """Everything kept across games."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    format: int = PROFILE_FORMAT
    endings: list[str] = []
    """Ending ids reached, in the order first reached."""
    settings: Settings = Settings()
    content_notes_seen: bool = False

    def with_ending(self, ending: str) -> Profile:
        """This profile with `ending` recorded as reached (unchanged if it already was)."""
        if ending in self.endings:
            return self
        return self.model_copy(update={"endings": [*self.endings, ending]})


def profile_path(folder: Path) -> Path:
    """Where the profile lives in a save folder."""
    return Path(folder) / PROFILE_FILE


def read_profile(folder: Path) -> tuple[Profile, str | None]:
    """The profile, and a message for the player when it had to be reset (None when all was well)."""
    path = profile_path(folder)
    try:
        raw = read_save_bytes(path)
    except MissingSave:
        return Profile(), None
    except SaveError as error:
        return Profile(), f"Could not read the profile: {error.message.rstrip('.')}; using default settings."
    try:
        profile = Profile.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError, ValidationError):
        aside = _move_aside(path)
        kept = f"the damaged file was kept as {aside}" if aside else "the damaged file was left in place"
        return Profile(), f"The profile {path} was damaged and has been reset to defaults; {kept}."
    return profile, None


def load_profile(folder: Path) -> Profile:
    """The profile in `folder`; defaults when it is missing or damaged (a damaged one is kept aside)."""
    return read_profile(folder)[0]


def save_profile(folder: Path, profile: Profile) -> Path:
    """Write the profile atomically and return its path."""
    path = profile_path(folder)
    text = json.dumps(profile.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def _move_aside(path: Path) -> Path | None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(100):
        suffix = f".damaged-{stamp}" + (f"-{attempt}" if attempt else "")
        aside = path.with_name(path.name + suffix)
        if aside.exists():
            continue
        try:
            path.rename(aside)
        except OSError:
            return None
        return aside
    return None
