"""A compiled-story cache: skip parsing and compiling when no file of the story has changed.

The key is a hash of the loader's own code, the Python and pydantic versions (a pickle is only good for the
code that wrote it) and every file the load reads (manifest, canon, includes, packs), so any change
invalidates it. Entries are pickles signed with a random per-user key kept beside them: a corrupt,
truncated, stale or foreign file fails the check and the story is simply loaded in full.

The folder is the user's own (made 0700); the key is trusted only when it is a regular file of this user with
mode 0600, otherwise it is ignored and replaced (so another user who could plant a key cannot forge entries).
Keys and entries are written with the atomic write that saves use (fsync, then rename).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from game.atomic import write_atomic
from game.world import load as loader
from game.world.includes import resolve_includes

FORMAT = b"archer-cache-1"
_CODE_DIGEST: bytes | None = None


def default_dir() -> Path:
    """The cache folder: $ARCHER_CACHE, else the platform's user cache folder."""
    env = os.environ.get("ARCHER_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("archer-the-fall") / "stories"


def _code_digest() -> bytes:
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        import pydantic

        digest = hashlib.sha256(FORMAT)
        digest.update(f"python {sys.version}; pydantic {pydantic.VERSION}\0".encode())
        for module in sorted(Path(loader.__file__).parent.rglob("*.py")):
            digest.update(module.read_bytes())
        _CODE_DIGEST = digest.digest()
    return _CODE_DIGEST


KEY_FILE = "key"
KEY_SIZE = 32


def _owned_by_me(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _read_private(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of `path` when it is a regular file of this user that no one else can read or write (and
    not a symlink); None otherwise, or when it is larger than `limit`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or not _owned_by_me(info) or stat.S_IMODE(info.st_mode) & 0o077:
            return None
        if limit is not None and info.st_size > limit:
            return None
        os.set_blocking(handle, True)
        with os.fdopen(os.dup(handle), "rb") as stream:
            return stream.read()
    except OSError:
        return None
    finally:
        os.close(handle)


def _key_is_trusted(path: Path) -> bytes | None:
    """The key in `path`, when it can be trusted: this user's own regular file, mode exactly 0600, 32 bytes."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_IMODE(info.st_mode) != 0o600:
        return None
    key = _read_private(path, KEY_SIZE)
    return key if key is not None and len(key) == KEY_SIZE else None


def _make_folder(folder: Path) -> None:
    """Make the cache folder, owner-only; tighten one of ours that is more open."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if _owned_by_me(info) and stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)


def _secret(folder: Path) -> bytes:
    """The signing key of this cache folder; a missing, foreign or loosely kept key is replaced by a new one."""
    path = folder / KEY_FILE
    key = _key_is_trusted(path)
    if key is not None:
        return key
    key = secrets.token_bytes(KEY_SIZE)
    _write(path, key)
    return key


def _write(path: Path, data: bytes) -> None:
    _make_folder(path.parent)
    write_atomic(path, data, mode=0o600)
    os.chmod(path, 0o600)  # the umask may have taken bits away, never added: this makes it exactly 0600


def source_files(story_dir: Path, branches: list[Path], canon: Path) -> list[Path] | None:
    """Every file a load of this story would read, or None when that cannot be worked out cheaply."""
    from game.world.yamlsrc import read

    manifest = read(story_dir / loader.MANIFEST, "story.yaml")
    if manifest.diagnostics or not isinstance(manifest.data, dict):
        return None
    includes = manifest.data.get("includes")
    if not isinstance(includes, list):
        return None
    files = [story_dir / loader.MANIFEST, canon]
    for folder, patterns, named_in in [(story_dir, includes, story_dir / loader.MANIFEST)] + [
            (b, _pack_includes(b), b / "branch.yaml") for b in branches]:
        if patterns is None or not all(isinstance(p, str) for p in patterns):
            return None
        found, _ = resolve_includes(folder, patterns, named_in)
        files.extend(found)
    files.extend(b / "branch.yaml" for b in branches)
    return files


def _pack_includes(folder: Path) -> list[object] | None:
    from game.world.yamlsrc import read

    manifest = read(folder / "branch.yaml", "branch.yaml")
    if manifest.diagnostics or not isinstance(manifest.data, dict):
        return None
    includes = manifest.data.get("includes", [])
    return includes if isinstance(includes, list) else None


def key_for(files: list[Path], cwd: str) -> str | None:
    """The cache key: loader code, working folder (diagnostics name paths relative to it) and file contents."""
    digest = hashlib.sha256(_code_digest())
    digest.update(cwd.encode())
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(str(path.resolve()).encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def load_cached(story_dir: Path | str, branches: Sequence[Path | str] = (), canon_path: Path | None = None,
                folder: Path | None = None) -> loader.LoadResult:
    """load_story through the cache. Any problem with the cache falls back to a full load."""
    from game.paths import canon_file

    root = Path(story_dir)
    packs = [Path(b) for b in branches]
    folder = folder or default_dir()
    files = source_files(root, packs, canon_path or canon_file(root.resolve())) if root.is_dir() else None
    key = key_for(files, os.getcwd()) if files else None
    if key is None:
        return loader.load_story(root, packs, canon_path)
    entry = folder / f"{key}.pickle"
    try:
        blob = _read_private(entry)
        if blob is None:
            raise FileNotFoundError(entry)
        secret = _secret(folder)
        signature, payload = blob[:32], blob[32:]
        if hmac.compare_digest(signature, hmac.new(secret, payload, hashlib.sha256).digest()):
            result = pickle.loads(payload)
            if isinstance(result, loader.LoadResult):
                return result
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError,
            IndexError):
        pass
    result = loader.load_story(root, packs, canon_path)
    if result.story is not None:
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            _write(entry, hmac.new(_secret(folder), payload, hashlib.sha256).digest() + payload)
        except (OSError, pickle.PicklingError, RecursionError):
            pass
    return result
