"""What a passage names, for the continuity pass (game.tools.continuity): the characters a piece of text names
by their canon names, those a template names as it renders for a state, those it may name wherever some facts
hold (for the analysis, game.tools.continuity_flow), and those an `assumes:` condition speaks of.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from game.engine.evaluate import Env, evaluate
from game.tools.continuity_flow import Facts
from game.world.ir import Expr, Get, IfBlock, Interp, Parts, reads
from game.world.story import Story

_TITLES = frozenset({"Madame", "Mrs.", "Mrs", "Mr.", "Mr", "Officer", "Miss", "Ms.", "Ms", "Dr.", "Dr"})


class Names:
    """Finds the characters a piece of text names, by their canon names; cached per string."""

    def __init__(self, story: Story) -> None:
        words: dict[str, set[str]] = {}
        for cid, person in story.characters.items():
            for word in (person.name, person.short):
                words.setdefault(word, set()).add(cid)
            for word in person.name.split():
                if len(word) > 2 and word[0].isupper() and word not in _TITLES:
                    words.setdefault(word, set()).add(cid)
        # A word that two people share (a family name) names neither for sure: only full names and unique words.
        self.who = {word: next(iter(ids)) for word, ids in words.items() if len(ids) == 1}
        ordered = sorted(self.who, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])")
        self.cache: dict[str, tuple[str, ...]] = {}

    def named(self, text: str) -> tuple[str, ...]:
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = tuple(dict.fromkeys(self.who[m.group(1)] for m in self.pattern.finditer(text)))
        return found


def shown_names(parts: Parts, env: Env, names: Names) -> Iterator[str]:
    """The characters a compiled template names as it renders for `env`: in its text, in the `{if}` branches
    that hold, and through `{name.C}`."""
    for part in parts:
        if isinstance(part, str):
            yield from names.named(part)
        elif isinstance(part, Interp):
            if isinstance(part.expr, Get) and part.expr.ns == "name":
                yield part.expr.key
        else:
            for branch in part.branches:
                if evaluate(branch.cond, env):
                    yield from shown_names(branch.body, env, names)
                    break
            else:
                yield from shown_names(part.otherwise, env, names)


def template_names(parts: Parts, facts: Facts, held: int,
                   named: Callable[[str], tuple[str, ...]]) -> Iterator[tuple[str, int]]:
    """Each character a template may name where `held` holds, with the facts that hold where it is named (an
    `{if}` arm adds what its condition proves, and the arms before it being false). `named` finds the
    characters a piece of text names."""
    for part in parts:
        if isinstance(part, str):
            for who in named(part):
                yield who, held
        elif isinstance(part, Interp):
            if isinstance(part.expr, Get) and part.expr.ns == "name":
                yield part.expr.key, held
        elif isinstance(part, IfBlock):
            rest = held
            for branch in part.branches:
                truth = facts.decide(branch.cond, rest)
                if truth is not False:
                    keep, add = facts.learn(branch.cond, True)
                    yield from template_names(branch.body, facts, (rest & keep) | add, named)
                if truth is True:
                    break
                keep, add = facts.learn(branch.cond, False)
                rest = (rest & keep) | add
            else:
                yield from template_names(part.otherwise, facts, rest, named)


def covered(assumes: Expr | None) -> frozenset[str]:
    """The characters an `assumes:` condition speaks of (`met.C`, `trust.C`, ...): their names are its to
    vouch for, and AR100 checks it."""
    return frozenset(node.key for node in reads(assumes) if isinstance(node, Get) and node.ns not in ("name",))
