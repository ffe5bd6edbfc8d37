"""A compiled-story cache: skip parsing and compiling when no file of the story has changed.

The key is a hash of the loader's own code and of every file the load reads (manifest, canon, includes,
packs), so any change invalidates it. Entries are pickles signed with a random per-user key kept beside them:
a corrupt, truncated, stale or foreign file fails the check and the story is simply loaded in full.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from collections.abc import Sequence
from pathlib import Path

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
        digest = hashlib.sha256(FORMAT)
        for module in sorted(Path(loader.__file__).parent.rglob("*.py")):
            digest.update(module.read_bytes())
        _CODE_DIGEST = digest.digest()
    return _CODE_DIGEST


def _secret(folder: Path) -> bytes:
    path = folder / "key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    _write(path, key)
    return key


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


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
        blob = entry.read_bytes()
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
