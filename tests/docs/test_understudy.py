"""The example branch pack shipped in branches/the_understudy: it passes the full check with the shipped story,
the player can reach every part of it, its clue reads differently (and fairly) in every case, and its
transcript replays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.engine import act, notebook, replay, start, view
from game.world import load_story
from game.world.packs import version_matches
from game.world.story import Story

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "story"
PACK = ROOT / "branches" / "the_understudy"
PACK_SHOWN = "branches/the_understudy/"
"""How diagnostics name the pack's files (relative to the folder the check runs from, or absolute)."""
CLUE = "understudy_score"
PREFIX = "understudy_"
SAMPLED = {"AR073", "AR075"}
"""Warnings of the sampled exploration: what one bounded search happened not to reach, not a fault."""
CONTINUITY = {"AR100", "AR101"}
"""The continuity pass's warnings, left out while the shipped story's own text is being made clean under it: until
story/story.yaml declares `known: [neveah, cassie]`, every passage that names Cassie warns (AR101)."""

MONDAY_TO_TUESDAY_AFTERNOON = [
    "arrival_smile", "first_room_turn", "morning_piano", "class_board", "cast_list_go", "hub_rest",
    "hub_rest_evening", "hub_bed", "night_sleep", "morning_dance_full", "class_cool", "hub_morning_on",
    "statements_to_rehearsal", "rehearsal_go",
]
"""A quiet path through Monday into Tuesday afternoon's hub, where the branch's first hook is."""

THROUGH_THE_BRANCH = [
    "understudy_studio_b", "understudy_ask", "understudy_read", "understudy_keep", "hub_rest_evening",
    "understudy_june_door", "understudy_door_promise",
]
"""Every scene of the branch: Studio B, the counts, the last page, then June's door on Tuesday night."""


def archer(*args: str, timeout: float = 1200) -> subprocess.CompletedProcess[str]:
    """Run `python -m game ARGS` from the repository root, as an author would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, text=True, capture_output=True,
                          env=env, timeout=timeout)


def written_text(case: str) -> str:
    """The clue's text for a case as written in clues.yaml: its variant, else the default."""
    clue = next(c for c in yaml.safe_load((PACK / "clues.yaml").read_text(encoding="utf-8"))["clues"]
                if c["id"] == CLUE)
    return clue["variants"].get(case, clue)["text"]


@pytest.fixture(scope="module")
def story() -> Story:
    """The shipped story with the pack loaded."""
    result = load_story(STORY, [PACK])
    assert result.story is not None, [d.format() for d in result.diagnostics if d.severity == "error"]
    return result.story


def test_full_check_passes_with_the_pack() -> None:
    """`archer check story --branch branches/the_understudy`: no errors, and nothing about the pack but what a
    sampled exploration may leave unproven."""
    done = archer("check", "story", "--branch", "branches/the_understudy", "--format", "json")
    report = json.loads(done.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert done.returncode == 0 and report["ok"] and errors == [], errors
    about_pack = [d for d in report["diagnostics"]
                  if PACK_SHOWN in d["path"] and d["code"] not in SAMPLED | CONTINUITY]
    assert about_pack == []


def test_loads_without_any_diagnostic_in_the_pack() -> None:
    """The loader's own checks (unused flags, too many choices, reachability...) say nothing about the pack."""
    result = load_story(STORY, [PACK])
    assert [d.format() for d in result.diagnostics if PACK_SHOWN in d.path] == []


def test_manifest_needs_the_shipped_story(story: Story) -> None:
    manifest = yaml.safe_load((PACK / "branch.yaml").read_text(encoding="utf-8"))
    assert manifest["requires"]["story"] == story.id == "the_fall"
    assert version_matches(manifest["requires"]["version"], story.version)


def test_every_id_is_prefixed() -> None:
    """Scenes, choices, clues and flags of the pack all start with `understudy_`, so nothing can clash."""
    ids: list[str] = []
    manifest = yaml.safe_load((PACK / "branch.yaml").read_text(encoding="utf-8"))
    ids += list(manifest["flags"]) + [hook["choice"]["id"] for hook in manifest["hooks"] if "choice" in hook]
    for name in manifest["includes"]:
        data = yaml.safe_load((PACK / name).read_text(encoding="utf-8"))
        for scene in data.get("scenes", []):
            ids += [scene["id"], *(choice["id"] for choice in scene["choices"])]
        ids += [clue["id"] for clue in data.get("clues", [])]
    assert len(ids) >= 20
    assert [i for i in ids if not i.startswith(PREFIX)] == []


def test_the_clue_reads_differently_and_fairly_in_every_case(story: Story) -> None:
    """One text for every case; each points only at its own culprit, gently, and carries the same point: that
    culprit's motive."""
    assert {"canon", "nabil_case", "june_case", "dubois_case", "oren_case", "shane_case", "ramon_case",
            "topher_case", "bette_case"} <= set(story.cases)
    texts = {case_id: written_text(case_id) for case_id in story.cases}
    for case_id, case in story.cases.items():
        evidence = story.evidence[(case_id, CLUE)]
        assert evidence.weights == {case.culprit: 1.8}, case_id
        assert evidence.carries == (("motive", case.culprit, case.motive),)
    assert len(set(texts.values())) == len(story.cases)
    words = [len(t.split()) for t in texts.values()]
    assert (max(words) - min(words)) / max(words) <= 0.35, words


@pytest.mark.parametrize("case", ["canon", "nabil_case", "june_case", "dubois_case"])
def test_every_scene_is_reached_in_every_case(story: Story, case: str) -> None:
    """From the start, through Monday, into the branch on Tuesday and back into the story's night."""
    done = replay(story, 1, case, MONDAY_TO_TUESDAY_AFTERNOON + THROUGH_THE_BRANCH)
    assert (done.failed, done.error) == (None, None)
    state = done.state
    assert state.scene == "tue_hub_night"
    for scene in ("understudy_studio", "understudy_counts", "understudy_last_page", "understudy_door"):
        assert state.visits.get(scene) == 1, scene
    found = {clue.id: clue.text for _, group in notebook(story, state).groups for clue in group}
    assert found[CLUE] == written_text(case)


def test_the_hooks_are_offered_only_when_they_should_be(story: Story) -> None:
    """Tuesday afternoon once; June's door only with the score, and only once."""
    state = replay(story, 1, "canon", MONDAY_TO_TUESDAY_AFTERNOON).state
    assert "understudy_studio_b" in [c.id for c in view(story, state).choices]
    evening = act(story, state, "hub_rest").state
    assert evening.slot != state.slot
    assert "understudy_studio_b" not in [c.id for c in view(story, evening).choices]
    # Leave without the score: June's door is never offered that night.
    left = replay(story, 1, "canon", [*MONDAY_TO_TUESDAY_AFTERNOON, "understudy_studio_b", "understudy_watch",
                                      "understudy_bench", "hub_rest_evening"]).state
    assert left.scene == "tue_hub_night"
    assert "understudy_june_door" not in [c.id for c in view(story, left).choices]
    back = replay(story, 1, "canon", MONDAY_TO_TUESDAY_AFTERNOON + THROUGH_THE_BRANCH).state
    assert "understudy_june_door" not in [c.id for c in view(story, back).choices]


def test_the_game_starts_with_the_pack(story: Story) -> None:
    """A new game with the pack starts where the story starts."""
    assert start(story, 3, "june_case").scene == story.manifest.start


def test_transcript_replays() -> None:
    done = archer("replay", "branches/the_understudy/transcript.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok branches/the_understudy/transcript.yaml: 21 steps")
