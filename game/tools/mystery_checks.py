"""Checks that each case is a fair mystery that has to be argued: three clues per point, a unique and robust
solution, no decisive clue, no clue whose text gives the culprit away, resolvable red herrings, innocents who
can be cleared, a culprit whose account of the night can be broken, and a shortest argument that is long enough.

These work on the evidence the player can obtain, which the caller passes in: from the deep exploration when
it ran, otherwise from every `clue X` effect in the story.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from game.engine.evaluate import fact_true
from game.engine.mystery import ACCOUNT_TOPICS, MIN_CITED, POINTS, contradicts, same_everywhere
from game.tools.prose import plain_text, words_in
from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import Effect, GiveClue, Hear, Reveal, walk
from game.world.story import Story

MAX_WEIGHT = 3.0
MARGIN = math.log(2)
LENGTH_SPREAD = 0.35
MIN_ARGUMENT = 4
"""The smallest argument that solves a case must need at least this many pieces of evidence."""
MIN_DAYS = 3
"""The shortest argument must need evidence found on at least this many different days."""
ACT = re.compile(r"\b(push(?:ed|es|ing)?\s+(?:her|cassie)|shov(?:e|ed)|cup|drink|tea|dose|dosed|spiked|drugged)\b",
                 re.IGNORECASE)
"""Words that describe the act itself: the push, or the drugged drink."""
SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def effects_of(story: Story) -> list[Effect]:
    """Every compiled effect of the story: scenes, choices, endings and contradictions."""
    effects: list[Effect] = []
    for scene in story.scenes.values():
        effects.extend(scene.enter)
        for choice in scene.choices:
            effects.extend(choice.do)
    for ending in story.endings.values():
        effects.extend(ending.enter)
    for extra in story.contradiction_effects.values():
        effects.extend(extra)
    return effects


def given_clues(story: Story, nodes: Iterable[object] | None = None) -> set[str]:
    """Every clue some effect gives (a static stand-in for 'obtainable'); `nodes`, when given, are those of
    every effect of the story (`walk(effects_of(story))`), walked once by a caller that needs them again."""
    return {node.clue for node in (walk(effects_of(story)) if nodes is None else nodes) if isinstance(node, GiveClue)}


def heard_statements(story: Story, nodes: Iterable[object] | None = None) -> set[str]:
    """Every statement some effect records (`nodes` as for `given_clues`)."""
    return {node.statement for node in (walk(effects_of(story)) if nodes is None else nodes) if isinstance(node, Hear)}


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
        total: float | None = 0.0
        for item in items:
            weight = _weight(story, case, item, suspect)
            if weight == 0:
                total = None
                break
            total += math.log(weight)  # type: ignore[operator]
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


# ---------------------------------------------------------------------------------------- the shortest argument


@dataclass(frozen=True)
class Argument:
    """The smallest set of evidence that solves a case: what is cited, the statement broken, the clues needed."""

    case: str
    cited: tuple[str, ...]
    broken: str
    breaker: str
    clues: tuple[str, ...]
    days: tuple[int, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"cited": list(self.cited), "breaks": self.broken, "with": self.breaker, "clues": list(self.clues),
                "size": len(self.clues), "days": list(self.days)}


def _cost(story: Story, item: str) -> frozenset[str]:
    deduction = story.deductions.get(item)
    return frozenset(deduction.needs) if deduction else frozenset({item})


def arguments(story: Story, case_id: str, obtainable: set[str], heard: set[str]) -> list[Argument]:
    """Every smallest argument for the case's culprit from obtainable evidence (all of the least size)."""
    case = story.cases[case_id]
    culprit, motive = case.culprit, case.motive
    items = with_deductions(story, obtainable)
    carriers = []
    for point in POINTS:
        found = sorted(i for i in items if point in story.evidence[(case_id, i)].proves(culprit, motive)
                       and not same_everywhere(story, i))
        if not found:
            return []
        carriers.append(found)
    breaks = sorted((sid, item) for sid, statement in story.statements.items()
                    if statement.by == culprit and statement.topic in ACCOUNT_TOPICS and sid in heard
                    for item in items if contradicts(story, case_id, sid, item))
    best: list[Argument] = []
    size = math.inf
    for means, why, chance in itertools.product(*carriers):
        cited = tuple(dict.fromkeys((means, why, chance)))
        for sid, breaker in breaks:
            clues = set().union(*(_cost(story, i) for i in (*cited, breaker)))
            held = clues | {i for i in (*cited, breaker) if i in story.deductions}
            extra = max(0, MIN_CITED - len(held))
            total = len(clues) + extra
            if total < size:
                size, best = total, []
            if total == size:
                best.append(Argument(case_id, cited, sid, breaker, tuple(sorted(clues))))
    return best


def _days(argument: Argument, first_day: dict[str, int]) -> tuple[int, ...]:
    return tuple(sorted({first_day[c] for c in argument.clues if c in first_day}))


# ---------------------------------------------------------------------------------------------- text checks


def _names(story: Story, who: str) -> list[str]:
    character = story.characters[who]
    names = {character.name, character.short, *character.short.split()}
    names -= {"Madame", "Mrs.", "Officer"}  # titles alone name nobody in particular
    return sorted(names, key=len, reverse=True)


def giveaway(story: Story, case_id: str, item: str) -> str | None:
    """The sentence of the case's reading of `item` that names the culprit together with the act, if any."""
    reading = story.evidence[(case_id, item)]
    if reading.names_culprit:
        return None
    names = _names(story, story.cases[case_id].culprit)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    for sentence in SENTENCE.findall(plain_text(reading.text)):
        if pattern.search(sentence) and ACT.search(sentence):
            return " ".join(sentence.split())
    return None


# ---------------------------------------------------------------------------------------------- per case


def check_case(story: Story, case_id: str, obtainable: set[str], heard: set[str] | None = None,
               first_day: dict[str, int] | None = None, sampled: bool = False,
               nodes: Iterable[object] | None = None) -> tuple[list[Diagnostic], list[Argument]]:
    """All mystery checks for one case, given the clues a player can obtain in it; and its shortest arguments.
    `nodes`, when given, are those of every effect of the story (see `given_clues`)."""
    found: list[Diagnostic] = []
    case = story.cases[case_id]
    culprit = case.culprit
    at = _pos(story, "case", case_id)
    items = with_deductions(story, obtainable)
    heard = heard_statements(story) if heard is None else heard
    label = f"case '{case_id}'"
    # Three-clue rule, on what can be cited for each point against the culprit.
    for point in POINTS:
        support = [i for i in items if point in story.evidence[(case_id, i)].proves(culprit, case.motive)
                   and not same_everywhere(story, i)]
        if len(support) < 3:
            found.append(make("AR060", at, f"{label}: only {len(support)} obtainable item(s) carry {point} against "
                              f"{culprit}" + (f" ({', '.join(sorted(support))})" if support else ""),
                              f"add `carries: [{{point: {point}, against: {culprit}}}]` to evidence that reads "
                              f"differently in this case"))
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
    # No single decisive clue, by weight or by what its text says.
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
    for item in sorted(set(story.clues) | set(story.deductions)):
        sentence = giveaway(story, case_id, item)
        if sentence:
            found.append(make("AR067", _pos(story, "clue", item),
                              f"{label}: '{item}' names the culprit with the act: “{sentence}”",
                              "let the text show a detail that points there only with other evidence; or mark it "
                              "`names_culprit: confession` (or `ending_day`) if it is meant to"))
    # Red herrings, and innocents who can be cleared.
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
    secrets = _obtainable_secrets(story, case_id, items, heard, nodes)
    for suspect in story.suspects:
        if suspect == culprit or suspect in cleared:
            continue
        borne_out = any(story.statements[s].by == suspect and fact_true(story, case_id, story.statements[s].claim)
                        for i in items for s in story.evidence[(case_id, i)].confirms if s in story.statements)
        explaining = any(story.secrets[s].who == suspect and set(story.secrets[s].explains) & items for s in secrets)
        if not borne_out and not explaining:
            found.append(make("AR069", at, f"{label}: nothing obtainable clears {suspect}: no alibi of theirs is "
                              f"borne out and no secret of theirs explains anything",
                              f"let a clue `confirms:` a true statement of {suspect}'s, or give them a secret that "
                              f"explains the evidence against them"))
    # The culprit's own account of the night can be broken, and the shortest argument needs it.
    best = arguments(story, case_id, obtainable, heard)
    accounts = [s for s, st in story.statements.items() if st.by == culprit and st.topic in ACCOUNT_TOPICS]
    breakable = [s for s in accounts if s in heard and any(contradicts(story, case_id, s, i) for i in items)]
    if not breakable:
        found.append(make("AR065", at, f"{label}: {culprit} has no account of the night (an alibi or sighting) "
                          f"that the player hears and can break with obtainable evidence",
                          f"give {culprit} a false alibi in this case, record it with `hear`, and a contradiction"))
    elif best and len(best[0].clues) < MIN_ARGUMENT:
        short = best[0]
        found.append(make("AR068", at, f"{label}: the shortest argument needs only {len(short.clues)} piece(s) of "
                          f"evidence ({', '.join(short.clues)}; breaking '{short.broken}'); at least {MIN_ARGUMENT} "
                          f"are required", "let a point be carried only by a deduction, or by evidence other than "
                          "the clue that breaks the culprit's account"))
    if first_day is not None and best:
        dated = [Argument(a.case, a.cited, a.broken, a.breaker, a.clues, _days(a, first_day)) for a in best]
        fewest = min(dated, key=lambda a: len(a.days))
        needed = min(MIN_DAYS, len(story.manifest.days))
        if len(fewest.days) < needed:
            days = ", ".join(story.manifest.days[d].title for d in fewest.days)
            found.append(make("AR090", at, f"{label}: the shortest argument ({', '.join(fewest.clues)}) can be found "
                              f"on {len(fewest.days)} day(s) ({days}); at least {needed} are required"
                              + (" (days from a sampled exploration)" if sampled else ""),
                              "move one of its clues to a later day, or make a point need evidence found later"))
        best = dated
    return found, best


def minutes(clock: str) -> int:
    """Minutes from noon of the night: 23:40 is 700, 00:12 is 732 (the small hours count as the same night)."""
    hours, mins = (int(part) for part in clock.split(":"))
    return ((hours - 12) % 24) * 60 + mins


def unlisted_contradictions(story: Story, case_id: str) -> list[Diagnostic]:
    """Statements a reading's places contradict in this case (the claim puts someone in one place for a span of
    time; the reading puts them elsewhere within it) where no contradiction that holds in the case lists the pair."""
    found: list[Diagnostic] = []
    for sid, statement in story.statements.items():
        fact = story.facts[statement.claim]
        if fact.who is None or fact.where is None or fact.start is None or fact.end is None:
            continue
        start, end = minutes(fact.start), minutes(fact.end)
        for item in sorted(set(story.clues) | set(story.deductions)):
            for who, at, where, away in story.evidence[(case_id, item)].places:
                if who != fact.who or not start <= minutes(at) <= end:
                    continue
                if (where is not None and where != fact.where) or away == fact.where:
                    if not contradicts(story, case_id, sid, item):
                        put = f"at {where}" if where is not None else f"away from {away}"
                        found.append(make("AR092", story.pos("clue", item),
                                          f"case '{case_id}': '{item}' puts {who} {put} at {at}, against '{sid}' "
                                          f"({fact.where}, {fact.start}-{fact.end}), and no contradiction lists it",
                                          f"add a contradiction of '{sid}' by '{item}' (with `cases:` if it holds "
                                          f"only where the clue reads so), or fix the times"))
                    break
    return found


def _obtainable_secrets(story: Story, case_id: str, items: set[str], heard: set[str],
                        nodes: Iterable[object] | None = None) -> set[str]:
    revealed = {node.secret for node in (walk(effects_of(story)) if nodes is None else nodes)
                if isinstance(node, Reveal)}
    for (sid, item), rule in story.contradictions.items():
        if rule.reveals and sid in heard and item in items and contradicts(story, case_id, sid, item):
            revealed.add(rule.reveals)
    return revealed


def check_variants(story: Story) -> list[Diagnostic]:
    """Variants of a clue keep its length: the same number of words, give or take, in every case.

    Read from the compiled evidence, so variants added by a branch pack's hooks are checked too.
    """
    found: list[Diagnostic] = []
    for table in (story.clues, story.deductions):
        for item_id in table:
            lengths = {case: words_in(story.evidence[(case, item_id)].text) for case in story.cases}
            if lengths:
                shortest, longest = min(lengths.values()), max(lengths.values())
                if longest and (longest - shortest) / longest > LENGTH_SPREAD:
                    found.append(make("AR064", _pos(story, "clue", item_id),
                                      f"'{item_id}': its text runs from {shortest} to {longest} words across the cases",
                                      "keep every case's text about the same length, so length gives nothing away"))
    return found


def check_mystery(story: Story, obtainable: dict[str, set[str]] | None = None,
                  first_day: dict[str, dict[str, int]] | None = None, sampled: bool = False
                  ) -> tuple[list[Diagnostic], dict[str, list[Argument]]]:
    """Every mystery check, for every case; and each case's shortest arguments."""
    found = check_variants(story)
    nodes = list(walk(effects_of(story)))  # every node of every effect, walked once for all that reads them
    static = given_clues(story, nodes)
    heard = heard_statements(story, nodes)
    shortest: dict[str, list[Argument]] = {}
    for case_id in story.cases:
        clues = obtainable.get(case_id, static) if obtainable else static
        days = first_day.get(case_id) if first_day else None
        diagnostics, best = check_case(story, case_id, clues, heard, days, sampled, nodes)
        found.extend(diagnostics)
        found.extend(unlisted_contradictions(story, case_id))
        shortest[case_id] = best
    return found, shortest
