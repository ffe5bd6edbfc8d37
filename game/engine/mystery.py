"""The investigation's rules: presenting evidence, the deduction board, and the accusation."""

from __future__ import annotations

from game.engine.core import ActionError, apply_effects, go, reveal_secret
from game.engine.evaluate import Env, fact_true, render
from game.engine.state import GameState, clone, person_for_write
from game.engine.views import Event
from game.world.story import Story

BATCH = 3
"""Board links are confirmed only when this many of those pending hold (or all that remain)."""
MAX_PENDING = 6
MIN_CITED = 3
POINTS = ("means", "motive", "opportunity")
WRONG_PRESENT_TEXT = "It doesn't land. The look you get says you've just wasted their time, and yours."


def _held(state: GameState) -> set[str]:
    return {*state.clues, *state.deductions}


def _scene(story: Story, state: GameState):
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
    if rule is not None and not fact_true(story, state.case, statement.claim):
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
    """Deductions not yet made whose clues are all held."""
    held = set(state.clues)
    return [d for d, item in story.deductions.items() if d not in state.deductions and set(item.needs) <= held]


def batch_size(story: Story, state: GameState) -> int:
    """How many pending links must hold for the board to confirm them."""
    return min(BATCH, len(open_deductions(story, state)))


def confirm(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Confirm the board: the links that hold are confirmed together, only if there are enough of them."""
    if args:
        raise ActionError("confirm takes no arguments")
    if not state.pending:
        raise ActionError("there is nothing on the board to confirm")
    by_needs = {tuple(sorted(item.needs)): d for d, item in story.deductions.items() if d not in state.deductions}
    right = [(combo, by_needs[tuple(combo)]) for combo in state.pending if tuple(combo) in by_needs]
    needed = batch_size(story, state)
    new = clone(state)
    if needed == 0 or len(right) < needed:
        return new, [Event("board", "", f"Not enough of these hold together yet. The board confirms links in "
                                         f"batches of {max(needed, 1)}.")]
    events: list[Event] = []
    env = Env(story, new)
    for combo, deduction in right:
        new.pending.remove(combo)
        new.deductions.append(deduction)
        text = render(story.evidence[(new.case, deduction)].text, env)
        events.append(Event("deduction", deduction, text))
    return new, events


# --------------------------------------------------------------------------------------------- accusation


def judge(story: Story, state: GameState, suspect: str, motive: str, cited: list[str]) -> str:
    """solved, weak or wrong: the verdict on an accusation in the case being played."""
    case = story.cases[state.case]
    if suspect != case.culprit:
        return "wrong"
    proven: set[str] = set()
    for item in cited:
        evidence = story.evidence[(state.case, item)]
        if evidence.weights.get(suspect, 1.0) <= 1:
            return "weak"
        proven.update(evidence.proves)
    if motive != case.motive or not set(POINTS) <= proven:
        return "weak"
    return "solved"


def accuse(story: Story, state: GameState, args: list[str]) -> tuple[GameState, list[Event]]:
    """Name the culprit and the motive and cite evidence; the verdict leads to its scene or ending."""
    rule = story.manifest.accusation
    scene = _scene(story, state)
    if rule is None or not scene.accuse:
        raise ActionError("you can't make an accusation here")
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
    verdict = judge(story, state, suspect, motive, cited)
    new = clone(state)
    new.accusations_left -= 1
    new.accused.append(suspect)
    events = [Event("accusation", verdict, story.characters[suspect].short)]
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
