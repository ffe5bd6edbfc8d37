"""Plain data from PyYAML's parser events, with the position of every node recorded in a `Source` on the way.

Working from events rather than composed nodes skips PyYAML's composer and resolver callbacks, which cost more
than the parse itself. Duplicate keys, aliases, merge keys, tags and nesting deeper than `MAX_DEPTH` become
diagnostics instead of data.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from game.world.diagnostics import Pos, make
from game.world.source import Source

MAX_DEPTH = 48

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


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_SKIP = object()


_RESOLVED: dict[str, str] = {}
"""The tag of short plain scalars already resolved (keys such as `text`, `time` and `once` recur thousands of
times, and each would be matched against the boolean pattern again); bounded by `_RESOLVED_MAX`."""
_RESOLVED_MAX = 50_000


def _resolve_plain(value: str) -> str:
    """The tag YAML gives an untagged plain scalar (the same rules as PyYAML's resolver)."""
    resolvers = _IMPLICIT.get(value[0] if value else "")
    if not resolvers:
        return _STR
    known = _RESOLVED.get(value)
    if known is not None:
        return known
    found = _STR
    for tag, regexp in resolvers:
        if regexp.match(value):
            found = str(tag)
            break
    if len(value) <= 32 and len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[value] = found
    return found


class EventBuilder:
    """Builds plain data straight from parser events, recording positions and problems in the source on the way
    (the implicit typing rules are the same ones PyYAML uses)."""

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
        multiline, diagnostics = self.source.multiline, self.source.diagnostics
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        implicit = _IMPLICIT.get  # the resolvers of a plain scalar's first character: most have none (text)
        # Each frame: [container, path, pending key (dicts), path of the pending key's value (dicts)]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        aliased = False
        skip_depth = 0  # > 0 while inside a subtree that is being dropped
        for event in events:
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                if skip_depth:
                    if kind is not scalar_event:
                        skip_depth += 1
                    continue
                mark = event.start_mark
                if stack:
                    frame = stack[-1]
                    container = frame[0]
                    if type(container) is dict and frame[2] is _NO_KEY:
                        # This node is a mapping key.
                        if kind is not scalar_event:
                            diagnostics.append(make("AR008", self._pos(mark), "mapping keys must be plain"))
                            skip_depth = 1
                            frame[2] = _SKIP
                            continue
                        key = event.value
                        if event.tag is not None or (not event.style and event.implicit[0] and implicit(key[:1])
                                                     and _resolve_plain(key) != _STR):
                            key = self._scalar(event)  # anything but text (see _scalar: text is its value)
                        if key is _SKIP:
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
                        frame[3] = (*frame[1], key)
                        keys[frame[3]] = (mark.line + 1, mark.column + 1)
                        continue
                    key = frame[2]
                    if type(container) is dict:
                        frame[2] = _NO_KEY
                        if key is _SKIP:
                            if kind is not scalar_event:
                                skip_depth = 1
                            continue
                        path = frame[3]
                    else:
                        path = (*frame[1], len(container))
                else:
                    path = ()
                values[path] = (mark.line + 1, mark.column + 1)
                if kind is scalar_event:
                    style = event.style
                    styles[path] = style or None
                    if event.end_mark.line != mark.line:
                        multiline.add(path)
                    value = event.value
                    if event.tag is not None or (not style and event.implicit[0] and implicit(value[:1])
                                                 and _resolve_plain(value) != _STR):
                        value = self._scalar(event)  # anything but text (see _scalar: text is its value)
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
                        value = {} if kind is mapping_start else []
                if stack:
                    container = stack[-1][0]
                    if type(container) is dict:
                        container[path[-1]] = value
                    else:
                        container.append(value)
                else:
                    root = value
                if kind is not scalar_event and value is not None:
                    stack.append([value, path, _NO_KEY, None])
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
