"""ServeOptions: who can reach the game, where saves go, and the command that starts a visitor's game."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from game.serve.options import ServeOptions, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"])
def test_loopback_hosts_keep_the_players_own_saves(host: str) -> None:
    assert is_loopback(host)
    assert not ServeOptions(host=host).private_saves


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "game.example.org"])
def test_any_other_host_gives_each_visitor_private_saves(host: str) -> None:
    assert not is_loopback(host)
    assert ServeOptions(host=host).private_saves


def test_hosted_asks_for_private_saves_on_loopback_too() -> None:
    assert ServeOptions(host="127.0.0.1", hosted=True).private_saves


def test_loopback_says_only_this_machine_can_reach_it() -> None:
    lines = ServeOptions(port=8123).reach_lines(Path("/srv/saves"))
    assert lines == [
        "Archer: The Fall is served on http://127.0.0.1:8123/",
        "Only this machine can reach it (the host is loopback).",
        "Saves go to /srv/saves, as in the terminal game.",
        "At most 50 games run at once. Press Ctrl+C to stop.",
    ]


def test_every_address_says_who_can_reach_it_and_where_visitors_saves_go() -> None:
    lines = ServeOptions(host="0.0.0.0", port=8000, max_visitors=9).reach_lines(Path("/srv/v"))
    assert lines == [
        "Archer: The Fall is served on http://127.0.0.1:8000/",
        "Anyone who can reach this machine on port 8000, on any of its network addresses, can play it: there is "
        "no password and no encryption.",
        "Each visitor gets a private save space under /srv/v.",
        "Every browser is a separate visitor; a visitor who clears their cookies starts afresh.",
        "At most 9 games run at once. Press Ctrl+C to stop.",
    ]


def test_one_address_is_named() -> None:
    lines = ServeOptions(host="192.168.1.20", port=9000).reach_lines(Path("/v"))
    assert lines[0] == "Archer: The Fall is served on http://192.168.1.20:9000/"
    assert lines[1].startswith("Anyone who can reach 192.168.1.20 on port 9000 can play it")


def test_the_game_command_passes_story_branches_and_the_visitors_folder() -> None:
    options = ServeOptions(host="0.0.0.0", story=Path("/s t/story"), branches=(Path("/b/one"),), python="/py")
    command = options.game_command(Path("/saves/ab cd"))
    assert command.startswith("exec ")
    assert shlex.split(command[len("exec "):]) == [
        "/py", "-m", "game", "play", "--saves", "/saves/ab cd", "--story", "/s t/story", "--branch", "/b/one",
        "--hosted",
    ]


def test_the_game_command_on_loopback_is_a_normal_game() -> None:
    command = ServeOptions(python="/py").game_command(Path("/home/me/saves"))
    assert shlex.split(command[len("exec "):]) == ["/py", "-m", "game", "play", "--saves", "/home/me/saves"]
