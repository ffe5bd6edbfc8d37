"""Reading story files part by part, as the models' fields say, keeping every good part and where it came from.

`StoryFile` is the definition: each of its fields is a part (`scenes:`, `flags:`, ...). A list of models is
validated item by item and a mapping of models entry by entry, so one bad scene does not hide the others;
any other part is validated whole. Mapping parts marked with `Entry` declare names (flags, vars, people), and
declaring one twice is a diagnostic.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel, TypeAdapter

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.model import Entry, StoryFile
from game.world.validate import validate
from game.world.yamlsrc import Path_, Source


class Placed(NamedTuple):
    """A validated part and where it is: its source file and its path in that file."""

    item: Any
    source: Source
    path: Path_


class PartSpec(NamedTuple):
    """How one field of a file model is read: as a list or a mapping, with the type of its items."""

    name: str
    annotation: Any
    mapping: bool
    key_type: Any
    item_type: Any
    per_item: bool
    entry: Entry | None


@cache
def part_specs(model: type[BaseModel] = StoryFile) -> dict[str, PartSpec]:
    """The parts a file model holds, read from its fields."""
    specs: dict[str, PartSpec] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        entry = next((m for m in info.metadata if isinstance(m, Entry)), None)
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        mapping = origin is dict
        key_type, item_type = (args[0], args[1]) if mapping else (None, args[0] if origin is list else annotation)
        per_item = isinstance(item_type, type) and issubclass(item_type, BaseModel)
        specs[name] = PartSpec(name, annotation, mapping, key_type, item_type, per_item, entry)
    return specs


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


@dataclass
class Parts:
    """Everything collected from the files of a story (and its packs), with where each part came from."""

    items: dict[str, list[Placed]] = field(default_factory=dict)
    """List parts (scenes, clues, suspects, ...), in file order."""
    entries: dict[str, dict[str, Placed]] = field(default_factory=dict)
    """Mapping parts (flags, vars, people), by name."""
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Ids of parts that failed validation, by part: they still count as defined, so that one mistake in a
    scene is one error and not also an "unknown scene" at every goto to it. Entries of mapping parts (flags,
    vars, people) count by their names."""
    nameless: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """By part, the first diagnostic of each item that failed validation without a usable id: a reference to
    an id no item has may be to that one, so the reference is told under that diagnostic, not as its own."""
    broken_entries: dict[tuple[str, str], Any] = field(default_factory=dict)
    """The data of each broken entry of a mapping part of models, by (part, name): a broken var's `type`, when
    it is a good one, still types the var's uses."""
    declared_at: dict[tuple[str, str], Pos] = field(default_factory=dict)
    hooks: list[Placed] = field(default_factory=list)

    def add_hook(self, placed: Placed, diagnostics: list[Diagnostic]) -> None:
        """Take one hook (from a pack's manifest or any story file): it adds a choice to a scene, or gives a clue a
        variant for a case, exactly one of the two."""
        hook = placed.item
        adds_choice = hook.scene is not None and hook.choice is not None
        adds_variant = hook.clue is not None and hook.case is not None and hook.variant is not None
        if adds_choice == adds_variant:
            diagnostics.append(make("AR012", placed.source.pos(placed.path),
                                    "a hook does one thing: `scene` with `choice`, or `clue` with `case` and "
                                    "`variant`", "see docs/authoring.md, Hooks"))
            return
        self.hooks.append(placed)

    def take_file_hooks(self, diagnostics: list[Diagnostic]) -> None:
        """Move the hooks read from story files (the `hooks:` part) to where the builder reads them."""
        for placed in self.items.pop("hooks", []):
            self.add_hook(placed, diagnostics)

    def get(self, kind: str) -> list[Placed]:
        return self.items.get(kind, [])

    def named(self, kind: str) -> dict[str, Any]:
        """A mapping part's values by name, e.g. named("flags") -> {flag: note}."""
        return {name: placed.item for name, placed in self.entries.get(kind, {}).items()}

    def declare(self, spec: PartSpec, name: str, placed: Placed, diagnostics: list[Diagnostic]) -> None:
        """Add one entry of a mapping part; an entry declared twice is AR030 (the later one wins)."""
        table = self.entries.setdefault(spec.name, {})
        pos = placed.source.pos(placed.path, key=True)
        if name in table and spec.entry is not None:
            diagnostics.append(make("AR030", pos, f"{spec.entry.says} '{name}' is {spec.entry.verb} twice"))
        table[name] = placed
        if spec.entry is not None:
            self.declared_at[(spec.entry.kind, name)] = pos

    def declare_all(self, model: BaseModel, source: Source, diagnostics: list[Diagnostic]) -> None:
        """Take the declarations of a manifest (its flags and vars) as parts."""
        for name, spec in part_specs(type(model)).items():
            if spec.entry is not None:
                for key, value in getattr(model, name).items():
                    self.declare(spec, str(key), Placed(value, source, (name, key)), diagnostics)


def read_story_file(source: Source, parts: Parts, diagnostics: list[Diagnostic],
                    model: type[BaseModel] = StoryFile) -> None:
    """Validate one included file part by part, keeping the good parts."""
    data = source.data
    if not isinstance(data, dict):
        diagnostics.append(make("AR012", source.pos(()), "a story file must be a mapping of parts",
                                "start with `scenes:`, `clues:`, ..."))
        return
    specs = part_specs(model)
    for key, value in data.items():
        spec = specs.get(key)
        if spec is None:
            close = difflib.get_close_matches(str(key), sorted(specs), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(specs)
            diagnostics.append(make("AR011", source.pos((key,), key=True), f"unknown part '{key}'", hint))
        elif value is not None:
            _read_part(spec, value, source, parts, diagnostics)


def _read_part(spec: PartSpec, value: Any, source: Source, parts: Parts, diagnostics: list[Diagnostic]) -> None:
    key = spec.name
    if spec.per_item:
        wanted = dict if spec.mapping else list
        if not isinstance(value, wanted):
            shape = "a mapping" if spec.mapping else "a list"
            diagnostics.append(make("AR012", source.pos((key,)), f"'{key}' must be {shape}"))
            return
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for name, item in pairs:
            checked, found = validate(spec.item_type, source, (key, name), item)
            diagnostics.extend(found)
            if checked is None:
                if spec.mapping:
                    parts.broken.setdefault(key, set()).add(str(name))
                    parts.broken_entries[(key, str(name))] = item
                elif isinstance(item, dict) and isinstance(item.get("id"), str):
                    parts.broken.setdefault(key, set()).add(item["id"])
                elif found:
                    parts.nameless.setdefault(key, []).append(found[0])
            elif spec.mapping:
                parts.declare(spec, str(name), Placed(checked, source, (key, name)), diagnostics)
            else:
                parts.items.setdefault(key, []).append(Placed(checked, source, (key, name)))
        return
    if spec.mapping and isinstance(value, dict):
        # Entry by entry, as for models: one flag with a bad note leaves the file's other flags declared, and
        # itself declared though broken, so no use of any of them is reported as unknown.
        for name, item in value.items():
            checked, found = validate(_adapter(spec.annotation), source, (key,), {name: item})
            diagnostics.extend(found)
            if checked:
                for good, entry in checked.items():
                    parts.declare(spec, good, Placed(entry, source, (key, name)), diagnostics)
            else:
                parts.broken.setdefault(key, set()).add(str(name))
        return
    checked, found = validate(_adapter(spec.annotation), source, (key,), value)
    diagnostics.extend(found)
    if isinstance(checked, dict):
        for name, item in checked.items():
            parts.declare(spec, name, Placed(item, source, (key, name)), diagnostics)
    elif isinstance(checked, list):
        parts.items.setdefault(key, []).extend(Placed(item, source, (key, i)) for i, item in enumerate(checked))
