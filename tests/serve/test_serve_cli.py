"""`archer serve` on the command line: its help, bad arguments and a port that is taken, as a user sees them."""

from __future__ import annotations

import socket

from tests.cli.conftest import run_archer


def test_help_names_every_option() -> None:
    done = run_archer("serve", "--help")
    assert done.returncode == 0
    for option in ("--host", "--port", "--story", "--branch", "--saves", "--hosted", "--max-visitors"):
        assert option in done.stdout


def test_the_parser_does_not_load_the_web_server() -> None:
    done = run_archer("--help", python_flags=("-X", "importtime"))
    assert done.returncode == 0
    assert "serve" in done.stdout
    assert "aiohttp" not in done.stderr and "textual_serve" not in done.stderr and "game.serve" not in done.stderr


def test_a_port_out_of_range_is_a_usage_error() -> None:
    done = run_archer("serve", "--port", "70000")
    assert done.returncode == 2
    assert done.stderr == "archer serve: --port 70000 is not a port; use 1 to 65535.\n"


def test_a_port_that_is_taken_is_reported_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_archer("serve", "--port", str(port))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"archer serve: cannot listen on 127.0.0.1 port {port}: ")
    assert done.stderr.endswith("Pick another port with --port, or another address with --host.\n")


def test_a_hosted_game_takes_slot_names_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.cli.conftest import MINI_STORY

    saves = tmp_path / "visitor"
    done = run_archer("play", "--plain", "--hosted", "--story", str(MINI_STORY), "--saves", str(saves),
                      "--seed", "1", stdin="load /etc/passwd\nsave ../x\nsave mine\nquit\n")
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.split())  # plain mode wraps every line at 78 columns
    assert ("> '/etc/passwd' is not a save name. In a game served from another machine, saves are named, never "
            "given as paths: use 1 to 40 letters, digits, '-' or '_'.") in shown
    assert "> '../x' is not a valid save name." in done.stdout
    assert sorted(path.name for path in saves.iterdir() if path.suffix == ".json") == ["mine.json"]
    assert not (tmp_path / "x.json").exists()
