"""Saves in a game served to other people: one private folder per visitor, and slot names only.

A visitor is known by a random token that their browser keeps in a cookie. The folder is named after a hash
of the token, so reading the folder names on the server's disk gives no one a token to impersonate a visitor
with. A visitor's game process is started with that folder as its save folder and nothing else, and it
accepts slot names only (never a path), so it cannot list, read or overwrite another visitor's saves.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

from game.atomic import write_atomic
from game.saving import slots
from game.saving.codec import decode
from game.saving.errors import SaveError
from game.saving.reading import MAX_SAVE_BYTES
from game.saving.slots import check_hosted_name

__all__ = ["MAX_SAVE_BYTES", "check_hosted_name", "import_save", "is_visitor_token", "new_visitor_token",
           "visitor_folder"]


_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_visitor_token() -> str:
    """A fresh visitor token: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def is_visitor_token(value: str | None) -> bool:
    """True when `value` has the exact shape new_visitor_token makes (anything else is ignored)."""
    return value is not None and bool(_TOKEN.fullmatch(value))


def visitor_folder(root: Path, token: str) -> Path:
    """The private save folder of the visitor holding `token`, under `root`; created (mode 0700) if needed."""
    if not is_visitor_token(token):
        raise ValueError("not a visitor token")
    name = hashlib.sha256(token.encode("ascii")).hexdigest()[:32]
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = root / name
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def import_save(folder: Path, slot: str, raw: bytes) -> Path:
    """Keep an uploaded save file as `slot` in `folder`, after checking that it is a sound Archer save.

    Refuses (SaveError) a file over MAX_SAVE_BYTES, a damaged or foreign file, a name that is not a slot name,
    and a slot that already holds a save (an upload never replaces one: the visitor picks another name).
    """
    check_hosted_name(slot)
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"is too large to be a save ({len(raw):,} bytes; a save is at most {MAX_SAVE_BYTES:,})")
    decode(raw)
    target = slots.slot_file(folder, slot)
    if target.exists():
        raise SaveError(f"there is already a save named '{slot}'", hint="Pick another name for the upload.")
    write_atomic(target, raw)
    os.chmod(target, 0o600)
    return target
