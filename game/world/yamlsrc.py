"""Read one YAML file into plain data, keeping the line and column of every node.

PyYAML's constructors drop positions and silently keep the last of two duplicate keys, and aliases can blow
up memory. So the file is composed into nodes (with the C parser when present) and walked here: positions are
recorded per path, duplicates and aliases become diagnostics, and depth is bounded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from game.world.diagnostics import Diagnostic, Pos, make

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 48
Path_ = tuple[str | int, ...]

_SCALARS = SafeConstructor()
_CONVERT = {
    "tag:yaml.org,2002:str": lambda node: node.value,
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
    # A date or time is kept as the text the author wrote: nothing in the format is a date.
    "tag:yaml.org,2002:timestamp": lambda node: node.value,
}


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


_UNSAVED: ContextVar[Mapping[Path, str] | None] = ContextVar("archer_unsaved_texts", default=None)


@contextmanager
def unsaved(texts: Mapping[Path, str]) -> Iterator[None]:
    """While open, `read` takes these texts (keyed by resolved path) instead of the files on disk: an editor's
    unsaved buffers, checked as the author types."""
    token = _UNSAVED.set(texts)
    try:
        yield
    finally:
        _UNSAVED.reset(token)


def read(path: Path, shown: str) -> Source:
    """Parse `path`; `shown` is the name diagnostics use for it. Never raises for bad content."""
    source = Source(path=path, shown=shown)
    texts = _UNSAVED.get()
    try:
        override = texts.get(path.resolve()) if texts else None
        raw = override.encode("utf-8") if override is not None else path.read_bytes()
    except OSError as err:
        source.diagnostics.append(make("AR007", Pos(shown, 1, 1), f"cannot read file: {err.strerror}"))
        return source
    if len(raw) > MAX_BYTES:
        source.diagnostics.append(
            make(
                "AR005",
                Pos(shown, 1, 1),
                f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
                "split it into several files and include them from the manifest",
            )
        )
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        source.diagnostics.append(
            make("AR006", Pos(shown, line, col), "file is not valid UTF-8", "save the file as UTF-8")
        )
        return source
    source.text = text
    try:
        source.data = _Builder(source).run(yaml.parse(text, Loader=Loader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        if "nesting depth" in problem:
            source.diagnostics.append(make("AR004", Pos(shown, line, col), f"nesting is deeper than {MAX_DEPTH} "
                                           "levels", "flatten the data"))
        else:
            source.diagnostics.append(_syntax_error(text, shown, line, col, problem))
        source.data = None
    except yaml.YAMLError as err:
        source.diagnostics.append(make("AR001", Pos(shown, 1, 1), f"YAML syntax error: {err}"))
        source.data = None
    return source


def _syntax_error(text: str, shown: str, line: int, col: int, problem: str) -> Diagnostic:
    """AR001 in the author's words: a tab in the indentation is named as such, wherever the parser noticed it."""
    lines = text.splitlines()
    for number, content in enumerate(lines[:line], start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return make("AR001", Pos(shown, number, indent.index("\t") + 1),
                        "a tab in the indentation: YAML indents with spaces only", "indent with spaces")
    if problem.startswith("mapping values are not allowed"):
        return make("AR001", Pos(shown, line, col), "YAML syntax error: a `key:` cannot start here",
                    "check this line's indentation against the lines above, or quote text that holds `: `")
    return make("AR001", Pos(shown, line, col), f"YAML syntax error: {problem}")


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_SKIP = object()


def _resolve_plain(value: str) -> str:
    """The tag YAML gives an untagged plain scalar (the same rules as PyYAML's resolver)."""
    for tag, regexp in _IMPLICIT.get(value[0] if value else "", ()):
        if regexp.match(value):
            return str(tag)
    return _STR


class _Builder:
    """Builds plain data straight from parser events, recording positions and problems on the way.

    Working from events rather than composed nodes skips PyYAML's composer and resolver callbacks, which
    cost more than the parse itself; the implicit typing rules are the same ones PyYAML uses.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.too_deep = False

    def _pos(self, mark: Any) -> Pos:
        """The position of a parser mark (PyYAML's pure and C parsers give marks of different classes)."""
        return Pos(self.source.shown, mark.line + 1, mark.column + 1)

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if event.style or not event.implicit[0]:
                return event.value
            tag = _resolve_plain(event.value)
            if tag == _STR:
                return event.value
        elif tag == _STR:
            return event.value
        if tag == "tag:yaml.org,2002:merge":
            self.source.diagnostics.append(
                make("AR003", self._pos(event.start_mark), "YAML merge keys (<<) are not allowed")
            )
            return _SKIP
        convert = _CONVERT.get(tag)
        if convert is None:
            self.source.diagnostics.append(
                make("AR008", self._pos(event.start_mark), f"unsupported YAML value with tag {tag}")
            )
            return None
        try:
            return convert(ScalarNode(tag, event.value))  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        except (ConstructorError, ValueError):
            self.source.diagnostics.append(make("AR008", self._pos(event.start_mark), f"cannot read {event.value!r}"))
            return None

    def run(self, events: Any) -> Any:
        values, keys, styles = self.source.values, self.source.keys, self.source.styles
        diagnostics = self.source.diagnostics
        # Each frame: [container, path, pending key (dicts), key mark, skip-value flag]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        aliased = False
        skip_depth = 0  # > 0 while inside a subtree that is being dropped
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if skip_depth:
                    if kind is not yaml.ScalarEvent:
                        skip_depth += 1
                    continue
                mark = event.start_mark
                if stack:
                    frame = stack[-1]
                    container = frame[0]
                    if type(container) is dict and frame[2] is _NO_KEY:
                        # This node is a mapping key.
                        if kind is not yaml.ScalarEvent:
                            diagnostics.append(make("AR008", self._pos(mark), "mapping keys must be plain"))
                            skip_depth = 1
                            frame[2] = _SKIP
                            continue
                        key = self._scalar(event)
                        if key is _SKIP or key is None and event.value != "" and False:
                            frame[2] = _SKIP
                            continue
                        if isinstance(key, list | dict) or key is None:
                            key = event.value
                        if key in container:
                            first = keys.get((*frame[1], key))
                            at = f"; it first appears at line {first[0]}" if first else ""
                            diagnostics.append(make("AR002", self._pos(mark), f"duplicate key {key!r}{at}",
                                                    "remove one of them: YAML would silently keep only the last"))
                            frame[2] = _SKIP
                            continue
                        frame[2] = key
                        keys[(*frame[1], key)] = (mark.line + 1, mark.column + 1)
                        continue
                    key = frame[2]
                    if type(container) is dict:
                        frame[2] = _NO_KEY
                        if key is _SKIP:
                            if kind is not yaml.ScalarEvent:
                                skip_depth = 1
                            continue
                        path = (*frame[1], key)
                    else:
                        path = (*frame[1], len(container))
                else:
                    path = ()
                values[path] = (mark.line + 1, mark.column + 1)
                if kind is yaml.ScalarEvent:
                    styles[path] = event.style or None
                    if event.end_mark.line != mark.line:
                        self.source.multiline.add(path)
                    value = self._scalar(event)
                    if value is _SKIP:
                        value = None
                elif event.tag is not None and event.tag not in _COLLECTION_TAGS:
                    diagnostics.append(make("AR008", self._pos(mark), f"unsupported YAML value with tag {event.tag}",
                                            "remove the tag: story files hold plain mappings, lists and values"))
                    skip_depth = 1
                    value = None
                else:
                    if len(stack) >= MAX_DEPTH:
                        if not self.too_deep:
                            self.too_deep = True
                            diagnostics.append(make("AR004", self._pos(mark), f"nesting is deeper than {MAX_DEPTH} "
                                                    "levels", "flatten the data"))
                        skip_depth = 1
                        value = None
                    else:
                        value = {} if kind is yaml.MappingStartEvent else []
                if stack:
                    container = stack[-1][0]
                    if type(container) is dict:
                        container[path[-1]] = value
                    else:
                        container.append(value)
                else:
                    root = value
                if kind is not yaml.ScalarEvent and value is not None:
                    stack.append([value, path, _NO_KEY])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                if skip_depth:
                    skip_depth -= 1
                    continue
                stack.pop()
            elif kind is yaml.AliasEvent:
                if skip_depth:
                    continue
                if not aliased:  # one error for the file, not one per use
                    aliased = True
                    diagnostics.append(make("AR003", self._pos(event.start_mark), "YAML aliases are not allowed",
                                            "write the value out in full wherever it is used"))
                if stack:
                    frame = stack[-1]
                    if type(frame[0]) is dict:
                        if frame[2] is _NO_KEY:
                            frame[2] = _SKIP
                        else:
                            if frame[2] is not _SKIP:
                                frame[0][frame[2]] = None
                            frame[2] = _NO_KEY
                    else:
                        frame[0].append(None)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    diagnostics.append(make("AR001", self._pos(event.start_mark),
                                            "YAML syntax error: only one document is allowed per file",
                                            "remove the second `---`"))
                    break
        return {} if root is None and documents <= 1 and not values else root


_NO_KEY = object()
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"}
