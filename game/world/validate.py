"""Validating parsed YAML against the format models, with pydantic's errors turned into positioned diagnostics."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.world.diagnostics import Diagnostic, make
from game.world.yamlsrc import Path_, Source

_FIELD_NAMES: set[str] = set()


def all_field_names() -> set[str]:
    """Every field name of every format model (what a misspelt field may have meant)."""
    if not _FIELD_NAMES:
        from game.world import model

        for value in vars(model).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                _FIELD_NAMES.update(value.model_fields)
    return _FIELD_NAMES


def _error_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Follow a pydantic error location through the data, dropping union-branch labels."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            path.append(part)  # a missing or extra key
            node = None
    return tuple(path)


def validation_diagnostics(err: ValidationError, source: Source, prefix: Path_) -> list[Diagnostic]:
    """Turn pydantic errors into positioned diagnostics, one per location."""
    found: list[Diagnostic] = []
    seen: set[Path_] = set()
    root = source.data
    for part in prefix:
        root = root[part]
    for error in err.errors():
        path = _error_path(root, error["loc"])
        if path in seen:
            continue
        seen.add(path)
        full = (*prefix, *path)
        name = path[-1] if path else ""
        if error["type"] == "missing":
            found.append(make("AR010", source.pos(full[:-1]), f"missing field '{name}'", f"add '{name}: ...'"))
        elif error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(name), sorted(all_field_names()), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it; see docs/format.md for the fields"
            found.append(make("AR011", source.pos(full, key=True), f"unknown field '{name}'", hint))
        else:
            value = error.get("input")
            shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
            where = f"'{name}'" if name != "" else "value"
            hint = ""
            if isinstance(value, bool) and error["type"] == "string_type":
                hint = "YAML reads yes/no/on/off/true/false as true or false: put the text in quotes"
            found.append(make("AR012", source.pos(full), f"{where}: {error['msg']} (got {shown})", hint))
    return found


def validate(model: Any, source: Source, prefix: Path_, data: Any) -> tuple[Any, list[Diagnostic]]:
    """Validate `data` (found at `prefix` in `source`) as a model or a TypeAdapter: (value or None, problems)."""
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data), []
        return model.model_validate(data), []
    except ValidationError as err:
        return None, validation_diagnostics(err, source, prefix)
