"""Runs every example in docs/authoring.md, in order, the way a reader would.

The tutorial marks its examples so they can be run:

- a file block is a fenced block whose info string names the file: ```` ```yaml file=night_round/branch.yaml ````.
  It is written (whole, replacing what was there) into a fresh folder, relative to it.
- a command block is a ```` ```console ```` block. Each line starting with `$ ` is a command, run by bash in that
  folder; the lines after it, up to the next `$ `, are the output it must print (stdout and stderr together, as
  a terminal shows them). `exit=N` in the info string is the exit code every command of the block must give
  (default 0).

Expected output is matched line by line, ignoring trailing spaces. A line that is just `...` stands for any
number of lines (including none); `...` inside a line stands for any text. Without a leading `...`, the output
must start with the first expected line; without a trailing one, it must end with the last.

`archer` is a small script put first on PATH that runs `sys.executable -m game` from this checkout
(PYTHONPATH=the repository), with ARCHER_CACHE and ARCHER_SAVES inside the folder, so nothing outside it is
touched. Interactive commands in the tutorial are written with their input piped in, and so end on their own.
The blocks share one folder and run in document order, because the tutorial builds one pack step by step.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "authoring.md"
DIAGNOSTICS_DOC = ROOT / "docs" / "diagnostics.md"
TIMEOUT = 1200.0
"""Seconds one command may take before the test gives up on it (a hang, not a slow machine): the full
`archer check` explores every case of the shipped story, minutes on two busy cores."""

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
RUNNABLE_LANGUAGES = {"yaml", "yml", "console", "sh", "bash", "shell", "json"}
"""Languages whose blocks must be marked runnable: a YAML or JSON block is a file, a shell block a command."""


@dataclass(frozen=True)
class Command:
    """One `$ ` line of a console block, with the output it must print."""

    line: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A fenced block of the document: where it starts, its language, its `key=value` options and its body."""

    lineno: int
    language: str
    options: dict[str, str]
    body: str
    commands: tuple[Command, ...] = field(default=())

    @property
    def file(self) -> str | None:
        return self.options.get("file")

    @property
    def exit_code(self) -> int:
        return int(self.options.get("exit", "0"))

    @property
    def label(self) -> str:
        if self.file:
            return f"L{self.lineno}-file-{self.file}"
        line = self.commands[0].line if self.commands else "empty"
        found = re.search(r"\barcher ([a-z-]+)", line)
        return f"L{self.lineno}-" + (f"archer-{found.group(1)}" if found else line.split()[0])


def parse_console(body: str) -> tuple[Command, ...]:
    """The commands of a console block, each with the output lines after it."""
    commands: list[Command] = []
    line: str | None = None
    expected: list[str] = []
    for raw in body.splitlines():
        if raw.startswith("$ "):
            if line is not None:
                commands.append(Command(line, tuple(expected)))
            line, expected = raw[2:], []
        elif line is None:
            if raw.strip():
                raise ValueError(f"output before the first `$ ` line: {raw!r}")
        else:
            expected.append(raw)
    if line is not None:
        commands.append(Command(line, tuple(expected)))
    return tuple(commands)


def parse_blocks(text: str) -> list[Block]:
    """Every fenced block of a Markdown text, in order."""
    blocks = []
    for match in FENCE.finditer(text):
        info, body = match.group(1).strip(), match.group(2)
        words = shlex.split(info) if info else []
        language = words[0] if words and "=" not in words[0] else ""
        options = dict(w.split("=", 1) for w in words if "=" in w)
        lineno = text.count("\n", 0, match.start()) + 1
        commands = parse_console(body) if language == "console" else ()
        blocks.append(Block(lineno, language, options, body, commands))
    return blocks


def _line_matches(pattern: str, line: str) -> bool:
    if "..." not in pattern:
        return pattern.rstrip() == line.rstrip()
    parts = [re.escape(p) for p in pattern.rstrip().split("...")]
    return re.fullmatch(".*".join(parts), line.rstrip(), re.DOTALL) is not None


def output_matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Whether the output lines match the expected lines, with `...` lines and `...` inside lines as wildcards."""
    segments: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    anchored_start = bool(segments[0]) or len(segments) == 1
    anchored_end = bool(segments[-1]) or len(segments) == 1

    def fits(segment: list[str], at: int) -> bool:
        return at + len(segment) <= len(actual) and all(
            _line_matches(p, actual[at + i]) for i, p in enumerate(segment))

    def search(index: int, at: int) -> bool:
        if index == len(segments):
            return not anchored_end or at == len(actual)
        segment = segments[index]
        if index == 0 and anchored_start:
            return fits(segment, 0) and search(1, len(segment))
        last = index == len(segments) - 1
        if last and anchored_end:
            start = len(actual) - len(segment)
            return start >= at and fits(segment, start)
        for start in range(at, len(actual) - len(segment) + 1):
            if fits(segment, start) and search(index + 1, start + len(segment)):
                return True
        return False

    return search(0, 0)


BLOCKS = parse_blocks(DOC.read_text(encoding="utf-8"))
RUNNABLE = [b for b in BLOCKS if b.file or b.language == "console"]


@dataclass
class Workspace:
    """The reader's folder, the environment every command runs in (left out of reprs: it is long), and how many
    of the runnable blocks have been run in it."""

    folder: Path
    env: dict[str, str] = field(repr=False)
    done: int = 0


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The reader's empty folder, with `archer` on PATH, and the environment every command runs in."""
    folder = tmp_path_factory.mktemp("authoring")
    tools = tmp_path_factory.mktemp("bin")
    script = tools / "archer"
    script.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m game "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHER_")}
    env.update({
        "PATH": f"{tools}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "ARCHER_CACHE": str(folder / ".archer-cache"),
        "ARCHER_SAVES": str(folder / ".archer-saves"),
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "LC_ALL": "C.UTF-8",
    })
    return Workspace(folder, env)


# ------------------------------------------------------------------------------------------- the document


def test_the_tutorial_has_runnable_examples() -> None:
    """The tutorial writes files and runs commands, and every command block has commands in it."""
    assert any(b.file for b in BLOCKS)
    assert sum(len(b.commands) for b in RUNNABLE) >= 10
    for block in RUNNABLE:
        assert block.file or block.commands, f"docs/authoring.md:{block.lineno}: a console block with no `$ ` line"


def test_every_yaml_and_shell_block_is_marked_runnable() -> None:
    """A YAML block is a file to write and a shell block a command to run; neither may be left unmarked."""
    loose = [f"docs/authoring.md:{b.lineno}: ```{b.language}" for b in BLOCKS
             if b.language in RUNNABLE_LANGUAGES and not b.file and b.language != "console"]
    assert loose == []


def test_files_stay_inside_the_folder() -> None:
    """Every file block names a relative path inside the reader's folder."""
    for block in BLOCKS:
        if block.file:
            path = Path(block.file)
            assert not path.is_absolute() and ".." not in path.parts, block.file


def test_every_code_shown_is_documented() -> None:
    """Each diagnostic code the tutorial shows has its entry in docs/diagnostics.md."""
    documented = set(re.findall(r"^## (AR\d{3}):", DIAGNOSTICS_DOC.read_text(encoding="utf-8"), re.MULTILINE))
    shown = set(re.findall(r"\bAR\d{3}\b", DOC.read_text(encoding="utf-8")))
    assert shown, "the tutorial shows no diagnostic"
    assert shown <= documented, sorted(shown - documented)


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (("a", "b"), ["a", "b"], True),
        (("a",), ["a", "b"], False),
        (("a", "..."), ["a", "b", "c"], True),
        (("...", "c"), ["a", "b", "c"], True),
        (("...", "b", "..."), ["a", "b", "c"], True),
        (("...", "x", "..."), ["a", "b", "c"], False),
        (("a", "...", "c"), ["a", "c"], True),
        (("n ... steps",), ["n 12 steps"], True),
        (("n ... steps",), ["m 12 steps"], False),
        (("b", "a"), ["a", "b"], False),
        ((), [], True),
    ],
)
def test_output_matching(expected: tuple[str, ...], actual: list[str], ok: bool) -> None:
    """The matcher itself: `...` lines skip lines, `...` in a line skips text, and the ends are anchored."""
    assert output_matches(expected, actual) is ok


# ------------------------------------------------------------------------------------------- the examples


def run_block(block: Block, workspace: Workspace) -> None:
    """Write the file, or run the commands and compare their exit code and output with the document."""
    folder, env = workspace.folder, workspace.env
    if block.file:
        target = folder / block.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.body, encoding="utf-8")
        return
    for command in block.commands:
        done = subprocess.run(["bash", "-c", command.line], cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT)
        shown = done.stdout.splitlines()
        where = f"docs/authoring.md:{block.lineno}: $ {command.line}"
        assert done.returncode == block.exit_code, (
            f"{where}\nexit {done.returncode}, the document says {block.exit_code}; output:\n{done.stdout}")
        assert output_matches(command.expected, shown), (
            f"{where}\nexpected:\n" + "\n".join(command.expected) + "\n\nactual:\n" + done.stdout)


@pytest.mark.parametrize("index", range(len(RUNNABLE)), ids=[b.label for b in RUNNABLE])
def test_example(index: int, workspace: Workspace) -> None:
    """Run one example, after every example before it (they build on each other), so that `-k` works too."""
    while workspace.done < index:
        run_block(RUNNABLE[workspace.done], workspace)
        workspace.done += 1
    workspace.done = index + 1
    run_block(RUNNABLE[index], workspace)
