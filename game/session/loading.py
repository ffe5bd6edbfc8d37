"""Loading the story for a front end: through the compiled-story cache, with the errors printed when it fails."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from game.world.story import Story


def load_for_play(story_dir: str | Path | None, branches: Sequence[str | Path] = ()) -> Story | None:
    """Load the story a player asked for (the shipped one by default); on errors print the diagnostics on
    stderr and return None."""
    from game.paths import story_dir as shipped
    from game.world.cache import load_cached

    folder = Path(story_dir) if story_dir else shipped()
    result = load_cached(folder, [Path(b) for b in branches])
    if result.story is None:
        for diagnostic in result.diagnostics:
            if diagnostic.severity == "error":
                print(diagnostic.format(), file=sys.stderr)
        print(f"archer: the story in {folder} has errors; run `archer check {folder}` for details.",
              file=sys.stderr)
    return result.story
