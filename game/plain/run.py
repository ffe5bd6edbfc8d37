"""Start a plain-mode session from the command line: load the story, then a save or a new game."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from game.engine import ActionError, start
from game.session.lines import WRAP, PlainGame


def new_seed() -> int:
    """A fresh seed for a new game (front ends may use the OS's randomness; the engine never does)."""
    return secrets.randbelow(2**31)


def run_plain(args: argparse.Namespace) -> int:
    """`archer play --plain`: returns the exit code."""
    from game.paths import saves_dir
    from game.saving import SaveError, SaveStore
    from game.session.loading import open_story

    story = open_story("play", args.story, args.branch, play=True)
    if story is None:
        return 1
    store = SaveStore(saves_dir(args.saves), slots_only=args.hosted)  # --hosted: a visitor of `archer serve`
    if args.load:
        try:
            restored = store.load(args.load, story)
        except SaveError as err:
            print(f"archer: {err}", file=sys.stderr)
            return 1
        state, note, played = restored.state, restored.note, restored.info.play_seconds
    else:
        try:
            state = start(story, args.seed if args.seed is not None else new_seed(), args.case,
                          getattr(args, "origin", None))
        except ActionError as err:
            print(f"archer: {err}", file=sys.stderr)
            return 2
        note, played = None, 0.0
    _tolerant_stdio()
    game = PlainGame(story, state, sys.stdout, store, play_seconds=played, width=output_width())
    if note:
        game.write(note)
        game.write()
    try:
        if args.dev:
            from game.plain.live import watch_plain

            return watch_plain(game, args, sys.stdin)
        code = game.run(sys.stdin)
        _record_ending(store.folder, game)
        return code
    except BrokenPipeError:
        raise  # the reader has gone (`| head`): a normal end, with no one left to play the game
    except (Exception, KeyboardInterrupt) as err:
        # On the way out (the command line turns this into one line and exit 70, or 130): keep the game first.
        kept = game.session.rescue(store)
        if kept:
            err.add_note(kept)
        raise


def _record_ending(folder: Path, game: PlainGame) -> None:
    """Count an ending reached in the player's profile, as the terminal UI does (its endings screen lists them)."""
    from game.saving import load_profile, save_profile

    ending = game.session.view.ending
    if ending is None:
        return
    try:
        save_profile(folder, load_profile(folder).with_ending(ending.id))
    except OSError as error:
        print(f"archer: the ending could not be recorded in {folder}: {error.strerror or error}", file=sys.stderr)


def output_width() -> int:
    """The terminal's width when plain mode writes to one; WRAP (78) for a pipe or a file, so that what a
    script or a test reads never depends on the terminal it was started from."""
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return WRAP


def _tolerant_stdio() -> None:
    """Whatever bytes arrive, plain mode reads a line; whatever a line holds, it can be echoed back.

    Undecodable input becomes lone surrogates instead of a UnicodeDecodeError, and output that cannot be
    encoded (those surrogates, or text a terminal's encoding lacks) is written as escapes.
    """
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)
