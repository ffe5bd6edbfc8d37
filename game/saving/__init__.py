"""Save files and the player profile: atomic, checksummed, migrated from older formats, and restored by
replaying the player's actions when the story changed since the save.

    store = SaveStore(game.paths.saves_dir())
    store.save("before-showcase", story, state, label="Before the showcase")
    restored = store.load("before-showcase", story)   # Restored(state, note, info)

Everything a player can run into is a SaveError whose message names the file and says what to do.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.saving.errors import SaveError
    from game.saving.profile import Profile, Settings, load_profile, read_profile, save_profile
    from game.saving.store import Restored, SaveStore, SlotInfo

# Loaded on first use (as Textual does for its widgets): `import game.saving.peek` stays free of pydantic.
_WHERE = {
    "SaveError": "game.saving.errors",
    "Profile": "game.saving.profile",
    "Settings": "game.saving.profile",
    "load_profile": "game.saving.profile",
    "read_profile": "game.saving.profile",
    "save_profile": "game.saving.profile",
    "Restored": "game.saving.store",
    "SaveStore": "game.saving.store",
    "SlotInfo": "game.saving.store",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'game.saving' has no attribute {name!r}")
    return getattr(import_module(module), name)

__all__ = [
    "Profile",
    "Restored",
    "SaveError",
    "SaveStore",
    "Settings",
    "SlotInfo",
    "load_profile",
    "read_profile",
    "save_profile",
]
