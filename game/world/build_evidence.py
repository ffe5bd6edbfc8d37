"""Building the evidence of a Story: each clue's and deduction's reading in every case (defaults, variants and
hooks), with what it carries, confirms and places, checked as it is compiled. A part of the Builder
(game.world.build), kept apart so that each module holds one concern."""

from __future__ import annotations

from game.world.diagnostics import Diagnostic, make
from game.world.ir import Parts
from game.world.model import Clue, Deduction, Evidence
from game.world.parts import Parts as Collected
from game.world.parts import Placed
from game.world.story import CEvidence
from game.world.yamlsrc import Path_, Source


class EvidenceBuilding:
    """The Builder's evidence methods; the Builder provides the parts, the diagnostics, the known ids and `_text`."""

    parts: Collected
    diagnostics: list[Diagnostic]
    known: dict[str, set[str]]

    def _text(self, src: str, source: Source, path: Path_) -> Parts:
        raise NotImplementedError  # the Builder's template compiler

    def _check_hooks(self, scenes: dict[str, Placed], clues: dict[str, Placed], cases: dict[str, Placed],
                     evidence: dict[tuple[str, str], CEvidence]) -> None:
        """Hooks must name what exists; clue hooks replace that clue's (or deduction's) evidence in their case."""
        for hook, source, path in self.parts.hooks:
            if hook.scene is not None and hook.scene not in self.known["scene"]:
                self.diagnostics.append(make("AR082", source.pos((*path, "scene")),
                                             f"hook into missing scene '{hook.scene}'",
                                             "hook into a scene of the story"))
            if hook.clue is None:
                continue
            if hook.clue not in self.known["evidence"]:
                self.diagnostics.append(make("AR082", source.pos((*path, "clue")),
                                             f"hook into missing clue '{hook.clue}'",
                                             "hook into a clue or deduction of the story"))
                continue
            if hook.clue not in clues or hook.case not in cases or hook.variant is None:
                continue
            item = clues[hook.clue].item
            assert isinstance(item, Clue | Deduction)
            kind, found = kind_and_found(item)
            vpath = (*path, "variant")
            self._weights(hook.variant.weights, source, (*vpath, "weights"))
            evidence[(hook.case, hook.clue)] = CEvidence(
                hook.clue, item.title, kind, found, self._text(hook.variant.text, source, (*vpath, "text")),
                dict(hook.variant.weights), self._carries(hook.variant, source, vpath), tuple(hook.variant.confirms),
                item.names_culprit, self._places(hook.variant))

    def _evidence(self, clues: dict[str, Placed], deductions: dict[str, Placed],
                  cases: dict[str, Placed]) -> dict[tuple[str, str], CEvidence]:
        evidence: dict[tuple[str, str], CEvidence] = {}
        for table in (clues, deductions):
            for item_id, (item, source, path) in table.items():
                assert isinstance(item, Clue | Deduction)
                kind, found = kind_and_found(item)
                self._weights(item.weights, source, (*path, "weights"))
                default = self._text(item.text, source, (*path, "text"))
                carries, confirms, places = self._carries(item, source, path), tuple(item.confirms), self._places(item)
                variants: dict[str, CEvidence] = {}
                for case_id, variant in item.variants.items():
                    vpath = (*path, "variants", case_id)
                    self._weights(variant.weights, source, (*vpath, "weights"))
                    variants[case_id] = CEvidence(item_id, item.title, kind, found,
                                                  self._text(variant.text, source, (*vpath, "text")),
                                                  dict(variant.weights), self._carries(variant, source, vpath),
                                                  tuple(variant.confirms), item.names_culprit,
                                                  self._places(variant))
                for case_id in cases:
                    evidence[(case_id, item_id)] = variants.get(case_id) or CEvidence(
                        item_id, item.title, kind, found, default, dict(item.weights), carries, confirms,
                        item.names_culprit, places)
        return evidence

    def _carries(self, item: Clue | Deduction | Evidence, source: Source,
                 path: Path_) -> tuple[tuple[str, str, str | None], ...]:
        """The points an evidence reading carries; a motive carry names its motive, no other carry does (the ids
        themselves are checked by their references)."""
        found = []
        for index, carry in enumerate(item.carries):
            cpath = (*path, "carries", index)
            if carry.point == "motive" and carry.motive is None:
                self.diagnostics.append(make("AR010", source.pos(cpath), "a motive carry needs `motive`: which "
                                             "motive this evidence supports", "add `motive: ID` (a motive id)"))
                continue
            if carry.point != "motive" and carry.motive is not None:
                self.diagnostics.append(make("AR012", source.pos((*cpath, "motive")),
                                             f"`motive` belongs only to a motive carry, not to {carry.point}",
                                             "remove `motive`, or make the point `motive`"))
            found.append((carry.point, carry.against, carry.motive if carry.point == "motive" else None))
        return tuple(found)

    @staticmethod
    def _places(item: Clue | Deduction | Evidence) -> tuple[tuple[str, str, str | None, str | None], ...]:
        return tuple((seen.who, seen.at, seen.where, seen.away_from) for seen in item.places)

    def _weights(self, weights: dict[str, float], source: Source, path: Path_) -> None:
        for who, weight in weights.items():
            if weight < 0:
                self.diagnostics.append(make("AR012", source.pos((*path, who)),
                                             f"weight for '{who}' is negative", "use 0 to clear, 1 for neutral"))


def kind_and_found(item: Clue | Deduction) -> tuple[str, str]:
    """A piece of evidence's kind and how it was found: a deduction is worked out on the board."""
    return (item.kind, item.found) if isinstance(item, Clue) else ("deduction", "Worked out on the board")
