"""Plain line mode: for screen readers, pipes and scripts.

Its protocol (PlainGame) lives in game.session.lines, because the transcript tools speak it too; this front end
adds the terminal around it:
- `run`: `archer play --plain`, from the command line to a PlainGame;
- `live`: `archer play --plain --dev`, the same with live reload.
"""

from __future__ import annotations

from game.session.lines import PlainGame

__all__ = ["PlainGame"]
