"""The story an editor has open: which story folder and branch packs a workspace holds, loading them with the
editor's unsaved texts, and the index of ids the language server answers from (where each id is defined, what it
names, where its name appears).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.world.diagnostics import Diagnostic
from game.world.packs import PACK_MANIFEST
from game.world.story import Story

MANIFEST = "story.yaml"
SKIPPED = {".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist", ".tox", ".mypy_cache", "_data"}
"""Folders never searched: tools' folders, and the copy of the story a built package keeps (`game/_data`)."""
SEARCH_DEPTH = 4
"""How deep under the workspace folder story and pack manifests are looked for."""
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Definition:
    """Where an id is defined, and a line that says what it is."""

    kind: str
    """node (a scene or an ending), choice, clue, statement, fact, flag, var, case, motive, secret, character,
    place."""
    ident: str
    path: Path
    line: int
    """1-based, as diagnostics count."""
    col: int
    summary: str = ""


@dataclass
class Index:
    """Every id of the loaded story by kind, and where each is defined."""

    ids: dict[str, dict[str, Definition]] = field(default_factory=dict)

    def add(self, definition: Definition) -> None:
        self.ids.setdefault(definition.kind, {})[definition.ident] = definition

    def find(self, ident: str, kinds: Iterable[str] | None = None) -> list[Definition]:
        """The definitions of `ident` among `kinds` (every kind when None)."""
        wanted = self.ids.keys() if kinds is None else kinds
        return [self.ids[k][ident] for k in wanted if ident in self.ids.get(k, {})]


def _walk(root: Path, depth: int) -> Iterable[Path]:
    """Folders under `root`, breadth first, skipping hidden and tool folders."""
    level = [root]
    for _ in range(depth + 1):
        following: list[Path] = []
        for folder in level:
            yield folder
            try:
                children = sorted(p for p in folder.iterdir() if p.is_dir())
            except OSError:
                continue
            following.extend(c for c in children if c.name not in SKIPPED and not c.name.startswith("."))
        level = following


def _field(path: Path, *keys: str) -> Any:
    """One value of a small YAML file, or None when it cannot be read."""
    import yaml

    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def find_layout(root: Path) -> tuple[Path, list[Path]]:
    """The story folder a workspace holds (the first with a story.yaml, breadth first; else the shipped story),
    and its branch packs: the folders with a branch.yaml that extend that story (a pack for another story, such
    as a test fixture's, is left out; of two packs with one id the first found is kept)."""
    from game.paths import story_dir

    story: Path | None = None
    candidates: list[Path] = []
    for folder in _walk(root, SEARCH_DEPTH):
        if story is None and (folder / MANIFEST).is_file():
            story = folder
        if (folder / PACK_MANIFEST).is_file():
            candidates.append(folder)
    story = story or story_dir()
    story_id = _field(story / MANIFEST, "id")
    packs: list[Path] = []
    seen: set[object] = set()
    for folder in candidates:
        pack_id = _field(folder / PACK_MANIFEST, "id")
        required = _field(folder / PACK_MANIFEST, "requires", "story")
        # A manifest that does not read yet is kept: its diagnostics are what the author needs to see.
        if (required is not None and required != story_id) or (pack_id is not None and pack_id in seen):
            continue
        seen.add(pack_id)
        packs.append(folder)
    return story, packs


def resolved(shown: str) -> Path:
    """A path as diagnostics show it (relative to the working folder), made absolute."""
    return Path(os.path.abspath(shown))


def _first_line(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""


class Project:
    """A story folder and its packs, loaded on demand with the editor's unsaved texts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.story_dir, self.packs = find_layout(root)
        self.story: Story | None = None
        """The last story that loaded without errors: completion and navigation keep working while a file is
        half written."""
        self.index = Index()
        self.diagnostics: list[Diagnostic] = []

    def files(self) -> list[Path]:
        """Every file the story reads, as absolute paths (the last good load's, or the manifests)."""
        from game.paths import canon_file

        if self.story is not None:
            found = [resolved(f) for f in self.story.files]
        else:
            found = [self.story_dir / MANIFEST, *(p / PACK_MANIFEST for p in self.packs)]
        canon = canon_file(self.story_dir).resolve()
        return [*found, canon] if canon not in found else found

    def load(self, texts: Mapping[Path, str], mystery: bool = False) -> list[Diagnostic]:
        """Load with the unsaved `texts`; with `mystery`, run the mystery checks of `archer check --quick` too.
        Returns every diagnostic, sorted as the check sorts them."""
        from game.world.load import load_story
        from game.world.yamlsrc import unsaved

        with unsaved({p.resolve(): t for p, t in texts.items()}):
            result = load_story(self.story_dir, self.packs)
        diagnostics = list(result.diagnostics)
        if result.story is not None:
            self.story = result.story
            self.index = build_index(result.story, self.story_dir)
            if mystery:
                from game.tools.mystery_checks import check_mystery

                diagnostics.extend(check_mystery(result.story)[0])
        from game.world.diagnostics import sort_key

        diagnostics.sort(key=sort_key)
        self.diagnostics = diagnostics
        return diagnostics


def build_index(story: Story, story_dir: Path) -> Index:
    """The definitions of every id of `story`, with what each names: a scene's first line, a clue's title..."""
    from game.paths import canon_file
    from game.world.yamlsrc import read

    index = Index()
    summaries: dict[tuple[str, str], str] = {}
    for sid, scene in story.scenes.items():
        summaries[("node", sid)] = f"scene at {scene.location}"
    for eid, ending in story.endings.items():
        summaries[("node", eid)] = f"ending ({ending.kind}): {ending.title}"
    for cid, clue in story.clues.items():
        summaries[("clue", cid)] = f"clue ({clue.kind}): {clue.title}"
    for did, deduction in story.deductions.items():
        summaries[("clue", did)] = f"deduction: {deduction.title} (from {', '.join(deduction.needs)})"
    for sid, statement in story.statements.items():
        summaries[("statement", sid)] = (f"statement by {statement.by} ({statement.topic}): "
                                          f"{_first_line(statement.text)}")
    for fid, fact in story.facts.items():
        summaries[("fact", fid)] = f"fact: {_first_line(fact.text)}"
    for name, note in story.flags.items():
        summaries[("flag", name)] = f"flag: {note}"
    for name, decl in story.vars.items():
        summaries[("var", name)] = f"var ({decl.type}, starts at {decl.default!r}){': ' + decl.doc if decl.doc else ''}"
    for cid, case in story.cases.items():
        summaries[("case", cid)] = f"case: {case.title}"
    for mid, motive in story.motives.items():
        summaries[("motive", mid)] = f"motive: {motive.text}"
    for sid, secret in story.secrets.items():
        summaries[("secret", sid)] = f"{secret.who}'s secret: {_first_line(secret.text)}"
    # Characters and places: the canon's and a pack's own (which the story records where they are defined).
    for cid, character in story.characters.items():
        summaries[("character", cid)] = f"character: {character.name}, {character.portrait}"
    for pid, place in story.places.items():
        summaries[("place", pid)] = f"place: {place.name}" + (f", {place.description}" if place.description else "")
    first_lines = _scene_first_lines(story)
    for (kind, ident), (shown, line, col) in story.where.items():
        summary = summaries.get((kind, ident), kind)
        if kind == "node" and ident in first_lines:
            summary = f"{summary}: {first_lines[ident]}"
        if kind == "choice":
            scene_id, _, choice_id = ident.partition(".")
            choice = next((c for c in story.scenes[scene_id].choices if c.id == choice_id), None) \
                if scene_id in story.scenes else None
            summary = f"choice in {scene_id}" + (f", to {choice.goto}" if choice else "")
        index.add(Definition(kind, ident, resolved(shown), line, col, summary))
    canon = read(canon_file(story_dir), str(canon_file(story_dir)))
    for kind, key in (("character", "characters"), ("place", "places")):
        for number, item in enumerate(canon.data.get(key, []) if isinstance(canon.data, dict) else []):
            found = item.get("id") if isinstance(item, dict) else None
            if not isinstance(found, str) or (kind, found) not in summaries:
                continue
            pos = canon.pos((key, number, "id"))
            index.add(Definition(kind, found, canon.path.resolve(), pos.line, pos.col, summaries[(kind, found)]))
    return index


def _scene_first_lines(story: Story) -> dict[str, str]:
    """The first line of each scene's and ending's text, read from its file (the compiled text is split up)."""
    from game.world.yamlsrc import read

    found: dict[str, str] = {}
    for shown in story.files:
        source = read(Path(shown), shown)
        if not isinstance(source.data, dict):
            continue
        for key in ("scenes", "endings"):
            for item in source.data.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    found[item["id"]] = _first_line(item.get("text"))
    return found


def word_at(text: str, line: int, character: int) -> tuple[str, int, int] | None:
    """The id-like word under a 0-based position, with its start and end columns."""
    lines = text.splitlines()
    if line >= len(lines):
        return None
    for match in WORD.finditer(lines[line]):
        if match.start() <= character <= match.end():
            return match.group(), match.start(), match.end()
    return None


def occurrences(text: str, ident: str) -> list[tuple[int, int]]:
    """Every 0-based (line, column) where `ident` appears as a whole word in `text`."""
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(ident)}(?![A-Za-z0-9_])")
    return [(number, match.start()) for number, line in enumerate(text.splitlines())
            for match in pattern.finditer(line)]
