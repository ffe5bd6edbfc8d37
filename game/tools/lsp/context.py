"""What the cursor is on, in a story file: the chain of YAML keys above it, the kind of id a field or an
expression expects there, and the documentation of a field, read from the format's models.

This works on the text alone, line by line, so it keeps answering while the file is half written and does not
parse as YAML. Which model a file is read with (a manifest, a pack's manifest, a story part, a pack's part, the
canon, a transcript) comes from its name, its folder and its first keys.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
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
TEXT_FIELDS = {"text", "reveal", "epilogue"}
"""Template fields: `{...}` inside them is an expression."""
KEY_KINDS = {"flag": "flag", "var": "var", "character": "character", "clue": "clue", "deduction": "clue",
             "secret": "secret", "statement": "statement", "fact": "fact", "scene": "node"}
"""The id set an expression namespace takes its keys from -> the index's kind."""
KEYWORDS = {"set": "flag", "clear": "flag", "clue": "clue", "hear": "statement", "reveal": "secret"}
TRANSCRIPT_IDS: dict[str, tuple[str, ...]] = {"case": ("case",), "ending": ("node",)}
"""Fields of a transcript whose value is an id; a step's `do:` is read by `_action_kinds`."""
ACTION_ARGS: dict[str, tuple[str, ...]] = {"present": ("clue", "statement"), "link": ("clue",) * 3,
                                           "unlink": ("clue",) * 3, "accuse": ("character", "motive")}
"""Actions with arguments, and the kind of id each argument is (an accusation's evidence follows its motive)."""
_TOP_TRANSCRIPT_KEY = re.compile(r"^(?:story|steps|expect_start)\s*:", re.MULTILINE)

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
_LIST_ITEM = re.compile(r"^(\s*)-\s")
_WORD_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
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


def flow_keys(before: str) -> tuple[list[str], bool, bool]:
    """The keys of the flow mappings (`{a: {b: ...`) open at the end of `before`, outermost first; whether the
    end is where a key of the innermost one is written; and whether any flow collection is open."""
    frames: list[list[Any]] = []  # [bracket, key or None, expecting a key, where the key starts]
    quote = ""
    for index, char in enumerate(before):
        if quote:
            if char == quote and not (quote == '"' and before[index - 1] == "\\"):
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            frames.append([char, None, char == "{", index + 1])
        elif char in "}]":
            if frames:
                frames.pop()
        elif frames and frames[-1][0] == "{":
            frame = frames[-1]
            if char == ",":
                frame[1:] = [None, True, index + 1]
            elif char == ":" and frame[2] and before[index + 1 : index + 2] in ("", " "):
                frame[1:3] = [before[frame[3]:index].strip(), False]
    keys = [frame[1] for frame in frames if frame[0] == "{" and frame[1]]
    on_key = bool(frames) and frames[-1][0] == "{" and frames[-1][2]
    return keys, on_key, bool(frames)


def is_transcript(text: str) -> bool:
    """Whether a file is a transcript (its root has `story:`, `steps:` or `expect_start:`; no story file does)."""
    return _TOP_TRANSCRIPT_KEY.search(text) is not None


def spot_at(text: str, number: int, column: int, transcript: bool = False) -> Spot:
    """Where the cursor is, and what ids fit there (in a transcript when `transcript`)."""
    lines = text.splitlines()
    line = lines[number] if number < len(lines) else ""
    keys, on_key = key_chain(lines, number, column)
    before = line[:column]
    inner, on_inner_key, in_flow = flow_keys(before)
    if not on_key and in_flow:
        keys, on_key = (*keys, *inner), on_inner_key
        if on_key and (word := _WORD_AT.match(line, column)):
            keys = (*keys, word.group())  # the key under the cursor, as `key_chain` gives a block key
    field = keys[-1] if keys else ""
    if transcript:
        if on_key:
            return Spot(keys, True, (), False)
        if field == "do" and keys[:1] == ("steps",):
            return Spot(keys, False, _action_kinds(before), False)
        return Spot(keys, False, TRANSCRIPT_IDS.get(field, ()), False)
    value = before[before.rfind(f"{field}:") + len(field) + 1:] if f"{field}:" in before else before
    in_template = field in TEXT_FIELDS and value.count("{") > value.count("}")  # the text's own braces only
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
    if len(keys) > 1 and keys[-2] == "schedule":
        return Spot(keys, False, ("place",), False)  # `schedule: {night: PLACE}`: the keys are slots
    return Spot(keys, False, FIELD_IDS.get(field, ()), False)


def _action_kinds(before: str) -> tuple[str, ...]:
    """The kind of id the word being written in a transcript step's `do:` names: a choice first, then the
    arguments of an action (`present CLUE STATEMENT`, `accuse SUSPECT MOTIVE EVIDENCE...`)."""
    value = before.split("do:", 1)[-1].lstrip(" \"'")
    words = value.split()
    if value.endswith(" "):
        words.append("")
    if len(words) <= 1:
        return ("choice",)
    wanted = ACTION_ARGS.get(words[0])
    if wanted is None:
        return ()
    position = len(words) - 2
    return (wanted[position],) if position < len(wanted) else ("clue",) if words[0] == "accuse" else ()


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


PACK_DEPTH = 4
"""How many folders up a pack's part may sit from its branch.yaml."""


def root_model(path: Path, text: str = "") -> type[BaseModel]:
    """The model a file is read with: by its name, then as a transcript (by its first keys), then as a pack's
    part (a branch.yaml in its folder or one above) or a story's."""
    from game.tools.transcript import Transcript
    from game.world import model

    roots: dict[str, type[BaseModel]] = {"story.yaml": model.Manifest, "branch.yaml": model.BranchManifest,
                                         "canon.yaml": model.Canon}
    if path.name in roots:
        return roots[path.name]
    if is_transcript(text):
        return Transcript
    for folder in list(path.parents)[:PACK_DEPTH]:
        if (folder / "story.yaml").is_file():
            break
        if (folder / "branch.yaml").is_file():
            return model.PackFile
    return model.StoryFile


def field_doc(root: type[BaseModel], keys: tuple[str, ...]) -> str | None:
    """The documentation of the field at the end of `keys`, following the models from the file's `root`."""
    current: type[BaseModel] | None = root
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
