"""YAML story folders → validated, compiled, immutable Story objects, or exact diagnostics."""

from game.world.diagnostics import Diagnostic, has_errors
from game.world.load import LoadResult, load_story
from game.world.story import Story

__all__ = ["Diagnostic", "LoadResult", "Story", "has_errors", "load_story"]
