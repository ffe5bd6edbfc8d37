"""Save files and the player profile: atomic, checksummed, migrated from older formats, and restored by
replaying the player's actions when the story changed since the save.

    store = SaveStore(game.paths.saves_dir())
    store.save("before-showcase", story, state, label="Before the showcase")
    restored = store.load("before-showcase", story)   # Restored(state, note, info)

Everything a player can run into is a SaveError whose message names the file and says what to do.
"""

from game.saving.errors import SaveError
from game.saving.profile import Profile, Settings, load_profile, read_profile, save_profile
from game.saving.store import Restored, SaveStore, SlotInfo

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
