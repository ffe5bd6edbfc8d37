"""The shipped story "The Fall": the sizes the story issue asks for, a clean check, and a recorded solve and a
recorded wrong accusation for every case that replay to their endings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = ROOT / "tests" / "transcripts"


def archer(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARCHER_CACHE": str(tmp / "cache"), "ARCHER_SAVES": str(tmp)}
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    # The recorded solves are witnesses (`--transcript`): a case whose solve the sampled search misses (a long one,
    # like ramon_case's 100-odd actions) is still proven solvable by a real, replayed path.
    solves = [arg for path in sorted(TRANSCRIPTS.glob("*_solve.yaml")) for arg in ("--transcript", str(path))]
    done = archer("check", "--stats", "--format", "json", *solves, tmp=tmp_path_factory.mktemp("check"))
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stdout[-3000:]
    return json.loads(done.stdout)


def test_the_story_is_as_large_as_the_issue_asks(report: dict) -> None:
    assert report["scenes"] >= 80
    assert report["words"] >= 30_000
    assert report["locations"] >= 10
    assert report["days"] == 5
    assert report["clues"] >= 30
    assert report["endings"] >= 8
    assert report["characters"] >= 13
    assert "canon" in report["cases"] and len(report["cases"]) >= 4
    assert all(isinstance(report[key], int) for key in
               ("scenes", "words", "choices", "clues", "endings", "locations", "days", "characters"))


def test_the_check_finds_no_errors_and_no_unreachable_scene(report: dict) -> None:
    codes = [d["code"] for d in report["diagnostics"]]
    assert report["errors"] == 0
    assert "AR050" not in codes and "AR051" not in codes and "AR054" not in codes
    # The mystery rules hold in every case: none of their codes is reported.
    assert not {"AR060", "AR061", "AR062", "AR063", "AR065", "AR067", "AR068", "AR069", "AR092"} & set(codes)


def test_every_case_needs_an_argument_of_four_pieces_and_a_broken_account(report: dict) -> None:
    for case in report["cases"]:
        argument = report["shortest_argument"][case]
        assert argument["size"] >= 4, (case, argument)
        assert argument["breaks"] and argument["with"] in argument["clues"], (case, argument)


def test_every_case_has_a_solve_found_by_the_deep_check_or_its_recorded_solve(report: dict) -> None:
    assert set(report["shortest_solve"]) == set(report["cases"])
    assert all(isinstance(length, int) and length > 0 for length in report["shortest_solve"].values())


def test_every_ending_is_reached(report: dict) -> None:
    unreached = [d["message"] for d in report["diagnostics"] if d["message"].startswith("ending ")]
    assert unreached == []


def test_each_case_has_a_recorded_solve_and_a_recorded_wrong_accusation(report: dict) -> None:
    for case in report["cases"]:
        solve = yaml.safe_load((TRANSCRIPTS / f"{case}_solve.yaml").read_text())
        wrong = yaml.safe_load((TRANSCRIPTS / f"{case}_wrong.yaml").read_text())
        assert (solve["case"], solve["ending"]) == (case, "end_solved")
        assert (wrong["case"], wrong["ending"]) == (case, "end_wrong")
        assert solve["steps"][-1]["do"].startswith(f"accuse {_culprit(case)} ")
        assert wrong["steps"][-1]["do"].split()[1] != _culprit(case)


def test_every_transcript_replays(tmp_path: Path) -> None:
    files = sorted(str(p) for p in TRANSCRIPTS.glob("*.yaml"))
    assert len(files) >= 8
    done = archer("replay", *files, tmp=tmp_path)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert done.stdout.count("ok ") == len(files)


def test_every_recorded_solve_breaks_the_culprits_account_on_the_way() -> None:
    from game.engine import act, start
    from game.paths import story_dir
    from game.world import load_story

    story = load_story(story_dir()).story
    assert story is not None
    for path in sorted(TRANSCRIPTS.glob("*_solve.yaml")):
        recorded = yaml.safe_load(path.read_text())
        state = start(story, recorded["seed"], recorded["case"])
        culprit = story.cases[recorded["case"]].culprit
        for step in recorded["steps"]:
            if step["do"].startswith("accuse "):
                broken = [s for s in state.caught if story.statements[s].by == culprit
                          and story.statements[s].topic in ("alibi", "sighting")]
                assert broken, f"{path.name}: the accusation comes before {culprit}'s account is broken"
            state = act(story, state, step["do"]).state
        assert state.ending == "end_solved", path.name


def _culprit(case: str) -> str:
    """The culprit of a case, from the shared cases file or a case's own file (story/cases/)."""
    files = [ROOT / "story" / "mystery" / "cases.yaml", *sorted((ROOT / "story" / "cases").glob("*.yaml"))]
    cases = [c for path in files for c in yaml.safe_load(path.read_text()).get("cases", [])]
    return next(c["culprit"] for c in cases if c["id"] == case)


def test_piping_numbers_into_plain_mode_plays_to_an_ending(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARCHER_CACHE": str(tmp_path / "cache"),
           "ARCHER_SAVES": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--seed", "2"], input="1\n" * 3000,
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "\n*** ENDING: " in done.stdout
    # The last lines: the ending, then (short of a solve) the offer of the case's answer, which a "1" skips.
    lines = done.stdout.rstrip().splitlines()
    ending = max(i for i, line in enumerate(lines) if line.startswith("*** ENDING: "))
    assert lines[ending + 1:] in ([], ["", "Type 'truth' to see what really happened (the answer), or Enter to finish.",
                                       ">"])
