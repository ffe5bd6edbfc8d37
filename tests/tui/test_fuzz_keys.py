"""Issue 21: random keys at random terminal sizes (down to 20x8) never crash the TUI, and afterwards the screen
still answers f1 with the help.

The run is deterministic: hypothesis derives its examples from the test itself (`derandomize`), nothing is read
from or written to an example database, and quitting is recorded instead of done, so that a key path that rightly
ends the game (the title's Quit item, `q`, ctrl+q, the game menu's Quit) does not end the run either."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from game.tui.screens.help import HelpScreen

from .conftest import make_app, ready

KEYS = (
    "1", "2", "3", "4", "5", "9", "enter", "space", "escape", "tab", "shift+tab", "up", "down", "left", "right",
    "pageup", "pagedown", "home", "end", "backspace", "delete", "n", "s", "b", "a", "h", "u", "p", "o", "i", "l",
    "x", "c", "d", "y", "e", "m", "q", "question_mark", "ctrl+s", "ctrl+l", "ctrl+a", "ctrl+p", "ctrl+q", "f1",
    "f5", "f9", "z", "0",
)  # fmt: skip
"""Keys of the help table and some that are bound nowhere."""

SIZES = st.tuples(st.integers(20, 120), st.integers(8, 40))

steps = st.lists(
    st.one_of(st.sampled_from(KEYS).map(lambda key: ("key", key)), SIZES.map(lambda size: ("size", size))),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=SIZES, moves=steps, in_game=st.booleans())
# Found by this test: the suspects screen at 32 columns left its statement list no width at all, and Textual
# failed to wrap text into nothing.
@example(start=(32, 13), moves=[("key", "s")], in_game=True)
@example(start=(120, 30), moves=[("key", "s"), ("size", (20, 8)), ("key", "down"), ("key", "tab")], in_game=True)
# Found by this test: ctrl+p under the help that f1 had opened over the palette opened a second palette.
@example(start=(80, 24), moves=[("key", "ctrl+p"), ("key", "f1"), ("key", "ctrl+p")], in_game=False)
def test_random_keys_and_sizes_never_crash_and_f1_still_answers(
    tmp_path_factory, start: tuple[int, int], moves: list[tuple[str, object]], in_game: bool
) -> None:
    saves: Path = tmp_path_factory.mktemp("saves")
    app = make_app(saves, case="canon" if in_game else None, seed=1 if in_game else None)
    quits: list[str] = []

    async def quit_recorded() -> None:
        quits.append(type(app.screen).__name__)

    app.action_quit = quit_recorded  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=start) as pilot:
            await ready(pilot)
            for kind, value in moves:
                if kind == "size":
                    await pilot.resize_terminal(*value)  # type: ignore[misc]
                else:
                    await pilot.press(str(value))
                await pilot.pause()
            await ready(pilot)  # autosaves written, so nothing arrives after the f1 below
            assert app.is_running, f"the game ended after {moves} (quit asked on {quits})"
            await pilot.press("f1")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), f"f1 did not answer on {app.screen!r} after {moves}"

    asyncio.run(run())
