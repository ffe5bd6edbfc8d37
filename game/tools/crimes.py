"""Each case its own crime: the crime a case declares (how Cassie was brought to harm, the way up and down, and
the time), the check that no two cases share more than one of the three (AR093), and the per-case summary that
`archer check --stats` prints."""

from __future__ import annotations

from itertools import combinations

from game.world.diagnostics import Diagnostic, make
from game.world.story import Story

PARTS = ("harm", "route", "time")
"""The three parts of a crime, in the order diagnostics name them."""


def check_crimes(story: Story) -> list[Diagnostic]:
    """AR093 for every pair of cases that share two or three parts of their crime, at the later case; AR094 for
    a case that declares no crime when others do (the check cannot keep it apart from them)."""
    found: list[Diagnostic] = []
    declared = {cid: case.crime for cid, case in story.cases.items() if case.crime is not None}
    if declared:
        for cid, case in story.cases.items():
            if case.crime is None:
                found.append(make("AR094", story.pos("case", cid), f"case '{cid}' declares no crime",
                                  "add `crime: {harm: ID, route: ID, time: \"HH:MM\"}` so the check can keep it "
                                  "apart from the other cases"))
    for (first, a), (second, b) in combinations(declared.items(), 2):
        shared = [part for part in PARTS if getattr(a, part) == getattr(b, part)]
        if len(shared) > 1:
            what = ", ".join(f"{part} '{getattr(b, part)}'" for part in shared)
            found.append(make("AR093", story.pos("case", second),
                              f"cases '{first}' and '{second}' share {len(shared)} parts of their crime ({what})",
                              "change how, by which way or when one of them did it: two cases may share at most "
                              "one of harm, route and time"))
    return found


def case_summaries(story: Story, solves: dict[str, int | None]) -> dict[str, dict[str, object]]:
    """Per case: the culprit, the motive, the crime and the shortest solve found (in actions)."""
    summary: dict[str, dict[str, object]] = {}
    for cid, case in story.cases.items():
        crime = case.crime
        summary[cid] = {
            "culprit": case.culprit,
            "motive": case.motive,
            "crime": None if crime is None else {"harm": crime.harm, "route": crime.route, "time": crime.time},
            "shortest_solve": solves.get(cid),
        }
    return summary


def summary_line(cid: str, row: dict[str, object]) -> str:
    """One case as `--stats` prints it."""
    crime = row["crime"]
    how = ("no crime declared" if not isinstance(crime, dict) else
           f"{crime['harm']}, by {crime['route']}, at {crime['time']}")
    steps = row["shortest_solve"]
    solve = f"shortest solve {steps} actions" if steps is not None else "no solve found"
    return f"case {cid}: {row['culprit']} ({row['motive']}); {how}; {solve}"
