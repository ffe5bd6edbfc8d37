"""A tiny story written into a temporary folder, for the tests of the continuity pass and of forks."""

from __future__ import annotations

from pathlib import Path

from game.world import load_story
from game.world.story import Story

CANON = """characters:
  - {id: neveah, name: Neveah Stroyer, short: Neveah, role: student, age_band: minor, portrait: "The new girl."}
  - {id: june, name: June Park, short: June, role: student, age_band: minor, portrait: "Precise, guarded."}
  - {id: cruz, name: Officer Isabel Cruz, short: Cruz, role: police, age_band: adult, portrait: "A detective."}
places:
  - {id: hall, name: The hall}
  - {id: roof, name: The roof}
  - {id: station, name: The station}
"""
MANIFEST = """format: 1
id: tiny
title: Tiny
version: "1.0"
start: hall
known: [neveah]
includes: ["scenes.yaml", "mystery.yaml"]
days: [{id: mon, title: Monday}]
slots: [morning, evening]
flags: {note: "Neveah read the note", card: "Neveah took the card"}
"""
MYSTERY = """suspects: [june]
motives: [{id: envy, text: "Envy"}]
cases:
  - {id: only_case, title: June, culprit: june, motive: envy, means: "hands", opportunity: "the roof", reveal: "June."}
"""
ENDINGS = """endings:
  - {id: end_walked, title: Gone, kind: walked_away, text: "You leave."}
"""


def tiny(tmp_path: Path, scenes: str, manifest: str = MANIFEST) -> Story:
    """A one-day story of the given scenes (and one ending, `end_walked`), loaded; fails on any load error."""
    (tmp_path / "seeds").mkdir(parents=True, exist_ok=True)
    (tmp_path / "seeds" / "canon.yaml").write_text(CANON)
    story = tmp_path / "story"
    story.mkdir(exist_ok=True)
    (story / "story.yaml").write_text(manifest)
    (story / "mystery.yaml").write_text(MYSTERY)
    (story / "scenes.yaml").write_text("scenes:\n" + scenes + ENDINGS)
    result = load_story(story)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story
