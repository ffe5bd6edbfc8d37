"""What happens when the TUI meets a bug: the game in progress is autosaved, the details go to crash.log in the
save folder, and the player reads two lines instead of a traceback (exit status 70, as every command).

Textual reports an unhandled exception by printing it on its error console when the app has stopped. The app
is given a console that writes into memory instead, so the report can be filed rather than shown.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from game.tui.app import ArcherApp

CRASH_STATUS = 70
"""The exit status of an internal error, the same for every command."""


def run_guarded(app: ArcherApp, **run_options: Any) -> int:
    """Run `app` (with App.run's options) and return the exit status, handling a crash as described above."""
    report = io.StringIO()
    app.error_console = Console(file=report, width=120, markup=False, highlight=False, color_system=None)
    result = app.run(**run_options)
    details = report.getvalue()
    if details.strip():
        return _crashed(app, details)
    if app.return_code:
        return app.return_code
    return result or 0


def _crashed(app: ArcherApp, details: str) -> int:
    saved = rescue_autosave(app)
    log = write_crash_log(app.options.saves_dir, details)
    if app.options.dev:
        print(details, file=sys.stderr)
    last = next((line.strip() for line in reversed(details.splitlines()) if line.strip()), "unknown error")
    print(f"archer: internal error: {last}", file=sys.stderr)
    kept = "Your game was autosaved: start again and pick Continue. " if saved else ""
    where = f"The details are in {log}; please report them." if log else "The details could not be written."
    print(f"archer: {kept}{where}", file=sys.stderr)
    return CRASH_STATUS


def rescue_autosave(app: ArcherApp) -> bool:
    """Autosave the game in progress, if there is one that is not over; True when a save was written."""
    session, story = app.session, app.story
    if session is None or story is None or session.view.ending is not None:
        return False
    try:
        app.store.autosave(story, session.state, play_seconds=session.play_seconds)
    except Exception:  # noqa: BLE001 - a rescue that fails must not hide the error being reported
        return False
    return True


def write_crash_log(folder: Path, details: str) -> Path | None:
    """Append a crash report to crash.log in the save folder; None if that fails too."""
    path = folder / "crash.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{details.rstrip()}\n")
    except OSError:
        return None
    return path
