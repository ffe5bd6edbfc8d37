"""The one walker over the references a model declares: every `Ref` on a field, at any depth.

A field such as `goto: NodeId` (an `Id` annotated with `Ref("node", "scene or ending")`) says which kind of id
its value must be. `refs` reads those declarations from the models' annotations, through lists, mappings (keys
and values), optional fields, unions and nested models, and yields each reference with the path to it. The
loader checks them all in one loop (game.world.build), so the models stay the one definition of the format.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
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
    found: list[RefAt] = []
    _model_walker(type(model))(model, path, found)
    return iter(found)


def refs_in(annotation: Any, value: Any, path: Path_ = (), key: bool = False) -> Iterator[RefAt]:
    """Every reference in `value`, read as the type `annotation`."""
    found: list[RefAt] = []
    walk = _walker(annotation)
    if walk is not None:
        walk(value, path, key, found)
    return iter(found)


_Walk = Callable[[Any, Path_, bool, list[RefAt]], None]
"""Appends the references in a value (read as one annotation) to the list, given the value's path and whether it
is a mapping key."""


@cache
def _walker(annotation: Any) -> _Walk | None:
    """The walk of one annotation, worked out once from the annotation (None where no reference can be under
    it), so that a load reads each model's declarations once rather than at every value. It visits the value
    as one recursive reading of the annotation would: marks on a string, then its base type; list items in
    order; each mapping key, then its value; every arm of a union; a model's fields in order."""
    if not _has_refs(annotation):
        return None
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _annotated(tuple(item for item in meta if isinstance(item, Ref)), _walker(base))
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return _listed(_walker(inner))
    if origin is dict:
        key_type, value_type = typing.get_args(annotation)
        return _mapped(_walker(key_type), _walker(value_type))
    if origin in (typing.Union, types.UnionType):
        return _union(tuple(w for w in map(_walker, typing.get_args(annotation)) if w is not None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    return None


def _annotated(marks: tuple[Ref, ...], base: _Walk | None) -> _Walk:
    def walk(value: Any, path: Path_, key: bool, found: list[RefAt]) -> None:
        if value is None:
            return
        if isinstance(value, str):
            for mark in marks:
                found.append(RefAt(mark, value, path, key))
        if base is not None:
            base(value, path, key, found)
    return walk


def _listed(inner: _Walk | None) -> _Walk:
    def walk(value: Any, path: Path_, key: bool, found: list[RefAt]) -> None:
        if inner is not None and isinstance(value, list | tuple):
            for index, item in enumerate(value):
                inner(item, (*path, index), False, found)
    return walk


def _mapped(keys: _Walk | None, values: _Walk | None) -> _Walk:
    def walk(value: Any, path: Path_, key: bool, found: list[RefAt]) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                if keys is not None:
                    keys(name, (*path, name), True, found)
                if values is not None:
                    values(item, (*path, name), False, found)
    return walk


def _union(arms: tuple[_Walk, ...]) -> _Walk:
    def walk(value: Any, path: Path_, key: bool, found: list[RefAt]) -> None:
        if value is not None:
            for arm in arms:
                arm(value, path, key, found)
    return walk


def _model(annotation: type[BaseModel]) -> _Walk:
    def walk(value: Any, path: Path_, key: bool, found: list[RefAt]) -> None:
        if isinstance(value, annotation):
            _model_walker(type(value))(value, path, found)
    return walk


@cache
def _model_walker(model: type[BaseModel]) -> Callable[[Any, Path_, list[RefAt]], None]:
    """The walk of a model's fields that can hold references, in order (a field's path adds its name)."""
    fields = tuple((name, walk) for name, annotation in _fields(model)
                   if (walk := _walker(annotation)) is not None)

    def walk_model(value: Any, path: Path_, found: list[RefAt]) -> None:
        for name, walk in fields:
            walk(getattr(value, name), (*path, name), False, found)
    return walk_model


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
