"""Loading the story a command works on: the folder given (or the shipped story), with one clean line for a
wrong folder and the diagnostics for errors.

Play goes through the compiled-story cache and reports a missing folder as the loader's diagnostic (AR007), as
the TUI shows it; the tools load afresh and say in one line that the folder is wrong.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from game.world.story import Story

SHOWN_ERRORS = 20
"""Errors printed before the summary line; `archer check` lists them all."""


def open_story(command: str, story_dir: str | Path | None, branches: Sequence[str | Path] = (),
               play: bool = False) -> Story | None:
    """Load the story for `archer COMMAND`. On a problem, say so on stderr (the errors, then one summary
    line) and return None."""
    from game.paths import story_dir as shipped
    from game.world import load_story
    from game.world.cache import load_cached

    folder = Path(story_dir) if story_dir else shipped()
    problem = None if play else _folder_problem(folder, branches)
    if problem:
        print(f"archer {command}: {problem}", file=sys.stderr)
        return None
    packs = [Path(b) for b in branches]
    result = load_cached(folder, packs) if play else load_story(folder, packs)
    if result.story is None:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        for diagnostic in errors[:SHOWN_ERRORS]:
            print(diagnostic.format(), file=sys.stderr)
        more = f" ({len(errors) - SHOWN_ERRORS} more not shown)" if len(errors) > SHOWN_ERRORS else ""
        print(f"archer {command}: the story in {folder} has {len(errors)} error(s){more}; "
              f"`archer check {folder}` explains each", file=sys.stderr)
    return result.story


def _folder_problem(folder: Path, branches: Sequence[str | Path]) -> str | None:
    """What is wrong with the folders given, in one line, or None."""
    from game.world.packs import resolve_pack

    if not folder.is_dir():
        return f"no story folder at {folder}"
    if not (folder / "story.yaml").is_file():
        return f"{folder} has no story.yaml; give the folder that holds the story's manifest"
    for branch in branches:
        if not resolve_pack(Path(branch)).is_dir():
            return f"no branch pack folder at {branch}"
    return None
