"""A parsed story file and where everything in it is: the line and column of every key and value by its path
in the data, and the position of any character inside a scalar (for a name inside a condition, a tag inside a
text), whatever YAML quoting or block style holds it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.world.diagnostics import Diagnostic, Pos

Path_ = tuple[str | int, ...]
"""A path into parsed data: mapping keys and list indexes from the root."""


def shown_path(path: Path) -> str:
    """A path as diagnostics print it: relative to the working folder when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel



@dataclass
class Source:
    """One parsed file: its data, where each path sits in it, and the problems found reading it."""

    path: Path
    shown: str
    data: Any = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Path_, str | None] = field(default_factory=dict)
    multiline: set[Path_] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""

    def pos(self, path: Path_, *, key: bool = False) -> Pos:
        """The position of the node at `path`, or of its nearest recorded ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe]
                return Pos(self.shown, line, col)
            if key and probe in self.values:
                line, col = self.values[probe]
                return Pos(self.shown, line, col)
            probe = probe[:-1]
        line, col = self.values.get((), (1, 1))
        return Pos(self.shown, line, col)

    def text_pos(self, path: Path_, offset: int) -> Pos:
        """The position of character `offset` inside the scalar at `path`."""
        base = self.pos(path)
        style = self.styles.get(tuple(path))
        if style in ("|", ">"):
            return self._block_pos(base, style, offset)
        if tuple(path) in self.multiline:
            return self._folded_pos(base, style, offset)
        if style in ("'", '"'):
            return Pos(self.shown, base.line, base.col + 1 + self._raw_offset(base, style, offset))
        return Pos(self.shown, base.line, base.col + offset)

    def _block_pos(self, base: Pos, style: str, offset: int) -> Pos:
        """Literal and folded blocks: content lines follow the indicator line, each with the same indent."""
        lines = self.text.splitlines()
        first = base.line  # index of the first content line (the line after the indicator)
        indent = None
        consumed = 0
        for index in range(first, len(lines)):
            raw = lines[index]
            if raw.strip() and indent is None:
                indent = len(raw) - len(raw.lstrip(" "))
            if indent is not None and raw.strip() and len(raw) - len(raw.lstrip(" ")) < indent:
                break
            content = raw[indent or 0:] if raw.strip() else ""
            if offset <= consumed + len(content):
                return Pos(self.shown, index + 1, (indent or 0) + 1 + offset - consumed)
            # A literal block keeps each newline; a folded one turns a break into a space, except around blank
            # lines, where the blank line itself is the newline.
            consumed += len(content) + (0 if style == ">" and not content else 1)
        return Pos(self.shown, base.line + 1, base.col)

    def _folded_pos(self, base: Pos, style: str | None, offset: int) -> Pos:
        """Plain or quoted scalars over several lines: line breaks become single spaces."""
        lines = self.text.splitlines()
        quote = 1 if style in ("'", '"') else 0
        consumed = 0
        index = base.line - 1
        start = base.col - 1 + quote
        while index < len(lines):
            raw = lines[index][start:] if index == base.line - 1 else lines[index].lstrip(" ")
            lead = start if index == base.line - 1 else len(lines[index]) - len(lines[index].lstrip(" "))
            if offset <= consumed + len(raw.rstrip()):
                return Pos(self.shown, index + 1, lead + 1 + offset - consumed)
            consumed += len(raw.rstrip()) + 1
            index += 1
        return base

    def _raw_offset(self, base: Pos, quote: str, offset: int) -> int:
        """Characters in the file, after the opening quote, that make up the first `offset` value characters."""
        lines = self.text.splitlines()
        if base.line - 1 >= len(lines):
            return offset
        raw = lines[base.line - 1][base.col:]
        lengths = {"x": 3, "u": 5, "U": 9}
        index = produced = 0
        while produced < offset and index < len(raw):
            char = raw[index]
            if quote == '"' and char == "\\" and index + 1 < len(raw):
                index += lengths.get(raw[index + 1], 1) + 1
            elif quote == "'" and char == "'" and raw[index + 1 : index + 2] == "'":
                index += 2
            else:
                index += 1
            produced += 1
        return index

    def _value_at(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node
