"""`archer replay`: play a recorded transcript through the engine and compare the text with what it expects.

A transcript (format in docs/transcripts.md) names a story, a case and a seed, then lists steps: an action
and the snippets of text that must be shown after it. "Shown" means exactly what plain mode prints (events,
status line, scene text, numbered choices, the ending line), compared with runs of whitespace collapsed so
that plain mode's line wrapping never matters. In the spirit of Inform's Skein and Yarn Spinner's test plans.

`--update` rewrites only the snippets that no longer match (each becomes the nearest text now shown), keeping
every comment and the file's layout; `--record` plays an interactive (or piped) plain session and writes what
was played as a new transcript, each expectation a whole sentence. A step may also run a command that only shows
something (notes, suspects, board) and expect text from it. The parts live in game.tools.transcript (the format,
diffs), transcript_play (playing and checking) and transcript_write (recording, updating).

Exit codes: 0 every transcript matched (or was written); 1 a mismatch, a refused action, a bad transcript or
a story with errors; 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.engine import ActionError, start
from game.tools.transcript import read_transcript
from game.tools.transcript_play import check_transcript
from game.tools.transcript_write import apply_edits, dump_transcript, record
from game.world.story import Story

# ------------------------------------------------------------------------------------------------ command


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "replay",
        description="Replay each transcript FILE through the engine and check that every expected snippet is "
        "shown after its step (whitespace-insensitive), and that the expected ending is reached. With --record, "
        "play a plain-mode session instead (from the terminal, or piped from a file of commands) and write it "
        "to FILE as a new transcript. The format is described in docs/transcripts.md.",
        epilog="Exit codes: 0 every transcript matched (or the transcript was written); 1 a mismatch, a refused "
        "step, a bad transcript file or a story with errors; 2 usage error.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="transcript file(s); with --record, the one to write")
    parser.add_argument("--story", metavar="DIR", help="story folder (default: the transcript's story_dir, else "
                        "the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[], help="also load a branch pack")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true",
                      help="rewrite failing snippets and the ending to match what is shown now")
    mode.add_argument("--record", action="store_true", help="play a plain-mode session and write it to FILE")
    parser.add_argument("--case", metavar="C", help="with --record: the case to play (default: drawn from the seed)")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="with --record: the game's seed (default 0)")
    parser.set_defaults(run=run, _parser=parser)


def _fail(message: str) -> int:
    print(f"archer replay: {message}", file=sys.stderr)
    return 1


class _Stories:
    """Stories loaded once per folder and set of packs, for many transcripts in one run."""

    def __init__(self) -> None:
        self.loaded: dict[tuple[str, tuple[str, ...]], Story | None] = {}

    def get(self, folder: Path, branches: list[Path]) -> Story | None:
        from game.session.loading import open_story

        key = (str(folder.resolve()), tuple(str(b.resolve()) for b in branches))
        if key not in self.loaded:
            self.loaded[key] = open_story("replay", folder, branches)
        return self.loaded[key]


def replay_file(path: Path, args: argparse.Namespace, stories: _Stories) -> int:
    """Check (or update) one transcript; prints the outcome and returns its exit code."""
    from game.paths import story_dir as shipped

    transcript, source = read_transcript(path)
    if transcript is None:
        return 1
    base = path.parent
    if args.story:
        folder = Path(args.story)
    elif transcript.story_dir:
        folder = base / transcript.story_dir
    else:
        folder = shipped()
    branches = [base / b for b in transcript.branches] + [Path(b) for b in args.branch]
    story = stories.get(folder, branches)
    if story is None:
        return 1
    if transcript.story != story.id:
        return _fail(f"{source.shown}: recorded on story '{transcript.story}', but {folder} holds '{story.id}'")
    if transcript.case not in story.cases:
        pos = source.pos(("case",))
        return _fail(f"{pos.path}:{pos.line}:{pos.col}: unknown case '{transcript.case}'; the cases are: "
                     f"{', '.join(sorted(story.cases))}")
    outcome = check_transcript(story, transcript, source)
    if args.update and outcome.problems and not outcome.refused:
        try:
            apply_edits(path, outcome.edits)
        except OSError as err:
            return _fail(f"cannot write {source.shown}: {err.strerror or err}")
        print(f"updated {source.shown}: {len(outcome.edits)} expectation(s) rewritten")
        return 0
    for problem in outcome.problems:
        print(problem.format())
    if outcome.problems:
        return 1
    ending = f", ending {outcome.ending}" if outcome.ending else ""
    print(f"ok {source.shown}: {outcome.steps} steps, {outcome.snippets} snippets{ending}")
    return 0


def run_record(args: argparse.Namespace) -> int:
    """`--record FILE`: play, then write the transcript."""
    from game.session.loading import open_story

    if len(args.files) != 1:
        args._parser.error("--record writes exactly one FILE")
    path = Path(args.files[0])
    if path.exists():
        return _fail(f"{path} already exists; choose a new file name (recording never overwrites)")
    if not path.parent.is_dir():
        return _fail(f"folder {path.parent} does not exist")
    story = open_story("replay", args.story, args.branch)
    if story is None:
        return 1
    try:
        state = start(story, args.seed, args.case)
    except ActionError as err:
        print(f"archer replay: {err}", file=sys.stderr)
        return 2

    def rel(folder: str) -> str:
        return os.path.relpath(Path(folder).resolve(), path.parent.resolve())

    transcript = record(story, state, sys.stdin, rel(args.story) if args.story else None,
                        [rel(b) for b in args.branch])
    header = (f"# Transcript of '{story.id}' {story.version}, case {transcript.case}, seed {transcript.seed}.\n"
              "# Recorded with `archer replay --record`; check with `archer replay FILE`.\n")
    try:
        path.write_text(dump_transcript(transcript, header), encoding="utf-8")
    except OSError as err:
        return _fail(f"cannot write {path}: {err.strerror or err}")
    print(f"\nwrote {path}: {len(transcript.steps)} steps", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Replay every FILE (or record one)."""
    if args.record:
        return run_record(args)
    if args.case is not None or args.seed != 0:
        args._parser.error("--case and --seed go with --record; a transcript names its own case and seed")
    stories = _Stories()
    worst = 0
    for name in args.files:
        worst = max(worst, replay_file(Path(name), args, stories))
    return worst
