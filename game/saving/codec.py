"""Turning a SaveRecord into the bytes of a save file and back, detecting every kind of damage on the way.

A file is the record's JSON plus `checksum` (sha256 over the canonical JSON of everything else), written in
one exact layout (`canonical.layout`). Reading checks, in order: the file is not empty, is UTF-8 text, is
JSON, is an object with a format version, its checksum matches, its bytes are exactly the layout Archer
writes, its version is not from the future; then it migrates older versions and validates the shape. Any
failure is a SaveError that says what is wrong; nothing here ever writes.

Contract kept by every format from v2 on: the version is the integer field `format` and the checksum is the
field `checksum` computed as above, so a newer save is still recognised as intact and from the future.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.saving import migrations
from game.saving.canonical import checksum, layout
from game.saving.errors import SaveError
from game.saving.record import CURRENT_FORMAT, SaveRecord


def encode(record: SaveRecord) -> bytes:
    """The bytes of the save file for `record`."""
    document: dict[str, Any] = record.model_dump(mode="json")
    document["checksum"] = checksum(document)
    return layout(document).encode("ascii")


def decode(raw: bytes, path: Path | None = None) -> SaveRecord:
    """The record a save file holds, upgraded to the current format. Raises SaveError naming `path`."""
    document = _parse(raw, path)
    version = _version_of(document)
    if version is None:
        raise SaveError("is not an Archer save file (it has no format version)", path=path)
    if "format" in document:
        problem = _check_current_style(raw, document)
    else:
        problem = migrations.check(version, document)
    if problem:
        raise SaveError(problem, path=path)
    if version > CURRENT_FORMAT:
        raise SaveError(
            f"was written by a newer version of Archer (save format {version}; this copy reads up to "
            f"format {CURRENT_FORMAT})",
            path=path,
            hint="Update Archer to load it; the file is kept as it is.",
        )
    content = {key: value for key, value in document.items() if key not in ("checksum",)}
    if version < CURRENT_FORMAT:
        try:
            content = migrations.upgrade(version, content)
        except (KeyError, TypeError, ValueError) as error:
            raise SaveError(f"could not be upgraded from save format {version}: {error}", path=path) from None
    try:
        return SaveRecord.model_validate(content)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise SaveError(
            f"does not have the shape of an Archer save ({where}: {first['msg']})", path=path
        ) from None


def _parse(raw: bytes, path: Path | None) -> dict[str, Any]:
    if not raw.strip():
        raise SaveError("is empty: it was cut short before anything was written (truncated)", path=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError("is damaged: it holds bytes that are not text", path=path) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            raise SaveError("is cut short (truncated): the end of the file is missing", path=path) from None
        raise SaveError(
            f"is damaged: it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            path=path,
        ) from None
    except (ValueError, RecursionError):
        raise SaveError("is damaged: it is not valid JSON", path=path) from None
    if not isinstance(document, dict):
        raise SaveError("is not an Archer save file (it is JSON, but not a save)", path=path)
    return document


def _version_of(document: dict[str, Any]) -> int | None:
    value = document["format"] if "format" in document else document.get("version")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


def _check_current_style(raw: bytes, document: dict[str, Any]) -> str | None:
    """Checksum, then exact layout, for files written with the v2 contract."""
    stored = document.get("checksum")
    if not isinstance(stored, str):
        return "has no checksum, so it cannot be trusted"
    content = {key: value for key, value in document.items() if key != "checksum"}
    try:
        actual = checksum(content)
        expected_text = layout(document)
    except ValueError:
        return "is damaged: it holds a value that is not valid in a save"
    if stored != actual:
        return "failed its checksum: the file was changed or damaged after it was saved"
    if raw != expected_text.encode("ascii"):
        return (
            "was changed after it was saved (its content checks out, but its bytes are not the ones Archer "
            "wrote)"
        )
    return None
