"""Live reload: `archer play --dev` loads the story again when a file is saved, and replays the path so far.

As Inky does, the author keeps their place: after a save the story is loaded again, the actions taken so far
(`GameState.path`) are replayed on the new version, and the current scene is shown again. When the new version
has errors, its diagnostics are printed in place and play goes on with the version that worked.

The parts every front end's --dev uses:
- `StoryWatcher`: polls the modification times of the YAML files under some folders; no extra dependency.
- `watched_paths`: what to watch for a story folder and its branch packs (including the canon it reads).
- `reload_story`: load again and replay a state's path, returning the new story and state, or the diagnostics.
- `reload_report`: what to tell the author about a reload.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import ActionError, GameState, act, start
from game.world.diagnostics import Diagnostic
from game.world.story import Story

Stamp = tuple[int, int]


class StoryWatcher:
    """Tells when a YAML file under the watched folders (or a watched file) has been saved, added or removed.

    It compares each file's modification time and size with the last look, so it needs no file-system events
    and no dependency; `poll()` is cheap enough to call twice a second.
    """

    def __init__(self, paths: Iterable[Path | str], pattern: str = "*.yaml") -> None:
        self.paths = [Path(p) for p in paths]
        self.pattern = pattern
        self._seen = self.snapshot()

    def snapshot(self) -> dict[Path, Stamp]:
        """Every watched file with its modification time (ns) and size, as of now."""
        found: dict[Path, Stamp] = {}
        for root in self.paths:
            files = [root] if root.is_file() else sorted(root.rglob(self.pattern)) if root.is_dir() else []
            for path in files:
                try:
                    info = path.stat()
                except OSError:
                    continue  # removed between listing and looking: the next poll sees it gone
                found[path] = (info.st_mtime_ns, info.st_size)
        return found

    def poll(self) -> list[Path]:
        """The files changed, added or removed since the last poll (or since the watcher was made)."""
        now = self.snapshot()
        changed = sorted(p for p in now.keys() | self._seen.keys() if now.get(p) != self._seen.get(p))
        self._seen = now
        return changed

    def changed(self) -> bool:
        """True when anything changed since the last look."""
        return bool(self.poll())

    @property
    def files(self) -> list[Path]:
        """The files being watched."""
        return sorted(self._seen)


def watched_paths(story_dir: Path, branches: Sequence[Path] = ()) -> list[Path]:
    """The story folder, the canon it reads, and every branch pack folder."""
    from game.paths import canon_file

    return [story_dir, canon_file(story_dir.resolve()), *branches]


@dataclass
class Reload:
    """The outcome of loading again: the new story and the state replayed on it, or why not."""

    story: Story | None
    state: GameState | None = None
    history: list[GameState] = field(default_factory=list)
    """The state before each replayed action, so that undo still works after a reload."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: int = 0
    total: int = 0
    failed: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.story is not None and self.state is not None


def reload_story(story_dir: Path, branches: Sequence[Path], state: GameState) -> Reload:
    """Load the story again and replay `state`'s path on it, as far as the new version allows."""
    from game.world import load_story

    result = load_story(story_dir, list(branches))
    if result.story is None:
        return Reload(None, diagnostics=result.diagnostics, total=len(state.path))
    story = result.story
    try:
        current = start(story, state.seed, state.case, state.origin)
    except ActionError as err:
        return Reload(None, diagnostics=result.diagnostics, total=len(state.path), error=str(err))
    history: list[GameState] = []
    outcome = Reload(story, diagnostics=result.diagnostics, total=len(state.path))
    for action in state.path:
        try:
            step = act(story, current, action)
        except ActionError as err:
            outcome.failed, outcome.error = action, str(err)
            break
        history.append(current)
        current = step.state
        outcome.applied += 1
    outcome.state, outcome.history = current, history
    return outcome


def reload_report(reload: Reload, changed: Sequence[Path]) -> list[str]:
    """What to tell the author about a reload, one line each."""
    names = ", ".join(p.name for p in changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
    if not reload.ok:
        lines = [d.format() for d in reload.diagnostics if d.severity == "error"]
        if reload.error:
            lines.append(f"cannot start the game on the new version: {reload.error}")
        errors = sum(1 for d in reload.diagnostics if d.severity == "error") or 1
        lines.append(f"Not reloaded ({names}): {errors} error(s); still playing the version that loaded last.")
        return lines
    lines = [f"Reloaded: {names} (replayed {reload.applied} of {reload.total} actions)."]
    if reload.failed is not None:
        lines.append(f"Stopped before '{reload.failed}': {reload.error}. You are where the path still leads.")
    warnings = sum(1 for d in reload.diagnostics if d.severity == "warning")
    if warnings:
        lines.append(f"{warnings} warning(s); `archer check` lists them.")
    return lines
