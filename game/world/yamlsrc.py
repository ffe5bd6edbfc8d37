"""Read one YAML file into plain data, keeping the line and column of every node.

PyYAML's constructors drop positions and silently keep the last of two duplicate keys, and aliases can blow
up memory. So the file is composed into nodes (with the C parser when present) and walked here: positions are
recorded per path, duplicates and aliases become diagnostics, and depth is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


@dataclass
class Source:
    """One parsed file: its data, where each path sits in it, and the problems found reading it."""

    path: Path
    shown: str
    data: Any = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Path_, str | None] = field(default_factory=dict)
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
        """The position of character `offset` inside the scalar at `path` (best effort for block scalars)."""
        base = self.pos(path)
        style = self.styles.get(tuple(path))
        if style in ("|", ">"):
            lines = self.text.splitlines()
            first = base.line  # the line after the indicator holds the first content line
            if first < len(lines):
                content = lines[first]
                indent = len(content) - len(content.lstrip(" "))
            else:
                indent = base.col
            value = self._value_at(path)
            before = value[:offset] if isinstance(value, str) else ""
            line = first + 1 + before.count("\n")
            col = indent + 1 + len(before) - (before.rfind("\n") + 1)
            return Pos(self.shown, line, col)
        quote = 1 if style in ("'", '"') else 0
        return Pos(self.shown, base.line, base.col + quote + offset)

    def _value_at(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


def read(path: Path, shown: str) -> Source:
    """Parse `path`; `shown` is the name diagnostics use for it. Never raises for bad content."""
    source = Source(path=path, shown=shown)
    try:
        raw = path.read_bytes()
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
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        source.diagnostics.append(make("AR001", Pos(shown, line, col), f"YAML syntax error: {problem}"))
        return source
    except yaml.YAMLError as err:
        source.diagnostics.append(make("AR001", Pos(shown, 1, 1), f"YAML syntax error: {err}"))
        return source
    except RecursionError:
        source.diagnostics.append(
            make("AR004", Pos(shown, 1, 1), f"nesting is deeper than {MAX_DEPTH} levels", "flatten the data")
        )
        return source
    if node is None:
        source.data = {}
        return source
    walker = _Walker(source)
    source.data = walker.walk(node, (), 0)
    return source


class _Walker:
    """Turns composed nodes into Python data while recording positions and problems."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.seen: set[int] = set()

    def _pos(self, node: Node) -> Pos:
        return Pos(self.source.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: Node, path: Path_, depth: int) -> Any:
        if id(node) in self.seen:
            self.source.diagnostics.append(
                make("AR003", self._pos(node), "YAML aliases are not allowed", "write the value out in full")
            )
            return None
        self.seen.add(id(node))
        mark = node.start_mark
        self.source.values[path] = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            self.source.diagnostics.append(
                make("AR004", self._pos(node), f"nesting is deeper than {MAX_DEPTH} levels", "flatten the data")
            )
            return None
        if isinstance(node, ScalarNode):
            self.source.styles[path] = node.style
            convert = _CONVERT.get(node.tag)
            if convert is None:
                self.source.diagnostics.append(
                    make("AR008", self._pos(node), f"unsupported YAML value with tag {node.tag}")
                )
                return None
            try:
                return convert(node)
            except (ConstructorError, ValueError):
                self.source.diagnostics.append(make("AR008", self._pos(node), f"cannot read {node.value!r}"))
                return None
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        return None

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.source.diagnostics.append(make("AR008", self._pos(key_node), "mapping keys must be plain"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.source.diagnostics.append(
                    make("AR003", self._pos(key_node), "YAML merge keys (<<) are not allowed")
                )
                continue
            key = key_node.value if key_node.tag != "tag:yaml.org,2002:int" else int(key_node.value)
            if key in first:
                earlier = first[key].start_mark
                self.source.diagnostics.append(
                    make(
                        "AR002",
                        self._pos(key_node),
                        f"duplicate key {key!r}; it first appears at line {earlier.line + 1}",
                        "remove one of them: YAML would silently keep only the last",
                    )
                )
                continue
            first[key] = key_node
            child = (*path, key)
            self.source.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, child, depth + 1)
        return result
