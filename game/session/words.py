"""Engine events and story prose as the player reads them, with no Textual: shared by every front end.

The engine's events carry terse data (an id, a title, a signed number); `describe` is the one place where they
become words. `reflow` undoes the hard line breaks authors put in YAML prose, and `heading_of` names a moment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from game.engine.views import Event, View

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_KEEP_BREAK = re.compile(r"^(  |\t|[-*•>]\s|\d+[.)]\s)")


def reflow(text: str) -> str:
    """Prose as the terminal should wrap it: blank lines separate paragraphs, single line breaks are soft.

    Story files wrap their prose to fit an editor; at 80 columns those hard breaks would leave ragged lines.
    A break is kept when the next line is indented (two spaces or a tab) or starts a list item (`- `, `* `,
    `• `, `> `, `1. `); a single leading space (left where an `{if}` joins two sentences) is soft.
    Nothing else changes: no character is added or removed apart from the joined line ends.
    """
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    out: list[str] = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        merged = [lines[0].rstrip()]
        for line in lines[1:]:
            if _KEEP_BREAK.match(line):
                merged.append(line.rstrip())
            else:
                merged[-1] = f"{merged[-1]} {line.strip()}" if merged[-1] else line.strip()
        out.append("\n".join(merged))
    return "\n\n".join(out)


HistoryKind = Literal["scene", "choice", "event", "investigation", "undo"]
"""What a backlog entry records: a scene's text, a choice taken, what a choice brought about, what an
investigation action (presenting, the board, the accusation) brought about, or a step back."""

EMPHASIS = re.compile(r"(?<![\w*])(\*\*|\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])", re.DOTALL)
"""Inline emphasis: `*soft*`, `_soft_` or `**strong**` around words (not a lone asterisk, not inside a word).
Group 1 is the mark, group 2 the words."""


def drop_emphasis(text: str) -> str:
    """Prose with its inline emphasis (`*word*`, `_word_`, `**words**`) as plain words, for output that has no
    italics (plain mode, a screen reader). A lone `*`, a list marker `* ` and `a * b` are left alone."""
    return EMPHASIS.sub(lambda found: found.group(2), text)


@dataclass(frozen=True)
class HistoryEntry:
    """A passage of the backlog: where it was read (or what it is), and the text exactly as the player saw it."""

    heading: str
    text: str
    kind: HistoryKind = "scene"


def heading_of(current: View) -> str:
    """A short "when and where" line for a view: `Monday, morning · Studio A`."""
    status = current.status
    if current.ending is not None:
        return f"Ending: {current.ending.title}"
    return f"{status.day}, {status.slot} · {status.location}"


VERDICTS: dict[str, str] = {
    "solved": "the case holds",
    "weak": "not enough to hold",
    "wrong": "the wrong person",
}


def _name(story: object, who: str) -> str:
    characters = getattr(story, "characters", {})
    return characters[who].short if who in characters else who


def _title(story: object, item: str) -> str:
    for table in ("deductions", "clues"):
        found = getattr(story, table, {}).get(item)
        if found is not None:
            return str(found.title)
    return item


def deadline_words(story: object, scene: str) -> tuple[str, str]:
    """What the deadline means where it lands: the days for looking into things are over, and, when the scene it
    opens takes an accusation, that this is the last chance to make one (the engine's own text says only that
    time has run out, which read as if the game were over while the player could still accuse)."""
    manifest = getattr(story, "manifest", None)
    deadline = getattr(manifest, "deadline", None)
    when = ""
    if deadline is not None:
        day = next((d.title for d in getattr(manifest, "days", ()) if d.id == deadline.day), deadline.day)
        when = f"{day} {deadline.slot}: "
    found = getattr(story, "scenes", {}).get(scene)
    if found is not None and found.accuse and getattr(manifest, "accusation", None) is not None:
        return "Last chance", (f"{when}the days for finding things out are over. This is the last chance to make "
                               "an accusation, while you have tries left.")
    return "Time is up", f"{when}the days for finding things out are over."


def _titled(title: str, text: str) -> str:
    """`Title: text`, or only the text when it already begins with the title (no title said twice)."""
    if text.casefold().startswith(title.casefold().rstrip(".")):
        return text
    return f"{title}: {text}" if text else title


def describe(story: object, event: Event) -> tuple[str, str]:
    """An engine event as the player reads it: a short label and a sentence (names looked up in the story)."""
    kind, ident, text = event.kind, event.id, event.text
    if kind == "clue":
        return "Clue found", text or _title(story, ident)
    if kind == "statement":
        return "Statement recorded", f"What {text or ident} said is in your notes."
    if kind == "secret":
        return "Secret uncovered", f"Something {text or ident} was hiding (see Suspects)."
    if kind == "contradiction":
        return "Contradiction caught", text
    if kind == "wrong_present":
        return "Evidence presented", text
    if kind == "trust":
        return "Trust", f"{_name(story, ident)} {text}"
    if kind == "standing":
        return "Standing", text
    if kind == "time":
        return "Time passes", text
    if kind == "deadline":
        return deadline_words(story, ident)
    if kind == "deduction":
        return "Deduction made", _titled(_title(story, ident), text)
    if kind == "belief":
        return "Minds changed", f"{_name(story, ident)} now suspects {_name(story, text)}."
    if kind == "board":
        combo = " + ".join(_title(story, part) for part in ident.split("+") if part)
        if text == "linked":
            return "Board", f"Linked {combo}."
        if text == "unlinked":
            return "Board", f"Unlinked {combo}."
        return "Board", text
    if kind == "verdict":
        said = text.removeprefix("Verdict: ")  # the label says it once (plain mode prints the engine's text)
        return "Verdict", said[:1].upper() + said[1:]
    if kind == "mark":
        return "Your mark", f"{_name(story, ident)}: {'unmarked' if text == 'none' else text}"
    if kind == "accusation":
        return "Accusation", f"You named {text}: {VERDICTS.get(ident, ident)}."
    if kind == "ending":
        return "The end", text
    return kind.replace("_", " ").capitalize(), text or ident


def describe_all(story: object, events: tuple[Event, ...]) -> list[tuple[str, str]]:
    """`describe` for each event that has something to say."""
    return [(label, reflow(text)) for label, text in (describe(story, e) for e in events) if text]
