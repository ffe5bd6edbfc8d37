"""The Textual front end. Importing this package does not import Textual; `run_app` does, when called."""

from __future__ import annotations

from pathlib import Path


def run_app(
    *,
    story_dir: Path,
    saves_dir: Path,
    case: str | None,
    seed: int | None,
    load: str | None,
    branches: tuple[Path, ...] = (),
    dev: bool = False,
    origin: str | None = None,
    hosted: bool = False,
) -> int:
    """Run the game in the terminal until the player quits; returns the exit status.

    `case` and `seed` start a new game straight away (after the story loads), `load` opens a save, and
    `dev` adds the scene id to the status line and shows full tracebacks; `origin` (`--from`) starts new games
    at that scene; `hosted` is a visitor's game under `archer serve`: saves are named by slot only.
    """
    from game.tui.app import ArcherApp, LaunchOptions
    from game.tui.crash import run_guarded

    app = ArcherApp(
        LaunchOptions(
            story_dir=Path(story_dir),
            saves_dir=Path(saves_dir),
            case=case,
            seed=seed,
            load=load,
            branches=tuple(Path(b) for b in branches),
            dev=dev,
            origin=origin,
            hosted=hosted,
        )
    )
    return run_guarded(app)
