"""SaveError: the one exception the save system raises for anything a player or a script can run into."""

from __future__ import annotations

from pathlib import Path


class SaveError(Exception):
    """A save could not be written, read or restored.

    `problem` says what is wrong, `path` names the file when there is one, and `hint` says what the player can
    do about it. `str(error)` joins the three into one message fit to show as it is.
    """

    def __init__(self, problem: str, *, path: Path | None = None, hint: str = "") -> None:
        self.problem = problem
        self.path = path
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The whole message: the file, what is wrong with it, and what to do."""
        text = f"{shown(str(self.path))}: {self.problem}" if self.path is not None else self.problem
        if not text.endswith((".", "!", "?")):
            text += "."
        return f"{text} {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return self.message

    def with_hint(self, hint: str) -> SaveError:
        """The same error with advice added (kept when the error already carries its own)."""
        return SaveError(self.problem, path=self.path, hint=self.hint or hint)


SHOWN_LIMIT = 120
"""Characters of a name or path shown in a message; the rest is elided."""


def shown(text: str) -> str:
    """A name or path as a message can show it: every character that is not printable (a NUL, a control
    character, a lone surrogate from undecodable input) written as an escape, and at most SHOWN_LIMIT long."""
    safe = "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else _escape(c) for c in text)
    return safe if len(safe) <= SHOWN_LIMIT else safe[: SHOWN_LIMIT - 3] + "..."


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
