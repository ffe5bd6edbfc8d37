"""YAML story folders → validated, compiled, immutable Story objects, or exact diagnostics.

Exports load on first use, so that `import game.world.diagnostics` (as the command line does to describe its
subcommands) does not bring in pydantic and the loader.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.world.diagnostics import Diagnostic, has_errors
    from game.world.load import LoadResult, load_story
    from game.world.story import Story

_WHERE = {
    "Diagnostic": "game.world.diagnostics",
    "has_errors": "game.world.diagnostics",
    "LoadResult": "game.world.load",
    "load_story": "game.world.load",
    "Story": "game.world.story",
}

__all__ = ["Diagnostic", "LoadResult", "Story", "has_errors", "load_story"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'game.world' has no attribute {name!r}")
    return getattr(import_module(module), name)
