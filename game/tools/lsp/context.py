"""What the cursor is on, in a story file: the chain of YAML keys above it, the kind of id a field or an
expression expects there, and the documentation of a field, read from the format's models.

This works on the text alone, line by line, so it keeps answering while the file is half written and does not
parse as YAML.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from game.world.names import NAMESPACES

FIELD_IDS: dict[str, tuple[str, ...]] = {
    "goto": ("node",), "start": ("node",), "scene": ("node",), "ending": ("node",), "solved": ("node",),
    "weak": ("node",), "wrong": ("node",), "weak_final": ("node",), "wrong_final": ("node",),
    "location": ("place",), "people": ("character",), "by": ("character",), "who": ("character",),
    "culprit": ("character",), "suspects": ("character",), "belief": ("character",), "to": ("character",),
    "claim": ("fact",), "statement": ("statement",), "clue": ("clue",), "needs": ("clue",),
    "explains": ("clue",), "reveals": ("secret",), "motive": ("motive",), "case": ("case",),
    "true_in": ("case",), "false_in": ("case",), "schedule": ("place",),
}
"""Fields whose value (or list items) is an id, and the kinds of id each takes."""
KEYED_BY: dict[str, tuple[str, ...]] = {"people": ("character",), "weights": ("character",),
                                         "variants": ("case",)}
"""Mappings whose keys are ids, when the cursor is on a key under them."""
EXPRESSION_FIELDS = {"when", "do", "enter"}
"""Fields whose values are conditions or effects."""
TEXT_FIELDS = {"text", "reveal"}
"""Template fields: `{...}` inside them is an expression."""
KEY_KINDS = {"flag": "flag", "var": "var", "character": "character", "clue": "clue", "deduction": "clue",
             "secret": "secret", "statement": "statement", "fact": "fact", "scene": "node"}
"""The id set an expression namespace takes its keys from -> the index's kind."""
KEYWORDS = {"set": "flag", "clear": "flag", "clue": "clue", "hear": "statement", "reveal": "secret"}

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
_LIST_ITEM = re.compile(r"^(\s*)-\s")
_INLINE_KEY = re.compile(r"[{,]\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s")
_NAMESPACED = re.compile(r"\b([a-z]+)\.([A-Za-z0-9_]*)$")
_KEYWORD = re.compile(r"(?:^|[\"'\[,]\s*)(set|clear|clue|hear|reveal)\s+([A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class Spot:
    """The cursor's place in a file."""

    keys: tuple[str, ...]
    """The keys from the file's root down to the field the cursor is in (list positions left out)."""
    on_key: bool
    """The cursor is on a key itself, before its colon."""
    kinds: tuple[str, ...]
    """The kinds of id expected at the cursor; empty when none is."""
    in_expression: bool


def _indent_of_key(line: str) -> tuple[int, str] | None:
    match = _KEY_LINE.match(line)
    if not match:
        return None
    key_col = line.index(match.group(2), len(match.group(1)))
    return key_col, match.group(2)


def key_chain(lines: list[str], number: int, column: int) -> tuple[tuple[str, ...], bool]:
    """The keys above position (number, column), innermost last, and whether the cursor is on a key."""
    line = lines[number] if number < len(lines) else ""
    chain: list[str] = []
    on_key = False
    own = _indent_of_key(line)
    if own is not None:
        key_col, key = own
        on_key = key_col <= column <= key_col + len(key)
        chain.append(key)
        limit = key_col
    elif (item := _LIST_ITEM.match(line)) is not None:
        limit = len(item.group(1)) + 1  # `key:` then `- item` at the key's own column is still its list
    elif line.strip():
        limit = len(line) - len(line.lstrip())
    else:
        limit = column + 1
    for above in range(number - 1, -1, -1):
        found = _indent_of_key(lines[above])
        if found is None or found[0] >= limit:
            continue
        chain.append(found[1])
        limit = found[0]
        if limit == 0:
            break
    return tuple(reversed(chain)), on_key


def spot_at(text: str, number: int, column: int) -> Spot:
    """Where the cursor is, and what ids fit there."""
    lines = text.splitlines()
    line = lines[number] if number < len(lines) else ""
    keys, on_key = key_chain(lines, number, column)
    before = line[:column]
    inline = list(_INLINE_KEY.finditer(before))
    if inline and not on_key:
        keys = (*keys, inline[-1].group(1))  # a key of a flow mapping, `{id: x, goto: ...}`
    field = keys[-1] if keys else ""
    in_template = field in TEXT_FIELDS and before.count("{") > before.count("}")
    in_expression = field in EXPRESSION_FIELDS or in_template
    if in_expression and not on_key:
        found = _NAMESPACED.search(before)
        if found and found.group(1) in NAMESPACES:
            kind = KEY_KINDS.get(NAMESPACES[found.group(1)].keys)
            return Spot(keys, on_key, (kind,) if kind else (), True)
        keyword = _KEYWORD.search(before)
        if keyword and field in ("do", "enter"):
            return Spot(keys, on_key, (KEYWORDS[keyword.group(1)],), True)
        return Spot(keys, on_key, (), True)
    if on_key:
        parent = keys[-2] if len(keys) > 1 else ""
        return Spot(keys, True, KEYED_BY.get(parent, ()), False)
    if _indent_of_key(line) is None and keys and keys[-1] in KEYED_BY and not _LIST_ITEM.match(line):
        return Spot(keys, True, KEYED_BY[keys[-1]], False)  # a new key being typed under a mapping of ids
    return Spot(keys, False, FIELD_IDS.get(field, ()), False)


# ------------------------------------------------------------------------------------------ field docs


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The format models an annotation holds: X, list[X], dict[Id, X], X | None ..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _is_mapping(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_mapping(a) for a in typing.get_args(annotation))
    return False


def root_model(file_name: str) -> type[BaseModel]:
    """The model a file is read with, by its name."""
    from game.world import model

    roots: dict[str, type[BaseModel]] = {"story.yaml": model.Manifest, "branch.yaml": model.BranchManifest,
                                         "canon.yaml": model.Canon}
    return roots.get(file_name, model.StoryFile)


def field_doc(file_name: str, keys: tuple[str, ...]) -> str | None:
    """The documentation of the field at the end of `keys`, following the models from the file's root."""
    current: type[BaseModel] | None = root_model(file_name)
    skip_one = False
    doc: str | None = None
    for position, key in enumerate(keys):
        if current is None:
            return None
        if skip_one:
            skip_one = False
            if key not in current.model_fields:
                continue
        info = current.model_fields.get(key)
        if info is None:
            return None
        description = (info.description or "").strip()
        doc = f"**{key}** ({current.__name__}): {description}" if description else f"**{key}** ({current.__name__})"
        if position == len(keys) - 1:
            break
        models = _models_in(info.annotation)
        skip_one = _is_mapping(info.annotation)
        current = models[0] if models else None
    return doc
