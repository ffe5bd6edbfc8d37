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
