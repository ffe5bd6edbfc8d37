"""Engine fixtures: `rich_story`, the mini story plus more clues and deductions (so deduction batches, board
limits and weak citations can be exercised), a choice that raises standing past its maximum, and a slow
walk-out that takes time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.world import Story, load_story

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"

EXTRA = """\
clues:
  - {id: glove, title: A glove, kind: physical, found: In the wings, text: A plain glove.}
  - id: scarf
    title: A scarf
    kind: physical
    found: On the stairs
    text: A grey scarf.
    weights: {june: 2}
    carries: [{point: means, against: june}]
    variants:
      nabil_case: {text: A red scarf., weights: {nabil: 2}, carries: [{point: means, against: nabil}]}
  - id: letter
    title: A letter
    kind: document
    found: In a locker
    text: An angry letter.
    weights: {june: 2}
    carries: [{point: motive, against: june, motive: envy}]
    variants:
      nabil_case:
        {text: A frightened letter., weights: {nabil: 2}, carries: [{point: motive, against: nabil, motive: fear}]}
  - id: badge
    title: A badge
    kind: physical
    found: On the stairs
    text: A school badge, the same as everyone's.
    carries: [{point: motive, against: june, motive: envy}, {point: motive, against: nabil, motive: fear}]
deductions:
  - {id: rose_letter, title: Rose and letter, needs: [letter, rose], text: They were sent together.}
  - {id: glove_thread, title: Glove and thread, needs: [glove, thread], text: The same wool.}
  - {id: three_way, title: All three, needs: [glove, letter, log], text: It fits.}
"""
OPENING_CHOICES = '      - {id: leave, text: "Walk away.", goto: end_walked}\n'
MORE_CHOICES = (
    '      - {id: shine, text: "Dance your best.", do: ["standing += 10"], goto: opening}\n'
    '      - {id: run, text: "Run for the train.", goto: end_walked, time: 2}\n'
)


@pytest.fixture(scope="session")
def rich_story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    root = tmp_path_factory.mktemp("rich") / "mini"
    shutil.copytree(MINI, root)
    story_dir = root / "story"
    (story_dir / "extra.yaml").write_text(EXTRA)
    manifest = story_dir / "story.yaml"
    manifest.write_text(manifest.read_text().replace('"mystery.yaml"]', '"mystery.yaml", "extra.yaml"]'))
    scenes = story_dir / "scenes.yaml"
    text = scenes.read_text()
    assert text.count(OPENING_CHOICES) == 1
    scenes.write_text(text.replace(OPENING_CHOICES, OPENING_CHOICES + MORE_CHOICES))
    result = load_story(story_dir)
    assert result.story is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.story
