"""A quick look at the profile's display settings, without pydantic: the UI needs its theme for the first
frame, and importing the models would put a tenth of a second in front of it. The full profile is read
(and validated) right after, off the UI thread.
"""

from __future__ import annotations

import json
from pathlib import Path

PROFILE_FILE = "profile.json"


def peek_settings(folder: Path) -> dict[str, object]:
    """The `theme` and `animations` stored in the profile, where they are readable; {} otherwise."""
    from game.saving.errors import SaveError
    from game.saving.reading import read_save_bytes

    try:
        data = json.loads(read_save_bytes(Path(folder) / PROFILE_FILE).decode("utf-8"))
        settings = data.get("settings", {}) if isinstance(data, dict) else {}
    except (SaveError, ValueError, RecursionError):
        return {}
    if not isinstance(settings, dict):
        return {}
    found: dict[str, object] = {}
    if isinstance(settings.get("theme"), str):
        found["theme"] = settings["theme"]
    if isinstance(settings.get("animations"), bool):
        found["animations"] = settings["animations"]
    return found
