"""The `archer` command itself: version, help on every subcommand, and usage errors."""

from __future__ import annotations

import argparse

import pytest

from game import __version__
from game.cli import COMMANDS, build_parser


def subcommands() -> list[list[str]]:
    """Every subcommand path of the parser, e.g. ["saves", "list"]."""
    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(build_parser(COMMANDS), [])
    return found


def test_version(archer):
    done = archer("--version")
    assert done.returncode == 0
    assert done.stdout == f"archer {__version__}\n"
    assert done.stderr == ""


def test_top_level_help(archer):
    done = archer("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: archer ")
    for name in ("play", "check", "saves"):
        assert name in done.stdout
    assert "Exit codes: 0 success, 1 a problem found, 2 a usage error." in done.stdout


def test_no_command_prints_help(archer):
    done = archer()
    assert done.returncode == 0
    assert done.stdout.startswith("usage: archer ")


def test_the_parser_has_the_core_subcommands():
    names = {" ".join(path) for path in subcommands()}
    assert {"play", "check", "saves"} <= names


@pytest.mark.parametrize("path", subcommands(), ids=lambda p: " ".join(p))
def test_help_on_every_subcommand(archer, path):
    done = archer(*path, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: archer {' '.join(path)}")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["fly"], ["check", "--bogus"], ["check", "--format", "xml"],
                                  ["play", "--plain", "--seed", "many"]],
                         ids=["unknown-command", "unknown-option", "bad-choice", "bad-int"])
def test_usage_errors_exit_2_without_a_traceback(archer, args):
    done = archer(*args)
    assert done.returncode == 2
    assert "usage: archer" in done.stderr
    assert "error:" in done.stderr
    assert "Traceback" not in done.stderr
