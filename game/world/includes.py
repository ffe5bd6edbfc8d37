"""Include globs: the one place that turns a manifest's `includes:` into the files a load reads."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.yamlsrc import shown_path


def resolve_includes(root: Path, patterns: Sequence[object], manifest: Path,
                     at: Sequence[Pos] | None = None) -> tuple[list[Path], list[Diagnostic]]:
    """The files a manifest's include globs name, inside its folder, in a stable order, and the problems found.

    `at` gives the position of each pattern in the manifest (for diagnostics); patterns that are not strings
    are skipped (the manifest's validation reports them).
    """
    files: list[Path] = []
    diagnostics: list[Diagnostic] = []
    seen: set[Path] = set()
    real_root = root.resolve()
    real_manifest = manifest.resolve()
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, str):
            continue
        pos = at[index] if at is not None else Pos(shown_path(manifest), 1, 1)
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
            if real == real_manifest:
                diagnostics.append(make("AR022", pos, f"include '{pattern}' includes the manifest itself",
                                        "narrow the pattern so it leaves out story.yaml"))
                continue
            if real not in seen:
                seen.add(real)
                files.append(match)
    return files, diagnostics
