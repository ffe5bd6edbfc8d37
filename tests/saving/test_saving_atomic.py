"""Atomic writes: a killed writer or two writers at once never leave a broken save."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from saving_support import ROOT, play_picks

from game.atomic import keep_backup, remove_stale_temps, write_atomic
from game.saving import SaveError, SaveStore

# A writer that saves one slot over and over. Save number i holds the game after the first i % 6 picks,
# labelled with i, so the test can tell which save it finds and check that it holds exactly that game.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from saving_support import load_fixture_story, play_picks
    from game.saving import SaveStore

    story = load_fixture_story()
    store = SaveStore(Path(sys.argv[1]))
    name, count = sys.argv[2], int(sys.argv[3])
    states = [play_picks(story, 7, [0, 1, 1, 0, 2, 1][:n]) for n in range(6)]
    for i in range(count):
        store.save("slot", story, states[i % 6], label=f"{name}-{i}", play_seconds=float(i))
        if i == 0:
            print("ready", flush=True)
    """
)

EXPECTED_PICKS = [0, 1, 1, 0, 2, 1]


def _writer(folder: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(__file__).parent)])}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), name, str(count)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def _check_slot(store: SaveStore, story, path: Path) -> int:
    """The save number a sound save file holds, after checking it holds exactly that save's game."""
    restored = store.load(path, story)
    number = int(restored.info.label.rsplit("-", 1)[1])
    assert restored.state == play_picks(story, 7, EXPECTED_PICKS[: number % 6])
    assert restored.info.play_seconds == float(number)
    return number


def test_sigkill_at_random_moments_leaves_an_old_or_new_save(tmp_path: Path, story) -> None:
    rng = random.Random(20240611)
    store = SaveStore(tmp_path)
    last = -1
    for _ in range(12):
        writer = _writer(tmp_path, "w", 1_000_000)
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        number = _check_slot(store, story, store.path_of("slot"))
        assert number >= 0
        backup = store.path_of("slot.bak")
        if backup.exists():
            _check_slot(store, story, backup)
        last = number
    assert last >= 0
    assert all(problem is None for _, problem in store.verify())


def test_two_processes_saving_one_slot_never_break_it(tmp_path: Path, story) -> None:
    store = SaveStore(tmp_path)
    writers = [_writer(tmp_path, name, 150) for name in ("a", "b")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    reads = 0
    while any(writer.poll() is None for writer in writers):
        _check_slot(store, story, store.path_of("slot"))  # raises SaveError if ever broken
        reads += 1
    assert [writer.wait() for writer in writers] == [0, 0]
    final = store.load("slot", story)
    assert final.info.label in ("a-149", "b-149")
    assert reads > 0
    assert all(problem is None for _, problem in store.verify())
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file may be left behind"


def test_write_atomic_replaces_and_keeps_the_previous_version(tmp_path: Path) -> None:
    target, backup = tmp_path / "x.json", tmp_path / "x.bak"
    write_atomic(target, b"one", backup=backup)
    assert target.read_bytes() == b"one" and not backup.exists()
    write_atomic(target, b"two", backup=backup)
    assert target.read_bytes() == b"two" and backup.read_bytes() == b"one"
    write_atomic(target, b"three", backup=backup)
    assert target.read_bytes() == b"three" and backup.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.bak", "x.json"]


def test_backup_falls_back_to_a_copy_without_hard_links(tmp_path: Path, monkeypatch) -> None:
    source, backup = tmp_path / "x.json", tmp_path / "x.bak"
    source.write_bytes(b"old")

    def no_links(*_args: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    assert keep_backup(source, backup)
    assert backup.read_bytes() == b"old"
    assert not keep_backup(tmp_path / "missing.json", tmp_path / "missing.bak")


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, b"old")

    def broken_replace(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_a_save_that_cannot_be_written_is_a_save_error(tmp_path: Path, story, play) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = SaveStore(blocker / "saves")
    with pytest.raises(SaveError, match="could not be written") as caught:
        store.save("x", story, play(story, 1, []))
    assert "--saves DIR" in str(caught.value)


def test_stale_temp_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".x.json.1.aa.tmp", tmp_path / ".x.json.2.bb.tmp"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    remove_stale_temps(tmp_path)
    assert not stale.exists() and fresh.exists()


def test_a_damaged_slot_does_not_replace_a_sound_backup(tmp_path: Path, story, play) -> None:
    store = SaveStore(tmp_path)
    store.save("s", story, play(story, 1, [0]), label="first")
    store.save("s", story, play(story, 1, [1]), label="second")
    store.path_of("s").write_bytes(b"{broken")
    store.save("s", story, play(story, 1, [2]), label="third")
    assert store.load("s", story).info.label == "third"
    assert store.load("s.bak", story).info.label == "first"
