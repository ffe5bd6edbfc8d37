"""Generate large stories in the project's own format, for benchmarks and tests.

The stories are valid: every scene is reachable, choices use conditions, effects and templates, and the
mystery part has cases, clues, statements and a deduction, so loading exercises the whole pipeline.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

PER_FILE = 250
PLACES = [f"place_{i}" for i in range(12)]
PEOPLE = ["ana", "ben", "cleo", "dev", "eli"]


def carry(index: int, who: str) -> dict:
    """What clue `index` carries against `who`: means, motive or opportunity in turn (motive names envy)."""
    point = ["means", "motive", "opportunity"][index % 3]
    return {"point": point, "against": who, **({"motive": "envy"} if point == "motive" else {})}


def _scene(index: int, total: int, rng: random.Random) -> dict:
    nxt = (index + 1) % total
    jump = rng.randrange(total)
    who = rng.choice(PEOPLE)
    text = (
        f"Scene {index}. The studio light falls across the floor as {{name.{who}}} counts the bars again.\n"
        f"{{if trust.{who} >= 2}}They nod at you like an old friend.{{else}}They keep their distance.{{end}}\n"
        "Somewhere below, a piano repeats the same eight bars, and the mirrors give the room back twice over."
    )
    return {
        "id": f"s{index}",
        "location": rng.choice(PLACES),
        "people": [who],
        "text": text,
        "choices": [
            {"id": "next", "text": f"Go on to scene {nxt}.", "goto": f"s{nxt}", "do": [f"trust.{who} += 1"]},
            {"id": "jump", "text": "Take the back stairs.", "goto": f"s{jump}",
             "when": f"trust.{who} >= 1 and not flag.f{index % 20}", "do": [f"set flag.f{index % 20}"], "time": 1},
            {"id": "look", "text": "Look around.", "goto": f"s{index}", "once": True,
             "do": [f"clue c{index % 30}"]},
            {"id": "leave", "text": "Walk out of Archer.", "goto": "end_gone", "when": "standing < 3"},
        ],
    }


def generate(folder: Path, scenes: int, seed: int = 0) -> Path:
    """Write a story of `scenes` scenes into `folder/story` (with `folder/seeds/canon.yaml`); returns the story dir."""
    rng = random.Random(seed)
    story = folder / "story"
    (story / "scenes").mkdir(parents=True, exist_ok=True)
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    canon = {
        "characters": [
            {"id": p, "name": p.capitalize(), "short": p.capitalize(), "role": "student", "age_band": "minor",
             "portrait": "A dancer."} for p in PEOPLE
        ],
        "places": [{"id": p, "name": p.replace("_", " ").title()} for p in PLACES],
    }
    (folder / "seeds" / "canon.yaml").write_text(yaml.safe_dump(canon, sort_keys=False))
    manifest = {
        "format": 1, "id": "generated", "title": "Generated", "version": "1.0", "start": "s0",
        "includes": ["scenes/*.yaml", "mystery.yaml"],
        "days": [{"id": f"d{i}", "title": f"Day {i}"} for i in range(5)],
        "slots": ["morning", "afternoon", "evening", "night"],
        "standing": {"start": 5, "max": 10, "expelled_at": 0, "ending": "end_out"},
        "flags": {f"f{i}": "a flag" for i in range(20)},
    }
    (story / "story.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    for start in range(0, scenes, PER_FILE):
        part = {"scenes": [_scene(i, scenes, rng) for i in range(start, min(scenes, start + PER_FILE))]}
        (story / "scenes" / f"part_{start // PER_FILE:04d}.yaml").write_text(
            yaml.safe_dump(part, sort_keys=False, width=100))
    mystery = {
        "endings": [
            {"id": "end_gone", "title": "Gone", "kind": "walked_away", "text": "You leave."},
            {"id": "end_out", "title": "Out", "kind": "expelled", "text": "You are sent home."},
        ],
        "suspects": PEOPLE[:3],
        "motives": [{"id": "envy", "text": "Envy"}],
        "cases": [{"id": f"case_{p}", "title": p, "culprit": p, "motive": "envy", "means": "m", "opportunity": "o",
                   "reveal": "It was them."} for p in PEOPLE[:3]],
        "facts": [{"id": "fact_a", "text": "A", "true_in": ["case_ana"]}],
        "clues": [
            {"id": f"c{i}", "title": f"Clue {i}", "kind": "physical", "found": "Somewhere", "text": "A thing.",
             "weights": {PEOPLE[i % 3]: 2.0}, "carries": [carry(i, PEOPLE[i % 3])],
             "variants": {"case_ben": {"text": "A thing too.", "weights": {"ben": 2.0}, "carries": [carry(i, "ben")]}}}
            for i in range(30)
        ],
        "statements": [{"id": "st_a", "by": "ana", "text": "I was out.", "claim": "fact_a", "topic": "alibi"}],
        "contradictions": [{"statement": "st_a", "clue": "c0", "text": "Caught."}],
        "deductions": [{"id": "d_one", "title": "One", "needs": ["c0", "c1"], "text": "Together."}],
    }
    (story / "mystery.yaml").write_text(yaml.safe_dump(mystery, sort_keys=False))
    return story


def story_files(story: Path) -> list[Path]:
    """Every YAML file of a generated story (and its canon), for the baseline load."""
    return [story / "story.yaml", story.parent / "seeds" / "canon.yaml", *sorted(story.rglob("*.yaml"))[1:]]
