"""Saves in a hosted game: when the game is served to other people, each visitor gets a save folder of
their own and names saves by slot only, so no visitor can read, overwrite or probe any other file.

How a host (`archer serve`) uses it, for every game it starts for a visitor:

    env = {**os.environ, **hosted_env(root, visitor_id)}   # root: the host's folder for all visitors' saves
    # ...start `archer play` with env...

`hosted_env` makes the visitor's folder (mode 0700, named by a hash of the visitor id, so an id can never
reach outside `root`) and returns ARCHER_SAVES (that folder, which game.paths.saves_dir honours) and
ARCHER_HOSTED=1 (which makes every SaveStore refuse paths: `load`, `save`, `--load` take slot names only).
In-process hosts can call `hosted_store(root, visitor_id)` instead.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from game.saving.slots import HOSTED_ENV, is_hosted
from game.saving.store import SaveStore

__all__ = ["HOSTED_ENV", "hosted_env", "hosted_store", "is_hosted", "visitor_folder"]

SAVES_ENV = "ARCHER_SAVES"


def visitor_folder(root: Path, visitor: str) -> Path:
    """The save folder of one visitor under `root`, made if needed (owner-only, 0700).

    The name is a hash of the visitor id: any id (a cookie, a session token, a user name) gives a plain folder
    name directly under `root`, and two ids never share a folder.
    """
    if not visitor:
        raise ValueError("a hosted game needs a visitor id to keep that visitor's saves apart")
    digest = hashlib.sha256(visitor.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    root = Path(root)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = root / f"visitor-{digest}"
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def hosted_env(root: Path, visitor: str) -> dict[str, str]:
    """The environment variables that make a game process hosted, with `visitor`'s own save folder."""
    return {SAVES_ENV: str(visitor_folder(root, visitor)), HOSTED_ENV: "1"}


def hosted_store(root: Path, visitor: str) -> SaveStore:
    """The save store of one visitor, slot names only (for a host that runs games in its own process)."""
    return SaveStore(visitor_folder(root, visitor), slots_only=True)
