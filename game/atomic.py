"""Atomic file replacement: a reader, a crash or a second writer never sees a half-written file.

One implementation for every file the game writes for itself: saves, the profile, the compiled-story cache.
It sits below every layer (it imports nothing from the game), so that game.world can use it too.

The new bytes go to a temporary file with a unique name in the same folder (same file system, so the final
rename is atomic), are flushed and fsynced, and then `os.replace` swaps them in. The folder is fsynced after,
so the rename itself survives a power cut. The previous version can be kept as a backup, itself swapped in
atomically from a hard link (or a copy where links are not supported), so the target name never disappears.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
STALE_AFTER = 3600.0
"""Seconds after which a leftover temporary file (from a killed writer) is removed by the next write."""


def temp_name(target: Path) -> Path:
    """A fresh hidden temporary path beside `target`, unique across processes and threads."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def write_atomic(target: Path, data: bytes, *, backup: Path | None = None, mode: int = 0o644) -> None:
    """Replace `target` with `data` atomically; first keep its current version as `backup` when given.
    A new file gets permissions `mode` (less the umask)."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    temp = temp_name(target)
    _write_synced(temp, data, mode)
    try:
        if backup is not None:
            keep_backup(target, backup)
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    fsync_folder(folder)


def keep_backup(source: Path, backup: Path) -> bool:
    """Make `backup` an exact copy of `source`, atomically. False when there is no source to keep."""
    temp = temp_name(backup)
    try:
        os.link(source, temp)
    except FileNotFoundError:
        return False
    except OSError:
        # No hard links here (some network and FAT file systems): copy the bytes instead.
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            return False
        _write_synced(temp, data)
    try:
        os.replace(temp, backup)
    finally:
        # rename() between two links to the same file does nothing and leaves `temp` (POSIX): drop that name.
        _remove_quietly(temp)
    return True


def remove_stale_temps(folder: Path, *, older_than: float = STALE_AFTER) -> None:
    """Delete temporary files left by writers that were killed, once they are old enough to be abandoned."""
    limit = time.time() - older_than
    try:
        entries = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
        except OSError:
            continue


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, where the platform allows it (not on Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _write_synced(path: Path, data: bytes, mode: int = 0o644) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags, mode)
    try:
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        _remove_quietly(path)
        raise
    os.close(handle)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
