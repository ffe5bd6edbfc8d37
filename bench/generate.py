"""Generate large stories in the project's own format, for benchmarks and tests.

The stories are valid, mystery rules included (`archer check` finds no error in them): every scene is
reachable, choices use conditions, effects and templates, and the mystery has three cases, each with its own
culprit, means and opportunity, clues that prove every point (one reading per case), an alibi per suspect that
the clues can break, a deduction, and scenes where the board is worked and the accusation made. Loading and
checking them exercise the whole pipeline.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

PER_FILE = 250
PLACES = [f"place_{i}" for i in range(12)]
PEOPLE = ["ana", "ben", "cleo", "dev", "eli"]
SUSPECTS = PEOPLE[:3]
POINTS = ("means", "motive", "opportunity")
CLUES = 30
BOARD_EVERY = 10
"""Every tenth scene has every suspect in it and takes an accusation."""
CRIMES = {"ana": ("a push from behind", "the roof door at night"),
          "ben": ("a shove at the railing", "the fire stairs at dawn"),
          "cleo": ("a trip on the loose step", "the water tower at noon")}
"""Each case's own means and opportunity: no two cases share either."""
READINGS = {"ana": "A thing.", "ben": "A token.", "cleo": "A trace."}
"""A clue's text in each case, all of one length, so length gives nothing away."""
BREAKERS = {3 * i + 2 for i in range(len(SUSPECTS))}
"""The clues that break each suspect's alibi (c2, c5, c8)."""


def _clue_day(clue: int) -> int:
    """The first day (its number, 1 for the first) on which clue `clue` can be found: the means from the first
    day, the motive from the second, the opportunity and the alibi breakers from the third, so that every
    argument spans three days (AR090)."""
    return 1 + clue % len(POINTS)


def _scene(index: int, total: int, rng: random.Random) -> dict:
    nxt = (index + 1) % total
    onward = {"reply": "Round again, back where the week began."} if nxt == 0 else {}
    jump = rng.randrange(total)
    who = rng.choice(PEOPLE)
    text = (
        f"Scene {index}. The studio light falls across the floor as {{name.{who}}} counts the bars again.\n"
        f"{{if trust.{who} >= 2}}They nod at you like an old friend.{{else}}They keep their distance.{{end}}\n"
        f"Somewhere below, piano {index} repeats the same eight bars, and the mirrors give the room back twice over."
    )
    scene: dict = {
        "id": f"s{index}",
        "location": rng.choice(PLACES),
        "people": [who],
        "text": text,
    }
    if index == 0:
        scene["enter"] = [f"hear alibi_{suspect}" for suspect in SUSPECTS]
    if index % BOARD_EVERY == BOARD_EVERY - 1:
        scene["people"] = sorted({who, *SUSPECTS})
        scene["accuse"] = True
    return scene | {
        "choices": [
            {"id": "next", "text": f"Go on to scene {nxt}.", "goto": f"s{nxt}", "do": [f"trust.{who} += 1"], **onward},
            {"id": "jump", "text": "Take the back stairs.", "goto": f"s{jump}",
             "when": f"trust.{who} >= 1 and not flag.f{index % 20}", "do": [f"set flag.f{index % 20}"], "time": 1,
             "reply": "You take the back stairs two at a time, and the hour goes with them."},
            {"id": "look", "text": "Look around.", "goto": f"s{index}", "once": True,
             "when": f"daynum >= {_clue_day(index % CLUES)}", "do": [f"clue c{index % CLUES}"],
             "reply": "You look around, slowly, and something is not where it should be."},
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
        "accusation": {"tries": 2, "solved": "end_solved", "weak": "end_weak", "wrong": "end_wrong",
                       "weak_final": "end_weak", "wrong_final": "end_wrong", "standing_cost": 1},
    }
    (story / "story.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    for start in range(0, scenes, PER_FILE):
        part = {"scenes": [_scene(i, scenes, rng) for i in range(start, min(scenes, start + PER_FILE))]}
        (story / "scenes" / f"part_{start // PER_FILE:04d}.yaml").write_text(
            yaml.safe_dump(part, sort_keys=False, width=100))
    (story / "mystery.yaml").write_text(yaml.safe_dump(_mystery(), sort_keys=False))
    return story


def _clue(index: int) -> dict:
    """Clue `index`: carries one point against each case's culprit (weight 2, never decisive), no one else. The
    clues that break an alibi carry nothing (so an argument needs four pieces), and the first clue bears out the
    alibis of the two innocents of each case."""
    point = POINTS[index % 3]
    breaker = index in BREAKERS

    def reading(who: str) -> dict:
        found: dict = {"text": READINGS[who], "weights": {who: 2.0}}
        if not breaker:
            found["carries"] = [{"point": point, "against": who, **({"motive": "envy"} if point == "motive" else {})}]
        if index == 0:
            found["confirms"] = [f"alibi_{q}" for q in SUSPECTS if q != who]
        return found

    first, *others = SUSPECTS
    return {"id": f"c{index}", "title": f"Clue {index}", "kind": "physical", "found": "Somewhere",
            **reading(first), "variants": {f"case_{who}": reading(who) for who in others}}


def _mystery() -> dict:
    """Three cases, one per suspect; each suspect's alibi is false only in their own case, and broken by a clue."""
    return {
        "endings": [
            {"id": "end_gone", "title": "Gone", "kind": "walked_away", "text": "You leave."},
            {"id": "end_out", "title": "Out", "kind": "expelled", "text": "You are sent home."},
            {"id": "end_solved", "title": "Solved", "kind": "solved", "text": "You were right."},
            {"id": "end_weak", "title": "Dismissed", "kind": "weak", "text": "Not enough."},
            {"id": "end_wrong", "title": "Wrong", "kind": "wrong", "text": "The wrong person."},
        ],
        "suspects": SUSPECTS,
        "motives": [{"id": "envy", "text": "Envy"}, {"id": "fear", "text": "Fear"}],
        "cases": [{"id": f"case_{p}", "title": p.capitalize(), "culprit": p, "motive": "envy",
                   "means": CRIMES[p][0], "opportunity": CRIMES[p][1], "reveal": "It was them."} for p in SUSPECTS],
        "facts": [{"id": f"fact_{p}_away", "text": f"{p.capitalize()} was away",
                   "true_in": [f"case_{q}" for q in SUSPECTS if q != p]} for p in SUSPECTS],
        "clues": [_clue(i) for i in range(CLUES)],
        "statements": [{"id": f"alibi_{p}", "by": p, "text": "I was away.", "claim": f"fact_{p}_away",
                        "topic": "alibi"} for p in SUSPECTS],
        "contradictions": [{"statement": f"alibi_{p}", "clue": f"c{breaker}", "text": "Caught."}
                           for p, breaker in zip(SUSPECTS, sorted(BREAKERS), strict=True)],
        "deductions": [{"id": "d_one", "title": "One", "needs": ["c0", "c1"], "text": "Together."}],
    }


def story_files(story: Path) -> list[Path]:
    """Every YAML file of a generated story (and its canon), for the baseline load."""
    return [story / "story.yaml", story.parent / "seeds" / "canon.yaml", *sorted(story.rglob("*.yaml"))[1:]]
