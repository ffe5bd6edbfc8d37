"""Transcripts: the file format (docs/transcripts.md), reading one with positions for every problem, and
comparing what it expects with the text shown (whitespace-insensitive, with a diff against the nearest text).
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from game.world.yamlsrc import Source, read

INSPECT_VERBS = ("notes", "suspects", "board", "accuse")
"""Commands that only show something (`accuse` alone lists the accusation's options): a transcript may run them
and expect text from them; they change nothing in the game."""


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Snippets = Annotated[list[str], BeforeValidator(_listify)]


class TranscriptStep(BaseModel):
    """One action and the text expected after it."""

    model_config = ConfigDict(extra="forbid")

    do: str | int = Field(description="A choice id, an investigation action (present, link, unlink, confirm, "
                          "accuse), or a command that shows something (notes, suspects, board, accuse alone); a "
                          "number N is plain mode's choice N.")
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


def read_transcript(path: Path, quiet: bool = False) -> tuple[Transcript | None, Source]:
    """Parse and validate a transcript file, printing any problem as one positioned line (unless `quiet`)."""

    def say(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr)

    from game.world.validate import validation_diagnostics
    from game.world.yamlsrc import shown_path

    source = read(path, shown_path(path))
    if source.diagnostics:
        for d in source.diagnostics:
            say(f"archer replay: {d.path}:{d.line}:{d.col}: {d.message}")
        return None, source
    if not isinstance(source.data, dict):
        say(f"archer replay: {source.shown}:1:1: a transcript is a mapping with story, case and steps "
            "(see docs/transcripts.md)")
        return None, source
    try:
        return Transcript.model_validate(source.data), source
    except ValidationError as err:
        for d in validation_diagnostics(err, source, ()):
            say(f"archer replay: {d.path}:{d.line}:{d.col}: {d.message}")
        return None, source


# ------------------------------------------------------------------------------------------------- diffs


def normalize(text: str) -> str:
    """Runs of whitespace become one space, so that wrapping never decides a match."""
    return " ".join(text.split())




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


# ---------------------------------------------------------------------------------------- snippets


def auto_snippets(text: str) -> list[str]:
    """Expectations for a step, from the text plain mode showed: the first event (a clue found, a statement
    recorded, a change of standing), then the scene's first sentence, or the ending line. Each is a whole
    sentence, however plain mode wrapped it."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]
    status = next((i for i, b in enumerate(blocks) if re.match(r"^-- .* --$", b.strip())), None)
    ending = next((i for i, b in enumerate(blocks) if b.strip().startswith("*** ENDING:")), None)
    found: list[str] = []
    events_end = status if status is not None else ending if ending is not None else len(blocks)
    if events_end > 0 and not re.match(r"^\d+\. ", blocks[0].strip()):
        found.append(_first_sentence(normalize(blocks[0])))
    if ending is not None:
        found.append(blocks[ending].strip().splitlines()[0])
    elif status is not None and status + 1 < len(blocks):
        found.append(_first_sentence(normalize(blocks[status + 1])))
    return list(dict.fromkeys(s for s in found if s))


def _first_sentence(text: str) -> str:
    match = re.search(r"(?<=[.!?])[\"'”’)]?\s", text[12:])
    return text[: 12 + match.start() + 1].strip() if match else text
