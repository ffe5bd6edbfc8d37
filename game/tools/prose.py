"""The words of a story, for the checks: counting them, and finding passages written twice.

Shared by `archer check` (tools/check.py) and the mystery checks (tools/mystery_checks.py), so that neither
imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import IfBlock, Parts
from game.world.model import Clue, Deduction
from game.world.story import CEnding, CScene, Story

WORD = re.compile(r"[A-Za-z0-9'’-]+")
PASSAGE = 40
"""A passage of this many words, word for word in two scenes, is reported as duplicated prose."""


def strings_in(parts: Parts) -> Iterator[str]:
    """Every literal piece of a compiled template, from every branch, in order: what `walk` yields as text (the
    pieces of the template and of each `{if}` arm), read straight from the parts, which the checks do for every
    passage of the story."""
    for part in parts:
        if isinstance(part, str):
            yield part
        elif isinstance(part, IfBlock):
            for branch in part.branches:
                yield from strings_in(branch.body)
            yield from strings_in(part.otherwise)


def words_in(parts: Parts) -> int:
    """Words in a compiled template, counting every branch."""
    return sum(len(WORD.findall(text)) for text in strings_in(parts))


def plain_text(parts: Parts) -> str:
    """The literal text of a compiled template, every branch joined by spaces (for the text-level checks)."""
    return " ".join(strings_in(parts))


def passages(story: Story) -> Iterator[tuple[str, Pos, str]]:
    """Every passage a player reads, with a label and where it is written: scenes (text, `again`, each choice's
    reply), endings, clues and deductions with each case's reading, secrets and case reveals. Statements are left
    out: a statement is recorded in the words its speaker says on screen, so it repeats its scene on purpose."""
    nodes: list[tuple[str, CScene | CEnding]] = [*story.scenes.items(), *story.endings.items()]
    for node_id, node in nodes:
        yield node_id, story.pos("node", node_id), plain_text(node.text)
        if isinstance(node, CScene):
            if node.again is not None:
                yield f"{node_id} (again)", story.pos("node", node_id), plain_text(node.again)
            for choice in node.choices:
                if choice.reply is not None:
                    yield (f"{node_id}.{choice.id} (reply)", story.pos("choice", f"{node_id}.{choice.id}"),
                           plain_text(choice.reply))
    evidence: list[Clue | Deduction] = [*story.clues.values(), *story.deductions.values()]
    for item in evidence:
        yield item.id, story.pos("clue", item.id), item.text
        for case, variant in item.variants.items():
            yield f"{item.id} (in {case})", story.pos("clue", item.id), variant.text
    for key, parts in story.texts.items():
        kind, _, ident = key.partition(":")
        if kind in ("secret", "case"):
            yield ident if kind == "secret" else f"{ident} (reveal)", story.pos(kind, ident), plain_text(parts)


def duplicated_passages(story: Story, length: int = PASSAGE) -> list[Diagnostic]:
    """A warning for each pair of passages (see `passages`) that share a run of `length` or more words, word for
    word, with both places. Each pair is reported once, at the later of the two."""
    first_seen: dict[tuple[str, ...], tuple[str, Pos]] = {}
    reported: set[tuple[str, str]] = set()
    found: list[Diagnostic] = []
    for label, pos, text in passages(story):
        words = [w.lower() for w in WORD.findall(text)]
        for start in range(len(words) - length + 1):
            window = tuple(words[start:start + length])
            other, there = first_seen.setdefault(window, (label, pos))
            if other == label or (other, label) in reported:
                continue
            reported.add((other, label))
            found.append(make("AR091", pos,
                              f"'{label}' repeats {length}+ words of '{other}' ({there.path}:{there.line}) word for "
                              f"word: “{' '.join(words[start:start + 8])} …”",
                              "write it once: a shared scene both can go to, or a text block both include"))
    return found
