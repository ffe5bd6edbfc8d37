"""The investigation's rules: presenting evidence, the deduction board, and the accusation."""

from __future__ import annotations

from game.engine.core import ActionError, apply_effects, go, reveal_secret
from game.engine.evaluate import Env, fact_true, render
from game.engine.state import GameState, clone, person_for_write
from game.engine.views import Event
from game.world.story import CScene, Story

BATCH = 2
"""Board links are confirmed this many at a time (or all the questions left, when fewer remain)."""
MAX_PENDING = 6
MIN_CITED = 3
LINK_RULE = "A link holds when it joins all the pieces one question takes, and nothing else."
"""Said with every refused batch: a blind player took a right pair from a question of three for a wrong link."""
POINTS = ("means", "motive", "opportunity")
WRONG_PRESENT_TEXT = "It doesn't land. The look you get says you've just wasted their time, and yours."


def _held(state: GameState) -> set[str]:
    return {*state.clues, *state.deductions}


def _scene(story: Story, state: GameState) -> CScene:
    scene = story.scenes.get(state.scene)
    if scene is None:
        raise ActionError("nothing can be done here")
    return scene


# ------------------------------------------------------------------------------------------------ present


def present(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Present a clue or deduction against a recorded statement of someone who is here."""
    if len(args) != 2:
        raise ActionError("present needs a clue and a statement: present CLUE STATEMENT")
    evidence, statement_id = args
    scene = _scene(story, state)
    if not scene.board:
        raise ActionError("this is not the moment to present evidence")
    if evidence not in _held(state):
        raise ActionError(f"you don't have '{evidence}'")
    if statement_id not in state.heard:
        raise ActionError(f"you haven't heard a statement '{statement_id}'")
    statement = story.statements[statement_id]
    if statement.by not in scene.people:
        who = story.characters[statement.by].short
        raise ActionError(f"{who} isn't here")
    if statement_id in state.caught:
        raise ActionError("that statement is already broken")
    new = clone(state)
    events: list[Event] = []
    person = person_for_write(new, statement.by)
    rule = story.contradictions.get((statement_id, evidence))
    if rule is not None and contradicts(story, state.case, statement_id, evidence):
        person.composure -= rule.composure
        new.caught.append(statement_id)
        text = render(story.texts[f"contradiction:{statement_id}:{evidence}"], Env(story, new))
        events.append(Event("contradiction", statement_id, text))
        if rule.reveals:
            reveal_secret(story, new, rule.reveals, events)
        # Everyone else here saw the story break: it changes who they think did it, and so what they say.
        for witness in scene.people:
            if witness != statement.by and witness in new.people and new.people[witness].belief != statement.by:
                person_for_write(new, witness).belief = statement.by
                events.append(Event("belief", witness, statement.by))
        apply_effects(story, new, story.contradiction_effects[(statement_id, evidence)], events)
    else:
        person.trust -= 1
        new.wrong_presents += 1
        events.append(Event("wrong_present", statement_id, WRONG_PRESENT_TEXT))
        events.append(Event("trust", statement.by, "-1"))
        if new.wrong_presents % story.manifest.wrong_present_cost == 0 and story.manifest.standing:
            new.standing -= 1
            events.append(Event("standing", "", "-1"))
    if _expelled_now(story, new):
        go(story, new, new.scene, events)
    return new, events


def contradicts(story: Story, case: str, statement_id: str, item: str) -> bool:
    """Whether presenting `item` against the statement breaks it in `case`: a contradiction lists the pair, the
    statement is false in the case, and the contradiction holds in this case."""
    rule = story.contradictions.get((statement_id, item))
    if rule is None or fact_true(story, case, story.statements[statement_id].claim):
        return False
    return not rule.cases or case in rule.cases


def _expelled_now(story: Story, state: GameState) -> bool:
    rule = story.manifest.standing
    return rule is not None and state.standing <= rule.expelled_at


# -------------------------------------------------------------------------------------------------- marks

MARKS = ("suspect", "unsure", "cleared")


def mark(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """The player's own mark for a suspect (suspect, unsure, cleared, or none to remove it). Saved with the game;
    nothing in the engine ever sets or reads it for the player."""
    if len(args) != 2:
        raise ActionError("mark needs a suspect and a mark: mark SUSPECT suspect|unsure|cleared|none")
    who, value = args
    if who not in story.suspects:
        raise ActionError(f"'{who}' is not a suspect")
    if value not in (*MARKS, "none"):
        raise ActionError(f"'{value}' is not a mark; use suspect, unsure, cleared or none")
    new = clone(state)
    if value == "none":
        new.marks.pop(who, None)
    else:
        new.marks[who] = value
    return new, [Event("mark", who, value)]


# -------------------------------------------------------------------------------------------------- board


def _combo(story: Story, state: GameState, args: list[str]) -> list[str]:
    if not 2 <= len(args) <= 3:
        raise ActionError("link two or three clues: link A B [C]")
    if len(set(args)) != len(args):
        raise ActionError("link different clues")
    for item in args:
        if item in state.deductions:
            raise ActionError(f"'{item}' is something you worked out, not a clue: the board links clues, and what "
                              f"you work out can be cited or presented as it is")
        if item not in state.clues:
            raise ActionError(f"you don't have a clue '{item}'")
    return sorted(args)


def link(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Propose a combination on the board. Nothing is said about it until a batch is confirmed."""
    combo = _combo(story, state, args)
    if combo in state.pending:
        raise ActionError("that combination is already on the board")
    if len(state.pending) >= MAX_PENDING:
        raise ActionError(f"the board holds {MAX_PENDING} links at most; confirm or remove some")
    if any(sorted(story.deductions[d].needs) == combo for d in state.deductions):
        raise ActionError("you have already worked that out")
    new = clone(state)
    new.pending.append(combo)
    return new, [Event("board", "+".join(combo), "linked")]


def unlink(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Withdraw a proposed combination."""
    combo = _combo(story, state, args)
    if combo not in state.pending:
        raise ActionError("that combination is not on the board")
    new = clone(state)
    new.pending.remove(combo)
    return new, [Event("board", "+".join(combo), "unlinked")]


def open_deductions(story: Story, state: GameState) -> list[str]:
    """Deductions not yet made whose clues are all held (for the author's tools: never shown to the player)."""
    held = set(state.clues)
    return [d for d, item in story.deductions.items() if d not in state.deductions and set(item.needs) <= held]


def open_questions(story: Story, state: GameState) -> tuple[list[tuple[str, int]], int]:
    """The deductions not yet worked out, as the board asks them (the question and how many pieces it takes), for
    those the player holds at least one piece of; and how many others wait until they do. A question never names
    what the player has not come across, and never tells whether its pieces are all in hand."""
    held = set(state.clues)
    asked, waiting = [], 0
    for d, item in story.deductions.items():
        if d in state.deductions:
            continue
        if held.intersection(item.needs):
            asked.append((item.question or item.title, len(item.needs)))
        else:
            waiting += 1
    return asked, waiting


def batch_size(story: Story, state: GameState) -> int:
    """How many links the board confirms at a time: BATCH, or every question left when fewer remain. It depends
    only on what has been worked out, never on what could be."""
    return min(BATCH, sum(1 for d in story.deductions if d not in state.deductions))


def confirm(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Confirm the board: when every proposed link holds (and there are at least a batch of them) they are all
    confirmed; otherwise the board says how many hold, never which."""
    if args:
        raise ActionError("confirm takes no arguments")
    if not state.pending:
        raise ActionError("there is nothing on the board to confirm")
    needed = batch_size(story, state)
    if len(state.pending) < needed:
        more = needed - len(state.pending)
        raise ActionError(f"the board confirms links {needed} at a time; propose {more} more")
    by_needs = {tuple(sorted(item.needs)): d for d, item in story.deductions.items() if d not in state.deductions}
    right = [(combo, by_needs[tuple(combo)]) for combo in state.pending if tuple(combo) in by_needs]
    new = clone(state)
    if len(right) < len(state.pending):
        held = len(right)
        verb = "holds" if held == 1 else "hold"
        return new, [Event("board", "", f"{held} of the {len(state.pending)} links on the board {verb}. The board "
                                         f"doesn't say which. {LINK_RULE}")]
    events: list[Event] = []
    env = Env(story, new)
    for combo, deduction in right:
        new.pending.remove(combo)
        new.deductions.append(deduction)
        text = render(story.evidence[(new.case, deduction)].text, env)
        events.append(Event("deduction", deduction, text))
    return new, events


# --------------------------------------------------------------------------------------------- accusation


ACCOUNT_TOPICS = ("alibi", "sighting")
"""Statements that are someone's account of the night: breaking one is what opportunity needs."""
VERDICTS = {
    "solved": "Verdict: the case holds. How, why, the chance, and an account of the night that broke: every point "
              "stands.",
    "wrong": "Verdict: wrong. The case does not hold against the person you named.",
}
"""What the player is told first, in the same words whoever the culprit is; never a name. A weak verdict's words
come from `verdict_text`, which names every point that does not hold."""
SHOWS = {"means": "how it was done", "motive": "why they would", "opportunity": "they had the chance"}
WRONG_REASON = "the reason you named isn't why they did it"
"""When the motive named is not the case's: evidence for another reason never carries the motive point."""
MAY_BE_RIGHT = " (the reason you named may still be the right one: find what shows it)"
"""After "nothing you cited shows why they would": a blind player read that as a wrong motive and changed it."""
COMMON = "common."
"""Prefix of a failed point whose cited evidence reads the same in every case (`common.means`): it would fit
whoever did it, so it proves nothing against the person named, and the verdict says so rather than `nothing`."""
UNBROKEN = ("their own account of the night still stands: show them what contradicts it (present it against their "
            "statement) before you accuse")


def verdict_text(key: str) -> str:
    """The verdict's words for a key from `assess`: a weak one names every point that failed, in one sentence."""
    if key in VERDICTS:
        return VERDICTS[key]
    failed = key.partition(":")[2].split("+")
    clauses = []
    nothing, common = _points(failed, common=False), _points(failed, common=True)
    if nothing:
        clauses.append(f"nothing you cited shows {_listed(nothing, ', or')}"
                       f"{MAY_BE_RIGHT if nothing[-1] == SHOWS['motive'] else ''}")
    if common:
        clauses.append(f"what you cited to show {_listed(common, ' and')} fits whoever did it, not only the person "
                       "you named")
    if "reason" in failed:
        clauses.append(WRONG_REASON)
    if "account" in failed:
        clauses.append(UNBROKEN)
    sentence = clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + f", and {clauses[-1]}"
    return f"Verdict: a weak case. {sentence[:1].upper()}{sentence[1:]}."


def _points(failed: list[str], *, common: bool) -> list[str]:
    """The failed points of a verdict key that were (`common`) or were not cited with evidence that fits anyone, in
    words, the motive last (so that what is said of the reason follows it)."""
    points = [p.removeprefix(COMMON) for p in failed
              if p.startswith(COMMON) == common and p.removeprefix(COMMON) in SHOWS]
    points.sort(key="motive".__eq__)
    return [f"that {SHOWS[p]}" if (i or common) and p == "opportunity" else SHOWS[p] for i, p in enumerate(points)]


def _listed(items: list[str], last: str) -> str:
    """`a, b{last} c`: the words of a list, `last` (", or" / " and") before its final item."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f"{last} {items[-1]}"


def same_everywhere(story: Story, item: str) -> bool:
    """Whether a clue or deduction reads the same in every case (such evidence never carries a point alone)."""
    if len(story.cases) < 2:
        return False  # with one case there is nothing hidden for a reading to vary with
    texts = {story.evidence[(case, item)].text for case in story.cases}
    return len(texts) == 1


def broken_account(story: Story, state: GameState, suspect: str) -> bool:
    """Whether the player broke one of the suspect's own statements about the night, in this playthrough."""
    return any(story.statements[s].by == suspect and story.statements[s].topic in ACCOUNT_TOPICS
               for s in state.caught)


def assess(story: Story, state: GameState, suspect: str, motive: str, cited: list[str]) -> str:
    """The verdict key on an accusation in the case being played: solved, wrong, or weak:POINTS naming every point
    that does not hold, joined by "+" (means, motive or `reason` when the motive named is not the case's,
    opportunity, then the culprit's unbroken account), so that a player who tries again knows all of what is
    missing, not only the first."""
    case = story.cases[state.case]
    if suspect != case.culprit:
        return "wrong"
    failed = []
    for point in POINTS:
        carriers = [item for item in cited
                    if point in story.evidence[(state.case, item)].proves(suspect, motive)]
        if point == "motive" and motive != case.motive:
            failed.append("reason")  # the player's evidence may show a reason, but not the one that held
        elif not carriers:
            failed.append(point)
        elif all(same_everywhere(story, item) for item in carriers):
            failed.append(f"{COMMON}{point}")  # cited for it, but would fit whoever did it
    if not broken_account(story, state, suspect):
        failed.append("account")
    return "weak:" + "+".join(failed) if failed else "solved"


def judge(story: Story, state: GameState, suspect: str, motive: str, cited: list[str]) -> str:
    """solved, weak or wrong: the verdict on an accusation in the case being played."""
    return assess(story, state, suspect, motive, cited).partition(":")[0]


def solving_citation(story: Story, state: GameState) -> list[str] | None:
    """For the author's tools: evidence held that the judge would rule solved against the case's culprit (at
    least MIN_CITED items), or None."""
    case = story.cases[state.case]
    if not broken_account(story, state, case.culprit):
        return None
    held = [*state.deductions, *state.clues]
    chosen: list[str] = []
    for point in POINTS:
        for item in held:
            if (point in story.evidence[(state.case, item)].proves(case.culprit, case.motive)
                    and not same_everywhere(story, item)):
                if item not in chosen:
                    chosen.append(item)
                break
        else:
            return None
    chosen.extend(i for i in held if i not in chosen and len(chosen) < MIN_CITED)
    if len(chosen) < MIN_CITED or assess(story, state, case.culprit, case.motive, chosen) != "solved":
        return None
    return chosen


def accuse(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Name the culprit and the motive and cite evidence. The verdict comes first; then its consequence (standing,
    and the scene or ending it leads to)."""
    rule = story.manifest.accusation
    scene = _scene(story, state)
    if rule is None or not scene.accuse:
        where = f"; {rule.where}" if rule is not None and rule.where else ""
        raise ActionError(f"you can't make an accusation here{where}")
    if state.accusations_left <= 0:
        raise ActionError("you have no accusations left")
    if len(args) < 2 + MIN_CITED:
        raise ActionError(f"accuse SUSPECT MOTIVE and at least {MIN_CITED} pieces of evidence")
    suspect, motive, *cited = args
    if suspect not in story.suspects:
        raise ActionError(f"'{suspect}' is not a suspect")
    if motive not in story.motives:
        raise ActionError(f"'{motive}' is not a motive")
    if len(set(cited)) != len(cited):
        raise ActionError("cite each piece of evidence once")
    held = _held(state)
    for item in cited:
        if item not in held:
            raise ActionError(f"you don't have '{item}'")
    key = assess(story, state, suspect, motive, cited)
    verdict = key.partition(":")[0]
    new = clone(state)
    new.accusations_left -= 1
    new.accused.append(suspect)
    new.verdicts.append(key)
    events = [Event("accusation", verdict, story.characters[suspect].short), Event("verdict", key, verdict_text(key))]
    if verdict == "solved":
        target = rule.solved
    else:
        new.standing -= rule.standing_cost
        events.append(Event("standing", "", f"{-rule.standing_cost:+d}"))
        if verdict == "wrong":
            for who in list(new.people):
                person_for_write(new, who).trust -= 3 if who == suspect else 1
        final = new.accusations_left == 0
        target = {("weak", False): rule.weak, ("weak", True): rule.weak_final,
                  ("wrong", False): rule.wrong, ("wrong", True): rule.wrong_final}[(verdict, final)]
    go(story, new, target, events)
    return new, events
