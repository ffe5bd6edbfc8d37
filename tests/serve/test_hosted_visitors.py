"""Three visitors at once on one `archer serve --hosted`, through the browser's websocket protocol: each one
reaches the title screen, plays a different number of choices and quicksaves, and each save lands in that
visitor's own folder holding exactly that visitor's game."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.hosted import ServedGame, crowd
from game.saving import SaveStore


def test_three_visitors_each_reach_a_scene_of_their_own(tmp_path: Path) -> None:
    steps = [1, 2, 3]
    with ServedGame(tmp_path / "visitors") as served:
        trips, _ = asyncio.run(crowd(served.url, steps, think=(0.0, 0.0), read=False, quicksave=True))
        log = served.log()
    assert [trip.error for trip in trips] == [None, None, None], log
    assert [len(trip.steps) for trip in trips] == steps

    folders = sorted((tmp_path / "visitors").iterdir())
    assert len(folders) == 3  # one private folder per visitor, and nothing else
    taken = []
    for folder in folders:
        quick = SaveStore(folder, slots_only=True).read("quick")
        taken.append(len(quick.path))
        assert [info.slot for info in SaveStore(folder).list() if info.slot == "quick"] == ["quick"]
    # Each folder holds one visitor's game: exactly the choices that visitor took.
    assert sorted(taken) == steps, taken


def test_stopping_the_server_ends_every_visitors_game(tmp_path: Path) -> None:
    from bench.hosted import Visitor, on_title

    async def connect(url: str) -> Visitor:
        visitor = Visitor(url)
        await visitor.connect()
        await visitor.wait_for(on_title, timeout=120)
        return visitor

    with ServedGame(tmp_path / "visitors") as served:
        loop = asyncio.new_event_loop()
        try:
            visitor = loop.run_until_complete(connect(served.url))
            games = served.games()
            assert len(games) == 1
            served.__exit__(None, None, None)  # SIGTERM, as a service manager stops it
            for pid in games:
                assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
            loop.run_until_complete(visitor.close())
        finally:
            loop.close()
