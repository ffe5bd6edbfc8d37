"""`archer serve`: the same Textual game, played in a browser through textual-serve.

Each browser connection gets a game process of its own. Importing this package loads nothing heavy; the web
server (aiohttp, textual-serve) is imported by `run` when the command starts.
"""

from __future__ import annotations

from game.serve.options import ServeOptions


def run(options: ServeOptions) -> int:
    """Serve until interrupted; returns the exit status."""
    from game.serve.server import serve

    return serve(options)


__all__ = ["ServeOptions", "run"]
