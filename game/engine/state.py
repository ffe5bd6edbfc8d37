"""GameState: everything one playthrough has become, as plain data that round-trips through JSON exactly.

States are values. The engine never mutates one in place: every action returns a new state, so undo is the
previous state and a save is the seed, the path of actions and a snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, get_origin

from pydantic import BaseModel, ConfigDict

Value = int | bool | str


class PersonState(BaseModel):
    """One character's side of this playthrough."""

    model_config = ConfigDict(extra="forbid")

    trust: int = 0
    """Trust toward Neveah; higher opens up more of what they know."""
    composure: int = 5
    """How far they are from breaking under questioning; at 0 they crack."""
    belief: str | None = None
    """Who they think pushed Cassie; drives gossip and reactions."""


class GameState(BaseModel):
    """The whole state of a game. Lists that act as sets are kept in the order things happened."""

    model_config = ConfigDict(extra="forbid")

    story_id: str
    seed: int
    case: str
    scene: str
    """The current scene, or the ending once one is reached."""
    ending: str | None = None
    day: int = 0
    """Index into the story's days."""
    slot: int = 0
    """Index into the story's slots."""
    standing: int = 5
    flags: list[str] = []
    vars: dict[str, Value] = {}
    people: dict[str, PersonState] = {}
    clues: list[str] = []
    deductions: list[str] = []
    pending: list[list[str]] = []
    """Combinations proposed on the board and not yet confirmed, each sorted."""
    heard: list[str] = []
    """Statements recorded, in the order heard."""
    caught: list[str] = []
    """Statements broken by a right contradiction."""
    secrets: list[str] = []
    wrong_presents: int = 0
    accusations_left: int = 2
    accused: list[str] = []
    """Suspects accused so far, in order."""
    verdicts: list[str] = []
    """The verdict of each accusation, in order: solved, wrong, or weak:POINTS (each failed point, joined by +)."""
    marks: dict[str, str] = {}
    """The player's own mark per suspect: suspect, unsure or cleared (unmarked suspects are absent)."""
    visits: dict[str, int] = {}
    taken: list[str] = []
    origin: str | None = None
    """Where a test game started (`archer play --from`), as `SCENE@DAY.SLOT`; None for the story's start.
    Replaying the path (a reload, a restored save) starts from here too."""
    """`scene.choice` keys of once-only choices already taken."""
    path: list[str] = []
    """Every action since the start, in order: replaying it on the same story gives this state."""
    said: str = ""
    """`scene.choice` of the last choice taken, whose reply the view shows; "" when it has none."""
    returned: bool = False
    """The current scene was entered before in this same day and slot: the view shows its `again` text."""
    entered: dict[str, int] = {}
    """Scene id -> the clock (day * slots + slot) at its last entry, to tell a return from a new visit."""

    if not TYPE_CHECKING:

        def __setattr__(self, name: str, value: Any) -> None:
            """What pydantic does for a field of a model without validation on assignment (the value stored, the
            field marked as set), without its handler lookup: the engine sets fields several times a step."""
            if name in _FIELD_NAMES:
                self.__dict__[name] = value
                self.__pydantic_fields_set__.add(name)
            else:
                super().__setattr__(name, value)


_M = TypeVar("_M", bound=BaseModel)


def _copy_model(model: _M) -> _M:
    """A shallow copy of a pydantic model without validation (its fields are scalars)."""
    new: _M = object.__new__(type(model))
    object.__setattr__(new, "__dict__", dict(model.__dict__))
    object.__setattr__(new, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    object.__setattr__(new, "__pydantic_extra__", None)
    object.__setattr__(new, "__pydantic_private__", None)
    return new


_FIELDS = GameState.model_fields
_FIELD_NAMES = frozenset(_FIELDS)
if GameState.model_config.get("validate_assignment") or GameState.model_config.get("frozen"):  # pragma: no cover
    raise ImportError("GameState.__setattr__ stores fields without validation: it would skip what is asked")
_LISTS = tuple(name for name, info in _FIELDS.items() if get_origin(info.annotation) is list and name != "pending")
_DICTS = tuple(name for name, info in _FIELDS.items() if get_origin(info.annotation) is dict)
"""The fields that hold lists and dicts (their types say so, however their defaults are given): what `clone`
copies (`pending`, a list of lists, apart)."""


def clone(state: GameState) -> GameState:
    """A copy that shares nothing mutable with `state` except PersonState records, made without pydantic's
    deep copy (which is slow). People are copied on write: change one only through `person_for_write`.
    """
    new: GameState = object.__new__(type(state))
    fields = dict(state.__dict__)
    for name in _LISTS:
        fields[name] = fields[name].copy()
    for name in _DICTS:
        fields[name] = fields[name].copy()
    fields["pending"] = [list(combo) for combo in state.pending]
    object.__setattr__(new, "__dict__", fields)
    object.__setattr__(new, "__pydantic_fields_set__", set(state.__pydantic_fields_set__))
    object.__setattr__(new, "__pydantic_extra__", None)
    object.__setattr__(new, "__pydantic_private__", None)
    return new


def person_for_write(state: GameState, who: str) -> PersonState:
    """The PersonState of `who` in `state`, copied first so that no other state sees the change."""
    person = state.people.get(who)
    fresh = _copy_model(person) if person is not None else PersonState()
    state.people[who] = fresh
    return fresh
