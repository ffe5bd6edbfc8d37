"""Turning a save record back into a game on the story as it is now.

When the story is byte-for-byte the one the save was made on (same fingerprint), the snapshot is the game.
Otherwise the snapshot cannot be trusted to fit the story, so the save's action path is replayed on the
current story; if an action no longer applies, the game resumes at the last point that still replays, and the
player is told where that is and what was lost.

The engine is imported lazily: listing and checking saves never needs it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from math import isfinite
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from game.saving.errors import SaveError
from game.saving.record import SaveRecord, StoryRef, Where

if TYPE_CHECKING:
    from game.engine.state import GameState
    from game.world.story import Story

LABEL_MAX = 200


def make_record(story: Story, state: GameState, *, label: str, play_seconds: float) -> SaveRecord:
    """The record that saves `state`, played on `story`, right now."""
    if state.story_id != story.id:
        raise SaveError(f"this game belongs to the story '{state.story_id}', not to '{story.id}'")
    return SaveRecord(
        story=StoryRef(id=story.id, version=story.version, fingerprint=story.fingerprint),
        seed=state.seed,
        case=state.case,
        path=list(state.path),
        snapshot=state.model_dump(mode="json"),
        label=label[:LABEL_MAX],
        saved_at=datetime.now(UTC),
        play_seconds=play_seconds if isfinite(play_seconds) and play_seconds > 0 else 0.0,
        where=where_of(story, state),
    )


def where_of(story: Story, state: GameState) -> Where:
    """Where the player is, in the words the status line uses."""
    from game.engine import view

    shown = view(story, state)
    status = shown.status
    return Where(
        day=status.day,
        slot=status.slot,
        location=status.location,
        scene=state.scene,
        ending=shown.ending.title if shown.ending is not None else None,
    )


def restore(story: Story, record: SaveRecord, path: Path | None = None) -> tuple[GameState, str | None]:
    """The game a record holds, on `story`, and a note for the player when it had to be rebuilt."""
    from game.engine.state import GameState

    if record.story.id != story.id:
        raise SaveError(
            f"is a save of the story '{record.story.id}', not of '{story.id}'",
            path=path,
            hint="Load it with the story it was made for (--story DIR).",
        )
    if record.story.fingerprint is not None and record.story.fingerprint == story.fingerprint:
        try:
            state = GameState.model_validate(record.snapshot)
        except ValidationError:
            # Same story, but the game's own state format changed since: the path still rebuilds it.
            return _replay(story, record, path, reason="this version of Archer keeps games differently")
        if (state.path, state.seed, state.case, state.story_id) != (
            record.path,
            record.seed,
            record.case,
            record.story.id,
        ):
            raise SaveError("is inconsistent: its snapshot does not match its own record", path=path)
        return state, None
    if record.story.fingerprint is None:
        reason = "this save was made by an older version of Archer"
    else:
        reason = "the story has changed since this save was made"
        if record.story.version != story.version:
            reason += f" (version {record.story.version} then, {story.version} now)"
    return _replay(story, record, path, reason=reason)


def _replay(story: Story, record: SaveRecord, path: Path | None, *, reason: str) -> tuple[GameState, str]:
    from game.engine import ActionError, replay, view

    try:
        origin = record.snapshot.get("origin")  # a test game started at a scene replays from there
        done = replay(story, record.seed, record.case, list(record.path), origin if isinstance(origin, str) else None)
    except ActionError as error:
        # Not even the start replays: the mystery this game was playing is gone from the story.
        raise SaveError(
            f"cannot be restored: {reason}, and the game it holds no longer starts ({error})",
            path=path,
            hint="Start a new game, or load it with the story version it was made for (--story DIR).",
        ) from None
    total = len(record.path)
    because = reason[0].upper() + reason[1:]
    if done.failed is None:
        return done.state, f"{because}, so the game was rebuilt by replaying all {total} of its actions."
    status = view(story, done.state).status
    place = f"{status.day} {status.slot}, {status.location} (scene {done.state.scene})"
    lost = total - done.applied
    why = f" ({done.error})" if done.error else ""
    return done.state, (
        f"{because}, so the game was rebuilt by replaying its actions. Only the first {done.applied} of "
        f"{total} still apply: '{done.failed}' does not{why}. You are back at {place}; the "
        f"{lost} action{'s' if lost != 1 else ''} after that point {'are' if lost != 1 else 'is'} not in this "
        "game. The save file "
        "itself is unchanged."
    )
