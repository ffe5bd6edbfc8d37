"""Canonical JSON: the one byte form a save's content is hashed in, and the one layout a save is written in.

Both are deterministic (sorted keys, ASCII only, no NaN), so a save read back and written again gives the same
bytes, and any change to a file, even to its white space, can be told apart from what Archer wrote.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

CHECKSUM_PREFIX = "sha256:"


def canonical_bytes(value: Any) -> bytes:
    """The compact canonical JSON of `value`, the input of every checksum. Raises ValueError on NaN."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return text.encode("ascii")


def checksum(content: dict[str, Any]) -> str:
    """`sha256:<hex>` over the canonical JSON of a save's content (every field but `checksum`)."""
    return CHECKSUM_PREFIX + hashlib.sha256(canonical_bytes(content)).hexdigest()


def layout(document: dict[str, Any]) -> str:
    """The exact text a save file holds: indented canonical JSON and a final newline."""
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=True, allow_nan=False) + "\n"
