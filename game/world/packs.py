"""Branch packs: folders that extend a story through their own files and declared hooks.

A pack has a manifest, branch.yaml (model `BranchManifest`), its own scenes, clues and endings, and hooks:
a choice added to an existing scene, or a clue's variant for a case. The shipped files are never touched.
Id clashes with the story, hooks into missing parts and version mismatches are diagnostics.
"""

from __future__ import annotations

from pathlib import Path

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.model import BranchManifest, Manifest
from game.world.yamlsrc import Source, read

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


def _ids(parts) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {
        kind: {getattr(item, "id", None) for item, _, _ in parts.get(kind)} - {None} for kind in parts.items
    }
    found["flags"] = set(parts.flags)
    return found


def read_packs(branches: list[Path], manifest: Manifest, parts, diagnostics: list[Diagnostic]) -> list[Source]:
    """Read every pack into `parts`; returns the sources read (for the story's fingerprint)."""
    from game.world.load import _includes, _Parts, _read_story_file, _validate, shown_path

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
        pack, found = _validate(BranchManifest, msource, (), msource.data)
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
        known = _ids(parts)
        own = _Parts()
        for name, note in pack.flags.items():
            own.flags[name] = note
            own.declared_at[("flag", name)] = msource.pos(("flags", name), key=True)
        for file in _includes(folder, pack, msource, diagnostics):
            source = read(file, shown_path(file))
            sources.append(source)
            diagnostics.extend(source.diagnostics)
            if not source.diagnostics:
                _read_story_file(source, own, diagnostics)
        for kind, entries in own.items.items():
            for item, source, item_path in entries:
                ident = getattr(item, "id", None)
                if ident is not None and ident in known.get(kind, set()):
                    diagnostics.append(make("AR081", source.pos((*item_path, "id")),
                                            f"pack '{pack.id}' defines {kind[:-1]} '{ident}', which the story has",
                                            f"prefix the pack's ids, e.g. {pack.id}_{ident}"))
                    continue
                parts.add(kind, item, source, item_path)
        for name, note in own.flags.items():
            if name in known["flags"]:
                diagnostics.append(make("AR081", own.declared_at.get(("flag", name), msource.pos(())),
                                        f"pack '{pack.id}' declares flag '{name}', which the story has",
                                        f"prefix the pack's flags, e.g. {pack.id}_{name}"))
                continue
            parts.flags[name] = note
        parts.declared_at.update(own.declared_at)
        parts.vars.update(own.vars)
        parts.people.update({k: v for k, v in own.people.items() if k not in parts.people})
        parts.suspects.extend(own.suspects)
        for index, hook in enumerate(pack.hooks):
            adds_choice = hook.scene is not None and hook.choice is not None
            adds_variant = hook.clue is not None and hook.case is not None and hook.variant is not None
            if adds_choice == adds_variant:
                diagnostics.append(make("AR012", msource.pos(("hooks", index)),
                                        "a hook does one thing: `scene` with `choice`, or `clue` with `case` and "
                                        "`variant`", "see docs/authoring.md, Hooks"))
                continue
            parts.hooks.append((hook, msource, ("hooks", index)))
    return sources
