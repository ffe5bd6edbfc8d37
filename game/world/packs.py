"""Branch packs: folders that extend a story through their own files and declared hooks.

A pack has a manifest, branch.yaml (model `BranchManifest`), its own scenes, clues and endings, and hooks:
a choice added to an existing scene, or a clue's variant for a case. The shipped files are never touched.
Id clashes with the story, hooks into missing parts and version mismatches are diagnostics.
"""

from __future__ import annotations

from pathlib import Path

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.includes import resolve_includes
from game.world.model import BranchManifest, Manifest, PackFile
from game.world.parts import Parts, Placed, part_specs, read_story_file
from game.world.validate import validate
from game.world.yamlsrc import Source, read, shown_path

PACK_MANIFEST = "branch.yaml"


def resolve_pack(folder: Path) -> Path:
    """A pack folder as given, or a pack shipped with the game (branches/NAME) when given just its name."""
    if folder.is_dir() or len(folder.parts) != 1:
        return folder
    from game.paths import data_root

    shipped = data_root() / "branches" / folder.name
    return shipped if shipped.is_dir() else folder


def version_matches(wanted: str, actual: str) -> bool:
    """Exact match, or a prefix: `1.x`, `1.*` and `1.0.*` accept any version that starts the same way."""
    for suffix in (".x", ".*", "*"):
        if wanted.endswith(suffix):
            prefix = wanted[: -len(suffix)]
            return actual == prefix or actual.startswith(prefix + ".")
    return wanted == actual


def _ids(parts: Parts) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {
        kind: {ident for placed in placed_list if isinstance(ident := getattr(placed.item, "id", None), str)}
        for kind, placed_list in parts.items.items()
    }
    for kind, table in parts.entries.items():
        found[kind] = set(table)
    return found


def read_packs(branches: list[Path], manifest: Manifest, parts: Parts, diagnostics: list[Diagnostic]) -> list[Source]:
    """Read every pack into `parts`; returns the sources read (for the story's fingerprint)."""
    sources: list[Source] = []
    for folder in branches:
        folder = resolve_pack(folder)
        path = folder / PACK_MANIFEST
        if not path.is_file():
            diagnostics.append(make("AR007", Pos(shown_path(path), 1, 1), f"no {PACK_MANIFEST} in {shown_path(folder)}",
                                    "a branch pack is a folder with a branch.yaml manifest (see `archer new-branch`)"))
            continue
        msource = read(path, shown_path(path))
        sources.append(msource)
        diagnostics.extend(msource.diagnostics)
        if msource.diagnostics:
            continue
        pack, found = validate(BranchManifest, msource, (), msource.data)
        diagnostics.extend(found)
        if pack is None:
            continue
        if pack.requires.story != manifest.id or not version_matches(pack.requires.version, manifest.version):
            diagnostics.append(make(
                "AR080", msource.pos(("requires",)),
                f"pack '{pack.id}' needs story '{pack.requires.story}' version {pack.requires.version}; "
                f"this is '{manifest.id}' version {manifest.version}",
                "update `requires:` after checking the pack against this story"))
            continue
        own = Parts()
        own.declare_all(pack, msource, diagnostics)
        files, found = resolve_includes(folder, pack.includes, path,
                                        [msource.pos(("includes", i)) for i in range(len(pack.includes))])
        diagnostics.extend(found)
        for file in files:
            source = read(file, shown_path(file))
            sources.append(source)
            diagnostics.extend(source.diagnostics)
            if not source.diagnostics:
                read_story_file(source, own, diagnostics, PackFile)
        _merge(pack, own, parts, diagnostics)
        for index, hook in enumerate(pack.hooks):
            parts.add_hook(Placed(hook, msource, ("hooks", index)), diagnostics)
    return sources


def _merge(pack: BranchManifest, own: Parts, parts: Parts, diagnostics: list[Diagnostic]) -> None:
    """Add a pack's parts to the story's; an id the story already has is AR081 (the story's stays)."""
    known = _ids(parts)
    for kind, entries in own.items.items():
        for placed in entries:
            ident = getattr(placed.item, "id", None)
            if ident is not None and ident in known.get(kind, set()):
                diagnostics.append(make("AR081", placed.source.pos((*placed.path, "id")),
                                        f"pack '{pack.id}' defines {kind[:-1]} '{ident}', which the story has",
                                        f"prefix the pack's ids, e.g. {pack.id}_{ident}"))
                continue
            parts.items.setdefault(kind, []).append(placed)
    for kind, table in own.entries.items():
        spec = part_specs(PackFile)[kind]
        for name, placed in table.items():
            if name in known.get(kind, set()):
                says, verb = (spec.entry.says, spec.entry.verb[:-1] + "s") if spec.entry else (kind, "declares")
                diagnostics.append(make("AR081", placed.source.pos(placed.path, key=True),
                                        f"pack '{pack.id}' {verb} {says} '{name}', which the story has",
                                        f"prefix the pack's {kind}, e.g. {pack.id}_{name}"))
                continue
            parts.entries.setdefault(kind, {})[name] = placed
            if spec.entry is not None:
                parts.declared_at[(spec.entry.kind, name)] = placed.source.pos(placed.path, key=True)
    for kind, ids in own.broken.items():
        parts.broken.setdefault(kind, set()).update(ids)
    for kind, causes in own.nameless.items():
        parts.nameless.setdefault(kind, []).extend(causes)
