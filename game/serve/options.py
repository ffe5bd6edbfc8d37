"""What `archer serve` was asked for, who can reach it, and the command that starts one visitor's game."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_VISITORS = 50
"""Game processes running at once; a visitor past this many is told to come back later."""


def is_loopback(host: str) -> bool:
    """True when `host` names this machine only (127.0.0.0/8, ::1 or localhost): no one else can connect."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_any(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeOptions:
    """The command line of `archer serve`."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    story: Path | None = None
    branches: tuple[Path, ...] = ()
    saves: Path | None = None
    """The save folder (loopback), or the folder that holds every visitor's own folder (hosted)."""
    hosted: bool = False
    """Asked for with --hosted: private saves per visitor even on loopback (behind a reverse proxy)."""
    max_visitors: int = DEFAULT_MAX_VISITORS
    python: str = field(default=sys.executable)

    @property
    def private_saves(self) -> bool:
        """True when each visitor gets a save space of their own: any host but loopback, or --hosted."""
        return self.hosted or not is_loopback(self.host)

    @property
    def url(self) -> str:
        """Where to point a browser on this machine."""
        host = self.host
        if _is_any(host):
            host = "127.0.0.1" if ":" not in host else "[::1]"
        elif ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def reach_lines(self, visitors_root: Path) -> list[str]:
        """What the command says when it starts: where it serves, who can reach it, where saves go."""
        lines = [f"Archer: The Fall is served on {self.url}"]
        if is_loopback(self.host):
            lines.append("Only this machine can reach it (the host is loopback).")
        elif _is_any(self.host):
            lines.append(
                f"Anyone who can reach this machine on port {self.port}, on any of its network addresses, "
                "can play it: there is no password and no encryption."
            )
        else:
            lines.append(
                f"Anyone who can reach {self.host} on port {self.port} can play it: there is no password and "
                "no encryption."
            )
        if self.private_saves:
            lines.append(f"Each visitor gets a private save space under {visitors_root}.")
            lines.append("Every browser is a separate visitor; a visitor who clears their cookies starts afresh.")
        else:
            lines.append(f"Saves go to {visitors_root}, as in the terminal game.")
        lines.append(f"At most {self.max_visitors} games run at once. Press Ctrl+C to stop.")
        return lines

    def game_command(self, saves_folder: Path) -> str:
        """The shell command that runs one visitor's game (textual-serve starts it through a shell)."""
        words = [self.python, "-m", "game", "play", "--saves", str(saves_folder)]
        if self.story is not None:
            words += ["--story", str(self.story)]
        for branch in self.branches:
            words += ["--branch", str(branch)]
        if self.private_saves:
            words.append("--hosted")
        # exec: the game replaces the shell, so the process textual-serve watches is the game itself.
        return "exec " + shlex.join(words)
