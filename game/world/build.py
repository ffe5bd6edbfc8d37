"""Building a Story from the collected parts: ids indexed, every reference checked, every expression compiled.

References are checked in one loop from what the models declare (game.world.refs, game.world.refcheck); what is
left here is what a declaration cannot say: duplicate ids, choice ids, hooks, schedules, weights, and the
compiling itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from game.world import expr, template
from game.world.build_evidence import EvidenceBuilding
from game.world.diagnostics import Diagnostic, Pos, has_errors, make
from game.world.ir import Effect, Expr, Parts
from game.world.model import Canon, Contradiction, Manifest, Person
from game.world.parts import Parts as Collected
from game.world.parts import Placed
from game.world.refcheck import RefChecker, unknown_ref
from game.world.story import CChoice, CEnding, CScene, Story
from game.world.yamlsrc import Path_, Source

_TYPE_WORDS = {"int": "a whole number (int)", "bool": "true or false (bool)", "str": "text (str)"}
_TYPE_EXAMPLES = {"int": "0", "bool": "false", "str": '""'}
COMMAND_WORDS = frozenset({"present", "link", "unlink", "confirm", "accuse"})
"""Actions that are not choices; a choice with one of these ids could never be taken."""


class Builder(EvidenceBuilding):
    """Checks every reference and compiles every expression of the collected parts into a Story."""

    def __init__(self, manifest: Manifest, msource: Source, canon: Canon, csource: Source, parts: Collected,
                 diagnostics: list[Diagnostic]) -> None:
        self.manifest = manifest
        self.msource = msource
        self.canon = canon
        self.csource = csource
        self.parts = parts
        self.diagnostics = diagnostics
        self.where: dict[tuple[str, str], Pos] = dict(parts.declared_at)
        self.passages: dict[tuple[str, str], tuple[str, int, int]] = {}
        self.known: dict[str, set[str]] = {}

    # ---- ids and references

    def _index(self, kind: str, label: str, extra_ids: dict[str, Pos] | None = None) -> dict[str, Placed]:
        result: dict[str, Placed] = {}
        for placed in self.parts.get(kind):
            item, source, path = placed
            pos = source.pos((*path, "id"))
            other = self.where.get((label, item.id))
            if item.id in result or (extra_ids and item.id in extra_ids):
                first = other or (extra_ids or {}).get(item.id)
                at = f" (first at {first.path}:{first.line})" if first else ""
                self.diagnostics.append(make("AR030", pos, f"{label} id '{item.id}' is defined twice{at}",
                                             "ids must be unique: rename one"))
                continue
            result[item.id] = placed
            self.where[(label, item.id)] = pos
        return result

    def _ref(self, word: str, value: str, known: Iterable[str], pos: Pos) -> bool:
        problem = unknown_ref(word, value, known, pos)
        if problem is not None:
            self.diagnostics.append(problem)
        return problem is None

    def _broken_var_types(self) -> dict[str, str]:
        """The declared types of vars whose declaration is broken elsewhere: their uses are still type-checked
        as written, instead of reporting a follow-on type error."""
        found = {}
        for (part, name), raw in self.parts.broken_entries.items():
            kind = raw.get("type") if part == "vars" and isinstance(raw, dict) else None
            if kind in ("int", "bool", "str"):
                found[name] = kind
        return found

    # ---- compile helpers

    def _expr(self, src: str | None, source: Source, path: Path_) -> Expr | None:
        if src is None:
            return None
        ir, found = expr.compile_expr(src, self.scope, lambda off: source.text_pos(path, off))
        self.diagnostics.extend(found)
        return ir

    def _effects(self, effects: Sequence[str], source: Source, path: Path_) -> tuple[Effect, ...]:
        compiled: list[Effect] = []
        for index, src in enumerate(effects):
            where = (*path, index)
            ir, found = expr.compile_effect(src, self.scope, functools.partial(source.text_pos, where))
            self.diagnostics.extend(found)
            if ir is not None:
                compiled.append(ir)
        return tuple(compiled)

    def _text(self, src: str, source: Source, path: Path_) -> Parts:
        parts, found = template.compile_template(src, self.scope, lambda off: source.text_pos(path, off))
        self.diagnostics.extend(found)
        return parts

    # ---- the build

    def build(self, fingerprint: str, files: tuple[str, ...]) -> Story | None:
        canon = self.canon
        characters = {c.id: c for c in canon.characters}
        places = {p.id: p for p in canon.places}
        self._add_pack_people(characters, "characters", "character")
        self._add_pack_people(places, "places", "place")
        scenes = self._index("scenes", "node")
        endings = self._index("endings", "node", {k: self.where[("node", k)] for k in scenes})
        clues = self._index("clues", "clue")
        deductions = self._index("deductions", "clue", {k: self.where[("clue", k)] for k in clues})
        secrets = self._index("secrets", "secret")
        facts = self._index("facts", "fact")
        statements = self._index("statements", "statement")
        motives = self._index("motives", "motive")
        cases = self._index("cases", "case")
        days = [d.id for d in self.manifest.days]
        slots = list(self.manifest.slots)
        flags, var_decls = self.parts.named("flags"), self.parts.named("vars")
        suspects = list(dict.fromkeys(placed.item for placed in self.parts.get("suspects")))
        broken = self.parts.broken

        def defined(table: Iterable[str], part: str) -> set[str]:
            """The ids of a part, with those of its items that failed validation (defined, though broken)."""
            return set(table) | broken.get(part, set())

        ids = {
            "flag": defined(flags, "flags"), "var": defined(var_decls, "vars"),
            "character": set(characters) | broken.get("characters", set()),
            "place": set(places) | broken.get("places", set()),
            "clue": defined(clues, "clues"), "deduction": defined(deductions, "deductions"),
            "secret": defined(secrets, "secrets"), "statement": defined(statements, "statements"),
            "fact": defined(facts, "facts"), "day": set(days), "slot": set(slots), "case": defined(cases, "cases"),
        }
        scene_ids, ending_ids = defined(scenes, "scenes"), defined(endings, "endings")
        self.known = {
            **ids, "scene": scene_ids, "ending": ending_ids, "node": scene_ids | ending_ids,
            "evidence": ids["clue"] | ids["deduction"], "suspect": set(suspects),
            "motive": defined(motives, "motives"), "content note": {n.id for n in self.manifest.content_notes},
        }
        self.scope = expr.Scope(ids={**ids, "scene": self.known["node"]},
                                var_types={**self._broken_var_types(), **{n: d.type for n, d in var_decls.items()}})
        self._check_vars(var_decls)
        checker = RefChecker(self.parts, self.known, self.diagnostics)
        checker.check_all(self.manifest, self.msource, self.canon, self.csource)
        self._check_manifest(days, slots)
        c_scenes = {sid: self._scene(*placed) for sid, placed in scenes.items()}
        c_endings = {eid: CEnding(item.id, item.title, item.kind, self._text(item.text, source, (*path, "text")),
                                  self._effects(item.enter, source, (*path, "enter")), source.shown)
                     for eid, (item, source, path) in endings.items()}
        for eid, (_, source, path) in endings.items():
            self._passage("text", eid, source, (*path, "text"))
        texts: dict[str, Parts] = {}
        evidence = self._evidence(clues, deductions, cases)
        self._check_hooks(scenes, {**clues, **deductions}, cases, evidence)
        for table, kind, field in ((secrets, "secret", "text"), (statements, "statement", "text"),
                                   (cases, "case", "reveal")):
            for ident, (item, source, path) in table.items():
                texts[f"{kind}:{ident}"] = self._text(getattr(item, field), source, (*path, field))
        for item, source, path in facts.values():
            if (item.true_in is None) == (item.false_in is None):
                both = item.true_in is not None
                self.diagnostics.append(make(
                    "AR012" if both else "AR010", source.pos(path),
                    f"fact '{item.id}' gives both `true_in` and `false_in`" if both else
                    f"fact '{item.id}' says neither where it holds (`true_in`) nor where it does not (`false_in`)",
                    "keep one: `true_in: [cases]` (or `all`), or `false_in: [cases]` for a fact that holds in "
                    "every other case"))
        contradictions, effects = self._contradictions(texts)
        people = self._people(days, slots)
        if not cases:
            self.diagnostics.append(make("AR066", self.msource.pos(()), "the story defines no cases",
                                         "add at least one case under `cases:` in an included file"))
        if has_errors(self.diagnostics):
            return None
        return Story(
            manifest=self.manifest,
            canon=canon,
            fingerprint=fingerprint,
            scenes=c_scenes,
            endings=c_endings,
            clues={k: v.item for k, v in clues.items()},
            deductions={k: v.item for k, v in deductions.items()},
            secrets={k: v.item for k, v in secrets.items()},
            facts={k: v.item for k, v in facts.items()},
            statements={k: v.item for k, v in statements.items()},
            contradictions=contradictions,
            motives={k: v.item for k, v in motives.items()},
            cases={k: v.item for k, v in cases.items()},
            people=people,
            suspects=tuple(s for s in suspects if s in characters),
            flags=flags,
            vars=var_decls,
            evidence=evidence,
            texts=texts,
            contradiction_effects=effects,
            characters=characters,
            places=places,
            where={key: (pos.path, pos.line, pos.col) for key, pos in self.where.items()},
            files=files,
            used=frozenset(self.scope.used),
            met_in=_met_in(c_scenes),
            passages=self.passages,
        )

    def _add_pack_people(self, table: dict[str, Any], part: str, kind: str) -> None:
        """A pack's own characters or places join the canon's; one the canon has already is AR081."""
        for item, source, path in self.parts.get(part):
            pos = source.pos((*path, "id"))
            if item.id in table:
                first = self.where.get((kind, item.id))
                at = f" (first at {first.path}:{first.line})" if first else " (in the canon)"
                self.diagnostics.append(make("AR081", pos, f"{kind} '{item.id}' is defined twice{at}",
                                             f"use the canon's {kind}, or give the pack's its own id"))
                continue
            table[item.id] = item
            self.where[(kind, item.id)] = pos

    def _check_vars(self, var_decls: dict[str, Any]) -> None:
        for name, decl in var_decls.items():
            python_type = {"int": int, "bool": bool, "str": str}[decl.type]
            if type(decl.default) is not python_type:
                placed = self.parts.entries["vars"][name]
                self.diagnostics.append(make("AR012", placed.source.pos(placed.path),
                                             f"variable '{name}' is {_TYPE_WORDS[decl.type]} but its default is "
                                             f"{decl.default!r}", f"give it a default of its type, e.g. "
                                             f"`default: {_TYPE_EXAMPLES[decl.type]}`"))

    def _check_manifest(self, days: list[str], slots: list[str]) -> None:
        for kind, values in (("day", days), ("slot", slots)):
            duplicates = {v for v in values if values.count(v) > 1}
            for value in sorted(duplicates):
                self.diagnostics.append(make("AR030", self.msource.pos((kind + "s",)),
                                             f"{kind} '{value}' is listed twice"))

    def _scene(self, item: Any, source: Source, path: Path_) -> CScene:
        choices = []
        ids: dict[str, int] = {}
        for index, choice in enumerate(item.choices):
            cpath = (*path, "choices", index)
            cid = choice.id or choice.goto
            if cid in COMMAND_WORDS:
                self.diagnostics.append(make(
                    "AR012", source.pos(cpath), f"choice id '{cid}' is a command word and could never be chosen",
                    "give the choice an explicit `id:` that is not present, link, unlink, confirm or accuse"))
                continue
            if cid in ids:
                self.diagnostics.append(make(
                    "AR032", source.pos(cpath), f"choice id '{cid}' is used twice in scene '{item.id}'",
                    "give each choice an explicit `id:` (choices default to the id of their goto)"))
                continue
            ids[cid] = index
            self.where[("choice", f"{item.id}.{cid}")] = source.pos(cpath)
            choices.append(self._choice(item.id, cid, choice, source, cpath))
        for hook, hsource, hpath in self.parts.hooks:
            if hook.scene != item.id or hook.choice is None:
                continue
            cpath = (*hpath, "choice")
            cid = hook.choice.id or hook.choice.goto
            if cid in ids or cid in COMMAND_WORDS:
                self.diagnostics.append(make("AR081", hsource.pos(cpath),
                                             f"hook adds choice '{cid}' to scene '{item.id}', which already has one",
                                             "give the hooked choice an id of its own"))
                continue
            ids[cid] = len(choices)
            self.where[("choice", f"{item.id}.{cid}")] = hsource.pos(cpath)
            choices.append(self._choice(item.id, cid, hook.choice, hsource, cpath))
        self._passage("text", item.id, source, (*path, "text"))
        if item.again is not None:
            self._passage("again", item.id, source, (*path, "again"))
        return CScene(
            id=item.id,
            location=item.location,
            text=self._text(item.text, source, (*path, "text")),
            people=tuple(item.people),
            enter=self._effects(item.enter, source, (*path, "enter")),
            choices=tuple(choices),
            accuse=item.accuse,
            board=item.board,
            notes=tuple(item.notes),
            file=source.shown,
            again=None if item.again is None else self._text(item.again, source, (*path, "again")),
            reprint=item.reprint,
            assumes=self._expr(item.assumes, source, (*path, "assumes")),
            assumed=item.assumes,
            introduces=tuple(item.introduces),
        )

    def _passage(self, kind: str, ident: str, source: Source, path: Path_) -> None:
        pos = source.pos(path)
        self.passages[(kind, ident)] = (pos.path, pos.line, pos.col)

    def _choice(self, sid: str, cid: str, choice: Any, source: Source, cpath: Path_) -> CChoice:
        if choice.reply is not None:
            self._passage("reply", f"{sid}.{cid}", source, (*cpath, "reply"))
        return CChoice(
            id=cid,
            text=self._text(choice.text, source, (*cpath, "text")),
            goto=choice.goto,
            when=self._expr(choice.when, source, (*cpath, "when")),
            do=self._effects(choice.do, source, (*cpath, "do")),
            time=choice.time,
            once=choice.once,
            reply=None if choice.reply is None else self._text(choice.reply, source, (*cpath, "reply")),
            condition=choice.when,
            assumes=self._expr(choice.assumes, source, (*cpath, "assumes")),
            assumed=choice.assumes,
        )

    def _contradictions(self, texts: dict[str, Parts]) -> tuple[
            dict[tuple[str, str], Contradiction], dict[tuple[str, str], tuple[Effect, ...]]]:
        result: dict[tuple[str, str], Contradiction] = {}
        effects: dict[tuple[str, str], tuple[Effect, ...]] = {}
        for item, source, path in self.parts.get("contradictions"):
            key = (item.statement, item.clue)
            if key in result:
                self.diagnostics.append(make("AR030", source.pos(path),
                                             f"contradiction of '{item.statement}' by '{item.clue}' is defined twice"))
                continue
            result[key] = item
            texts[f"contradiction:{item.statement}:{item.clue}"] = self._text(item.text, source, (*path, "text"))
            effects[key] = self._effects(item.do, source, (*path, "do"))
        return result, effects

    def _people(self, days: list[str], slots: list[str]) -> dict[str, Person]:
        """Starting states; a schedule key is a slot, or a day and a slot (`mon.evening`)."""
        people: dict[str, Person] = {}
        for who, (person, source, path) in self.parts.entries.get("people", {}).items():
            for key in person.schedule:
                spath = (*path, "schedule", key)
                day, _, slot = key.rpartition(".")
                if day and day not in days:
                    self._ref("day", day, days, source.pos(spath, key=True))
                if slot not in slots:
                    self._ref("slot", slot, slots, source.pos(spath, key=True))
            people[who] = person
        return people


def _met_in(scenes: dict[str, CScene]) -> dict[str, tuple[str, ...]]:
    """Character id -> the scenes whose `people:` or `introduces:` list them (what `met.C` reads)."""
    found: dict[str, list[str]] = {}
    for sid, scene in scenes.items():
        for who in dict.fromkeys((*scene.people, *scene.introduces)):
            found.setdefault(who, []).append(sid)
    return {who: tuple(ids) for who, ids in found.items()}
