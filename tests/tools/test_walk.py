"""`archer walk`: deterministic random playthroughs, and the failures they must catch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import replay
from game.tools import walk as walk_tool
from game.tools.random_player import informed_accusation
from game.tools.walk import run_seed, walk, walk_one
from game.world import load_story

from .conftest import MINI_STORY, archer, edit


def test_run_seeds_are_stable_and_distinct() -> None:
    assert run_seed(1, 0) == run_seed(1, 0)
    assert len({run_seed(1, i) for i in range(200)}) == 200
    assert run_seed(1, 0) != run_seed(2, 0)


def test_same_seed_same_walk(mini) -> None:
    first = walk(mini, 60, seed=5).to_json()
    second = walk(mini, 60, seed=5).to_json()
    assert first == second
    assert walk(mini, 60, seed=6).to_json() != first


def test_report_counts_add_up(mini) -> None:
    report = walk(mini, 300, seed=1)
    assert report.ok
    assert report.runs == 300
    assert sum(report.endings.values()) == 300
    assert sum(report.cases.values()) == 300
    assert set(report.cases) == {"june_case", "nabil_case"}
    assert report.scene_runs["opening"] == 300  # every run starts there
    assert report.scene_hits["opening"] >= 300
    assert set(report.scenes_never_visited) == set(mini.scenes) - set(report.scene_hits)
    assert set(report.endings_never_reached) == set(mini.endings) - set(report.endings)
    assert report.mystery_tried > 0 and report.mystery_applied > 0
    every = {f"{sid}.{c.id}" for sid, scene in mini.scenes.items() for c in scene.choices}
    assert set(report.choice_hits) | set(report.choices_never_taken) == every
    assert not set(report.choice_hits) & set(report.choices_never_taken)
    # Every run leaves the opening scene by one of its choices, once per entry that did not end the game there.
    taken_from_opening = sum(n for key, n in report.choice_hits.items() if key.startswith("opening."))
    assert 0 < taken_from_opening <= report.scene_hits["opening"]


def test_choice_counts_are_the_choices_taken(mini, monkeypatch) -> None:
    taken: dict[str, int] = {}
    real_act = walk_tool.act

    def recording_act(story, state, action):
        if state.scene in story.scenes and action in {c.id for c in story.scenes[state.scene].choices}:
            taken[f"{state.scene}.{action}"] = taken.get(f"{state.scene}.{action}", 0) + 1
        return real_act(story, state, action)

    monkeypatch.setattr(walk_tool, "act", recording_act)
    report = walk(mini, 30, seed=3)
    assert dict(report.choice_hits) == taken


def test_only_a_pack_limits_scenes_and_choices() -> None:
    story = load_story(MINI_STORY, [MINI_STORY.parent / "pack"]).story
    focus = walk_tool.pack_focus(story, MINI_STORY, "attic")
    assert focus == ("attic", {"attic_room"}, {"attic_room.down", "opening.attic_door"})
    assert walk_tool.pack_focus(story, MINI_STORY, "cellar") is None
    report = walk(story, 40, seed=1, focus=focus)
    assert set(report.scene_hits) | set(report.scenes_never_visited) == {"attic_room"}
    assert set(report.choice_hits) | set(report.choices_never_taken) == {"attic_room.down", "opening.attic_door"}
    assert report.choice_hits["opening.attic_door"] == report.scene_hits["attic_room"] > 0


def test_the_investigation_is_exercised(mini) -> None:
    """Over enough runs the walker presents, links, confirms and accuses, and reaches the verdict endings."""
    report = walk(mini, 600, seed=2)
    assert {"end_solved", "end_walked", "end_timeout"} <= set(report.endings)
    assert "retry" in report.scene_hits  # a failed accusation with tries left


def test_case_option_fixes_the_case(mini) -> None:
    report = walk(mini, 20, seed=3, case="nabil_case")
    assert dict(report.cases) == {"nabil_case": 20}


def test_informed_accusation_is_judged_solved(mini) -> None:
    unbroken = replay(mini, 1, "june_case", ["talk", "search", "look", "back", "office", "note"]).state
    assert informed_accusation(mini, unbroken) is None  # June's own account of the night still stands
    state = replay(mini, 1, "june_case", ["talk", "search", "look", "back", "office", "note",
                                          "present log june_alibi"]).state
    assert informed_accusation(mini, state) == "accuse june envy thread rose log"
    early = replay(mini, 1, "june_case", ["search", "look"]).state
    assert informed_accusation(mini, early) is None  # the log is missing: nothing proves opportunity


def test_a_run_replays_from_its_seed_and_path(mini) -> None:
    run = walk_one(mini, 0, run_seed(9, 4), None, 2000)
    again = walk_one(mini, 0, run_seed(9, 4), None, 2000)
    assert run == again
    assert run.ending is not None


def test_max_steps_is_a_failure(mini) -> None:
    report = walk(mini, 30, seed=1, max_steps=1)
    assert not report.ok
    failure = next(f for f in report.failures if f.kind == "max-steps")
    assert failure.message == "no ending after 1 steps"
    assert len(failure.path) <= 1
    rerun = walk(mini, 1, seed=0, max_steps=1, only_seed=failure.run_seed)
    assert rerun.failures[0].path == failure.path


def test_soft_lock_is_found_with_its_path(mini_dir: Path) -> None:
    scenes = mini_dir / "scenes.yaml"
    edit(scenes, '      - {id: leave, text: "Walk away.", goto: end_walked}',
         '      - {id: leave, text: "Walk away.", goto: end_walked}\n'
         '      - {id: trap, text: "Try the locked door.", goto: locked}')
    edit(scenes, "endings:", "  - id: locked\n    location: studio\n    text: \"A locked room.\"\n"
                             "    choices:\n      - {id: out, text: \"Out.\", goto: opening, when: \"flag.met_june"
                             " and not flag.met_june\"}\nendings:")
    story = load_story(mini_dir).story
    assert story is not None
    report = walk(story, 40, seed=1)
    assert not report.ok
    failure = next(f for f in report.failures if f.kind == "soft-lock")
    assert failure.scene == "locked"
    assert failure.path[-1] == "trap"
    stuck = replay(story, failure.run_seed, failure.case, failure.path)
    assert stuck.complete and stuck.state.scene == "locked"


def test_crash_is_reported_with_the_failing_action(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    real_act = walk_tool.act

    def flaky(story, state, action):
        if action == "office":
            raise KeyError("boom")
        return real_act(story, state, action)

    monkeypatch.setattr(walk_tool, "act", flaky)
    report = walk(mini, 40, seed=1)
    crash = next(f for f in report.failures if f.kind == "crash")
    assert crash.path[-1] == "office"
    assert crash.message == "KeyError on 'office': 'boom'"
    assert crash.where.startswith("test_walk.py:")
    assert replay(mini, crash.run_seed, crash.case, crash.path[:-1]).complete


def test_refused_choice_is_a_failure(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.engine import ActionError

    real_act = walk_tool.act

    def refusing(story, state, action):
        if action == "search":
            raise ActionError("no")
        return real_act(story, state, action)

    monkeypatch.setattr(walk_tool, "act", refusing)
    report = walk(mini, 20, seed=1)
    refused = next(f for f in report.failures if f.kind == "refused")
    assert refused.path[-1] == "search"
    assert "offered choice 'search' and then refused it: no" in refused.message


# ----------------------------------------------------------------------------------------- the command


def test_cli_text_report() -> None:
    done = archer("walk", "--runs", "50", "--seed", "4", "--story", str(MINI_STORY))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("walked 50 run(s) of 'mini' 0.1 with seed 4:")
    assert "endings reached:" in out and "scene hits (entries, runs):" in out
    assert "scenes never visited:" in out
    assert out.rstrip().endswith("failures: none")
    assert "choice hits (times taken, runs):" in out and "choices never taken:" in out


def test_cli_only_a_pack() -> None:
    pack = str(MINI_STORY.parent / "pack")
    done = archer("walk", "--runs", "10", "--story", str(MINI_STORY), "--branch", pack, "--only", "attic")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("walked 10 run(s) of 'mini' 0.1 with seed 0: ")
    assert "; scenes and choices of pack 'attic' only\n" in done.stdout
    hits = done.stdout.split("choice hits (times taken, runs):\n")[1].split("choices never taken:")[0]
    assert {line.split()[0] for line in hits.splitlines()} <= {"attic_room.down", "opening.attic_door"}
    wrong = archer("walk", "--runs", "1", "--story", str(MINI_STORY), "--only", "attic")
    assert (wrong.returncode, wrong.stderr) == (
        2, "archer walk: --only attic: no loaded pack has that id (load it with --branch PATH)\n")


def test_cli_json_is_deterministic() -> None:
    args = ("walk", "--runs", "40", "--seed", "8", "--story", str(MINI_STORY), "--format", "json")
    first, second = archer(*args), archer(*args)
    assert first.returncode == 0
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["ok"] is True and data["runs"] == 40 and data["failures"] == []
    assert sum(data["endings"].values()) == 40
    assert data["scenes"]["opening"]["runs"] == 40


def test_cli_failure_exits_1_with_reproduction() -> None:
    done = archer("walk", "--runs", "5", "--seed", "1", "--max-steps", "1", "--story", str(MINI_STORY))
    assert done.returncode == 1
    assert "FAIL run" in done.stdout
    assert "max-steps" in done.stdout
    line = next(x for x in done.stdout.splitlines() if x.strip().startswith("reproduce:"))
    command = line.split("reproduce: archer ", 1)[1].split()
    again = archer(*command)
    assert again.returncode == 1
    assert "FAIL run 0" in again.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--runs", "0"), 2, "--runs must be at least 1"),
    (("--case", "nobody"), 2, "archer walk: unknown case 'nobody'; the cases are: june_case, nabil_case"),
    (("--max-steps", "0"), 2, "--max-steps must be at least 1"),
])
def test_cli_usage_errors(args: tuple[str, ...], code: int, message: str) -> None:
    done = archer("walk", "--story", str(MINI_STORY), *args)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_missing_story_is_one_line(tmp_path: Path) -> None:
    done = archer("walk", "--story", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert done.stderr == f"archer walk: no story folder at {tmp_path / 'nowhere'}\n"


def test_cli_help() -> None:
    done = archer("walk", "--help")
    assert done.returncode == 0
    assert "Exit codes: 0" in done.stdout
