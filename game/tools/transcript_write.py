"""Writing transcripts: the expectations the recorder writes (whole sentences), a new transcript's YAML, and
`--update`, which changes only the expectations that no longer match and keeps every comment and the layout of
the file (a round trip through ruamel.yaml; the story loader keeps its own reader).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from game.engine import GameState, start
from game.session.lines import PlainGame
from game.tools.transcript import Transcript, TranscriptStep, auto_snippets
from game.tools.transcript_play import Edit, Player
from game.world.story import Story


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
            steps.append(TranscriptStep(do=action, expect=[]))
            continue
        steps.append(TranscriptStep(do=action, expect=auto_snippets(text)))
    return Transcript(story=story.id, story_dir=story_dir, branches=branches, case=final.case, seed=final.seed,
                      expect_start=expect_start, steps=steps, ending=final.ending)


def apply_edits(path: Path, edits: list[Edit]) -> None:
    """Rewrite only the expectations in `edits` (and the ending), in place, keeping comments, quoting, flow or
    block layout and the order of keys. Raises OSError when the file cannot be written."""
    from ruamel.yaml import YAML

    text = path.read_text(encoding="utf-8")
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap a long line the author wrote on one line
    dash = re.search(r"^( *)- ", text, re.MULTILINE)  # keep the file's own indentation of list items
    offset = len(dash.group(1)) if dash else 0
    rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    data = rt.load(text)
    # Removals last and from the end, so that the indexes of the other edits still point where they did.
    changes = [e for e in edits if e.value is not None]
    removals = sorted((e for e in edits if e.value is None), key=lambda e: e.where, reverse=True)
    for edit in [*changes, *removals]:
        *parent_path, last = edit.where
        parent = data
        for key in parent_path:
            parent = parent[key]
        if edit.value is None:
            del parent[last]
        else:
            parent[last] = _like(parent[last] if _has(parent, last) else None, edit.value)
    with path.open("w", encoding="utf-8") as handle:
        rt.dump(data, handle)


def _has(parent: Any, key: Any) -> bool:
    return key in parent if isinstance(key, str) else 0 <= key < len(parent)


def _like(old: Any, value: str) -> Any:
    """`value` in the quoting style of the scalar it replaces."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(old, SingleQuotedScalarString) and "'" not in value:
        return SingleQuotedScalarString(value)
    if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    return value
