"""What a sampled exploration did not reach: one warning per case, the full list on request, progress on a
terminal only, and each case's cost in --stats."""

from __future__ import annotations

import io
import json

import pytest

from game.tools.check import Progress, deep_diagnostics
from game.tools.coverage import as_json, reached_anywhere, sampled_warning, unreached
from game.tools.explore import explore

from .conftest import MINI_STORY, archer


@pytest.fixture(scope="module")
def sampled(mini_story):
    """Each case of the mini story explored for two states only, without random playthroughs: a poor sample."""
    return {case: explore(mini_story, case, 2, walks=0) for case in sorted(mini_story.cases)}


def test_a_sampled_search_gives_one_warning_per_case_and_no_warning_per_place(mini_story, sampled) -> None:
    found = deep_diagnostics(mini_story, sampled)
    assert sorted(d.code for d in found) == ["AR075"] * 4  # coverage and "no solve found", for each of two cases
    coverage = [d for d in found if "sampled" in d.message]
    assert [d.message.split("'")[1] for d in coverage] == ["june_case", "nabil_case"]
    assert all(d.severity == "warning" for d in found)


def test_the_warning_counts_the_places_and_names_those_no_case_reached_first(mini_story, sampled) -> None:
    june = sampled["june_case"]
    missing = unreached(mini_story, june)
    warning = sampled_warning(mini_story, june, reached_anywhere(sampled))
    assert warning.message.startswith(
        f"case 'june_case': sampled {june.states} states (0 set aside by the per-scene bound) and 0 random "
        f"playthroughs; reached {len(june.scenes)}/12 nodes, ")
    total = len(missing.places())
    assert f"; not reached in this sample: {missing.counts()} (" in warning.message
    assert warning.message.endswith(f"; and {total - 3} more")
    # The first place named is the first, in story order, that no case reached (scene 'roof' was reached by
    # nabil_case's sample, so it comes later).
    anywhere = reached_anywhere(sampled)
    assert ("scene", "roof") in anywhere and ("scene", "roof", "node") in missing.places()
    first = next(place for place in missing.places() if place[:2] not in anywhere)
    pos = mini_story.pos(first[2], first[1])
    assert f"): {first[0]} '{first[1]}' ({pos.path}:{pos.line}:{pos.col}); " in warning.message
    assert "`archer check --all` lists every place" in warning.hint


def test_unreached_lists_every_kind_in_story_order(mini_story, sampled) -> None:
    nabil = sampled["nabil_case"]
    missing = unreached(mini_story, nabil)
    assert missing.scenes == [s for s in mini_story.scenes if s not in nabil.scenes]
    assert missing.endings == [e for e in mini_story.endings if e not in nabil.endings]
    assert missing.clues == [c for c in mini_story.clues if c not in nabil.clues]
    assert all(c.split(".")[0] in nabil.scenes for c in missing.choices)
    report = as_json(mini_story, sampled)
    assert sorted(report) == ["june_case", "nabil_case"]
    assert [p["id"] for p in report["nabil_case"]["scenes"]] == missing.scenes
    first = report["nabil_case"]["scenes"][0]
    assert (first["path"], first["line"], first["col"]) == tuple(mini_story.pos("node", first["id"]))


def test_a_complete_search_reports_each_place_it_proves_unreached(mini_story) -> None:
    complete = {case: explore(mini_story, case, 10**6, bucket=None, walks=0) for case in mini_story.cases}
    assert all(e.complete for e in complete.values())
    found = deep_diagnostics(mini_story, complete)
    assert "AR075" not in {d.code for d in found}


def test_all_lists_every_place_and_json_holds_them(tmp_path) -> None:
    text = archer("check", str(MINI_STORY), "--max-states", "2", "--all")
    listed = [line for line in text.stdout.splitlines() if line.startswith("    not reached in case ")]
    done = archer("check", str(MINI_STORY), "--max-states", "2", "--format", "json")
    report = json.loads(done.stdout)
    in_json = sum(len(places) for kinds in report["unreached"].values() for places in kinds.values())
    assert len(listed) == in_json
    for case, kinds in report["unreached"].items():
        for kind, places in kinds.items():
            for place in places:
                word = kind[:-1] if kind != "choices" else "choice"
                assert (f"    not reached in case '{case}': {word} '{place['id']}' "
                        f"({place['path']}:{place['line']}:{place['col']})") in listed
    plain = archer("check", str(MINI_STORY), "--max-states", "2")
    assert "not reached in case" not in plain.stdout


def test_stats_report_the_cost_of_each_case() -> None:
    done = archer("check", str(MINI_STORY), "--stats", "--format", "json")
    costs = json.loads(done.stdout)["case_costs"]
    assert sorted(costs) == ["june_case", "nabil_case"]
    for cost in costs.values():
        assert set(cost) == {"seconds", "states", "set_aside", "walks", "complete"}
        assert cost["states"] > 0 and cost["seconds"] >= 0 and cost["walks"] == 60


def test_progress_is_never_written_when_stderr_is_piped() -> None:
    done = archer("check", str(MINI_STORY))
    assert "exploring" not in done.stderr and "\r" not in done.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_shows_states_per_case_and_erases_itself(monkeypatch) -> None:
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with Progress(began=0.0) as progress:  # began long ago: past the first second
        assert progress.live
        progress.show({"canon": 12_288, "june_case": 0})
    assert screen.getvalue() == "\rexploring: canon 12,288, june_case 0 states\x1b[K\r\x1b[K"


def test_progress_waits_for_the_first_second(monkeypatch) -> None:
    import time

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with Progress(began=time.perf_counter() + 3600) as progress:
        progress.show({"canon": 5})
    assert screen.getvalue() == ""


@pytest.mark.parametrize("collecting", [True, False])
def test_the_search_pauses_the_garbage_collector_and_leaves_it_as_it_was(mini_story, collecting) -> None:
    import gc

    seen: list[bool] = []
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        found = explore(mini_story, "june_case", 50, walks=2, progress=lambda _: seen.append(gc.isenabled()))
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()
    assert seen and not any(seen)  # paused all along the search
    assert found.states == explore(mini_story, "june_case", 50, walks=2).states
