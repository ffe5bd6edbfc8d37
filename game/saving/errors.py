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
        text = f"{self.path}: {self.problem}" if self.path is not None else self.problem
        if not text.endswith((".", "!", "?")):
            text += "."
        return f"{text} {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return self.message

    def with_hint(self, hint: str) -> SaveError:
        """The same error with advice added (kept when the error already carries its own)."""
        return SaveError(self.problem, path=self.path, hint=self.hint or hint)
