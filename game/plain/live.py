"""`archer play --plain --dev`: plain mode with live reload (see game.session.live).

After a story file is saved the story is loaded again and the path so far replayed on it; the author keeps
their place. When the new version has errors, its diagnostics are printed in place and play goes on.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterable
from pathlib import Path

from game.session.lines import PlainGame
from game.session.live import StoryWatcher, reload_report, reload_story, watched_paths

INTERVAL = 0.5
"""Seconds between two looks at the files."""


def watch_plain(game: PlainGame, args: argparse.Namespace, stdin: Iterable[str], interval: float = INTERVAL) -> int:
    """`archer play --plain --dev`: play on stdin while a background thread reloads the story on every save."""
    from game.paths import story_dir as shipped

    folder = Path(args.story) if getattr(args, "story", None) else shipped()
    branches = [Path(b) for b in getattr(args, "branch", None) or []]
    watcher = StoryWatcher(watched_paths(folder, branches))
    lock = threading.Lock()
    stop = threading.Event()

    def on_change(changed: list[Path]) -> None:
        with lock:
            outcome = reload_story(folder, branches, game.state)
            game.write()
            for line in reload_report(outcome, changed):
                game.write(line)
            game.write()
            if outcome.story is not None and outcome.state is not None:
                game.session.replace_story(outcome.story, outcome.state, outcome.history)
                game.show()
            game.prompt()

    def watch() -> None:
        while not stop.wait(interval):
            try:
                changed = watcher.poll()
                if changed:
                    on_change(changed)
            except Exception as err:  # noqa: BLE001 - the watcher must never take the game down with it
                with lock:
                    game.write(f"(dev: reload failed: {type(err).__name__}: {err})")

    thread = threading.Thread(target=watch, name="archer-dev-watch", daemon=True)
    with lock:
        game.write(f"(dev mode: watching {len(watcher.files)} files; saving one reloads the story)")
        game.write()
        game.show()
        game.prompt()
    thread.start()
    try:
        for raw in stdin:
            with lock:
                command = raw.strip()
                if game.handle(command) == "end":
                    if command.lower().split()[:1] == ["quit"]:
                        return 0
                    game.write("(dev mode: the story has ended. `undo` steps back, saving a file reloads, "
                               "`quit` leaves.)")
                game.prompt()
        with lock:
            game.write()
        return 0
    finally:
        stop.set()
        thread.join(timeout=5 * interval + 1)
