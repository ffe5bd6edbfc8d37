"""The benchmark's generated stories are valid, mystery rules included, and their ink translation has the same
shape (bench/generate.py, bench/ink.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.generate import generate
from bench.ink import write_ink
from game.world import load_story

from .conftest import archer

SCENES = 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("generated"), SCENES)


def test_archer_check_finds_no_error_in_a_generated_story(generated: Path) -> None:
    done = archer("check", str(generated), "--max-states", "3000", "--stats", "--format", "json", timeout=600)
    report = json.loads(done.stdout)
    assert done.returncode == 0, [d["message"] for d in report["diagnostics"]]
    assert report["errors"] == 0
    # What is not proven comes from the sampled exploration: one warning per case at most, nothing else. Every
    # argument spans three days (its clues are found from the first, second and third day: no AR090), and every
    # choice that returns or spends time has a reply of its own (no AR056).
    assert {d["code"] for d in report["diagnostics"]} <= {"AR075"}
    assert len(report["diagnostics"]) <= len(report["cases"])
    assert all(steps is not None for steps in report["shortest_solve"].values())


def test_the_quick_check_is_silent(generated: Path) -> None:
    done = archer("check", "--quick", str(generated))
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == ("", "0 error(s), 0 warning(s)\n")


def test_the_ink_translation_has_the_same_scenes_choices_conditions_and_effects(generated: Path) -> None:
    story = load_story(generated).story
    assert story is not None
    ink = write_ink(generated).read_text()
    knots = re.findall(r"^=== (\w+) ===$", ink, flags=re.MULTILINE)
    assert knots == [*story.scenes, *story.endings]
    body = ink.split("=== s1 ===")[1].split("===")[0]
    scene = story.scenes["s1"]
    offered = re.findall(r"^([+*])(?: \{([^}]*)\})? \[(.*)\]$", body, flags=re.MULTILINE)
    assert [text for _, _, text in offered] == [str(c.text[0]) for c in scene.choices]
    assert [mark == "*" for mark, _, _ in offered] == [c.once for c in scene.choices]
    assert [bool(when) for _, when, _ in offered] == [c.when is not None for c in scene.choices]
    assert body.count("\n  -> ") == len(scene.choices)
    assert "~ trust_" in body and "~ flag_f1 = true" in body and "~ clue_c1 = true" in body
    # `daynum >= 2` (clue c1 is a motive, found from the second day), from the slots passed: four a day.
    assert "* {(slot / 4 + 1) >= 2} [Look around.]" in body
    assert [c.reply is not None for c in scene.choices] == [False, True, True, False]
    assert ink.startswith("VAR standing = 5\nVAR slot = 0\n")
    assert ink.count("-> END") == len(story.endings)
