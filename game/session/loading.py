"""Loading the story a command works on: the folder given (or the shipped story), with one clean line for a
wrong folder and the diagnostics for errors. Play goes through the compiled-story cache; the tools load afresh."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from game.world.story import Story

SHOWN_ERRORS = 20
"""Errors printed before the summary line; `archer check` lists them all."""


def open_story(command: str, story_dir: str | Path | None, branches: Sequence[str | Path] = (),
               cached: bool = False) -> Story | None:
    """Load the story for `archer COMMAND`. On a problem, say so on stderr (the errors, then one summary
    line) and return None."""
    from game.paths import story_dir as shipped
    from game.world import load_story
    from game.world.cache import load_cached
    from game.world.packs import resolve_pack

    folder = Path(story_dir) if story_dir else shipped()
    if not folder.is_dir():
        print(f"archer {command}: no story folder at {folder}", file=sys.stderr)
        return None
    if not (folder / "story.yaml").is_file():
        print(f"archer {command}: {folder} has no story.yaml; give the folder that holds the story's manifest",
              file=sys.stderr)
        return None
    for branch in branches:
        if not resolve_pack(Path(branch)).is_dir():
            print(f"archer {command}: no branch pack folder at {branch}", file=sys.stderr)
            return None
    packs = [Path(b) for b in branches]
    result = load_cached(folder, packs) if cached else load_story(folder, packs)
    if result.story is None:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        for diagnostic in errors[:SHOWN_ERRORS]:
            print(diagnostic.format(), file=sys.stderr)
        more = f" ({len(errors) - SHOWN_ERRORS} more not shown)" if len(errors) > SHOWN_ERRORS else ""
        print(f"archer {command}: the story in {folder} has {len(errors)} error(s){more}; "
              f"`archer check {folder}` explains each", file=sys.stderr)
    return result.story
