"""The one way a save (or the profile) is read from disk: a regular file, at most a few megabytes.

Whatever a name leads to, a folder, /dev/zero, a pipe, /proc/self/mem, a path with a NUL byte or a lone
surrogate in it, an unreadable or vanishing file, the answer is a SaveError worded like a damaged save, never
an endless read and never a traceback. No pydantic here: the profile peek at start-up uses it too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from game.saving.errors import SaveError

MAX_SAVE_BYTES = 8 * 1024 * 1024
"""A save holds a seed, a path of actions and a snapshot: tens of kilobytes. Anything past this is not one."""

_CHUNK = 1 << 16


class MissingSave(SaveError):
    """There is no file at all under that name (the profile's reader treats this as "use the defaults")."""


def read_save_bytes(path: Path, *, limit: int = MAX_SAVE_BYTES) -> bytes:
    """The bytes of the save file at `path`; SaveError naming the file for anything that is not a readable
    regular file of at most `limit` bytes. The file is opened once and checked through that same handle, so
    nothing can be swapped in between the check and the read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise MissingSave("does not exist", path=path) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    except ValueError:  # a NUL byte, or a character the file system cannot name (a lone surrogate)
        raise SaveError("is not a usable file name (it holds a character no file name can have)",
                        path=path) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise SaveError("is a folder, not a save file", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError("is not a regular file (a device, a pipe or a socket), so it cannot be a save",
                            path=path)
        if info.st_size > limit:
            raise _too_large(path, limit)
        os.set_blocking(handle, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(handle, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # a file that grows while read, or one (in /proc) whose size says nothing
            raise _too_large(path, limit)
        return b"".join(chunks)
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(handle)


def _unreadable(path: Path, error: OSError) -> SaveError:
    return SaveError(f"could not be read ({error.strerror or error})", path=path)


def _too_large(path: Path, limit: int) -> SaveError:
    return SaveError(f"is too large to be a save (a save is at most {limit // (1024 * 1024)} MB)", path=path)
