"""Shared helpers for the TUI tests: an app on the fixture story with a temporary save folder."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from game.saving import Profile, Settings, save_profile
from game.tui.app import ArcherApp, LaunchOptions

FIXTURES = Path(__file__).parent / "fixtures"
STORY = FIXTURES / "story"


def make_app(
    saves: Path,
    *,
    notes_seen: bool = True,
    animations: bool = False,
    case: str | None = None,
    seed: int | None = None,
    load: str | None = None,
    story: Path = STORY,
    text_speed: int = 60,
    dev: bool = False,
    web: bool = False,
) -> ArcherApp:
    """An app on the fixture story, with a profile written first (animations off unless asked); with `web`, one
    that believes it runs in a browser (`App.is_web`), as under `archer serve`."""
    saves.mkdir(parents=True, exist_ok=True)
    profile = Profile(
        settings=Settings(theme="textual-dark", text_speed=text_speed, animations=animations),
        content_notes_seen=notes_seen,
    )
    save_profile(saves, profile)
    options = LaunchOptions(story_dir=story, saves_dir=saves, case=case, seed=seed, load=load, dev=dev)
    return (BrowserApp if web else ArcherApp)(options, clock=lambda: 0.0)


class BrowserApp(ArcherApp):
    """The app as textual-serve runs it: Textual's web driver says so through `is_web`."""

    CSS_PATH = Path(inspect.getfile(ArcherApp)).with_name("archer.tcss")  # relative paths are from the subclass

    @property
    def is_web(self) -> bool:
        return True


async def ready(pilot: Pilot) -> None:
    """Wait until the story has loaded and the screen has settled.

    A worker in an exclusive group is cancelled when the dev-mode timer starts the same work again (on a loaded
    machine the timer can fire while a test's own call runs): a cancelled worker has nothing left to wait for.
    """
    app = pilot.app
    for _ in range(600):  # at most ~30 s: on a loaded machine the loading worker may not have started yet
        for worker in list(app.workers):
            try:
                await worker.wait()
            except WorkerCancelled:
                pass
        if app.story is not None or app.load_failed:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one at a time as a player does, letting the app settle after each. When the play screen comes
    back from another screen, wait as long as it ignores choice keys (a player looks before choosing)."""
    from game.tui.screens.play import RESUME_SETTLE, PlayScreen

    for key in keys:
        before = pilot.app.screen
        await pilot.press(key)
        await pilot.pause()
        if pilot.app.screen is not before and isinstance(pilot.app.screen, PlayScreen):
            await pilot.pause(RESUME_SETTLE)


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    """A fresh save folder."""
    return tmp_path / "saves"
