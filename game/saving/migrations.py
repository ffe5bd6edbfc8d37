"""Older save formats: how to check each one's integrity, and how to bring it up to the next version.

Every format version before the current one is registered here with `@migration(version, check=...)`. Loading
an old save first checks it with the rules of its own version, then applies the upgrades in order, so a save
written by any earlier release can still be loaded. Each registered version has a fixture save under
tests/saving/fixtures/ and a test that migrates it.

Format v1 (the first release) was flat: `version`, `story` (the id), `story_version`, `seed`, `case`,
`choices` (the path), `state` (the snapshot), `label`, `saved` (local time without zone) and `sha256` (hex,
over the canonical JSON of every other field). It had no content fingerprint and no play time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from game.saving.canonical import canonical_bytes
from game.saving.record import CURRENT_FORMAT

Document = dict[str, Any]
Check = Callable[[Document], "str | None"]
Upgrade = Callable[[Document], Document]


@dataclass(frozen=True)
class OldFormat:
    """A registered older format: `check` returns a problem or None; `upgrade` returns the next version."""

    version: int
    check: Check
    upgrade: Upgrade


_FORMATS: dict[int, OldFormat] = {}


def migration(version: int, *, check: Check) -> Callable[[Upgrade], Upgrade]:
    """Register `upgrade` as the step from format `version` to `version + 1`, with that format's check."""

    def register(upgrade: Upgrade) -> Upgrade:
        if version in _FORMATS or version >= CURRENT_FORMAT:
            raise ValueError(f"save format {version} cannot be registered as an old format")
        _FORMATS[version] = OldFormat(version, check, upgrade)
        return upgrade

    return register


def registered() -> tuple[int, ...]:
    """The old format versions that can be loaded, in order."""
    return tuple(sorted(_FORMATS))


def check(version: int, document: Document) -> str | None:
    """The integrity problem of an old-format document, or None when it is sound."""
    old = _FORMATS.get(version)
    if old is None:
        return f"uses save format {version}, which no version of Archer wrote"
    return old.check(document)


def upgrade(version: int, document: Document) -> Document:
    """Apply every registered step from `version` up to the current format. The input is not modified."""
    while version < CURRENT_FORMAT:
        old = _FORMATS.get(version)
        if old is None:
            raise KeyError(f"no migration from save format {version}")
        document = old.upgrade(dict(document))
        version += 1
    return document


# ------------------------------------------------------------------------------------------- format v1


def v1_checksum(document: Document) -> str:
    """The v1 checksum: plain sha256 hex over the canonical JSON of every field but `sha256`."""
    content = {key: value for key, value in document.items() if key != "sha256"}
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def _check_v1(document: Document) -> str | None:
    stored = document.get("sha256")
    if not isinstance(stored, str):
        return "has no checksum, so it cannot be trusted"
    try:
        actual = v1_checksum(document)
    except ValueError:
        return "holds a value that is not valid in a save (damaged)"
    if stored != actual:
        return "failed its checksum: the file was changed or damaged after it was saved"
    return None


def _v1_saved_at(value: Any) -> str:
    """v1 wrote local time without a zone; read it as this machine's local time."""
    if not isinstance(value, str):
        raise ValueError("v1 save has no time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat()


@migration(1, check=_check_v1)
def _v1_to_v2(document: Document) -> Document:
    """v1 -> v2: nest the story reference (no fingerprint, so loading always replays) and add play time."""
    return {
        "format": 2,
        "story": {
            "id": document.get("story"),
            "version": document.get("story_version"),
            "fingerprint": None,
        },
        "seed": document.get("seed"),
        "case": document.get("case"),
        "path": document.get("choices"),
        "snapshot": document.get("state"),
        "label": document.get("label", ""),
        "saved_at": _v1_saved_at(document.get("saved")),
        "play_seconds": 0.0,
        "where": None,
    }
