"""The compiled-story cache is the user's own: folder 0700, key 0600 and trusted only when it is this user's
regular file with that mode, entries written atomically, and the key tied to the Python and pydantic versions."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
from pathlib import Path

import pytest

import game.atomic
from game.world import cache
from game.world.cache import load_cached

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture()
def mini(mini_copy) -> Path:
    """A writable copy of the mini story folder (with its seeds beside it)."""
    return mini_copy.story_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


class Planted:
    """A pickle that records it was unpickled: a cache entry must never be unpickled unless signed by us."""

    opened = False

    def __reduce__(self):
        return (_mark, ())


def _mark() -> str:
    Planted.opened = True
    return "planted"


def plant(folder: Path, key: bytes) -> None:
    """Replace every entry with a planted pickle signed with `key`."""
    payload = pickle.dumps(Planted())
    for entry in folder.glob("*.pickle"):
        entry.write_bytes(hmac.new(key, payload, hashlib.sha256).digest() + payload)
        os.chmod(entry, 0o600)


def test_folder_key_and_entries_are_private_whatever_the_umask(mini: Path, tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "cache"
    old = os.umask(0)
    try:
        assert load_cached(mini, folder=folder).story is not None
    finally:
        os.umask(old)
    assert mode(folder) == 0o700
    assert mode(folder / "key") == 0o600
    [entry] = folder.glob("*.pickle")
    assert mode(entry) == 0o600
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == [], "no temporary file left"


def test_a_loose_folder_of_ours_is_tightened(mini: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    load_cached(mini, folder=folder)
    assert mode(folder) == 0o700


@pytest.mark.parametrize("how", ["loose mode", "symlink", "foreign owner", "wrong size"])
def test_an_untrusted_key_is_ignored_and_replaced(mini: Path, tmp_path: Path, monkeypatch, how: str) -> None:
    folder = tmp_path / "cache"
    good = load_cached(mini, folder=folder)
    key_file = folder / "key"
    planted_key = b"p" * 32
    plant(folder, planted_key)
    key_file.unlink()
    if how == "symlink":
        elsewhere = tmp_path / "planted-key"
        elsewhere.write_bytes(planted_key)
        os.chmod(elsewhere, 0o600)
        key_file.symlink_to(elsewhere)
    else:
        key_file.write_bytes(planted_key + (b"!" if how == "wrong size" else b""))
        os.chmod(key_file, 0o644 if how == "loose mode" else 0o600)
    if how == "foreign owner":
        real = os.getuid()
        monkeypatch.setattr(cache.os, "getuid", lambda: real + 1)
        # Our own files look foreign now, so nothing the folder holds is trusted; a new key is written.
    Planted.opened = False
    again = load_cached(mini, folder=folder)
    assert not Planted.opened, "a pickle signed with an untrusted key was unpickled"
    assert again.story is not None and again.story.fingerprint == good.story.fingerprint
    assert not key_file.is_symlink() and mode(key_file) == 0o600
    assert key_file.read_bytes() != planted_key[:32]
    assert len(key_file.read_bytes()) == 32


def test_a_trusted_key_is_kept(mini: Path, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "cache"
    load_cached(mini, folder=folder)
    key = (folder / "key").read_bytes()
    monkeypatch.setattr(cache.loader, "load_story", lambda *a, **k: pytest.fail("loaded in full"))
    assert load_cached(mini, folder=folder).story is not None
    assert (folder / "key").read_bytes() == key


def test_entries_go_through_the_atomic_write_with_fsync(mini: Path, tmp_path: Path, monkeypatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(game.atomic.os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    replaced: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(game.atomic.os, "replace", lambda a, b: replaced.append(Path(b).name) or real_replace(a, b))
    load_cached(mini, folder=tmp_path / "cache")
    assert sorted(name.split(".")[-1] for name in replaced) == ["key", "pickle"]
    assert len(synced) >= 4, "each file and the folder after each rename"


def test_the_key_changes_with_python_or_pydantic(monkeypatch) -> None:
    import pydantic

    files: list[Path] = [MINI / "story" / "story.yaml"]
    monkeypatch.setattr(cache, "_CODE_DIGEST", None)
    first = cache.key_for(files, "/")
    monkeypatch.setattr(cache, "_CODE_DIGEST", None)
    monkeypatch.setattr(pydantic, "VERSION", "0.0-other")
    second = cache.key_for(files, "/")
    monkeypatch.setattr(cache, "_CODE_DIGEST", None)
    monkeypatch.setattr(cache.sys, "version", "3.99 other")
    third = cache.key_for(files, "/")
    assert len({first, second, third}) == 3
