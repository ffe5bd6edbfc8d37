"""No input ends a plain-mode game: random command lines (choice numbers, commands with hostile arguments, NUL
bytes, surrogates, device paths, huge arguments, binary noise) never give a traceback or an exit other than 0,
never write outside the saves folder, and the game still answers the next command."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.engine.views import present_cost_note
from game.session.lines import HELP, WRAP, wrap_line

REPO = Path(__file__).resolve().parents[2]
WHERE = yaml.safe_load((REPO / "story" / "story.yaml").read_text(encoding="utf-8"))["accusation"]["where"]
PRESENTING = "Presenting: " + present_cost_note(2)
SHOWN_HELP = "\n".join(wrap_line(line, WRAP) for line in [*HELP.split("\n"), PRESENTING, f"Accusations: {WHERE}."])
"""The help as plain mode prints it into a pipe, with the shipped story's word on where accusations are made."""
STORY = REPO / "story"
WORDS = ["save", "load", "undo", "notes", "suspects", "board", "present", "link", "unlink", "confirm", "accuse",
         "help", "SAVE", "Load", "undo undo"]
IDS = ["note_card", "thread", "nabil", "june", "envy", "alibi", "auto-1", "quick", "quick.bak", "profile"]


def hostile_names(work: Path) -> st.SearchStrategy[str]:
    return st.sampled_from([
        "/dev/zero", "/dev/urandom", "/proc/self/mem", "/proc/self/environ", "/", ".", "..", "../escape",
        "../../etc/passwd", str(work), str(work / "pipe"), str(work / "saves"), "~", "~nobody_here/x",
        "a\0b", "\0", "x\ud800", "\udcff\udcfe", "con", "nul.json", "x.json", "profile.json", "-", "--saves",
        "x" * 100_000, "9" * 5000, "\x1b[2J", "\u202e", "🙂" * 50,
    ])


def lines(work: Path) -> st.SearchStrategy[list[str]]:
    noise = st.binary(max_size=60).map(lambda b: b.decode("utf-8", "surrogateescape"))
    argument = st.one_of(hostile_names(work), st.sampled_from(IDS), st.text(max_size=30), noise)
    command = st.builds(lambda word, args: " ".join([word, *args]), st.sampled_from(WORDS),
                        st.lists(argument, max_size=4))
    number = st.one_of(st.integers(-3, 12).map(str), st.sampled_from(["0", "00", "1" * 5000, "٣", "²", "1e3"]))
    line = st.one_of(command, command, command, number, noise, st.text(max_size=80), hostile_names(work))
    return st.lists(line.map(lambda text: text.replace("\n", " ").replace("\r", " ")), min_size=1, max_size=25)


@contextlib.contextmanager
def plain_io(stdin: str) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    os.mkfifo(folder / "pipe")
    cache = tmp_path_factory.mktemp("cache")
    before = os.getcwd()
    old = {name: os.environ.get(name) for name in ("ARCHER_CACHE", "ARCHER_SAVES")}
    os.environ["ARCHER_CACHE"] = str(cache)
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_random_lines_never_end_the_game(work: Path, data: st.DataObject) -> None:
    typed = data.draw(lines(work))
    saves = work / "saves"
    outside_before = files_under(work) - files_under(saves) if saves.exists() else files_under(work)
    stdin = "".join(f"{line}\n" for line in typed) + "help\n"
    with plain_io(stdin) as (out, err):
        code = main(["play", "--plain", "--story", str(STORY), "--saves", str(saves), "--seed", "7"])
    shown = out.getvalue()
    assert code == 0, err.getvalue()
    assert err.getvalue() == ""
    outside_after = files_under(work) - (files_under(saves) | {saves})
    assert outside_after == outside_before - {saves}, "a file was written outside the saves folder"
    ended = "*** ENDING:" in shown or any(line.strip().lower().split()[:1] == ["quit"] for line in typed)
    if not ended:
        assert shown.endswith(SHOWN_HELP + "\n> \n"), shown[-400:]


def test_binary_noise_on_a_real_stdin(tmp_path: Path) -> None:
    noise = b"\xff\xfe\x00load \xc3(\n1\nsave \xed\xa0\x80\nload /dev/zero\nload \x00\n" + b"9" * 6000 + b"\nhelp\n"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ARCHER_")}, "PYTHONPATH": str(REPO),
           "ARCHER_SAVES": str(tmp_path / "saves"), "ARCHER_CACHE": str(tmp_path / "cache"), "LC_ALL": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--seed", "3"], input=noise,
                          capture_output=True, cwd=tmp_path, env=env, timeout=120)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    flat = " ".join(out.split())  # messages wrap at 78 columns like every line
    assert "/dev/zero: is not a regular file (a device, a pipe or a socket), so it cannot be a save." in flat
    assert "'\\udced\\udca0\\udc80' is not a valid save name." in flat
    assert out.endswith(SHOWN_HELP + "\n> \n")


def test_an_unexpected_failure_autosaves_then_exits_70_with_one_line(work: Path, monkeypatch) -> None:
    from game.saving import SaveStore
    from game.session.lines import PlainGame
    from game.world import load_story

    def broken(self: PlainGame) -> None:
        raise RuntimeError("injected\nfailure")

    monkeypatch.setattr(PlainGame, "notes", broken)
    saves = work / "crash-saves"
    with plain_io("1\n1\nnotes\nhelp\n") as (out, err):
        code = main(["play", "--plain", "--story", str(STORY), "--saves", str(saves), "--seed", "7"])
    assert code == 70
    assert err.getvalue() == (
        "archer: internal error: RuntimeError: injected failure. Your game was autosaved as 'auto-1' "
        "(`load auto-1` resumes it). Please report it (ARCHER_DEBUG=1 shows the details).\n")
    story = load_story(STORY).story
    kept = SaveStore(saves).load("auto-1", story).state
    assert len(kept.path) == 2, "the game as it was when the failing command came"
    assert "Commands:" not in out.getvalue(), "nothing runs after the failure"


def test_a_failure_before_any_game_writes_nothing(work: Path, monkeypatch) -> None:
    import game.plain.run as plain_run

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(plain_run, "PlainGame", broken)
    saves = work / "no-saves"
    with plain_io("1\n") as (_, err):
        code = main(["play", "--plain", "--story", str(STORY), "--saves", str(saves), "--seed", "7"])
    assert code == 70
    assert err.getvalue() == ("archer: internal error: OSError: disk on fire. Please report it (ARCHER_DEBUG=1 shows "
                              "the details).\n")
    assert not saves.exists()
