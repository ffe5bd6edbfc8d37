"""Slot names and where their files live.

A slot NAME is saved as NAME.json in the save folder, and the version it replaced is kept as NAME.bak.
Autosaves rotate over auto-1, auto-2 and auto-3; the quicksave is the slot `quick`. `profile` is taken by the
profile file and cannot be a slot.
"""

from __future__ import annotations

import re
from pathlib import Path

from game.saving.errors import SaveError, shown

SAVE_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak"
AUTOSAVE_SLOTS = ("auto-1", "auto-2", "auto-3")
QUICKSAVE_SLOT = "quick"
RESERVED = frozenset({"profile"})

_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")


def is_slot_name(name: str) -> bool:
    """True for a usable slot name: 1 to 40 letters, digits, `-` and `_`, and not a reserved name."""
    return bool(_NAME.fullmatch(name)) and name.lower() not in RESERVED


def check_slot_name(name: str) -> str:
    """`name` when it is a usable slot name; otherwise a SaveError that says what is allowed."""
    if name.lower() in RESERVED:
        raise SaveError(f"'{name}' cannot be used as a save name: it is reserved for the profile file")
    if not _NAME.fullmatch(name):
        raise SaveError(
            f"'{shown(name)}' is not a valid save name",
            hint="Use 1 to 40 letters, digits, '-' or '_', for example: before-showcase.",
        )
    return name


def slot_file(folder: Path, slot: str) -> Path:
    """The save file of a slot."""
    return folder / f"{check_slot_name(slot)}{SAVE_SUFFIX}"


def backup_file(folder: Path, slot: str) -> Path:
    """The backup of a slot: the version its last save replaced."""
    return folder / f"{check_slot_name(slot)}{BACKUP_SUFFIX}"


def slot_of(path: Path) -> str | None:
    """The slot a save or backup file belongs to, or None for any other file."""
    if path.suffix not in (SAVE_SUFFIX, BACKUP_SUFFIX):
        return None
    return path.stem if is_slot_name(path.stem) else None


def display_name(path: Path) -> str:
    """How to name a file to the player: the slot, with `.bak` for a backup, else the path."""
    slot = slot_of(path)
    if slot is None:
        return str(path)
    return slot if path.suffix == SAVE_SUFFIX else f"{slot}{BACKUP_SUFFIX}"


def check_hosted_name(name: str) -> str:
    """`name` when it is a slot name; a SaveError otherwise (a hosted game never takes a path)."""
    if not is_slot_name(name):
        raise SaveError(
            f"'{shown(name)}' is not a save name",
            hint="In a game served from another machine, saves are named, never given as paths: use 1 to 40 "
            "letters, digits, '-' or '_'.",
        )
    return name


def is_slot_reference(name: str) -> bool:
    """True when `name` means a save in the save folder (a slot, or a slot's backup `NAME.bak`), and not a
    path: the two are told apart by the name alone, never by what happens to exist on disk."""
    base = name[: -len(BACKUP_SUFFIX)] if name.endswith(BACKUP_SUFFIX) else name
    return bool(_NAME.fullmatch(base))


def resolve(folder: Path, name: str, *, slots_only: bool = False) -> Path:
    """The file meant by a slot name (`quick`), a backup name (`quick.bak`) or, otherwise, a path to a file.

    A slot name always means the save folder, and anything else always means the path as written (relative
    to where the command runs). With `slots_only` (a hosted game) a path is refused.
    """
    if is_slot_reference(name):
        if name.endswith(BACKUP_SUFFIX):
            return backup_file(folder, name[: -len(BACKUP_SUFFIX)])
        return slot_file(folder, name)
    if slots_only:
        check_hosted_name(name)
    try:
        return Path(name).expanduser()
    except RuntimeError:  # `~someone` for a user that does not exist
        return Path(name)
