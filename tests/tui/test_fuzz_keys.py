"""Issue 21: random keys at random terminal sizes (down to 20x8) never crash the TUI, and afterwards the screen
still answers f1 with the help."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.tui.screens.help import HelpScreen

from .conftest import make_app, ready

KEYS = (
    "1", "2", "3", "4", "5", "9", "enter", "space", "escape", "tab", "shift+tab", "up", "down", "left", "right",
    "pageup", "pagedown", "home", "end", "backspace", "delete", "n", "s", "b", "a", "h", "u", "p", "o", "i", "l",
    "x", "c", "d", "y", "question_mark", "ctrl+s", "ctrl+l", "ctrl+a", "ctrl+p", "f1", "f5", "f9", "z", "0",
)  # fmt: skip
"""Everything but the keys that rightly end the game (ctrl+q, and q on the title and in the quit dialog)."""

steps = st.lists(
    st.one_of(
        st.sampled_from(KEYS).map(lambda key: ("key", key)),
        st.tuples(st.integers(20, 120), st.integers(8, 40)).map(lambda size: ("size", size)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.tuples(st.integers(20, 120), st.integers(8, 40)), moves=steps, in_game=st.booleans())
def test_random_keys_and_sizes_never_crash_and_f1_still_answers(
    tmp_path_factory, start: tuple[int, int], moves: list[tuple[str, object]], in_game: bool
) -> None:
    saves: Path = tmp_path_factory.mktemp("saves")
    app = make_app(saves, case="canon" if in_game else None, seed=1 if in_game else None)

    async def run() -> None:
        async with app.run_test(size=start) as pilot:
            await ready(pilot)
            for kind, value in moves:
                if kind == "size":
                    await pilot.resize_terminal(*value)  # type: ignore[misc]
                else:
                    await pilot.press(str(value))
                await pilot.pause()
            assert app.is_running
            await pilot.press("f1")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), f"f1 did not answer on {app.screen!r}"

    asyncio.run(run())
