"""The compiled forms of conditions, effects and text templates, and the one walker that reads them.

`game.world.expr` builds these once at load; `game.engine.evaluate` interprets them and the tools read them
through `walk`. Every node is a small NamedTuple: plain data that pickles for the compiled-story cache and
reads as fast as a tuple. Two nodes are equal only when they are the same kind of node with the same fields
(a plain NamedTuple would make `Hear("x") == Reveal("x")`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, TypeVar, cast, get_args

Value = bool | int | str
"""What an expression evaluates to."""

_T = TypeVar("_T")


def _same_kind_equal(self: tuple[Any, ...], other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other) is True


def _same_kind_unequal(self: tuple[Any, ...], other: object) -> bool:
    return not _same_kind_equal(self, other)


def _node(cls: type[_T]) -> type[_T]:
    """Make a NamedTuple compare by kind as well as by fields (its hash stays the tuple's)."""
    # setattr, not `cls.__eq__ = ...`: type checkers refuse assignments to methods.
    setattr(cls, "__eq__", _same_kind_equal)  # noqa: B010
    setattr(cls, "__ne__", _same_kind_unequal)  # noqa: B010
    setattr(cls, "__hash__", tuple.__hash__)  # noqa: B010
    return cls


# ------------------------------------------------------------------------------------------------ expressions


@_node
class Const(NamedTuple):
    """A literal: a number, true/false or a string."""

    value: Value


@_node
class Get(NamedTuple):
    """A namespaced name such as `trust.june`: namespace `trust`, key `june`."""

    ns: str
    key: str


@_node
class Bare(NamedTuple):
    """A bare name such as `day` or `clues`."""

    name: str


@_node
class And(NamedTuple):
    """All parts true (evaluated left to right, stopping at the first false one)."""

    parts: tuple[Expr, ...]


@_node
class Or(NamedTuple):
    """Some part true (evaluated left to right, stopping at the first true one)."""

    parts: tuple[Expr, ...]


@_node
class Not(NamedTuple):
    """`not operand`."""

    operand: Expr


@_node
class Neg(NamedTuple):
    """`-operand`."""

    operand: Expr


@_node
class Cmp(NamedTuple):
    """A comparison: op is one of == != < <= > >=."""

    op: str
    left: Expr
    right: Expr


@_node
class Bin(NamedTuple):
    """Arithmetic: op is one of + - *."""

    op: str
    left: Expr
    right: Expr


@_node
class Call(NamedTuple):
    """A call of one of the allowed functions (min, max, abs)."""

    fn: str
    args: tuple[Expr, ...]


Expr = Const | Get | Bare | And | Or | Not | Neg | Cmp | Bin | Call

# ----------------------------------------------------------------------------------------------------- effects


@_node
class SetFlag(NamedTuple):
    """`set flag.X`."""

    flag: str


@_node
class ClearFlag(NamedTuple):
    """`clear flag.X`."""

    flag: str


@_node
class GiveClue(NamedTuple):
    """`clue X`."""

    clue: str


@_node
class Hear(NamedTuple):
    """`hear X`: record a statement."""

    statement: str


@_node
class Reveal(NamedTuple):
    """`reveal X`: uncover a secret."""

    secret: str


@_node
class Assign(NamedTuple):
    """`ns.key op value`; ns is var, trust, composure, belief, or standing (with an empty key)."""

    ns: str
    key: str
    op: str
    value: Expr


Effect = SetFlag | ClearFlag | GiveClue | Hear | Reveal | Assign

# --------------------------------------------------------------------------------------------------- templates


@_node
class Interp(NamedTuple):
    """`{expr}` in text: the value, with true/false shown as yes/no."""

    expr: Expr


@_node
class Branch(NamedTuple):
    """One `{if}` or `{elif}` arm of a block."""

    cond: Expr
    body: Parts


@_node
class IfBlock(NamedTuple):
    """`{if}...{elif}...{else}...{end}`: the first arm whose condition holds, else `otherwise`."""

    branches: tuple[Branch, ...]
    otherwise: Parts


Part = str | Interp | IfBlock
Parts = tuple[Part, ...]
"""A compiled template: text strings and the nodes between them."""

Node = Expr | Effect | Interp | Branch | IfBlock
NODE_TYPES: tuple[type, ...] = get_args(Node)


def walk(root: object) -> Iterator[Node | str]:
    """Every node in `root` and below it, parents first, with the text strings of templates.

    `root` is one node, a compiled template, a tuple of effects, or None (an absent condition: nothing).
    Strings are yielded only where they are template text, never a node's own fields (an id, an operator).
    """
    if root is None:
        return
    if isinstance(root, str):
        yield root
        return
    if isinstance(root, NODE_TYPES):
        yield cast(Node, root)
        for value in cast(tuple[object, ...], root):
            if isinstance(value, tuple):
                yield from walk(value)
        return
    if isinstance(root, Iterable):
        for item in root:
            yield from walk(item)


def reads(root: object) -> Iterator[Get | Bare]:
    """The names an expression, effect or template reads."""
    for node in walk(root):
        if isinstance(node, Get | Bare):
            yield node
