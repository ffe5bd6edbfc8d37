"""Validating parsed YAML against the format models, with pydantic's errors turned into positioned diagnostics."""

from __future__ import annotations

import difflib
import re
import types
import typing
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


def validation_diagnostics(err: ValidationError, source: Source, prefix: Path_,
                           model: Any = None) -> list[Diagnostic]:
    """Turn pydantic errors into positioned diagnostics, one per location, in the author's words.

    With the `model` that was validated, a misspelt field is matched only against the fields allowed at that
    spot, and a misspelt required field is one error (the unknown field, with the fix), not two.
    """
    found: list[Diagnostic] = []
    seen: set[Path_] = set()
    root = source.data
    for part in prefix:
        root = root[part]
    errors = err.errors()
    extras = [_error_path(root, e["loc"]) for e in errors if e["type"] == "extra_forbidden"]
    missing = [_error_path(root, e["loc"]) for e in errors if e["type"] == "missing"]
    # `go_to: x` for `goto: x` is one mistake: report the unknown field (with the fix), not also the missing one.
    folded = {gap for gap in missing for path in extras
              if gap[:-1] == path[:-1] and difflib.get_close_matches(str(path[-1]), [str(gap[-1])], n=1)}
    for error in errors:
        path = _error_path(root, error["loc"])
        if path in seen or path in folded:
            continue
        seen.add(path)
        full = (*prefix, *path)
        name = path[-1] if path else ""
        if error["type"] == "missing":
            found.append(make("AR010", source.pos(full[:-1]), f"missing field '{name}'", f"add '{name}: ...'"))
        elif error["type"] == "extra_forbidden":
            allowed = _fields_at(model, error["loc"][:-1]) or all_field_names()
            close = difflib.get_close_matches(str(name), sorted(allowed - {name}), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it; see docs/format.md for the fields"
            found.append(make("AR011", source.pos(full, key=True), f"unknown field '{name}'", hint))
        elif error["type"] == "list_type" and isinstance(error.get("input"), str | int | float):
            value = error["input"]
            found.append(make("AR012", source.pos(full), f"'{name}' must be a list, not a single value",
                              f"write `[{value}]`"))
        elif error["type"] == "string_pattern_mismatch" and "pattern" in error.get("ctx", {}):
            what, fix = _PATTERNS.get(error["ctx"]["pattern"], ("does not have the right form", ""))
            found.append(make("AR012", source.pos(full), f"'{name}': {error.get('input')!r} {what}", fix))
        else:
            example = _example(_models_at(model, error["loc"])) if model is not None else ""
            message, hint = _worded(error, f"'{name}'" if name != "" else "value", example)
            found.append(make("AR012", source.pos(full), message, hint))
    return found


_SHAPES = {dict: "a mapping", list: "a list"}
_QUOTE_HINT = "YAML reads yes/no/on/off/true/false as true or false: put the text in quotes"


def _worded(error: Any, where: str, example: str) -> tuple[str, str]:
    """A wrong type or value in the author's words, with the fix: (message, hint). `example` is how the model
    expected at that spot is written, if one is."""
    kind, value = error["type"], error.get("input")
    shown = _SHAPES.get(type(value), repr(value)) if isinstance(value, dict | list) else repr(value)
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'((?:[^'\\]|\\.)*)'", str(error.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(str(value), options, n=1) if isinstance(value, str) else []
        return (f"{where} must be one of {', '.join(options)} (got {shown})",
                f"did you mean '{close[0]}'?" if close else f"write one of: {', '.join(options)}")
    if kind == "string_type":
        hint = _QUOTE_HINT if isinstance(value, bool) else "write the text itself, in quotes if it holds `: `"
        return f"{where} must be text (got {shown})", hint
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{where} must be a whole number (got {shown})", "write digits only, e.g. 2"
    if kind in ("bool_type", "bool_parsing"):
        return f"{where} must be true or false (got {shown})", "write true or false"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = error.get("ctx", {})
        limit = f"at least {bound['ge']}" if "ge" in bound else f"at most {bound.get('le')}"
        return f"{where} must be {limit} (got {shown})", ""
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        what = "a mapping of fields" if kind != "dict_type" else "a mapping"
        hint = f"write `{example}`" if example else "write `name: value` pairs, one per line or inside `{...}`"
        return f"{where} must be {what}, not {_shape_of(value)}", hint
    if kind == "list_type":
        return f"{where} must be a list, not {_shape_of(value)}", "write `[a, b]`, or one `- item` per line"
    return f"{where}: {error['msg']} (got {shown})", ""


def _shape_of(value: Any) -> str:
    """`a list`, `a mapping` or `the value 3`: what was written instead."""
    return _SHAPES.get(type(value), f"the value {value!r}") if isinstance(value, dict | list) else \
        f"the value {value!r}"


_PATTERNS = {
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": ("is not a time of day", 'write HH:MM on a 24-hour clock, in quotes: "23:40"'),
    r"^[a-z][a-z0-9_]*$": ("is not an id", "use lower-case letters, digits and underscores, starting with a letter"),
}
"""What a string that misses a pattern of the format models is, and how to write it, in the author's words."""


def _fields_at(model: Any, loc: tuple[Any, ...]) -> set[str]:
    """The field names of the model(s) found by following a pydantic error location from `model`."""
    return {name for arm in _models_at(model, loc) for name in arm.model_fields}


def _models_at(model: Any, loc: tuple[Any, ...]) -> list[type[BaseModel]]:
    """The model(s) found by following a pydantic error location from `model`."""
    types: list[Any] = [model] if model is not None else []
    for part in loc:
        stepped = [inner for t in types for inner in _step(t, part)]
        if stepped:
            types = stepped  # a part that leads nowhere is a union-branch label: stay where we are
    return [arm for kind in types for arm in _arms(kind) if isinstance(arm, type) and issubclass(arm, BaseModel)]


def _example(models: list[type[BaseModel]]) -> str:
    """`{type: ..., default: ...}`: the required fields of the model expected at a spot (its first fields when
    none is required), as a mapping to write."""
    if not models:
        return ""
    fields = models[0].model_fields
    shown = [name for name, info in fields.items() if info.is_required()] or list(fields)[:2]
    more = ", ..." if len(shown) < len(fields) else ""
    return "{" + ", ".join(f"{name}: ..." for name in shown) + more + "}"


def _arms(annotation: Any) -> list[Any]:
    """The types a value of `annotation` can be: Annotated and unions taken apart."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arms(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [arm for a in typing.get_args(annotation) for arm in _arms(a)]
    return [annotation]


def _step(annotation: Any, part: Any) -> list[Any]:
    found: list[Any] = []
    for arm in _arms(annotation):
        origin = typing.get_origin(arm)
        if isinstance(arm, type) and issubclass(arm, BaseModel) and isinstance(part, str):
            info = arm.model_fields.get(part)
            if info is not None:
                found.append(info.annotation)
        elif origin is list and isinstance(part, int):
            found.append(typing.get_args(arm)[0])
        elif origin is dict:
            found.append(typing.get_args(arm)[1])
    return found


def validate(model: Any, source: Source, prefix: Path_, data: Any) -> tuple[Any, list[Diagnostic]]:
    """Validate `data` (found at `prefix` in `source`) as a model or a TypeAdapter: (value or None, problems)."""
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data), []
        return model.model_validate(data), []
    except ValidationError as err:
        return None, validation_diagnostics(err, source, prefix, None if isinstance(model, TypeAdapter) else model)
