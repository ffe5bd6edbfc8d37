"""Start a plain-mode session from the command line: load the story, then a save or a new game."""

from __future__ import annotations

import argparse
import secrets
import sys

from game.engine import ActionError, start
from game.session.lines import PlainGame


def new_seed() -> int:
    """A fresh seed for a new game (front ends may use the OS's randomness; the engine never does)."""
    return secrets.randbelow(2**31)


def run_plain(args: argparse.Namespace) -> int:
    """`archer play --plain`: returns the exit code."""
    from game.paths import saves_dir
    from game.saving import SaveError, SaveStore
    from game.session.loading import load_for_play

    story = load_for_play(args.story, args.branch)
    if story is None:
        return 1
    store = SaveStore(saves_dir(args.saves), slots_only=args.hosted)  # --hosted: a visitor of `archer serve`
    if args.load:
        try:
            restored = store.load(args.load, story)
        except SaveError as err:
            print(f"archer: {err}", file=sys.stderr)
            return 1
        state, note = restored.state, restored.note
    else:
        try:
            state = start(story, args.seed if args.seed is not None else new_seed(), args.case,
                          getattr(args, "origin", None))
        except ActionError as err:
            print(f"archer: {err}", file=sys.stderr)
            return 2
        note = None
    game = PlainGame(story, state, sys.stdout, store)
    if note:
        game.write(note)
        game.write()
    if args.dev:
        from game.plain.live import watch_plain

        return watch_plain(game, args, sys.stdin)
    return game.run(sys.stdin)
