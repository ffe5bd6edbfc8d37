"""Load a story folder: manifest, includes, canon → a compiled Story, or diagnostics. Never raises.

Every problem found is reported in one pass. Parts that fail validation are skipped, but their ids are still
known, so one typo does not cascade into a page of "unknown id" errors.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.world import expr
from game.world.diagnostics import Diagnostic, Pos, has_errors, make, sort_key
from game.world.ir import Effect, Expr, Parts
from game.world.model import Canon, Id, Manifest, Person, StoryFile, VarDecl
from game.world.story import CChoice, CEnding, CEvidence, CScene, Story
from game.world.yamlsrc import Path_, Source, read

MANIFEST = "story.yaml"
COMMAND_WORDS = frozenset({"present", "link", "unlink", "confirm", "accuse"})
"""Actions that are not choices; a choice with one of these ids could never be taken."""
_ID_LIST = TypeAdapter(list[Id])
_FLAGS = TypeAdapter(dict[Id, str])


@dataclass
class LoadResult:
    """The outcome of loading: a Story when there are no errors, and every diagnostic found."""

    story: Story | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.story is not None


def shown_path(path: Path) -> str:
    """A path as diagnostics print it: relative to the working folder when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# ------------------------------------------------------------------------------------------- validation

_FIELD_NAMES: set[str] = set()


def _all_field_names() -> set[str]:
    if not _FIELD_NAMES:
        from game.world import model

        for value in vars(model).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                _FIELD_NAMES.update(value.model_fields)
    return _FIELD_NAMES


def _error_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Follow a pydantic error location through the data, dropping union-branch labels."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            path.append(part)  # a missing or extra key
            node = None
    return tuple(path)


def validation_diagnostics(err: ValidationError, source: Source, prefix: Path_) -> list[Diagnostic]:
    """Turn pydantic errors into positioned diagnostics, one per location."""
    found: list[Diagnostic] = []
    seen: set[Path_] = set()
    root = source.data
    for part in prefix:
        root = root[part]
    for error in err.errors():
        path = _error_path(root, error["loc"])
        if path in seen:
            continue
        seen.add(path)
        full = (*prefix, *path)
        name = path[-1] if path else ""
        if error["type"] == "missing":
            found.append(make("AR010", source.pos(full[:-1]), f"missing field '{name}'", f"add '{name}: ...'"))
        elif error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(name), sorted(_all_field_names()), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it; see docs/format.md for the fields"
            found.append(make("AR011", source.pos(full, key=True), f"unknown field '{name}'", hint))
        else:
            value = error.get("input")
            shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
            where = f"'{name}'" if name != "" else "value"
            hint = ""
            if isinstance(value, bool) and error["type"] == "string_type":
                hint = "YAML reads yes/no/on/off/true/false as true or false: put the text in quotes"
            found.append(make("AR012", source.pos(full), f"{where}: {error['msg']} (got {shown})", hint))
    return found


def _validate(model: Any, source: Source, prefix: Path_, data: Any) -> tuple[Any, list[Diagnostic]]:
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data), []
        return model.model_validate(data), []
    except ValidationError as err:
        return None, validation_diagnostics(err, source, prefix)


# ------------------------------------------------------------------------------------------------ loading


@dataclass
class _Parts:
    """Everything collected from the included files, with where each part came from."""

    items: dict[str, list[tuple[Any, Source, Path_]]] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)
    flags: dict[str, str] = field(default_factory=dict)
    vars: dict[str, VarDecl] = field(default_factory=dict)
    people: dict[str, tuple[Person, Source, Path_]] = field(default_factory=dict)
    suspects: list[tuple[str, Source, Path_]] = field(default_factory=list)
    declared_at: dict[tuple[str, str], Pos] = field(default_factory=dict)
    hooks: list[tuple[Any, Source, Path_]] = field(default_factory=list)

    def add(self, kind: str, item: Any, source: Source, path: Path_) -> None:
        self.items.setdefault(kind, []).append((item, source, path))

    def get(self, kind: str) -> list[tuple[Any, Source, Path_]]:
        return self.items.get(kind, [])


_LIST_PARTS = ("scenes", "endings", "clues", "secrets", "facts", "statements", "contradictions",
               "deductions", "motives", "cases")


def _read_story_file(source: Source, parts: _Parts, diagnostics: list[Diagnostic]) -> None:
    """Validate one included file part by part, keeping the good parts."""
    data = source.data
    if not isinstance(data, dict):
        diagnostics.append(make("AR012", source.pos(()), "a story file must be a mapping of parts",
                                "start with `scenes:`, `clues:`, ..."))
        return
    fields = StoryFile.model_fields
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(str(key), sorted(fields), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(fields)
            diagnostics.append(make("AR011", source.pos((key,), key=True), f"unknown part '{key}'", hint))
            continue
        if value is None:
            continue
        if key in _LIST_PARTS:
            if not isinstance(value, list):
                diagnostics.append(make("AR012", source.pos((key,)), f"'{key}' must be a list"))
                continue
            model = fields[key].annotation.__args__[0]  # list[Model]
            for index, item in enumerate(value):
                checked, found = _validate(model, source, (key, index), item)
                diagnostics.extend(found)
                if checked is not None:
                    parts.add(key, checked, source, (key, index))
                elif isinstance(item, dict) and isinstance(item.get("id"), str):
                    parts.broken_ids.add(item["id"])
        elif key == "people":
            if not isinstance(value, dict):
                diagnostics.append(make("AR012", source.pos((key,)), "'people' must be a mapping"))
                continue
            for who, item in value.items():
                checked, found = _validate(Person, source, (key, who), item)
                diagnostics.extend(found)
                if checked is not None:
                    if who in parts.people:
                        diagnostics.append(make("AR030", source.pos((key, who), key=True),
                                                f"people entry '{who}' is defined twice"))
                    parts.people[str(who)] = (checked, source, (key, who))
        elif key == "suspects":
            checked, found = _validate(_ID_LIST, source, (key,), value)
            diagnostics.extend(found)
            for index, who in enumerate(checked or []):
                parts.suspects.append((who, source, (key, index)))
        elif key == "flags":
            checked, found = _validate(_FLAGS, source, (key,), value)
            diagnostics.extend(found)
            for name, note in (checked or {}).items():
                if name in parts.flags:
                    diagnostics.append(make("AR030", source.pos((key, name), key=True),
                                            f"flag '{name}' is declared twice"))
                parts.flags[name] = note
                parts.declared_at[("flag", name)] = source.pos((key, name), key=True)
        elif key == "vars":
            for name, item in (value or {}).items() if isinstance(value, dict) else []:
                checked, found = _validate(VarDecl, source, (key, name), item)
                diagnostics.extend(found)
                if checked is not None:
                    if name in parts.vars:
                        diagnostics.append(make("AR030", source.pos((key, name), key=True),
                                                f"variable '{name}' is declared twice"))
                    parts.vars[str(name)] = checked
                    parts.declared_at[("var", str(name))] = source.pos((key, name), key=True)


def _includes(root: Path, manifest: Any, msource: Source, diagnostics: list[Diagnostic]) -> list[Path]:
    """Resolve a manifest's include globs to files inside its folder, in a stable order."""
    files: list[Path] = []
    seen: set[Path] = set()
    real_root = root.resolve()
    for index, pattern in enumerate(manifest.includes):
        pos = msource.pos(("includes", index))
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            diagnostics.append(make("AR021", pos, f"include '{pattern}' reaches outside the story folder",
                                    "includes are globs relative to the story folder, such as days/*.yaml"))
            continue
        matches = sorted(p for p in root.glob(pattern) if p.is_file())
        if not matches:
            diagnostics.append(make("AR020", pos, f"include '{pattern}' matches no file",
                                    "check the pattern: globs are relative to the folder of the manifest"))
            continue
        for match in matches:
            real = match.resolve()
            if not real.is_relative_to(real_root):
                diagnostics.append(make("AR021", pos, f"include '{pattern}' reaches {shown_path(real)}, "
                                        "outside the story folder", "remove the link that leads out"))
                continue
            if real == msource.path.resolve():
                diagnostics.append(make("AR022", pos, f"include '{pattern}' includes the manifest itself",
                                        "narrow the pattern so it leaves out story.yaml"))
                continue
            if real not in seen:
                seen.add(real)
                files.append(match)
    return files


def _fingerprint(files: Sequence[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        try:
            name = str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            name = path.name
        digest.update(name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
        digest.update(b"\0")
    return digest.hexdigest()


def load_story(
    story_dir: Path | str,
    branches: Sequence[Path | str] = (),
    canon_path: Path | None = None,
) -> LoadResult:
    """Load, validate and compile the story in `story_dir` (plus any branch packs)."""
    # A load allocates hundreds of thousands of small objects and makes no reference cycles worth finding:
    # the cyclic collector would otherwise rescan the growing heap again and again (a third of the time on
    # large stories). It is switched back on, as it was, before returning.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(story_dir, branches, canon_path)
    finally:
        if collecting:
            gc.enable()


def _load(story_dir: Path | str, branches: Sequence[Path | str], canon_path: Path | None) -> LoadResult:
    from game.paths import canon_file

    root = Path(story_dir)
    diagnostics: list[Diagnostic] = []
    manifest_path = root / MANIFEST
    if not root.is_dir():
        diagnostics.append(make("AR007", Pos(shown_path(root), 1, 1), "story folder not found",
                                "give the folder that holds story.yaml"))
        return LoadResult(None, diagnostics)
    if not manifest_path.is_file():
        diagnostics.append(make("AR007", Pos(shown_path(manifest_path), 1, 1), "no story.yaml in this folder",
                                "a story folder needs a manifest named story.yaml"))
        return LoadResult(None, diagnostics)
    msource = read(manifest_path, shown_path(manifest_path))
    diagnostics.extend(msource.diagnostics)
    manifest = None
    if not msource.diagnostics:
        manifest, found = _validate(Manifest, msource, (), msource.data)
        diagnostics.extend(found)
    canon_at = canon_path or canon_file(root.resolve())
    csource = read(canon_at, shown_path(canon_at))
    diagnostics.extend(csource.diagnostics)
    canon = None
    if not csource.diagnostics:
        canon, found = _validate(Canon, csource, (), csource.data)
        diagnostics.extend(found)
    includes = manifest
    if manifest is None and isinstance(msource.data, dict) and isinstance(msource.data.get("includes"), list):
        # The manifest is broken elsewhere: still read the included files, so all problems come out in one run.
        globs = [g for g in msource.data["includes"] if isinstance(g, str)]
        includes = SimpleNamespace(includes=globs)
    files = _includes(root, includes, msource, diagnostics) if includes is not None else []
    parts = _Parts()
    if manifest is not None:
        parts.flags.update(manifest.flags)
        parts.vars.update(manifest.vars)
        for name in manifest.flags:
            parts.declared_at[("flag", name)] = msource.pos(("flags", name), key=True)
        for name in manifest.vars:
            parts.declared_at[("var", name)] = msource.pos(("vars", name), key=True)
    sources = [msource, csource]
    unreadable = False
    for path in files:
        source = read(path, shown_path(path))
        sources.append(source)
        diagnostics.extend(source.diagnostics)
        if source.diagnostics:
            unreadable = True
        else:
            _read_story_file(source, parts, diagnostics)
    if manifest is None or canon is None or unreadable:
        # Cross-references would only repeat the problem as a page of unknown ids: stop at the shape checks.
        return LoadResult(None, sorted(diagnostics, key=sort_key))
    if branches:
        from game.world.packs import read_packs

        sources.extend(read_packs([Path(b) for b in branches], manifest, parts, diagnostics))
    story = _Builder(manifest, msource, canon, csource, parts, diagnostics).build(
        _fingerprint([s.path for s in sources], root), tuple(s.shown for s in sources)
    )
    if story is not None:
        from game.world.checks import check_graph

        diagnostics.extend(check_graph(story))
    diagnostics.sort(key=sort_key)
    return LoadResult(None if has_errors(diagnostics) else story, diagnostics)


# --------------------------------------------------------------------------------------------- building


class _Builder:
    """Checks every reference and compiles every expression of the collected parts into a Story."""

    def __init__(self, manifest: Manifest, msource: Source, canon: Canon, csource: Source, parts: _Parts,
                 diagnostics: list[Diagnostic]) -> None:
        self.manifest = manifest
        self.msource = msource
        self.canon = canon
        self.csource = csource
        self.parts = parts
        self.diagnostics = diagnostics
        self.where: dict[tuple[str, str], Pos] = dict(parts.declared_at)
        self._suspect_ids: set[str] = set()
        self._motive_ids: set[str] = set()
        self._statement_ids: set[str] = set()
        self.canon_ids: dict[str, set[str]] = {}

    # ---- ids

    def _index(self, kind: str, label: str, extra_ids: dict[str, Pos] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item, source, path in self.parts.get(kind):
            pos = source.pos((*path, "id"))
            other = self.where.get((label, item.id))
            if item.id in result or (extra_ids and item.id in extra_ids):
                first = other or (extra_ids or {}).get(item.id)
                at = f" (first at {first.path}:{first.line})" if first else ""
                self.diagnostics.append(make("AR030", pos, f"{label} id '{item.id}' is defined twice{at}",
                                             "ids must be unique: rename one"))
                continue
            result[item.id] = (item, source, path)
            self.where[(label, item.id)] = pos
        return result

    def _ref(self, kind: str, value: str, known: Any, pos: Pos, what: str = "") -> bool:
        if value in known or value in self.parts.broken_ids:
            return True
        close = difflib.get_close_matches(value, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"define the {kind} or fix the id"
        self.diagnostics.append(make("AR031", pos, f"unknown {kind} '{value}'{what}", hint))
        return False

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
            ir, found = expr.compile_effect(src, self.scope, lambda off, w=where: source.text_pos(w, off))
            self.diagnostics.extend(found)
            if ir is not None:
                compiled.append(ir)
        return tuple(compiled)

    def _text(self, src: str, source: Source, path: Path_) -> Parts:
        parts, found = expr.compile_template(src, self.scope, lambda off: source.text_pos(path, off))
        self.diagnostics.extend(found)
        return parts

    # ---- the build

    def build(self, fingerprint: str, files: tuple[str, ...]) -> Story | None:
        canon = self.canon
        characters = {c.id: c for c in canon.characters}
        places = {p.id: p for p in canon.places}
        for index, character in enumerate(canon.characters):
            for rindex, relation in enumerate(character.relations):
                self._ref("character", relation.to, characters,
                          self.csource.pos(("characters", index, "relations", rindex, "to")))
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
        self.scope = expr.Scope(
            ids={
                "flag": set(self.parts.flags),
                "var": set(self.parts.vars),
                "character": set(characters),
                "place": set(places),
                "clue": set(clues),
                "deduction": set(deductions),
                "secret": set(secrets),
                "statement": set(statements),
                "fact": set(facts),
                "scene": set(scenes) | set(endings),
                "day": set(days),
                "slot": set(slots),
                "case": set(cases),
            },
            var_types={name: decl.type for name, decl in self.parts.vars.items()},
        )
        self._check_vars()
        nodes = set(scenes) | set(endings)
        self._check_manifest(scenes, endings, days, slots)
        suspects = self._suspects(characters)
        c_scenes = {sid: self._scene(item, source, path, nodes, places, characters)
                    for sid, (item, source, path) in scenes.items()}
        c_endings = {eid: CEnding(item.id, item.title, item.kind, self._text(item.text, source, (*path, "text")),
                                  self._effects(item.enter, source, (*path, "enter")), source.shown)
                     for eid, (item, source, path) in endings.items()}
        texts: dict[str, tuple] = {}
        self._suspect_ids, self._motive_ids, self._statement_ids = set(suspects), set(motives), set(statements)
        self.canon_ids = {"character": set(characters), "place": set(places)}
        evidence = self._evidence(clues, deductions, cases, characters)
        self._check_hooks(scenes, clues, cases, characters, evidence)
        for sid, (item, source, path) in secrets.items():
            self._ref("character", item.who, characters, source.pos((*path, "who")))
            for index, clue in enumerate(item.explains):
                self._ref("clue", clue, set(clues) | set(deductions), source.pos((*path, "explains", index)))
            texts[f"secret:{sid}"] = self._text(item.text, source, (*path, "text"))
        for item, source, path in facts.values():
            if item.who is not None:
                self._ref("character", item.who, characters, source.pos((*path, "who")))
            if item.where is not None:
                self._ref("place", item.where, places, source.pos((*path, "where")))
            if item.true_in != "all":
                for index, case in enumerate(item.true_in):
                    self._ref("case", case, cases, source.pos((*path, "true_in", index)))
        for sid, (item, source, path) in statements.items():
            self._ref("character", item.by, characters, source.pos((*path, "by")))
            self._ref("fact", item.claim, facts, source.pos((*path, "claim")))
            texts[f"statement:{sid}"] = self._text(item.text, source, (*path, "text"))
        contradictions, effects = self._contradictions(statements, clues, deductions, secrets, texts)
        for cid, (item, source, path) in cases.items():
            self._ref("suspect", item.culprit, suspects, source.pos((*path, "culprit")))
            self._ref("motive", item.motive, motives, source.pos((*path, "motive")))
            texts[f"case:{cid}"] = self._text(item.reveal, source, (*path, "reveal"))
        people = self._people(characters, places, days, slots)
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
            clues={k: v[0] for k, v in clues.items()},
            deductions={k: v[0] for k, v in deductions.items()},
            secrets={k: v[0] for k, v in secrets.items()},
            facts={k: v[0] for k, v in facts.items()},
            statements={k: v[0] for k, v in statements.items()},
            contradictions=contradictions,
            motives={k: v[0] for k, v in motives.items()},
            cases={k: v[0] for k, v in cases.items()},
            people=people,
            suspects=tuple(suspects),
            flags=dict(self.parts.flags),
            vars=dict(self.parts.vars),
            evidence=evidence,
            texts=texts,
            contradiction_effects=effects,
            characters=characters,
            places=places,
            where={key: tuple(pos) for key, pos in self.where.items()},
            files=files,
            used=frozenset(self.scope.used),
        )

    def _check_vars(self) -> None:
        for name, decl in self.parts.vars.items():
            python_type = {"int": int, "bool": bool, "str": str}[decl.type]
            if type(decl.default) is not python_type:
                self.diagnostics.append(make("AR012", self.msource.pos(("vars", name)),
                                             f"variable '{name}' is a {decl.type} but its default is "
                                             f"{decl.default!r}"))

    def _check_manifest(self, scenes: dict, endings: dict, days: list[str], slots: list[str]) -> None:
        m, src = self.manifest, self.msource
        self._ref("scene", m.start, scenes, src.pos(("start",)))
        for index, day in enumerate(m.days):
            if day.start:
                self._ref("scene", day.start, scenes, src.pos(("days", index, "start")))
        if m.deadline:
            self._ref("day", m.deadline.day, days, src.pos(("deadline", "day")))
            self._ref("slot", m.deadline.slot, slots, src.pos(("deadline", "slot")))
            self._ref("scene", m.deadline.scene, scenes, src.pos(("deadline", "scene")))
        if m.standing:
            self._ref("ending", m.standing.ending, endings, src.pos(("standing", "ending")))
        if m.accusation:
            for name in ("solved", "weak", "wrong", "weak_final", "wrong_final"):
                self._ref("scene or ending", getattr(m.accusation, name), set(scenes) | set(endings),
                          src.pos(("accusation", name)))
        for kind, values in (("day", days), ("slot", slots)):
            duplicates = {v for v in values if values.count(v) > 1}
            for value in sorted(duplicates):
                self.diagnostics.append(make("AR030", src.pos((kind + "s",)), f"{kind} '{value}' is listed twice"))

    def _suspects(self, characters: dict) -> list[str]:
        suspects: list[str] = []
        for who, source, path in self.parts.suspects:
            if self._ref("character", who, characters, source.pos(path)) and who not in suspects:
                suspects.append(who)
        return suspects

    def _scene(self, item: Any, source: Source, path: Path_, nodes: set[str], places: dict,
               characters: dict) -> CScene:
        self._ref("place", item.location, places, source.pos((*path, "location")))
        for index, who in enumerate(item.people):
            self._ref("character", who, characters, source.pos((*path, "people", index)))
        notes = {n.id for n in self.manifest.content_notes}
        for index, note in enumerate(item.notes):
            self._ref("content note", note, notes, source.pos((*path, "notes", index)))
        choices = []
        ids: dict[str, int] = {}
        for index, choice in enumerate(item.choices):
            cpath = (*path, "choices", index)
            self._ref("scene or ending", choice.goto, nodes, source.pos((*cpath, "goto")))
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
            choices.append(self._choice(cid, choice, source, cpath))
        for hook, hsource, hpath in self.parts.hooks:
            if hook.scene != item.id or hook.choice is None:
                continue
            cpath = (*hpath, "choice")
            self._ref("scene or ending", hook.choice.goto, nodes, hsource.pos((*cpath, "goto")))
            cid = hook.choice.id or hook.choice.goto
            if cid in ids or cid in COMMAND_WORDS:
                self.diagnostics.append(make("AR081", hsource.pos(cpath),
                                             f"hook adds choice '{cid}' to scene '{item.id}', which already has one",
                                             "give the hooked choice an id of its own"))
                continue
            ids[cid] = len(choices)
            self.where[("choice", f"{item.id}.{cid}")] = hsource.pos(cpath)
            choices.append(self._choice(cid, hook.choice, hsource, cpath))
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
        )

    def _choice(self, cid: str, choice: Any, source: Source, cpath: Path_) -> CChoice:
        return CChoice(
            id=cid,
            text=self._text(choice.text, source, (*cpath, "text")),
            goto=choice.goto,
            when=self._expr(choice.when, source, (*cpath, "when")),
            do=self._effects(choice.do, source, (*cpath, "do")),
            time=choice.time,
            once=choice.once,
            condition=choice.when,
        )

    def _check_hooks(self, scenes: dict, clues: dict, cases: dict, characters: dict, evidence: dict) -> None:
        """Hooks must name what exists; clue hooks replace that clue's evidence in their case."""
        for hook, source, path in self.parts.hooks:
            if hook.scene is not None and hook.scene not in scenes:
                self.diagnostics.append(make("AR082", source.pos((*path, "scene")),
                                             f"hook into missing scene '{hook.scene}'",
                                             "hook into a scene of the story"))
            if hook.clue is None:
                continue
            if hook.clue not in clues:
                self.diagnostics.append(make("AR082", source.pos((*path, "clue")),
                                             f"hook into missing clue '{hook.clue}'", "hook into a clue of the story"))
                continue
            if hook.case not in cases or hook.variant is None:
                self._ref("case", str(hook.case), cases, source.pos((*path, "case")))
                continue
            item = clues[hook.clue][0]
            vpath = (*path, "variant")
            self._weights(hook.variant.weights, characters, source, (*vpath, "weights"))
            evidence[(hook.case, hook.clue)] = CEvidence(
                hook.clue, item.title, item.kind, item.found, self._text(hook.variant.text, source, (*vpath, "text")),
                dict(hook.variant.weights), self._carries(hook.variant, source, vpath),
                self._confirms(hook.variant, source, vpath), item.names_culprit,
                self._places(hook.variant, source, vpath))

    def _evidence(self, clues: dict, deductions: dict, cases: dict, characters: dict) -> dict:
        evidence: dict[tuple[str, str], CEvidence] = {}
        known = set(clues)
        for table in (clues, deductions):
            for item_id, (item, source, path) in table.items():
                if table is deductions:
                    for index, need in enumerate(item.needs):
                        self._ref("clue", need, known, source.pos((*path, "needs", index)))
                    kind, found = "deduction", "Worked out on the board"
                else:
                    kind, found = item.kind, item.found
                self._weights(item.weights, characters, source, (*path, "weights"))
                default = self._text(item.text, source, (*path, "text"))
                carries = self._carries(item, source, path)
                confirms = self._confirms(item, source, path)
                places = self._places(item, source, path)
                variants: dict[str, CEvidence] = {}
                for case_id, variant in item.variants.items():
                    vpath = (*path, "variants", case_id)
                    self._ref("case", case_id, cases, source.pos(vpath, key=True))
                    self._weights(variant.weights, characters, source, (*vpath, "weights"))
                    variants[case_id] = CEvidence(item_id, item.title, kind, found,
                                                  self._text(variant.text, source, (*vpath, "text")),
                                                  dict(variant.weights), self._carries(variant, source, vpath),
                                                  self._confirms(variant, source, vpath), item.names_culprit,
                                                  self._places(variant, source, vpath))
                for case_id in cases:
                    evidence[(case_id, item_id)] = variants.get(case_id) or CEvidence(
                        item_id, item.title, kind, found, default, dict(item.weights), carries, confirms,
                        item.names_culprit, places)
        return evidence

    def _carries(self, item: Any, source: Source, path: Path_) -> tuple[tuple[str, str, str | None], ...]:
        """The points an evidence reading carries, each checked: a known suspect, and a known motive exactly
        when the point is motive."""
        found = []
        suspects, motives = self._suspect_ids, self._motive_ids
        for index, carry in enumerate(item.carries):
            cpath = (*path, "carries", index)
            ok = self._ref("suspect", carry.against, suspects, source.pos((*cpath, "against")))
            if carry.point == "motive":
                if carry.motive is None:
                    self.diagnostics.append(make("AR010", source.pos(cpath), "a motive carry needs `motive`: which "
                                                 "motive this evidence supports", "add `motive: ID` (a motive id)"))
                    ok = False
                else:
                    ok = self._ref("motive", carry.motive, motives, source.pos((*cpath, "motive"))) and ok
            elif carry.motive is not None:
                self.diagnostics.append(make("AR012", source.pos((*cpath, "motive")),
                                             f"`motive` belongs only to a motive carry, not to {carry.point}",
                                             "remove `motive`, or make the point `motive`"))
            if ok:
                found.append((carry.point, carry.against, carry.motive))
        return tuple(found)

    def _places(self, item: Any, source: Source, path: Path_) -> tuple[tuple[str, str, str | None, str | None], ...]:
        for index, seen in enumerate(item.places):
            spath = (*path, "places", index)
            self._ref("character", seen.who, self.canon_ids["character"], source.pos((*spath, "who")))
            for field_name in ("where", "away_from"):
                place = getattr(seen, field_name)
                if place is not None:
                    self._ref("place", place, self.canon_ids["place"], source.pos((*spath, field_name)))
        return tuple((seen.who, seen.at, seen.where, seen.away_from) for seen in item.places)

    def _confirms(self, item: Any, source: Source, path: Path_) -> tuple[str, ...]:
        for index, statement in enumerate(item.confirms):
            self._ref("statement", statement, self._statement_ids, source.pos((*path, "confirms", index)))
        return tuple(item.confirms)

    def _weights(self, weights: dict[str, float], characters: dict, source: Source, path: Path_) -> None:
        for who, weight in weights.items():
            self._ref("character", who, characters, source.pos((*path, who), key=True))
            if weight < 0:
                self.diagnostics.append(make("AR012", source.pos((*path, who)),
                                             f"weight for '{who}' is negative", "use 0 to clear, 1 for neutral"))

    def _contradictions(self, statements: dict, clues: dict, deductions: dict, secrets: dict,
                        texts: dict) -> tuple[dict, dict]:
        result: dict[tuple[str, str], Any] = {}
        effects: dict[tuple[str, str], tuple] = {}
        evidence_ids = set(clues) | set(deductions)
        for item, source, path in self.parts.get("contradictions"):
            ok = self._ref("statement", item.statement, statements, source.pos((*path, "statement")))
            ok = self._ref("clue", item.clue, evidence_ids, source.pos((*path, "clue"))) and ok
            if item.reveals:
                self._ref("secret", item.reveals, secrets, source.pos((*path, "reveals")))
            for index, case in enumerate(item.cases):
                ok = self._ref("case", case, self.scope.ids["case"], source.pos((*path, "cases", index))) and ok
            key = (item.statement, item.clue)
            if key in result:
                self.diagnostics.append(make("AR030", source.pos(path),
                                             f"contradiction of '{item.statement}' by '{item.clue}' is defined twice"))
                continue
            text = self._text(item.text, source, (*path, "text"))
            do = self._effects(item.do, source, (*path, "do"))
            if ok:
                result[key] = item
                effects[key] = do
                texts[f"contradiction:{item.statement}:{item.clue}"] = text
        return result, effects

    def _people(self, characters: dict, places: dict, days: list[str], slots: list[str]) -> dict[str, Person]:
        people: dict[str, Person] = {}
        for who, (person, source, path) in self.parts.people.items():
            self._ref("character", who, characters, source.pos(path, key=True))
            if person.belief:
                self._ref("character", person.belief, characters, source.pos((*path, "belief")))
            for key, place in person.schedule.items():
                spath = (*path, "schedule", key)
                day, _, slot = key.rpartition(".")
                if day and day not in days:
                    self._ref("day", day, days, source.pos(spath, key=True))
                if slot not in slots:
                    self._ref("slot", slot, slots, source.pos(spath, key=True))
                self._ref("place", place, places, source.pos(spath))
            people[who] = person
        return people

