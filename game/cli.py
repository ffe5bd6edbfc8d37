"""The `archer` command. Each front end and tool is imported only when its subcommand runs, so `archer check`
and `archer --version` never load Textual.

Exit codes, for every subcommand: 0 success; 1 a problem was found (errors in a story, a bad save, a failed
run); 2 a usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game import __version__

TOOLS = ("game.tools.check", "game.tools.walk", "game.tools.graph", "game.tools.schema", "game.tools.replay",
         "game.tools.new_branch")


def _story_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--story", metavar="DIR", help="story folder (default: the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[],
                        help="load a branch pack (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="archer",
        description="Archer: The Fall. A terminal whodunit at the Archer School of Ballet, and its story tools.",
        epilog="Exit codes: 0 success, 1 a problem found, 2 a usage error.",
    )
    parser.add_argument("--version", action="version", version=f"archer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play the game (Textual UI, or --plain line mode)",
                          description="Play the game. Without --plain, the full terminal UI starts.")
    _story_options(play)
    play.add_argument("--plain", action="store_true", help="line mode for screen readers, pipes and scripts")
    play.add_argument("--load", metavar="SLOT", help="start from a save (a slot name or a file)")
    play.add_argument("--saves", metavar="DIR", help="save folder (default: saves/ or $ARCHER_SAVES)")
    play.add_argument("--case", metavar="CASE", help="canon, random, or a case id")
    play.add_argument("--seed", metavar="N", type=int, help="the game's seed (picks the case when random)")
    play.add_argument("--dev", action="store_true", help="watch the story files and reload on save")
    play.set_defaults(run=_run_play)

    from game.saving import cli as saves_cli

    saves_cli.add_parser(sub)
    for module_name in TOOLS:
        try:
            module = __import__(module_name, fromlist=["add_parser"])
        except ModuleNotFoundError as err:
            if err.name != module_name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `archer` console script."""
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        # Answered before the parser is built: building it imports every tool's module.
        print(f"archer {__version__}")
        return 0
    parser = build_parser()
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
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - the last line of defence: never show a player a traceback
        if os.environ.get("ARCHER_DEBUG"):
            raise
        print(f"archer: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        print("archer: please report this; set ARCHER_DEBUG=1 to see the details.", file=sys.stderr)
        return 70


def _run_play(args: argparse.Namespace) -> int:
    from game.paths import saves_dir
    from game.paths import story_dir as shipped

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
        )
    from game.plain.run import run_plain

    return run_plain(args)
