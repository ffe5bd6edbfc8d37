"""SaveStore: the save folder as the game sees it. Named slots, rotating autosaves, the quicksave.

Every write is atomic and keeps the replaced version as SLOT.bak. Every read reports damage as a SaveError
that names the file and says what the player can do, and never changes or deletes anything.
"""

from __future__ import annotations

import builtins
import shlex
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.atomic import fsync_folder, remove_stale_temps, write_atomic
from game.paths import saves_dir
from game.saving import slots
from game.saving.codec import decode, encode
from game.saving.errors import SaveError
from game.saving.reading import MissingSave, read_save_bytes
from game.saving.record import SaveRecord
from game.saving.restore import make_record, restore

if TYPE_CHECKING:
    from game.engine.state import GameState
    from game.world.story import Story


@dataclass(frozen=True)
class SlotInfo:
    """One save file as listed: what it holds, or what is wrong with it (`ok` False, `problem` set)."""

    slot: str
    path: Path
    label: str = ""
    day: str = ""
    slot_name: str = ""
    """The time slot of the day (morning, evening...), not the save slot."""
    location: str = ""
    saved_at: datetime | None = None
    play_seconds: float = 0.0
    ok: bool = True
    problem: str | None = None
    story_id: str = ""
    story_version: str = ""
    actions: int = 0
    ending: str | None = None
    """The title of the ending reached, when the game was over."""

    @classmethod
    def of(cls, path: Path, record: SaveRecord) -> SlotInfo:
        """The listing of a sound save."""
        where = record.where
        return cls(
            slot=slots.display_name(path),
            path=path,
            label=record.label,
            day=where.day if where else "",
            slot_name=where.slot if where else "",
            location=where.location if where else "",
            saved_at=record.saved_at,
            play_seconds=record.play_seconds,
            story_id=record.story.id,
            story_version=record.story.version,
            actions=len(record.path),
            ending=where.ending if where else None,
        )

    @classmethod
    def broken(cls, path: Path, problem: str) -> SlotInfo:
        """The listing of a file that cannot be loaded."""
        return cls(slot=slots.display_name(path), path=path, ok=False, problem=problem)


@dataclass(frozen=True)
class Restored:
    """A loaded game: the state to play, a note for the player when it was rebuilt, and the listing."""

    state: GameState
    note: str | None
    info: SlotInfo


class SaveStore:
    """The saves in one folder (see game.paths.saves_dir for which folder).

    `slots_only` (a visitor's game under `archer serve`, see game.saving.hosted) refuses any name that is not a
    slot, so that a visitor can neither read nor probe a file outside their own save folder.
    """

    def __init__(self, folder: Path, *, slots_only: bool = False) -> None:
        self.folder = Path(folder)
        self.slots_only = slots_only
        """True in a game served to others: names are slot names only, never paths (game.saving.hosted)."""

    # ------------------------------------------------------------------------------------------ writing

    def save(
        self, slot: str, story: Story, state: GameState, *, label: str = "", play_seconds: float = 0.0
    ) -> Path:
        """Save `state` in `slot`, keeping the slot's previous save as its backup. Returns the file."""
        slots.check_slot_name(slot)  # a bad name is told before anything else is looked at
        return self._write(slot, make_record(story, state, label=label, play_seconds=play_seconds))

    def _write(self, slot: str, record: SaveRecord) -> Path:
        target = slots.slot_file(self.folder, slot)
        data = encode(record)
        # A damaged save is not worth a backup: keep the older, sound one instead.
        backup = slots.backup_file(self.folder, slot) if self._is_sound(target) else None
        try:
            write_atomic(target, data, backup=backup)
        except OSError as error:
            raise SaveError(
                f"could not be written ({error.strerror or error})",
                path=target,
                hint="Check that the save folder can be written to, or choose another with --saves DIR.",
            ) from None
        remove_stale_temps(self.folder)
        return target

    def autosave(self, story: Story, state: GameState, *, play_seconds: float = 0.0) -> Path:
        """Save into an autosave slot, so that the three autosaves hold the three newest distinct moments: the
        slot that holds the same moment (`_moment`) if one does, else a free slot, else the oldest autosave."""
        record = make_record(story, state, label="autosave", play_seconds=play_seconds)
        return self._write(self._next_autosave(record), record)

    def quicksave(self, story: Story, state: GameState, *, play_seconds: float = 0.0) -> Path:
        """Save into the quicksave slot."""
        return self.save(slots.QUICKSAVE_SLOT, story, state, label="quicksave", play_seconds=play_seconds)

    def delete(self, slot: str) -> None:
        """Remove a slot and its backup. Raises SaveError when there is no such save."""
        files = [slots.slot_file(self.folder, slot), slots.backup_file(self.folder, slot)]
        present = [path for path in files if path.exists()]
        if not present:
            raise SaveError(f"there is no save named '{slot}' in {self.folder}")
        for path in present:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise SaveError(f"could not be deleted ({error.strerror or error})", path=path) from None
        fsync_folder(self.folder)

    # ------------------------------------------------------------------------------------------ reading

    def path_of(self, slot_or_path: str) -> Path:
        """The file a slot name, a backup name (`NAME.bak`) or a path means (a path is refused when slots_only)."""
        return slots.resolve(self.folder, slot_or_path, slots_only=self.slots_only)

    def read(self, slot_or_path: str | Path) -> SaveRecord:
        """The record in a save file, upgraded to the current format; SaveError with advice if it is bad."""
        path = slot_or_path if isinstance(slot_or_path, Path) else self.path_of(slot_or_path)
        try:
            return decode(read_save_bytes(path), path)
        except MissingSave:
            raise SaveError(
                "does not exist", path=path, hint=f"{self._command('saves list')} shows the saves there are."
            ) from None
        except SaveError as error:
            raise error.with_hint(self._advice(path)) from None

    def load(self, slot_or_path: str | Path, story: Story) -> Restored:
        """The game in a save, restored on `story` (replayed if the story changed). Never writes anything."""
        path = slot_or_path if isinstance(slot_or_path, Path) else self.path_of(slot_or_path)
        record = self.read(path)
        state, note = restore(story, record, path)
        return Restored(state=state, note=note, info=SlotInfo.of(path, record))

    def list(self) -> list[SlotInfo]:
        """Every save slot in the folder, newest first; damaged ones last, with their problem."""
        infos = [self._info(path) for path in self._files(slots.SAVE_SUFFIX)]
        good = sorted((i for i in infos if i.ok), key=lambda i: (i.saved_at, i.slot), reverse=True)
        bad = sorted((i for i in infos if not i.ok), key=lambda i: i.slot)
        return [*good, *bad]

    def latest(self) -> SlotInfo | None:
        """The newest sound save, or None when there is none."""
        return next((info for info in self.list() if info.ok), None)

    def verify(self, slot_or_path: str | Path | None = None) -> builtins.list[tuple[Path, str | None]]:
        """Check one file, or every save and backup in the folder: (file, problem or None when sound)."""
        if slot_or_path is not None:
            paths = [slot_or_path if isinstance(slot_or_path, Path) else self.path_of(slot_or_path)]
        else:
            paths = sorted([*self._files(slots.SAVE_SUFFIX), *self._files(slots.BACKUP_SUFFIX)])
        results: builtins.list[tuple[Path, str | None]] = []
        for path in paths:
            try:
                self.read(path)
            except SaveError as error:
                results.append((path, error.problem))
            else:
                results.append((path, None))
        return results

    # ------------------------------------------------------------------------------------------ helpers

    def _files(self, suffix: str) -> builtins.list[Path]:
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return []
        return [p for p in entries if p.suffix == suffix and slots.slot_of(p) is not None and p.is_file()]

    def _info(self, path: Path) -> SlotInfo:
        try:
            return SlotInfo.of(path, self.read(path))
        except SaveError as error:
            return SlotInfo.broken(path, error.problem)

    def _is_sound(self, path: Path) -> bool:
        try:
            decode(read_save_bytes(path), path)
        except SaveError:
            return False
        return True

    def _next_autosave(self, record: SaveRecord) -> str:
        free: str | None = None
        oldest: tuple[float, str] | None = None
        for slot in slots.AUTOSAVE_SLOTS:
            path = slots.slot_file(self.folder, slot)
            if not path.exists():
                free = free or slot
                continue
            try:
                held = decode(read_save_bytes(path), path)
            except SaveError:
                saved = float("-inf")  # a damaged autosave is the first to go (its backup is kept)
            else:
                if _moment(held) == _moment(record):
                    return slot
                saved = held.saved_at.timestamp()
            if oldest is None or saved < oldest[0]:
                oldest = (saved, slot)
        if free is not None:
            return free
        assert oldest is not None
        return oldest[1]

    def _advice(self, path: Path) -> str:
        slot = slots.slot_of(path)
        if slot is not None and path.suffix == slots.SAVE_SUFFIX:
            backup = slots.backup_file(path.parent, slot)
            if self._is_sound(backup):
                name = f"{slot}.bak" if _same_folder(path.parent, self.folder) else str(backup)
                return (
                    f"Load the backup instead: {self._command(f'play --load {shlex.quote(name)}')}. "
                    "The damaged file has been left as it is."
                )
        return (
            f"Run {self._command('saves list')} to pick another save (the autosaves auto-1 to auto-3 may be "
            "recent). The file has been left as it is."
        )

    def _command(self, rest: str) -> str:
        """An `archer` command line, with --saves when this folder is not the one used by default."""
        flag = "" if _same_folder(saves_dir(), self.folder) else f" --saves {shlex.quote(str(self.folder))}"
        return f"'archer {rest}{flag}'"


def _moment(record: SaveRecord) -> tuple[object, ...]:
    """A moment of a game as a player names it on the saves list: which game (story, case, seed) and where in it
    (day, time of day, place). Two autosaves of one moment would read the same, so the newer replaces the older."""
    where = record.where
    place = (where.day, where.slot, where.location, where.ending) if where is not None else tuple(record.path)
    return (record.story.id, record.case, record.seed, *place)


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except (OSError, ValueError):  # ValueError: a NUL byte in the name
        return False
