"""Playing a transcript: through plain mode itself, so that what it compares is exactly what a player reads;
checking each expectation (and the edits `--update` would make); and the witness a transcript gives
`archer check`: the scenes, choices, clues and ending a real playthrough reached.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import ActionError, GameState, act, start, view
from game.session.lines import PlainGame
from game.tools.transcript import (
    INSPECT_VERBS,
    Transcript,
    auto_snippets,
    closest,
    normalize,
    shown_block,
    snippet_diff,
)
from game.world.diagnostics import Pos
from game.world.story import Story
from game.world.yamlsrc import Source


def _inspects(action: str) -> bool:
    """A command that only shows something: notes, suspects, board, or `accuse` with nothing after it."""
    words = action.split()
    return bool(words) and words[0] in INSPECT_VERBS and (words[0] != "accuse" or len(words) == 1)


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
        if _inspects(action):
            self.game.handle(action)
            return True, self._take()
        before = len(self.state.path)
        self.game.do(action)
        text = self._take()
        if len(self.state.path) == before:
            refusal = normalize(text).removeprefix("Can't do that: ").rstrip(".")
            return False, refusal or "the action was refused"
        return True, text


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


@dataclass(frozen=True)
class Edit:
    """One change `--update` makes: the expectation at `where` (a path into the file) becomes `value`, or goes
    when `value` is None."""

    where: tuple[str | int, ...]
    value: str | None


@dataclass
class Outcome:
    """What replaying one transcript found, and the edits that would make it match."""

    problems: list[Problem] = field(default_factory=list)
    steps: int = 0
    snippets: int = 0
    ending: str | None = None
    edits: list[Edit] = field(default_factory=list)
    refused: bool = False


def _suggest(snippet: str, text: str) -> str:
    """What a failing snippet should become: the aligned text now shown, else a fresh snippet."""
    _, aligned, ratio = closest(snippet, text)
    if ratio > 0.5 and aligned and normalize(aligned) in normalize(text):
        return aligned
    fresh = auto_snippets(text)
    return fresh[0] if fresh else ""


def _at(data: Any, where: tuple) -> Any:
    for key in where:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def check_transcript(story: Story, transcript: Transcript, source: Source) -> Outcome:
    """Replay `transcript` on `story`, comparing the text after every step, and note the edits that would
    make each failing expectation match."""
    outcome = Outcome()
    try:
        state = start(story, transcript.seed, transcript.case)
    except ActionError as err:
        outcome.problems.append(Problem(source.pos(("case",)), f"cannot start: {err}"))
        outcome.refused = True
        return outcome
    player = Player(story, state)

    def compare(expected: list[str], text: str, where: tuple, label: str) -> None:
        shown = normalize(text)
        single = isinstance(_at(source.data, where), str)  # `expect: "one snippet"` rather than a list
        for index, snippet in enumerate(expected):
            outcome.snippets += 1
            if normalize(snippet) in shown:
                continue
            when = label if label.startswith("at ") else f"after {label}"
            details = [*snippet_diff(snippet, text), f"the text shown {when}:", *shown_block(text)]
            spot = where if single else (*where, index)
            outcome.problems.append(Problem(source.pos(spot), f"{label}: expected text not shown", details))
            outcome.edits.append(Edit(spot, _suggest(snippet, text) or None))

    compare(transcript.expect_start, player.opening(), ("expect_start",), "at the start")
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
        compare(step.expect, text, ("steps", index, "expect"), f"step {index + 1} (do: {step.do})")
    outcome.ending = player.state.ending
    if transcript.ending is not None and transcript.ending != player.state.ending:
        reached = player.state.ending or f"(none; the story is at scene '{player.state.scene}')"
        outcome.problems.append(Problem(source.pos(("ending",)), "the ending differs",
                                        ["--- expected", "+++ actual", f"-ending: {transcript.ending}",
                                         f"+ending: {reached}"]))
        outcome.edits.append(Edit(("ending",), player.state.ending))
    return outcome


# --------------------------------------------------------------------------------------------- witnesses


@dataclass
class Witness:
    """What real playthroughs of one case reached: proof that these are reachable."""

    scenes: set[str] = field(default_factory=set)
    choices: set[str] = field(default_factory=set)
    """`scene.choice` keys of the choices taken."""
    clues: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    transcripts: list[Path] = field(default_factory=list)
    solve: list[str] | None = None
    """The shortest witnessed path to the solved ending, if a transcript reached it."""


def witness(story: Story, transcript: Transcript) -> tuple[GameState, set[str], str | None]:
    """Replay a transcript's actions on the engine: the state reached, the choices taken on the way, and the
    error that stopped it early (everything before that was still reached)."""
    state = start(story, transcript.seed, transcript.case)
    taken: set[str] = set()
    for step in transcript.steps:
        action = str(step.do).strip()
        if _inspects(action):
            continue
        choices = view(story, state).choices
        if action.isdigit():
            number = int(action)
            if not 1 <= number <= len(choices):
                return state, taken, f"there is no choice {number} at scene '{state.scene}'"
            action = choices[number - 1].id
        scene = state.scene
        try:
            state = act(story, state, action).state
        except ActionError as err:
            return state, taken, f"'{action}' at scene '{scene}': {err}"
        if any(c.id == action for c in choices):
            taken.add(f"{scene}.{action}")
    return state, taken, None


def witnesses(story: Story, paths: list[Path]) -> tuple[dict[str, Witness], list[str]]:
    """Per case, what the transcripts in `paths` reach on `story`; and a note for each that could not be
    used (it does not read, is of another story, or stops early)."""
    from game.tools.transcript import read_transcript

    found: dict[str, Witness] = {}
    notes: list[str] = []
    for path in paths:
        transcript, source = read_transcript(path, quiet=True)
        if transcript is None or transcript.story != story.id or transcript.case not in story.cases:
            notes.append(f"{source.shown}: not a transcript of this story; not used as a witness")
            continue
        try:
            state, taken, error = witness(story, transcript)
        except ActionError as err:
            notes.append(f"{source.shown}: cannot start: {err}")
            continue
        if error:
            notes.append(f"{source.shown}: stops early ({error}); what it reached before counts")
        seen = found.setdefault(transcript.case, Witness())
        seen.scenes.update(s for s in state.visits if s in story.scenes)
        seen.endings.update(s for s in state.visits if s in story.endings)
        seen.choices.update(taken)
        seen.clues.update(state.clues)
        seen.transcripts.append(path)
        solved = story.manifest.accusation.solved if story.manifest.accusation else None
        if state.ending is not None and state.ending == solved and (
                seen.solve is None or len(state.path) < len(seen.solve)):
            seen.solve = list(state.path)
    return found, notes


def find_transcripts(folders: list[Path]) -> list[Path]:
    """The transcripts kept in branch packs' folders: YAML files with a case and steps at the top."""
    import yaml

    found: list[Path] = []
    for folder in folders:
        for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else []:
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            if isinstance(data, dict) and "steps" in data and "case" in data and "story" in data:
                found.append(path)
    return found
