"""The `archer` command. Each front end and tool is imported only when its subcommand runs, so `archer check`
and `archer --version` never load Textual.

Exit codes, for every subcommand: 0 success; 1 a problem was found (errors in a story, a bad save, a failed
run); 2 a usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from game import __version__

# Every subcommand: its name, the module whose `add_parser(sub)` declares its arguments (None: declared here),
# and the one line the top-level help shows for it. Only the module of the command being run is imported, so
# `archer play` and `archer check --help` load no other tool (and none of them loads Textual).
COMMANDS: dict[str, tuple[str | None, str]] = {
    "play": (None, "play the game (Textual UI, or --plain line mode)"),
    "saves": ("game.saving.cli", "list, show, check and delete saved games"),
    "check": ("game.tools.check", "check a story: diagnostics, mystery rules, and a deep exploration of every case"),
    "walk": ("game.tools.walk", "play random games to find crashes and soft-locks (like ChoiceScript's randomtest)"),
    "graph": ("game.tools.graph",
              "draw the story map (Mermaid, Graphviz DOT or SVG), optionally with a case's solve path"),
    "schema": ("game.tools.schema", "print the JSON Schema of the story format (or, with --canon, of the canon)"),
    "replay": ("game.tools.replay", "replay transcripts and compare the text shown with what they expect"),
    "new-branch": ("game.tools.new_branch", "create a working branch pack in a new folder"),
    "lsp": ("game.tools.lsp", "run the story language server over stdio (for editors; see docs/editors.md)"),
    "serve": ("game.serve.cli", "play in a web browser: one game process per visitor (see docs/hosting.md)"),
}


class _Commands(argparse._SubParsersAction):
    """The subparsers action of `archer`: each command's help line comes from COMMANDS."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name in COMMANDS:
            kwargs.setdefault("help", COMMANDS[name][1])
        return super().add_parser(name, **kwargs)


def _story_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--story", metavar="DIR", help="story folder (default: the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[],
                        help="load a branch pack (repeatable)")


def _add_play(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", description="Play the game. Without --plain, the full terminal UI starts.")
    _story_options(play)
    play.add_argument("--plain", action="store_true", help="line mode for screen readers, pipes and scripts")
    play.add_argument("--load", metavar="SLOT", help="start from a save (a slot name or a file)")
    play.add_argument("--saves", metavar="DIR", help="save folder (default: saves/ or $ARCHER_SAVES)")
    play.add_argument("--case", metavar="CASE", help="canon, random, or a case id")
    play.add_argument("--seed", metavar="N", type=int, help="the game's seed (picks the case when random)")
    play.add_argument("--dev", action="store_true", help="watch the story files and reload on save")
    play.add_argument("--from", dest="origin", metavar="SCENE[@DAY[.SLOT]]",
                      help="with --dev: start at this scene (on its day, or the one given, at the first slot or "
                           "the one given), with everything else as a new game has it; for testing a pack")
    # Set by `archer serve` for a visitor's game: slot names only, never paths.
    play.add_argument("--hosted", action="store_true", help=argparse.SUPPRESS)
    play.set_defaults(run=_run_play)


def build_parser(full: Collection[str] = ()) -> argparse.ArgumentParser:
    """The command line, with the arguments of the commands named in `full` (the others are listed only)."""
    parser = argparse.ArgumentParser(
        prog="archer",
        description="Archer: The Fall. A terminal whodunit at the Archer School of Ballet, and its story tools.",
        epilog="Exit codes: 0 success, 1 a problem found, 2 a usage error.",
    )
    parser.add_argument("--version", action="version", version=f"archer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=_Commands)
    for name, (module_name, _help) in COMMANDS.items():
        if name not in full:
            sub.add_parser(name, add_help=False)
        elif module_name is None:
            _add_play(sub)
        else:
            importlib.import_module(module_name).add_parser(sub)
    return parser


def chosen_command(argv: list[str]) -> str | None:
    """The subcommand named on a command line, or None when there is none or help is asked first."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `archer` console script."""
    try:
        try:
            code = _run(sys.argv[1:] if argv is None else argv)
        except SystemExit:  # argparse's --help, --version and usage errors: their output is flushed too
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # here, not at interpreter exit: a reader that left early is noticed in the try
        return code
    except BrokenPipeError:
        _drop_stdout()
        return 0


def _run(argv: list[str]) -> int:
    command = chosen_command(argv)
    parser = build_parser(() if command is None else (command,))
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    runner = getattr(args, "run", None)
    try:
        if runner is None:
            from game.saving import cli as saves_cli

            return saves_cli.run(args)
        return runner(args)
    except KeyboardInterrupt as interrupt:
        kept = "".join(f" {note.rstrip('.')}." for note in getattr(interrupt, "__notes__", ()))
        print(f"\nInterrupted.{kept}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise
    except Exception as err:  # noqa: BLE001 - the last line of defence: never show a player a traceback
        if os.environ.get("ARCHER_DEBUG"):
            raise
        print(internal_error_line(err), file=sys.stderr)
        return 70


def internal_error_line(err: BaseException) -> str:
    """The one line a player sees for a bug: what failed, what was kept safe (notes added on the way out, such
    as plain mode's autosave), and how to report it."""
    what = " ".join(f"{type(err).__name__}: {err}".split())
    if len(what) > 200:
        what = what[:197] + "..."
    kept = "".join(f" {note.rstrip('.')}." for note in getattr(err, "__notes__", ()))
    return f"archer: internal error: {what}.{kept} Please report it (ARCHER_DEBUG=1 shows the details)."


def _drop_stdout() -> None:
    """The reader of our output has gone (`archer graph | head`): that is a normal end, not an error. Point
    stdout at the null device so that the interpreter's last flush of what is still buffered has nowhere to fail
    and prints no "Exception ignored" line."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _run_play(args: argparse.Namespace) -> int:
    from game.paths import saves_dir
    from game.paths import story_dir as shipped

    if args.origin and not args.dev:
        print("archer play: --from starts a test game at a scene; add --dev (see docs/authoring.md)", file=sys.stderr)
        return 2
    if args.origin and args.load:
        print("archer play: --from starts a new game; it cannot be used with --load", file=sys.stderr)
        return 2

    if not args.plain:
        if args.load:
            # A bad save is reported here, before the terminal UI starts: a clear line and a non-zero exit.
            from game.saving import SaveError, SaveStore

            try:
                SaveStore(saves_dir(args.saves)).read(args.load)
            except SaveError as err:
                print(f"archer: {err}", file=sys.stderr)
                return 1
        from game.tui import run_app

        return run_app(
            story_dir=Path(args.story) if args.story else shipped(),
            saves_dir=saves_dir(args.saves),
            case=args.case,
            seed=args.seed,
            load=args.load,
            branches=tuple(Path(b) for b in args.branch),
            dev=args.dev,
            origin=args.origin,
            hosted=args.hosted,
        )
    from game.plain.run import run_plain

    return run_plain(args)
