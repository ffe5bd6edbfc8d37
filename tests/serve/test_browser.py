"""The game in a real browser: Debian's chromium, driven by Playwright, against `archer serve`.

The page draws the terminal on a canvas, so the test reads the screen from what the page receives: every
websocket frame the browser gets is also fed to a terminal emulator (pyte) here. A screenshot of each step
is kept in the test's temporary folder (`browser-shots/`).

Skipped, with the command to run, where chromium is missing; never skipped in CI (CI=true), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest

from bench.hosted import HEIGHT, WIDTH, ServedGame, in_play, on_title
from game.saving import SaveStore

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
INSTALL = "apt-get install -y chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _need_chromium() -> None:
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"the browser test needs Debian's chromium at {CHROMIUM}: run `{INSTALL}` (as root)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI never skips this test.")
    pytest.skip(message)


class Player:
    """One browser tab playing the game: keys in, the screen out (from the websocket frames), screenshots."""

    def __init__(self, page: Any, shots: Path) -> None:
        self.page = page
        self.shots = shots
        shots.mkdir(parents=True, exist_ok=True)
        self.sockets = 0
        self.frames = 0
        self.taken = 0
        self._new_screen(WIDTH, HEIGHT)
        page.on("websocket", self._attach)

    def _new_screen(self, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)

    def _attach(self, websocket: Any) -> None:
        """A new websocket (a page load): a new game process, so a new screen of the size the page asks."""
        url = urlsplit(websocket.url)
        if url.path != "/ws":
            return
        query = parse_qs(url.query)
        self.sockets += 1
        self._new_screen(int(query["width"][0]), int(query["height"][0]))
        websocket.on("framereceived", self._received)
        websocket.on("framesent", self._sent)

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)
            self.frames += 1

    def _sent(self, payload: bytes | str) -> None:
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(lines=message[1]["height"], columns=message[1]["width"])

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def line(self, row: int) -> str:
        return self.screen.display[row].strip()

    def snap(self, name: str) -> None:
        self.taken += 1
        self.page.screenshot(path=str(self.shots / f"{self.taken:02d}-{name}.png"))

    def wait_until(self, check: Callable[[str], bool], what: str, seconds: float = 60) -> None:
        for _ in range(int(seconds * 20)):
            if check(self.text()):
                return
            self.page.wait_for_timeout(50)
        self.snap(f"timeout-{what}")
        raise AssertionError(f"waited {seconds:.0f} s for {what}; the screen:\n{self.text()}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def open(self, url: str) -> None:
        """Load the page and wait for the title screen; keys then go to the terminal."""
        self.page.goto(url)
        self.wait_until(on_title, "the title screen")
        self.focus()

    def focus(self) -> None:
        self.page.locator(".xterm-helper-textarea").focus()  # without clicking on the menu

    def whole_text(self, what: str) -> None:
        """Show the rest of a scene that is still appearing, and wait until the screen is quiet (so that the next
        key is a choice, never a skip of the text). The text not yet revealed is drawn as spaces, which the screen
        cannot tell from the end of the text: the sign that all of it is there is that no frame comes any more,
        since the reveal sends one per line until the last."""
        self.press("z")
        for _ in range(200):
            frames = self.frames
            self.page.wait_for_timeout(300)
            if frames == self.frames and in_play(self.text()):
                return
        self.snap(f"timeout-{what}")
        raise AssertionError(f"waited 60 s for {what}; the screen:\n{self.text()}")

    def new_game(self) -> str:
        """Title screen to the first scene of the canon case; returns the scene's status line."""
        self.press("Enter")  # New game
        self.wait_until(lambda s: "The canon case" in s, "the new-game dialog")
        self.press("Enter")  # the canon case
        self.wait_until(lambda s: "Continue to the game" in s or in_play(s), "the content notes or the game")
        if not in_play(self.text()):
            self.snap("content-notes")
            self.press("Tab", "Enter")
        self.wait_until(lambda s: in_play(s) and "1." in s, "the first scene")
        self.whole_text("the whole first scene")
        return self.line(0)

    def choose(self, key: str, before: str) -> str:
        """Take a choice; wait for the scene to change; returns the new status line."""
        self.press(key)
        self.wait_until(lambda s: in_play(s) and self.line(0) != before, "the scene after the choice")
        self.whole_text("the whole scene after the choice")
        return self.line(0)

    def save_in_slot_1(self) -> None:
        self.press("Escape")  # the game menu
        self.wait_until(lambda s: "Save game" in s and "Resume" in s, "the game menu")
        self.press("ArrowDown", "Enter")
        self.wait_until(lambda s: "Slot 1" in s and "Label" in s, "the save screen")
        self.snap("save-screen")
        self.press("Enter")  # into Slot 1
        self.wait_until(lambda s: in_play(s) and "Slot 1" not in s, "the game after saving")


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Callable[[str], Player]]:
    """`browser(name)`: a new browser (its own empty profile, so a new visitor) with one tab."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        contexts = []

        def launch(name: str) -> Player:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / f"profile-{name}"),  # empty: a first visit
                executable_path=CHROMIUM,
                headless=True,
                args=LAUNCH_ARGS,
                viewport={"width": 1000, "height": 560},
                accept_downloads=True,
            )
            contexts.append(context)
            # The page asks Google for a web font: only this machine is reached, everything else is refused.
            context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                          else route.abort())
            page = context.pages[0] if context.pages else context.new_page()
            return Player(page, tmp_path / "browser-shots" / name)

        try:
            yield launch
        finally:
            for context in contexts:
                context.close()


def test_play_save_reload_and_continue_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    player = browser("player")
    with ServedGame(tmp_path / "saves", hosted=False) as served:
        player.open(served.url)
        player.snap("title")
        first = player.new_game()
        player.snap("first-scene")
        second = player.choose("1", first)
        player.snap("after-choice")
        assert second != first

        player.save_in_slot_1()
        player.snap("saved")
        newest = SaveStore(tmp_path / "saves").latest()
        assert newest is not None and newest.slot == "slot-1"  # what Continue opens

        player.page.reload()
        player.wait_until(lambda s: player.sockets == 2 and on_title(s), "the title screen after the reload")
        player.focus()
        player.snap("title-after-reload")
        player.press("ArrowDown", "Enter")  # Continue: the newest save
        player.wait_until(in_play, "the game continued from the save")
        player.whole_text("the whole continued scene")
        player.snap("continued")
        assert player.line(0) == second

    shots = sorted(path.name for path in (tmp_path / "browser-shots" / "player").iterdir())
    assert shots[0] == "01-title.png" and shots[-1].endswith("-continued.png")


def test_hosted_visitors_keep_apart_and_carry_a_save_as_a_file(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "visitors"
    with ServedGame(root, hosted=True) as served:
        alice = browser("alice")
        alice.open(served.url)
        first = alice.new_game()
        second = alice.choose("1", first)
        alice.save_in_slot_1()
        [alice_folder] = list(root.iterdir())

        # Alice downloads her save from the Load screen.
        alice.press("Escape")
        alice.wait_until(lambda s: "Load game" in s and "Resume" in s, "the game menu")
        alice.press("ArrowDown", "ArrowDown", "Enter")
        alice.wait_until(lambda s: "Slot 1" in s and "e Download" in s, "the load screen with Download")
        alice.snap("load-screen")
        with alice.page.expect_download() as downloading:
            alice.press("e")
        download = downloading.value
        assert download.suggested_filename == "slot-1.json"
        carried = tmp_path / "carried.json"
        download.save_as(str(carried))
        assert carried.read_bytes() == (alice_folder / "slot-1.json").read_bytes()

        # Bob is another browser: none of Alice's saves are his.
        bob = browser("bob")
        bob.open(served.url)
        bob.snap("title")
        assert sorted(root.iterdir()) != [alice_folder] and len(list(root.iterdir())) == 2
        bob.press("ArrowDown", "Enter")  # Load a game (the cursor skips Continue: Bob has nothing to continue)
        bob.wait_until(lambda s: "No saves yet." in s and "i Upload" in s, "Bob's empty load screen")
        bob.snap("empty-load-screen")

        # Bob uploads the file Alice gave him; it lands in his own save space, and he plays on from it.
        with bob.page.context.expect_page() as opening:
            bob.press("i")
        upload = opening.value
        upload.wait_for_load_state()
        upload.set_input_files("input[name=file]", str(carried))
        upload.fill("input[name=slot]", "from-alice")
        upload.click("button[type=submit]")
        upload.wait_for_load_state()
        assert "Kept carried.json as the save 'from-alice'." in upload.inner_text("body")
        upload.screenshot(path=str(bob.shots / "upload-page.png"))
        upload.close()
        bob.page.bring_to_front()
        bob.focus()  # back in the game's tab: the load screen reads the folder again
        bob.wait_until(lambda s: "from-alice" in s, "the uploaded save in Bob's list", seconds=15)
        bob.snap("load-screen-with-upload")
        bob.press("Enter")
        bob.wait_until(in_play, "Bob's game from Alice's save")
        bob.whole_text("the whole scene")
        bob.snap("playing-the-upload")
        assert bob.line(0) == second

        bob_folder = next(folder for folder in root.iterdir() if folder != alice_folder)
        assert (bob_folder / "from-alice.json").read_bytes() == carried.read_bytes()
        assert not (alice_folder / "from-alice.json").exists()
