"""Live authoring: the watcher, reloading with the path replayed, and plain mode's --dev session."""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

from game.engine import replay, start
from game.plain.live import watch_plain
from game.session.lines import PlainGame
from game.session.live import StoryWatcher, reload_report, reload_story, watched_paths
from game.world import load_story

from .conftest import archer, edit


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = time.time_ns() + 1_000_000_000  # a later mtime even on coarse file systems
    os.utime(path, ns=(stamp, stamp))


def test_watcher_sees_saves_additions_and_removals(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    first = tmp_path / "a.yaml"
    first.write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored\n", encoding="utf-8")
    watcher = StoryWatcher([tmp_path])
    assert watcher.files == [first]
    assert watcher.poll() == []
    _touch(first, "a: 2\n")
    assert watcher.poll() == [first]
    assert watcher.poll() == []
    second = tmp_path / "sub" / "b.yaml"
    second.write_text("b: 1\n", encoding="utf-8")
    assert watcher.changed()
    second.unlink()
    assert watcher.poll() == [second]
    _touch(tmp_path / "notes.txt", "still ignored\n")
    assert not watcher.changed()


def test_watcher_takes_single_files_and_missing_paths(tmp_path: Path) -> None:
    canon = tmp_path / "canon.yaml"
    canon.write_text("x: 1\n", encoding="utf-8")
    watcher = StoryWatcher([canon, tmp_path / "not-there"])
    assert watcher.files == [canon]
    _touch(canon, "x: 22\n")
    assert watcher.poll() == [canon]


def test_watched_paths_include_the_canon(mini_dir: Path) -> None:
    paths = watched_paths(mini_dir, [Path("pack")])
    assert paths == [mini_dir, (mini_dir.parent / "seeds" / "canon.yaml").resolve(), Path("pack")]


def test_reload_replays_the_path(mini_dir: Path) -> None:
    story = load_story(mini_dir).story
    state = replay(story, 1, "june_case", ["talk", "search", "look"]).state
    edit(mini_dir / "scenes.yaml", "Wind. A thread on the rail.", "Wind off the lake. A thread on the rail.")
    outcome = reload_story(mini_dir, [], state)
    assert outcome.ok and outcome.failed is None
    assert outcome.applied == outcome.total == 3
    assert outcome.state.model_dump() == state.model_dump()
    assert [len(h.path) for h in outcome.history] == [0, 1, 2]
    assert reload_report(outcome, [mini_dir / "scenes.yaml"]) == ["Reloaded: scenes.yaml (replayed 3 of 3 actions)."]


def test_reload_stops_where_the_new_version_differs(mini_dir: Path) -> None:
    story = load_story(mini_dir).story
    state = replay(story, 1, "june_case", ["talk", "search", "look"]).state
    edit(mini_dir / "scenes.yaml", "{id: look,", "{id: peer,")
    outcome = reload_story(mini_dir, [], state)
    assert outcome.ok
    assert (outcome.applied, outcome.failed) == (2, "look")
    assert outcome.state.scene == "roof" and outcome.state.path == ["talk", "search"]
    assert reload_report(outcome, [mini_dir / "scenes.yaml"])[1] == (
        "Stopped before 'look': there is no choice 'look' here. You are where the path still leads.")


def test_reload_with_errors_keeps_nothing(mini_dir: Path) -> None:
    story = load_story(mini_dir).story
    state = start(story, 1, "june_case")
    edit(mini_dir / "scenes.yaml", "goto: roof, time: 1", "goto: rooof, time: 1")
    outcome = reload_story(mini_dir, [], state)
    assert not outcome.ok and outcome.story is None
    lines = reload_report(outcome, [mini_dir / "scenes.yaml"])
    assert "AR031 error: unknown scene or ending 'rooof'" in lines[0]
    assert lines[-1] == "Not reloaded (scenes.yaml): 1 error(s); still playing the version that loaded last."


def test_reload_when_the_case_is_gone(mini_dir: Path) -> None:
    story = load_story(mini_dir).story
    state = start(story, 1, "june_case")
    mystery = mini_dir / "mystery.yaml"
    mystery.write_text(mystery.read_text(encoding="utf-8").replace("june_case", "june_gone"), encoding="utf-8")
    outcome = reload_story(mini_dir, [], state)
    assert not outcome.ok
    assert outcome.error == "unknown case 'june_case'; the cases are: june_gone, nabil_case"
    assert reload_report(outcome, [mystery]) == [
        "cannot start the game on the new version: unknown case 'june_case'; the cases are: june_gone, nabil_case",
        "Not reloaded (mystery.yaml): 1 error(s); still playing the version that loaded last."]


def _wait_for(out: io.StringIO, text: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while text not in out.getvalue():
        assert time.monotonic() < deadline, f"{text!r} never shown; output was:\n{out.getvalue()}"
        time.sleep(0.02)


def test_plain_dev_session_reloads_in_place(mini_dir: Path) -> None:
    story = load_story(mini_dir).story
    out = io.StringIO()
    game = PlainGame(story, start(story, 1, "june_case"), out)
    scenes = mini_dir / "scenes.yaml"

    def typed() -> Iterator[str]:
        yield "1\n"
        _wait_for(out, "You have met.")
        edit(scenes, "You have met.", "You two have met.")
        _wait_for(out, "You two have met.")
        edit(scenes, "goto: roof, time: 1", "goto: rooof, time: 1")
        _wait_for(out, "Not reloaded")
        yield "undo\n"
        yield "quit\n"

    args = argparse.Namespace(story=str(mini_dir), branch=[])
    assert watch_plain(game, args, typed(), interval=0.05) == 0
    shown = out.getvalue()
    assert shown.startswith("(dev mode: watching 4 files; saving one reloads the story)\n")
    assert "Reloaded: scenes.yaml (replayed 1 of 1 actions).\n" in shown
    assert "AR031 error: unknown scene or ending 'rooof'" in shown
    after_error = shown.split("Not reloaded", 1)[1]
    assert "Undone." in after_error and "You have not met." in after_error
    assert game.story.scenes["opening"].choices[1].goto == "roof"  # the version with errors was never used


def test_plain_dev_session_goes_on_after_an_ending(mini_dir: Path) -> None:
    story = load_story(mini_dir).story
    out = io.StringIO()
    game = PlainGame(story, start(story, 1, "june_case"), out)
    args = argparse.Namespace(story=str(mini_dir), branch=[])
    assert watch_plain(game, args, iter(["4\n", "undo\n", "quit\n"]), interval=0.05) == 0
    shown = out.getvalue()
    assert "*** ENDING: Gone ***" in shown
    assert "(dev mode: the story has ended." in shown
    assert shown.rstrip().endswith(">")
    assert "Undone." in shown


def test_play_plain_dev_from_the_command_line(mini_dir: Path) -> None:
    done = archer("play", "--plain", "--dev", "--story", str(mini_dir), "--case", "june_case", "--seed", "1",
                  "--saves", str(mini_dir.parent / "saves"), stdin="1\nquit\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("(dev mode: watching 4 files; saving one reloads the story)")
    assert "Statement recorded, June: I was in the studio." in done.stdout
