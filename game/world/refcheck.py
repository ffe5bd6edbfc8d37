"""Every reference of the collected parts checked against the ids of its kind (AR031): "did you mean" offers
only ids of that kind, and a reference that most likely names a part without a usable id is told under that
part's own error rather than as an error of its own.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.model import Canon, Manifest, PackFile
from game.world.parts import Parts, part_specs
from game.world.refs import RefAt, refs, refs_in
from game.world.source import Source

PARTS_OF = {"node": ("scenes", "endings"), "scene": ("scenes",), "ending": ("endings",), "clue": ("clues",),
             "evidence": ("clues", "deductions"), "statement": ("statements",), "fact": ("facts",),
             "case": ("cases",), "motive": ("motives",), "secret": ("secrets",), "character": ("characters",),
             "place": ("places",)}
"""The parts whose items a reference of each kind names."""


def unknown_ref(word: str, value: str, known: Iterable[str], pos: Pos) -> Diagnostic | None:
    """AR031 for `value` when it is not among the `known` ids of its kind (`word` names the kind), else None."""
    known = set(known)
    if value in known:
        return None
    close = difflib.get_close_matches(value, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"define the {word} or fix the id"
    return make("AR031", pos, f"unknown {word} '{value}'", hint)


class RefChecker:
    """Checks the references of one load against `known` (kind -> ids), adding to `diagnostics`."""

    def __init__(self, parts: Parts, known: dict[str, set[str]], diagnostics: list[Diagnostic]) -> None:
        self.parts = parts
        self.known = known
        self.diagnostics = diagnostics
        self._unnamed: dict[int, tuple[Diagnostic, str, list[str]]] = {}

    def check_all(self, manifest: Manifest, msource: Source, canon: Canon, csource: Source) -> None:
        """Every reference any part declares, checked against the ids of its kind."""
        self._check(refs(canon), csource)
        self._check(refs(manifest), msource)
        specs = part_specs(PackFile)  # the story's parts and what packs may add
        for kind, placed_list in self.parts.items.items():
            for item, source, path in placed_list:
                self._check(refs_in(specs[kind].item_type, item, path), source)
        for kind, table in self.parts.entries.items():
            spec = specs[kind]
            for name, (item, source, path) in table.items():
                self._check(refs_in(spec.key_type, name, path, key=True), source)
                self._check(refs_in(spec.item_type, item, path), source)
        for hook, source, path in self.parts.hooks:
            self._check(refs(hook, path), source)
        self._fold_unnamed()

    def _check(self, found: Iterable[RefAt], source: Source) -> None:
        for ref in found:
            if ref.value in self.known[ref.ref.kind]:
                continue
            nameless = [d for part in PARTS_OF.get(ref.ref.kind, ()) for d in self.parts.nameless.get(part, [])]
            if nameless and not difflib.get_close_matches(ref.value, sorted(self.known[ref.ref.kind]), n=1):
                self._unnamed.setdefault(id(nameless[0]), (nameless[0], ref.ref.word, []))[2].append(ref.value)
                continue
            problem = unknown_ref(ref.ref.word, ref.value, self.known[ref.ref.kind],
                                  source.pos(ref.path, key=ref.key))
            if problem is not None:
                self.diagnostics.append(problem)

    def _fold_unnamed(self) -> None:
        """A reference to an id that no part defines, while a part of that kind has no usable id, is most likely
        to that part: it is told in the hint of the part's own error instead of as an error of its own."""
        for cause, word, idents in self._unnamed.values():
            named = ", ".join(f"'{i}'" for i in dict.fromkeys(idents))
            note = f"the story refers to {named}, which no {word} defines: perhaps this one"
            at = next(i for i, d in enumerate(self.diagnostics) if d is cause)
            self.diagnostics[at] = dataclasses.replace(cause, hint=f"{cause.hint} ({note})" if cause.hint else note)
