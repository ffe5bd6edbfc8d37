"""`archer replay`: play a recorded transcript through the engine and compare the text with what it expects.

A transcript (format in docs/transcripts.md) names a story, a case and a seed, then lists steps: an action
and the snippets of text that must be shown after it. "Shown" means exactly what plain mode prints (events,
status line, scene text, numbered choices, the ending line), compared with runs of whitespace collapsed so
that plain mode's line wrapping never matters. In the spirit of Inform's Skein and Yarn Spinner's test plans.

`--update` rewrites a transcript whose snippets no longer match, keeping the ones that still do and
replacing each failing one with the nearest text now shown; `--record` plays an interactive (or piped) plain
session and writes what was played as a new transcript.

Exit codes: 0 every transcript matched (or was written); 1 a mismatch, a refused action, a bad transcript or
a story with errors; 2 usage error.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from game.engine import ActionError, GameState, start, view
from game.session.lines import PlainGame
from game.world.diagnostics import Pos
from game.world.story import Story
from game.world.yamlsrc import Source, read

BOARD_VERBS = ("link", "unlink", "confirm")
SNIPPET_MAX = 60


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Snippets = Annotated[list[str], BeforeValidator(_listify)]


class TranscriptStep(BaseModel):
    """One action and the text expected after it."""

    model_config = ConfigDict(extra="forbid")

    do: str | int = Field(description="A choice id or an investigation action; a number N is plain mode's choice N.")
    expect: Snippets = Field([], description="Snippets that must appear in the text shown after the action.")


class Transcript(BaseModel):
    """A transcript file."""

    model_config = ConfigDict(extra="forbid")

    story: str = Field(description="The id of the story it was recorded on.")
    story_dir: str | None = Field(None, description="The story folder, relative to the transcript file.")
    branches: list[str] = Field([], description="Branch pack folders, relative to the transcript file.")
    case: str
    seed: int = 0
    expect_start: Snippets = Field([], description="Snippets of the opening screen, before any action.")
    steps: list[TranscriptStep] = []
    ending: str | None = Field(None, description="The ending the last step must reach.")


# --------------------------------------------------------------------------------------- playing a script


def normalize(text: str) -> str:
    """Runs of whitespace become one space, so that wrapping never decides a match."""
    return " ".join(text.split())


class Player:
    """Plays actions through plain mode itself, capturing what a plain-mode player would read after each."""

    def __init__(self, story: Story, state: GameState) -> None:
        self.out = io.StringIO()
        self.game = PlainGame(story, state, self.out)

    @property
    def state(self) -> GameState:
        return self.game.state

    def _take(self) -> str:
        text = self.out.getvalue()
        self.out.seek(0)
        self.out.truncate()
        return text

    def opening(self) -> str:
        self.game.show()
        return self._take()

    def resolve(self, action: str | int) -> str:
        """A choice number (as typed in plain mode) becomes the id of that choice; anything else is kept."""
        text = str(action).strip()
        if text.isdigit():
            choices = view(self.game.story, self.state).choices
            number = int(text)
            if not 1 <= number <= len(choices):
                raise ActionError(f"there is no choice {number} here; there are {len(choices)}")
            return choices[number - 1].id
        return text

    def do(self, action: str) -> tuple[bool, str]:
        """Apply one action; returns whether it applied and the text shown (or the refusal)."""
        before = len(self.state.path)
        verb = action.split()[0] if action.split() else ""
        self.game.do(action, quiet_scene=verb in BOARD_VERBS)
        text = self._take()
        if len(self.state.path) == before:
            refusal = normalize(text).removeprefix("Can't do that: ").rstrip(".")
            return False, refusal or "the action was refused"
        return True, text


# ------------------------------------------------------------------------------------------------- diffs


def _paragraphs(text: str) -> list[str]:
    """The shown text as paragraphs and single lines, each with whitespace collapsed."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^(\d+\. |-- |\*\*\* )", line) for line in lines):
            found.extend(lines)  # choices and status lines stand alone
        else:
            found.append(normalize(" ".join(lines)))
    return found


def closest(snippet: str, text: str) -> tuple[str, str, float]:
    """The paragraph of `text` nearest to `snippet`, the part of it aligned with the snippet, and the ratio."""
    want = normalize(snippet)
    best, best_ratio = "", 0.0
    for paragraph in _paragraphs(text):
        matcher = difflib.SequenceMatcher(None, want, paragraph, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        start, end = blocks[0].b, blocks[-1].b + blocks[-1].size
        ratio = difflib.SequenceMatcher(None, want, paragraph[start:end], autojunk=False).ratio()
        ratio *= min(1.0, (end - start) / max(len(want), 1))
        if ratio > best_ratio:
            best, best_ratio = paragraph, ratio
    if not best:
        return "", "", 0.0
    matcher = difflib.SequenceMatcher(None, want, best, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    start, end = blocks[0].b, blocks[-1].b + blocks[-1].size
    while start > 0 and not best[start - 1].isspace():
        start -= 1
    while end < len(best) and not best[end].isspace():
        end += 1
    return best, best[start:end].strip(), best_ratio


def snippet_diff(snippet: str, text: str) -> list[str]:
    """A unified-style diff of an expected snippet against the nearest text shown."""
    paragraph, _, ratio = closest(snippet, text)
    lines = ["--- expected", "+++ actual" + (" (nearest text shown)" if ratio > 0.3 else " (nothing similar)")]
    if ratio > 0.3:
        lines.extend(line.rstrip() for line in difflib.ndiff([normalize(snippet)], [paragraph]))
    else:
        lines.append(f"- {normalize(snippet)}")
    return lines


def shown_block(text: str) -> list[str]:
    """The whole text shown, quoted, for context under a diff."""
    return ["  | " + line if line else "  |" for line in text.strip("\n").splitlines()]


# ------------------------------------------------------------------------------------------ checking one


@dataclass
class Problem:
    """One mismatch or failure, with where in the transcript it is."""

    pos: Pos
    title: str
    details: list[str] = field(default_factory=list)

    def format(self) -> str:
        head = f"FAIL {self.pos.path}:{self.pos.line}:{self.pos.col}: {self.title}"
        return "\n".join([head, *("  " + d if not d.startswith("  |") else d for d in self.details)])


@dataclass
class Outcome:
    """What replaying one transcript found, and the corrected transcript when --update asks for one."""

    problems: list[Problem] = field(default_factory=list)
    steps: int = 0
    snippets: int = 0
    ending: str | None = None
    updated: Transcript | None = None
    refused: bool = False


def _suggest(snippet: str, text: str) -> str:
    """What a failing snippet should become: the aligned text now shown, else a fresh snippet."""
    _, aligned, ratio = closest(snippet, text)
    if ratio > 0.5 and aligned and normalize(aligned) in normalize(text):
        return aligned
    fresh = auto_snippets(text)
    return fresh[0] if fresh else ""


def check_transcript(story: Story, transcript: Transcript, source: Source) -> Outcome:
    """Replay `transcript` on `story`, comparing the text after every step; also builds an updated copy."""
    outcome = Outcome()
    try:
        state = start(story, transcript.seed, transcript.case)
    except ActionError as err:
        outcome.problems.append(Problem(source.pos(("case",)), f"cannot start: {err}"))
        outcome.refused = True
        return outcome
    player = Player(story, state)
    updated = transcript.model_copy(deep=True)

    def compare(expected: list[str], text: str, where: tuple, label: str) -> list[str]:
        kept: list[str] = []
        shown = normalize(text)
        for index, snippet in enumerate(expected):
            outcome.snippets += 1
            if normalize(snippet) in shown:
                kept.append(snippet)
                continue
            when = label if label.startswith("at ") else f"after {label}"
            details = [*snippet_diff(snippet, text), f"the text shown {when}:", *shown_block(text)]
            outcome.problems.append(Problem(source.pos((*where, index)), f"{label}: expected text not shown",
                                            details))
            suggestion = _suggest(snippet, text)
            if suggestion and suggestion not in kept:
                kept.append(suggestion)
        return kept

    updated.expect_start = compare(transcript.expect_start, player.opening(), ("expect_start",),
                                   "at the start")
    for index, step in enumerate(transcript.steps):
        pos = source.pos(("steps", index, "do"))
        try:
            action = player.resolve(step.do)
        except ActionError as err:
            outcome.problems.append(Problem(pos, f"step {index + 1} (do: {step.do}): {err}"))
            outcome.refused = True
            return outcome
        applied, text = player.do(action)
        if not applied:
            offered = ", ".join(c.id for c in view(story, player.state).choices) or "none"
            outcome.problems.append(Problem(
                pos, f"step {index + 1} (do: {step.do}): the story refused it: {text}",
                [f"at scene '{player.state.scene}'; choices offered: {offered}"]))
            outcome.refused = True
            return outcome
        outcome.steps += 1
        updated.steps[index] = TranscriptStep(do=action, expect=compare(
            step.expect, text, ("steps", index, "expect"), f"step {index + 1} (do: {step.do})"))
    outcome.ending = player.state.ending
    if transcript.ending is not None and transcript.ending != player.state.ending:
        reached = player.state.ending or f"(none; the story is at scene '{player.state.scene}')"
        outcome.problems.append(Problem(source.pos(("ending",)), "the ending differs",
                                        ["--- expected", "+++ actual", f"-ending: {transcript.ending}",
                                         f"+ending: {reached}"]))
    if transcript.ending is not None or player.state.ending:
        updated.ending = player.state.ending
    outcome.updated = updated
    return outcome


# --------------------------------------------------------------------------------- writing transcripts


def auto_snippets(text: str) -> list[str]:
    """Expectations for a step, from the text plain mode showed: the first event line (a clue found, a
    statement recorded, a change of standing), then the scene's first sentence, or the ending line."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]
    status = next((i for i, b in enumerate(blocks) if re.match(r"^-- .* --$", b.strip())), None)
    ending = next((i for i, b in enumerate(blocks) if b.strip().startswith("*** ENDING:")), None)
    found: list[str] = []
    events_end = status if status is not None else ending if ending is not None else len(blocks)
    if events_end > 0 and not re.match(r"^\d+\. ", blocks[0].strip()):
        found.append(_clip(_first_sentence(normalize(blocks[0].strip().splitlines()[0]))))
    if ending is not None:
        found.append(blocks[ending].strip().splitlines()[0])
    elif status is not None and status + 1 < len(blocks):
        found.append(_clip(_first_sentence(normalize(blocks[status + 1]))))
    return list(dict.fromkeys(s for s in found if s))


def _first_sentence(text: str) -> str:
    match = re.search(r"(?<=[.!?])[\"'”’)]?\s", text[12:])
    return text[: 12 + match.start() + 1].strip() if match else text


def _clip(text: str) -> str:
    text = normalize(text)
    if len(text) <= SNIPPET_MAX:
        return text
    cut = text.rfind(" ", 0, SNIPPET_MAX)
    return text[: cut if cut > 20 else SNIPPET_MAX].rstrip(" ,;:")


def _scalar(value: str) -> str:
    """A YAML scalar for `value`: bare when YAML reads it back as the same string, else JSON-quoted."""
    import json

    if value and not value.startswith(("-", "?", "!", "&", "*", "[", "{", "'", '"', "%", "@", "`", "|", ">")) \
            and ": " not in value and " #" not in value and not value.endswith(":") and value.strip() == value:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _flow_list(items: list[str]) -> str:
    import json

    return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"


def dump_transcript(transcript: Transcript, header: str = "") -> str:
    """The transcript as YAML, laid out the way docs/transcripts.md shows it."""
    out = [header.rstrip("\n")] if header.strip() else []
    out.append(f"story: {_scalar(transcript.story)}")
    if transcript.story_dir:
        out.append(f"story_dir: {_scalar(transcript.story_dir)}")
    if transcript.branches:
        out.append(f"branches: {_flow_list(transcript.branches)}")
    out.append(f"case: {_scalar(transcript.case)}")
    out.append(f"seed: {transcript.seed}")
    if transcript.expect_start:
        out.append(f"expect_start: {_flow_list(transcript.expect_start)}")
    out.append("steps:" if transcript.steps else "steps: []")
    for step in transcript.steps:
        out.append(f"  - do: {_scalar(str(step.do))}")
        if step.expect:
            out.append(f"    expect: {_flow_list(step.expect)}")
    if transcript.ending:
        out.append(f"ending: {transcript.ending}")
    return "\n".join(out) + "\n"


def _header(text: str) -> str:
    """The comment lines at the top of a file, kept when --update rewrites it."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or (not line.strip() and lines):
            lines.append(line)
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def record(story: Story, state: GameState, lines: Any, story_dir: str | None, branches: list[str]) -> Transcript:
    """Play a plain-mode session from `lines` (a terminal or a piped log) and return it as a transcript."""
    game = PlainGame(story, state, sys.stdout)
    try:
        game.run(lines)
    except KeyboardInterrupt:
        print()
    final = game.state
    player = Player(story, start(story, final.seed, final.case))
    expect_start = auto_snippets(player.opening())
    steps = []
    for action in final.path:
        applied, text = player.do(action)
        if not applied:  # cannot happen on the story it was played on; kept as a step without expectations
            steps.append(TranscriptStep(do=action))
            continue
        steps.append(TranscriptStep(do=action, expect=auto_snippets(text)))
    return Transcript(story=story.id, story_dir=story_dir, branches=branches, case=final.case, seed=final.seed,
                      expect_start=expect_start, steps=steps, ending=final.ending)


# ------------------------------------------------------------------------------------------------ command


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "replay",
        help="replay transcripts and compare the text shown with what they expect",
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
        from game.tools.loading import open_story

        key = (str(folder.resolve()), tuple(str(b.resolve()) for b in branches))
        if key not in self.loaded:
            self.loaded[key] = open_story("replay", folder, branches)
        return self.loaded[key]


def read_transcript(path: Path) -> tuple[Transcript | None, Source]:
    """Parse and validate a transcript file, printing any problem as one positioned line."""
    from game.world.load import shown_path, validation_diagnostics

    source = read(path, shown_path(path))
    if source.diagnostics:
        for d in source.diagnostics:
            print(f"archer replay: {d.path}:{d.line}:{d.col}: {d.message}", file=sys.stderr)
        return None, source
    if not isinstance(source.data, dict):
        print(f"archer replay: {source.shown}:1:1: a transcript is a mapping with story, case and steps "
              "(see docs/transcripts.md)", file=sys.stderr)
        return None, source
    try:
        return Transcript.model_validate(source.data), source
    except ValidationError as err:
        for d in validation_diagnostics(err, source, ()):
            print(f"archer replay: {d.path}:{d.line}:{d.col}: {d.message}", file=sys.stderr)
        return None, source


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
    if args.update and outcome.problems and not outcome.refused and outcome.updated is not None:
        text = dump_transcript(outcome.updated, _header(source.text))
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as err:
            return _fail(f"cannot write {source.shown}: {err.strerror or err}")
        print(f"updated {source.shown}: {len(outcome.problems)} expectation(s) rewritten")
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
    from game.tools.loading import open_story

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
