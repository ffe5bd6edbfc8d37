"""The outline of a story file: its scenes (with their choices), endings, clues, statements and the other parts
that have ids, each with the lines it spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

OUTLINED = ("scenes", "endings", "clues", "deductions", "statements", "secrets", "facts", "cases", "motives",
            "characters", "places")
"""Parts of a file whose items the outline lists, in this order."""


@dataclass
class Symbol:
    """One entry of the outline; lines and columns are 0-based, as the protocol counts."""

    name: str
    kind: str
    """The part it comes from, singular: scene, choice, clue, hook..."""
    start: tuple[int, int]
    end: tuple[int, int]
    name_at: tuple[int, int]
    children: list[Symbol] = field(default_factory=list)


def outline(path: Path, text: str) -> list[Symbol]:
    """The outline of `text` (the file at `path`, as the editor has it); empty when it is not valid YAML."""
    from game.world.yamlsrc import read, unsaved

    with unsaved({path.resolve(): text}):
        source = read(path, str(path))
    if not isinstance(source.data, dict):
        return []
    last = max(len(text.splitlines()) - 1, 0)
    starts: list[tuple[tuple[int, int], tuple]] = []
    for part in OUTLINED:
        items = source.data.get(part)
        if isinstance(items, list):
            starts.extend((_at(source.pos((part, i))), (part, i)) for i in range(len(items)))
    hooks = source.data.get("hooks")
    if isinstance(hooks, list):
        starts.extend((_at(source.pos(("hooks", i))), ("hooks", i)) for i in range(len(hooks)))
    starts.sort()
    symbols: list[Symbol] = []
    for number, (begin, item_path) in enumerate(starts):
        end = (starts[number + 1][0][0] - 1, 0) if number + 1 < len(starts) else (last, 0)
        end = max(end, begin)
        part, index = item_path
        item = source.data[part][index]
        if not isinstance(item, dict):
            continue
        if part == "hooks":
            symbols.append(_hook(source, item, index, begin, end))
            continue
        ident = item.get("id")
        name = ident if isinstance(ident, str) else f"({part[:-1]} without an id)"
        symbol = Symbol(name, part[:-1] if part != "deductions" else "deduction", begin, end,
                        _at(source.pos((part, index, "id"))))
        for number_, choice in enumerate(item.get("choices") or [] if part == "scenes" else []):
            if isinstance(choice, dict):
                cid = choice.get("id") or choice.get("goto") or "(choice)"
                at = _at(source.pos((part, index, "choices", number_)))
                symbol.children.append(Symbol(str(cid), "choice", at, at, at))
        symbols.append(symbol)
    return symbols


def _hook(source, item: dict, index: int, begin: tuple[int, int], end: tuple[int, int]) -> Symbol:
    choice = item.get("choice")
    if isinstance(choice, dict):
        name = f"{item.get('scene')} + {choice.get('id') or choice.get('goto')}"
    else:
        name = f"{item.get('clue')} in {item.get('case')}"
    return Symbol(name, "hook", begin, end, begin)


def _at(pos) -> tuple[int, int]:
    return (max(pos.line - 1, 0), max(pos.col - 1, 0))
