"""Start-up as the player sees it: a command in a pseudo-terminal of 80x24, timed until given text is on screen.

The text is looked for in what the program wrote to the terminal, with the escape sequences taken out. Textual
writes each run of styled text in one piece, so a title written by one widget arrives whole.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

# CSI sequences (cursor moves, colours, modes), OSC strings, and two-byte escapes.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def _screen_text(raw: bytes) -> bytes:
    return _ESCAPES.sub(b"", raw)


def time_to_text(argv: list[str], text: str, *, env: dict[str, str], cwd: Path, timeout: float = 30.0,
                 size: tuple[int, int] = (80, 24)) -> float:
    """Seconds from starting `argv` in a fresh pseudo-terminal until `text` appears on its screen."""
    columns, lines = size
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    wanted = text.encode()
    seen = b""
    began = time.perf_counter()
    process = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, cwd=cwd, start_new_session=True,
                               env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)})
    os.close(follower)
    try:
        while True:
            left = timeout - (time.perf_counter() - began)
            if left <= 0:
                raise TimeoutError(f"{argv[0]}: {text!r} not on screen after {timeout} s:\n{seen[-800:]!r}")
            ready, _, _ = select.select([leader], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the program ended and the terminal closed
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv[0]} ended before {text!r} was on screen:\n{seen[-800:]!r}")
            seen += chunk
            if wanted in _screen_text(seen):
                return time.perf_counter() - began
    finally:
        _stop(process)
        os.close(leader)


def _stop(process: subprocess.Popen) -> None:
    """End the program and everything it started (it runs in a session of its own)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
