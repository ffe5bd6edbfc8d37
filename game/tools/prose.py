"""The words of a story, for the checks: counting them, and finding passages written twice.

Shared by `archer check` (tools/check.py) and the mystery checks (tools/mystery_checks.py), so that neither
imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from game.world.diagnostics import Diagnostic, make
from game.world.ir import Parts, walk
from game.world.story import CEnding, CScene, Story

WORD = re.compile(r"[A-Za-z0-9'’-]+")
PASSAGE = 40
"""A passage of this many words, word for word in two scenes, is reported as duplicated prose."""


def strings_in(parts: Parts) -> Iterator[str]:
    """Every literal piece of a compiled template, from every branch, in order."""
    return (text for text in walk(parts) if isinstance(text, str))


def words_in(parts: Parts) -> int:
    """Words in a compiled template, counting every branch."""
    return sum(len(WORD.findall(text)) for text in strings_in(parts))


def plain_text(parts: Parts) -> str:
    """The literal text of a compiled template, every branch joined by spaces (for the text-level checks)."""
    return " ".join(strings_in(parts))


def duplicated_passages(story: Story, length: int = PASSAGE) -> list[Diagnostic]:
    """A warning for each pair of scenes (or endings) that share a passage of `length` or more words, word for
    word, with both places. Each pair is reported once, at the later of the two."""
    first_seen: dict[tuple[str, ...], str] = {}
    reported: set[tuple[str, str]] = set()
    found: list[Diagnostic] = []
    nodes: list[tuple[str, CScene | CEnding]] = [*story.scenes.items(), *story.endings.items()]
    for node_id, node in nodes:
        words = [w.lower() for w in WORD.findall(plain_text(node.text))]
        for start in range(len(words) - length + 1):
            window = tuple(words[start:start + length])
            other = first_seen.setdefault(window, node_id)
            if other == node_id or (other, node_id) in reported:
                continue
            reported.add((other, node_id))
            there = story.pos("node", other)
            found.append(make("AR091", story.pos("node", node_id),
                              f"'{node_id}' repeats {length}+ words of '{other}' ({there.path}:{there.line}) word for "
                              f"word: “{' '.join(words[start:start + 8])} …”",
                              "write it once: a shared scene both can go to, or a text block both include"))
    return found
