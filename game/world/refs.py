"""The one walker over the references a model declares: every `Ref` on a field, at any depth.

A field such as `goto: NodeId` (an `Id` annotated with `Ref("node", "scene or ending")`) says which kind of id
its value must be. `refs` reads those declarations from the models' annotations, through lists, mappings (keys
and values), optional fields, unions and nested models, and yields each reference with the path to it. The
loader checks them all in one loop (game.world.build), so the models stay the one definition of the format.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel

from game.world.model import Ref
from game.world.yamlsrc import Path_


class RefAt(NamedTuple):
    """One reference found in a value: what it must name, the id given, where it is, and whether it is a key."""

    ref: Ref
    value: str
    path: Path_
    key: bool


def refs(model: BaseModel, path: Path_ = ()) -> Iterator[RefAt]:
    """Every reference in a validated model, with paths relative to `path`."""
    for name, annotation in _fields(type(model)):
        yield from refs_in(annotation, getattr(model, name), (*path, name))


def refs_in(annotation: Any, value: Any, path: Path_ = (), key: bool = False) -> Iterator[RefAt]:
    """Every reference in `value`, read as the type `annotation`."""
    if value is None or not _has_refs(annotation):
        return
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        if isinstance(value, str):
            for item in meta:
                if isinstance(item, Ref):
                    yield RefAt(item, value, path, key)
        yield from refs_in(base, value, path, key)
    elif origin is list and isinstance(value, list | tuple):
        (inner,) = typing.get_args(annotation)
        for index, item in enumerate(value):
            yield from refs_in(inner, item, (*path, index))
    elif origin is dict and isinstance(value, dict):
        key_type, value_type = typing.get_args(annotation)
        for name, item in value.items():
            yield from refs_in(key_type, name, (*path, name), key=True)
            yield from refs_in(value_type, item, (*path, name))
    elif origin in (typing.Union, types.UnionType):
        for arm in typing.get_args(annotation):
            yield from refs_in(arm, value, path, key)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, annotation):
        yield from refs(value, path)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """A model's fields with their full annotations (pydantic keeps a field's own Annotated extras apart)."""
    found = []
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = typing.Annotated[(annotation, *info.metadata)]
        if _has_refs(annotation):
            found.append((name, annotation))
    return tuple(found)


@cache
def _has_refs(annotation: Any) -> bool:
    """Whether any reference can be found under this type (most text fields have none: skip them quickly)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return any(isinstance(item, Ref) for item in meta) or _has_refs(base)
    if origin is not None:
        return any(_has_refs(arg) for arg in typing.get_args(annotation) if not isinstance(arg, str | int))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_fields(annotation))
    return False
