"""One case played start to end through the real `archer play` command in a real terminal (tmux, 80x24), keys
sent as a player types them and the screen read back as text. Skipped, saying why, where tmux is missing
(.ci/run installs it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.saving import Profile, Settings, load_profile, save_profile
from game.tui.screens.play import RESUME_SETTLE

from .conftest import STORY

TMUX = shutil.which("tmux")
WAIT_SECONDS = 60.0
"""How long to wait for a screen to show what is expected (generous: CI machines are shared)."""

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux; .ci/run does)")


class Terminal:
    """A tmux server of its own with one 80x24 window running a command."""

    def __init__(self, socket: Path, command: list[str]) -> None:
        self.base = [str(TMUX), "-S", str(socket)]
        line = " ".join(_quote(part) for part in command) + "; echo EXIT=$?; sleep 600"
        subprocess.run([*self.base, "new-session", "-d", "-s", "game", "-x", "80", "-y", "24", line], check=True)

    def screen(self) -> str:
        return subprocess.run([*self.base, "capture-pane", "-p", "-t", "game"], check=True, capture_output=True,
                              text=True).stdout  # fmt: skip

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.1)

    def press(self, *keys: str, then: str | None = None) -> None:
        """Send keys one at a time (a short pause after each); with `then`, wait until that text shows."""
        for key in keys:
            subprocess.run([*self.base, "send-keys", "-t", "game", key], check=True)
            time.sleep(0.15)
        if then is not None:
            self.wait_for(then)

    def back_to_the_story(self, *keys: str, then: str) -> None:
        """Keys that close a screen over the story: then wait as a player looks before choosing (the play screen
        takes no choice for RESUME_SETTLE after it comes back)."""
        self.press(*keys, then=then)
        time.sleep(RESUME_SETTLE)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], check=False, capture_output=True)


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def test_a_whole_case_through_archer_play_in_tmux(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    settings = Settings(theme="textual-dark", text_speed=60, animations=False)
    save_profile(saves, Profile(settings=settings, content_notes_seen=True))
    archer = Path(sys.executable).parent / "archer"
    command = [str(archer), "play", "--story", str(STORY), "--saves", str(saves), "--case", "canon", "--seed", "1"]
    term = Terminal(tmp_path / "tmux.sock", command)
    try:
        term.wait_for("Find the others in Studio A.")
        term.press("2", then="Ask Nabil where he was that night.")
        term.press("1", "1", "1", "1", then="Leave the studio.")
        # Suspects: Delia's alibi, broken with the sign-in sheet.
        term.press("s", then="Marks:")
        term.press("Enter", then="› “I left the building")  # the pointer: the statements have the focus now
        term.press("Enter", then="Present evidence")
        term.press("Down", "Enter", then="What happened")
        term.press("Enter", then="✗ broken")
        term.back_to_the_story("Escape", then="n Notebook")
        term.press("1", then="Go up to the roof.")  # leave the studio
        term.press("1", then="Look closely at the fire-escape rail.")
        term.press("1", "1", then="Go up to the roof.")  # the thread; back down to the hall
        # The board: a wrong link withdrawn, the right one confirmed.
        term.press("b", then="Deduction board")
        term.press("Space", "Down", "Space", "l", then="The sign-in sheet + A white rose")
        term.press("x", "Space", "Down", "Down", "Space", "l", "c", then="Worked out")  # opens whole, to be read
        term.press("Escape", then="Deduction board")
        term.back_to_the_story("Escape", then="n Notebook")
        # The office: accuse Delia, for jealousy, citing three pieces.
        term.press("4", then="Leave without accusing anyone.")
        term.press("a", then="1 Who")
        term.press("Enter", then="Who: Delia Whitlaw")
        term.press("Enter", then="Why: Cassie was taking")
        term.press("Space", "Down", "Space", "Down", "Space", then="Cited: 3")
        term.press("C-a", then="Make the accusation?")
        term.back_to_the_story("Enter", then="The Truth, Told")
        term.press("1", then="New game")  # back on the title screen
        term.press("C-q", then="EXIT=0")
    finally:
        term.close()
    assert load_profile(saves).endings == ["end_solved"]
