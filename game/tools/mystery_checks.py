"""Checks that each case is a fair mystery: three clues per conclusion, a unique and robust solution, no
decisive clue, resolvable red herrings, variants of one shape, and a culprit whose story can be broken.

These work on the evidence the player can obtain, which the caller passes in: from the deep exploration
when it ran, otherwise from every `clue X` effect in the story.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from game.engine.evaluate import fact_true
from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import Effect, GiveClue, walk
from game.world.story import Story

POINTS = ("means", "motive", "opportunity")
MAX_WEIGHT = 3.0
MARGIN = math.log(2)
LENGTH_SPREAD = 0.35


def given_clues(story: Story) -> set[str]:
    """Every clue some effect gives (a static stand-in for 'obtainable')."""
    effects: list[Effect] = []
    for scene in story.scenes.values():
        effects.extend(scene.enter)
        for choice in scene.choices:
            effects.extend(choice.do)
    for ending in story.endings.values():
        effects.extend(ending.enter)
    for extra in story.contradiction_effects.values():
        effects.extend(extra)
    return {node.clue for node in walk(effects) if isinstance(node, GiveClue)}


def with_deductions(story: Story, clues: Iterable[str]) -> set[str]:
    """Clues plus every deduction that can be made from them."""
    held = set(clues)
    return held | {d for d, item in story.deductions.items() if set(item.needs) <= held}


def _pos(story: Story, kind: str, ident: str) -> Pos:
    return story.pos(kind, ident)


def _weight(story: Story, case: str, item: str, suspect: str) -> float:
    return story.evidence[(case, item)].weights.get(suspect, 1.0)


def _scores(story: Story, case: str, items: Iterable[str]) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    items = list(items)
    for suspect in story.suspects:
        total = 0.0
        for item in items:
            weight = _weight(story, case, item, suspect)
            if weight == 0:
                total = None  # type: ignore[assignment]
                break
            total += math.log(weight)
        result[suspect] = total
    return result


def unique_culprit(story: Story, case: str, items: Iterable[str]) -> str | None:
    """The suspect the evidence singles out (ahead of the next by a clear margin), or None."""
    scores = _scores(story, case, items)
    live = sorted(((v, k) for k, v in scores.items() if v is not None), reverse=True)
    if not live:
        return None
    if len(live) == 1 or live[0][0] - live[1][0] >= MARGIN - 1e-9:
        return live[0][1]
    return None


def check_case(story: Story, case_id: str, obtainable: set[str]) -> list[Diagnostic]:
    """All mystery checks for one case, given the clues a player can obtain in it."""
    found: list[Diagnostic] = []
    case = story.cases[case_id]
    culprit = case.culprit
    at = _pos(story, "case", case_id)
    items = with_deductions(story, obtainable)
    label = f"case '{case_id}'"
    # Three-clue rule.
    for point in POINTS:
        support = [i for i in items if point in story.evidence[(case_id, i)].proves
                   and _weight(story, case_id, i, culprit) > 1]
        if len(support) < 3:
            found.append(make("AR060", at, f"{label}: only {len(support)} obtainable item(s) prove {point} against "
                              f"{culprit}" + (f" ({', '.join(sorted(support))})" if support else ""),
                              f"add clues with `proves: [{point}]` and weight > 1 for {culprit} in this case"))
    # Uniqueness, and robustness to losing any one clue.
    top = unique_culprit(story, case_id, items)
    if top != culprit:
        shown = f"points to {top}" if top else "does not single anyone out"
        found.append(make("AR061", at, f"{label}: with every obtainable clue the evidence {shown}, not {culprit}",
                          "raise the culprit's weights or lower the others'"))
    else:
        for clue in sorted(obtainable):
            rest = with_deductions(story, obtainable - {clue})
            if unique_culprit(story, case_id, rest) != culprit:
                found.append(make("AR061", _pos(story, "clue", clue),
                                  f"{label}: without clue '{clue}' the solution is no longer unique",
                                  "spread the weight over more clues so no single one is load-bearing"))
    # No single decisive clue.
    for item in sorted(items):
        for suspect, weight in story.evidence[(case_id, item)].weights.items():
            if weight > MAX_WEIGHT:
                found.append(make("AR062", _pos(story, "clue", item),
                                  f"{label}: '{item}' weighs {weight:g} on {suspect}; the limit is {MAX_WEIGHT:g}",
                                  "no clue may decide the case alone"))
        if unique_culprit(story, case_id, [item]) == culprit and len(story.suspects) > 2:
            live = [s for s, v in _scores(story, case_id, [item]).items() if v is not None]
            if len(live) == 1:
                found.append(make("AR062", _pos(story, "clue", item),
                                  f"{label}: '{item}' alone clears everyone but {culprit}",
                                  "clear fewer suspects with one clue"))
    # Red herrings.
    explained: dict[str, set[str]] = {}
    for secret in story.secrets.values():
        explained.setdefault(secret.who, set()).update(secret.explains)
    cleared = {s for s, v in _scores(story, case_id, items).items() if v is None}
    for item in sorted(items):
        for suspect, weight in story.evidence[(case_id, item)].weights.items():
            if suspect == culprit or weight <= 1 or suspect not in story.suspects:
                continue
            if item not in explained.get(suspect, set()) and suspect not in cleared:
                found.append(make("AR063", _pos(story, "clue", item),
                                  f"{label}: '{item}' points at {suspect}, and nothing can explain it away",
                                  f"give {suspect} a secret that `explains: [{item}]`, or a clue that clears them"))
    # The culprit's own story can be broken.
    breakable = [
        key for key, rule in story.contradictions.items()
        if story.statements[key[0]].by == culprit
        and not fact_true(story, case_id, story.statements[key[0]].claim)
        and key[1] in items
    ]
    if not breakable:
        found.append(make("AR065", at, f"{label}: no statement of {culprit}'s can be broken with obtainable evidence",
                          f"give {culprit} a false claim in this case and a contradiction for it"))
    return found


def check_variants(story: Story) -> list[Diagnostic]:
    """Variants of a clue share its shape: the same proof points and a similar length of text, in every case.

    Read from the compiled evidence, so variants added by a branch pack's hooks are checked too.
    """
    from game.tools.check import words_in

    found: list[Diagnostic] = []
    for table in (story.clues, story.deductions):
        for item_id, item in table.items():
            readings = {case: story.evidence[(case, item_id)] for case in story.cases}
            lengths = {case: words_in(ev.text) for case, ev in readings.items()}
            if lengths:
                shortest, longest = min(lengths.values()), max(lengths.values())
                if longest and (longest - shortest) / longest > LENGTH_SPREAD:
                    found.append(make("AR064", _pos(story, "clue", item_id),
                                      f"'{item_id}': its text runs from {shortest} to {longest} words across the cases",
                                      "keep every case's text about the same length, so length gives nothing away"))
            for case_id, evidence in readings.items():
                if sorted(evidence.proves) != sorted(item.proves):
                    found.append(make("AR064", _pos(story, "clue", item_id),
                                      f"'{item_id}': in {case_id} it proves {sorted(evidence.proves)}, "
                                      f"by default {sorted(item.proves)}",
                                      "variants keep the same `proves`"))
    return found


def check_mystery(story: Story, obtainable: dict[str, set[str]] | None = None) -> list[Diagnostic]:
    """Every mystery check, for every case."""
    found = check_variants(story)
    static = given_clues(story)
    for case_id in story.cases:
        clues = obtainable.get(case_id, static) if obtainable else static
        found.extend(check_case(story, case_id, clues))
    return found
