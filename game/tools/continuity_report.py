"""What the continuity pass (game.tools.continuity) finds, and how it reports it: its line on stderr, and each
warning as a diagnostic at the passage's `file:line:col` (AR101: at the name), with the path that shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from game.tools.continuity_names import Names
from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import Expr, Parts
from game.world.story import Story

Candidate = tuple[str, str, str, str]
"""(code, kind, ident, who or ""): a warning the analysis cannot rule out, keyed as the search keys its finds."""


@dataclass(frozen=True)
class Passage:
    """One passage as the check reads it: what it is, its text, what it assumes and who is there."""

    kind: str
    """"text", "again" or "reply" (an ending's text is "text")."""
    ident: str
    """The scene or ending id; `scene.choice` for a reply."""
    parts: Parts
    assumes: Expr | None
    assumed: str | None
    people: frozenset[str]
    """Who is in the passage's own scene (for a reply, the scene the choice is in)."""

    @property
    def label(self) -> str:
        if self.kind == "reply":
            scene, _, choice = self.ident.partition(".")
            return f"the reply of choice '{choice}' in scene '{scene}'"
        return f"the {self.kind} of '{self.ident}'"


@dataclass
class Found:
    """The first (shortest) witness of one warning."""

    passage: Passage
    case: str
    path: list[str]
    who: str | None = None


@dataclass
class Continuity:
    """What the pass found, and how much it looked at."""

    found: dict[tuple[str, str, str, str], Found] = field(default_factory=dict)
    """(code, kind, ident, who or "") -> its witness."""
    states: int = 0
    """States looked at: distinct ones of the search, and every step of the walks."""
    passages: set[tuple[str, str]] = field(default_factory=set)
    """The passages seen shown at least once."""
    seconds: float = 0.0
    reached: int = 0
    """Passages the analysis finds a way to (the rest are never shown, whatever is chosen)."""
    unproven: set[tuple[str, str]] = field(default_factory=set)
    """The passages the analysis could not prove right on every path: the search looked for a path that shows
    each wrong."""


def summary(story: Story, looked: Continuity) -> str:
    """The line `archer check` prints about the pass (to stderr): what the analysis proved, and how much the
    search looked at for the rest."""
    total = len(story.passages)
    line = (f"continuity: {total} passages analysed on every path: {total - len(looked.unproven)} proven "
            f"({total - looked.reached} never shown)")
    if looked.unproven:
        line += (f", {len(looked.unproven)} not proven, searched for in {looked.states:,} states "
                 f"({len(looked.passages)} of them seen shown)")
    return line + f" ({looked.seconds:.2f}s)"


def witness(path: list[str]) -> str:
    """A path as the warnings print it."""
    return " → ".join(path) if path else "(at the start)"


class Spots:
    """Where in its file a passage first names someone, read back from the source (AR101 points at the name,
    not only at the passage); the passage's own position when the file cannot be read or the name is not there."""

    def __init__(self, story: Story, names: Names) -> None:
        self.names = names
        self.texts: dict[str, str | None] = {}
        self.starts: dict[str, list[tuple[int, int]]] = {}
        for path, line, col in story.passages.values():
            self.starts.setdefault(path, []).append((line, col))
        for found in self.starts.values():
            found.sort()

    def _text(self, path: str) -> str | None:
        if path not in self.texts:
            from pathlib import Path

            try:
                self.texts[path] = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[path] = None
        return self.texts[path]

    def find(self, pos: Pos, who: str) -> Pos:
        text = self._text(pos.path)
        if text is None:
            return pos
        begin, end = _offset(text, pos.line, pos.col), len(text)
        later = [start for start in self.starts.get(pos.path, ()) if start > (pos.line, pos.col)]
        if later:
            end = _offset(text, *later[0])
        words = sorted((w for w, c in self.names.who.items() if c == who), key=len, reverse=True)
        spelled = [rf"(?<![\w]){re.escape(word)}(?![\w])" for word in words] + [rf"\bname\.{re.escape(who)}\b"]
        found = re.compile("|".join(spelled)).search(text, begin, end)
        if found is None:
            return pos
        start = found.start()
        return Pos(pos.path, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))


def _offset(text: str, line: int, col: int) -> int:
    """The offset of a 1-based line and column in `text`."""
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return at + col - 1


def diagnostic(story: Story, item: Found, code: str, spots: Spots | None = None) -> Diagnostic:
    passage = item.passage
    at = story.passages.get((passage.kind, passage.ident))
    pos = Pos(*at) if at else story.pos("node", passage.ident.partition(".")[0])
    if item.who is not None and spots is not None:
        pos = spots.find(pos, item.who)
    shown = f"case '{item.case}', {len(item.path)} action(s): {witness(item.path)}"
    if code == "AR100":
        return make(code, pos, f"{passage.label} assumes `{passage.assumed}`, which is false where it is shown; "
                    f"{shown}", "reach it only where that holds (a `when:` on the way in), or vary the text "
                    "with `{if ...}`, or fix what `assumes:` says")
    assert item.who is not None
    person = story.characters[item.who]
    return make(code, pos, f"{passage.label} names {person.short} ('{item.who}') before Neveah has met them; "
                f"{shown}", f"introduce them first (a scene with {item.who} in `people:` or `introduces:` on every way "
                f"in), or guard the words with `{{if met.{item.who}}}`, or say `assumes: met.{item.who}` where it "
                "holds")
