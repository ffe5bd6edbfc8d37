"""Read one YAML file into plain data, keeping the line and column of every node.

PyYAML's constructors drop positions and silently keep the last of two duplicate keys, and aliases can blow
up memory. So the file is parsed into events (with the C parser when present) and built into data by
game.world.yamlevents: positions are recorded per path, duplicates and aliases become diagnostics, and depth is
bounded. Here are the file-level checks (size, encoding, syntax errors in the author's words) and the editor's
unsaved texts. `Source` (game.world.source) holds the result; it is re-exported here with `shown_path`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import yaml

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.source import Path_, Source, shown_path
from game.world.yamlevents import MAX_DEPTH, EventBuilder

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Loader", "Path_", "Source", "read", "shown_path", "unsaved"]

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 4 * 1024 * 1024


_UNSAVED: ContextVar[Mapping[Path, str] | None] = ContextVar("archer_unsaved_texts", default=None)


@contextmanager
def unsaved(texts: Mapping[Path, str]) -> Iterator[None]:
    """While open, `read` takes these texts (keyed by resolved path) instead of the files on disk: an editor's
    unsaved buffers, checked as the author types."""
    token = _UNSAVED.set(texts)
    try:
        yield
    finally:
        _UNSAVED.reset(token)


def read(path: Path, shown: str) -> Source:
    """Parse `path`; `shown` is the name diagnostics use for it. Never raises for bad content."""
    source = Source(path=path, shown=shown)
    texts = _UNSAVED.get()
    try:
        override = texts.get(path.resolve()) if texts else None
        raw = override.encode("utf-8") if override is not None else path.read_bytes()
    except OSError as err:
        source.diagnostics.append(make("AR007", Pos(shown, 1, 1), f"cannot read file: {err.strerror}"))
        return source
    if len(raw) > MAX_BYTES:
        source.diagnostics.append(
            make(
                "AR005",
                Pos(shown, 1, 1),
                f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
                "split it into several files and include them from the manifest",
            )
        )
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        source.diagnostics.append(
            make("AR006", Pos(shown, line, col), "file is not valid UTF-8", "save the file as UTF-8")
        )
        return source
    source.text = text
    try:
        source.data = EventBuilder(source).run(yaml.parse(text, Loader=Loader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        if "nesting depth" in problem:
            source.diagnostics.append(make("AR004", Pos(shown, line, col), f"nesting is deeper than {MAX_DEPTH} "
                                           "levels", "flatten the data"))
        else:
            source.diagnostics.append(_syntax_error(text, shown, line, col, problem))
        source.data = None
    except yaml.YAMLError as err:
        source.diagnostics.append(make("AR001", Pos(shown, 1, 1), f"YAML syntax error: {err}"))
        source.data = None
    return source


def _syntax_error(text: str, shown: str, line: int, col: int, problem: str) -> Diagnostic:
    """AR001 in the author's words: a tab in the indentation is named as such, wherever the parser noticed it."""
    lines = text.splitlines()
    for number, content in enumerate(lines[:line], start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return make("AR001", Pos(shown, number, indent.index("\t") + 1),
                        "a tab in the indentation: YAML indents with spaces only", "indent with spaces")
    if problem.startswith("mapping values are not allowed"):
        return make("AR001", Pos(shown, line, col), "YAML syntax error: a `key:` cannot start here",
                    "check this line's indentation against the lines above, or quote text that holds `: `")
    return make("AR001", Pos(shown, line, col), f"YAML syntax error: {problem}")
