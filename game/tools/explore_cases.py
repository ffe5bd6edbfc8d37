"""Explore every case of a story: in parallel worker processes when there are several cores, with progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.tools.explore import BUCKET, DEFAULT_BOUND, WALKS, Exploration, explore
from game.tools.state_keys import read_names
from game.world.story import Story

_SHARED: dict[str, Any] = {}


def _explore_one(args: tuple[int, str, int, int | None, int]) -> Exploration:
    slot, case, bound, bucket, walks = args
    counts = _SHARED.get("progress")

    def report(states: int) -> None:
        counts[slot] = states  # type: ignore[index]
        if "notify" in _SHARED:
            _SHARED["notify"]()

    return explore(_SHARED["story"], case, bound, bucket=bucket, walks=walks,
                   progress=report if counts is not None else None)


def explore_all(story: Story, bound: int = DEFAULT_BOUND, bucket: int | None = BUCKET, walks: int = WALKS,
                workers: int | None = None, progress: Callable[[dict[str, int]], None] | None = None,
                meanwhile: Callable[[bool], None] | None = None) -> dict[str, Exploration]:
    """Explore every case, in parallel processes when there are several cores (the story is shared by fork).

    `progress`, when given, is called about four times a second with the states found so far in each case.
    `meanwhile`, when given, is other work of the caller's that needs no exploration: it runs in a thread of this
    process while the workers explore (called with True), or first when there are no workers (with False), so
    that no core waits for it afterwards."""
    import multiprocessing
    import os

    cases = sorted(story.cases)
    jobs = [(slot, case, bound, bucket, walks) for slot, case in enumerate(cases)]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    # One worker per case, up to twice the cores: with three cases on two cores, three workers sharing the cores
    # finish together in 1.5 case-times, where two workers take 2 (the third case would run alone at the end).
    workers = min(workers or (2 * cpus if cpus > 1 else 1), len(cases))
    parallel = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    _SHARED["story"] = story
    read_names(story)  # what every case's Relevance shares, worked out once before the workers fork
    if progress is not None:
        if parallel:  # shared memory the workers write their counts into (inherited through fork)
            _SHARED["progress"] = multiprocessing.get_context("fork").Array("q", len(cases), lock=False)
        else:
            counts = _SHARED["progress"] = [0] * len(cases)
            _SHARED["notify"] = lambda: progress(dict(zip(cases, counts, strict=True)))
    try:
        if parallel:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                pending = pool.map_async(_explore_one, jobs)
                beside = _Beside(meanwhile)
                while not pending.ready():
                    pending.wait(0.25)
                    if progress is not None:
                        progress(dict(zip(cases, _SHARED["progress"], strict=True)))
                beside.join()
                found = pending.get()
        else:
            if meanwhile is not None:
                meanwhile(False)
            found = [_explore_one(job) for job in jobs]
    finally:
        _SHARED.clear()
    return dict(zip(cases, found, strict=True))


class _Beside:
    """Runs the caller's other work in a thread while this process waits for the workers (and reports their
    progress); `join` waits for it and raises what it raised."""

    def __init__(self, work: Callable[[bool], None] | None) -> None:
        import threading

        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(work,), daemon=True) if work else None
        if self.thread is not None:
            self.thread.start()

    def _run(self, work: Callable[[bool], None]) -> None:
        try:
            work(True)
        except BaseException as err:  # noqa: BLE001 - handed to the caller by join
            self.error = err

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error
