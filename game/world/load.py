"""Load a story folder: manifest, includes, canon → a compiled Story, or diagnostics. Never raises.

Every problem found is reported in one pass. Parts that fail validation are skipped, but their ids are still
known, so one typo does not cascade into a page of "unknown id" errors. The files are read part by part
(game.world.parts), branch packs are added (game.world.packs), and the Builder checks every reference and
compiles every expression (game.world.build).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from game.world.build import Builder
from game.world.diagnostics import Diagnostic, Pos, has_errors, make, sort_key
from game.world.includes import resolve_includes
from game.world.model import Canon, Manifest
from game.world.packs import read_packs
from game.world.parts import Parts, read_story_file
from game.world.story import Story
from game.world.validate import validate
from game.world.yamlsrc import read, shown_path

MANIFEST = "story.yaml"


@dataclass
class LoadResult:
    """The outcome of loading: a Story when there are no errors, and every diagnostic found."""

    story: Story | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.story is not None


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
        manifest, found = validate(Manifest, msource, (), msource.data)
        diagnostics.extend(found)
    canon_at = canon_path or canon_file(root.resolve())
    csource = read(canon_at, shown_path(canon_at))
    diagnostics.extend(csource.diagnostics)
    canon = None
    if not csource.diagnostics:
        canon, found = validate(Canon, csource, (), csource.data)
        diagnostics.extend(found)
    # Even when the manifest is broken elsewhere its includes are read, so all problems come out in one run.
    globs = msource.data.get("includes") if isinstance(msource.data, dict) else None
    files: list[Path] = []
    if isinstance(globs, list):
        positions = [msource.pos(("includes", index)) for index in range(len(globs))]
        files, found = resolve_includes(root, globs, manifest_path, positions)
        diagnostics.extend(found)
    parts = Parts()
    if manifest is not None:
        parts.declare_all(manifest, msource, diagnostics)
    sources = [msource, csource]
    unreadable = False
    for path in files:
        source = read(path, shown_path(path))
        sources.append(source)
        diagnostics.extend(source.diagnostics)
        if source.diagnostics:
            unreadable = True
        else:
            read_story_file(source, parts, diagnostics)
    if manifest is None or canon is None or unreadable:
        # Cross-references would only repeat the problem as a page of unknown ids: stop at the shape checks.
        return LoadResult(None, sorted(diagnostics, key=sort_key))
    if branches:
        pack_sources = read_packs([Path(b) for b in branches], manifest, parts, diagnostics)
        sources.extend(pack_sources)
        if any(source.diagnostics for source in pack_sources):
            return LoadResult(None, sorted(diagnostics, key=sort_key))
    parts.take_file_hooks(diagnostics)
    story = Builder(manifest, msource, canon, csource, parts, diagnostics).build(
        _fingerprint([s.path for s in sources], root), tuple(s.shown for s in sources)
    )
    if story is not None:
        from game.world.checks import check_graph

        diagnostics.extend(check_graph(story))
    diagnostics.sort(key=sort_key)
    return LoadResult(None if has_errors(diagnostics) else story, diagnostics)
