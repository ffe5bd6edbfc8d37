"""What the command line hands the app (LaunchOptions) and the small wordings shared by the app's parts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.world import Diagnostic

SEED_LIMIT = 2**31
"""Seeds for new games are drawn below this (the seed field accepts the same range)."""

QUICK_SLOT = "quick"
"""The slot that F5 writes and F9 reads."""


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for (see run_app)."""

    story_dir: Path
    saves_dir: Path
    case: str | None = None
    seed: int | None = None
    load: str | None = None
    branches: tuple[Path, ...] = ()
    dev: bool = False
    origin: str | None = None
    """`--from SCENE[@DAY.SLOT]`: new games start there (for testing a pack)."""
    hosted: bool = False
    """A visitor's game under `archer serve`: slot names only, and file paths are not shown."""


def problem_line(diagnostic: Diagnostic) -> str:
    """A diagnostic for the error screen: `path:line:col CODE message`, and its hint on the next line."""
    d = diagnostic
    line = f"{d.path}:{d.line}:{d.col} {d.code} {d.message}"
    return f"{line}\n    hint: {d.hint}" if d.hint else line


def sentence(text: str) -> str:
    """An engine message as a sentence: capitalised, with a full stop."""
    text = text.strip()
    if not text:
        return "That is not possible now."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
