"""The engine's core rules: start a game, the choices offered and what they risk, and what taking one does
(effects, time passing, scenes entered, endings). `view` and `act`, the two calls a front end makes each turn,
are in game.engine.turn, with the dispatch to the investigation's actions (game.engine.mystery).

Pure functions: no I/O, no clock, no global random. Every action returns a new GameState and the events it
caused; the old state is untouched, so undo is simply the previous state.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from difflib import get_close_matches
from typing import Any

from game.engine.evaluate import Env, evaluate
from game.engine.state import GameState, PersonState, clone, person_for_write
from game.engine.views import Event, Status
from game.world.ir import Assign, ClearFlag, Const, Effect, GiveClue, Hear, Reveal, SetFlag
from game.world.story import CChoice, CScene, Story


class ActionError(ValueError):
    """An action that is not possible now; the message says why, in words a player understands."""


# ------------------------------------------------------------------------------------------------- start


def pick_case(story: Story, seed: int, case: str | None = None) -> str:
    """The case for a game: a named one, or one drawn from the seed (weighted, stable across runs)."""
    if case not in (None, "", "random"):
        if case not in story.cases:
            known = ", ".join(sorted(story.cases))
            raise ActionError(f"unknown case '{case}'; the cases are: {known}")
        return case
    ids = sorted(story.cases)
    weights = [story.cases[i].weight for i in ids]
    return random.Random(seed).choices(ids, weights=weights, k=1)[0]


def parse_origin(story: Story, origin: str) -> tuple[str, int, int]:
    """`SCENE`, `SCENE@DAY` or `SCENE@DAY.SLOT` -> (scene, day index, slot index). Without a day, the scene's
    own: the day whose id prefixes it (`tue_...`) or whose `start` it is, else the first day; without a slot,
    the first. Raises ActionError, naming what is valid, for anything unknown."""
    scene, _, when = origin.partition("@")
    if scene not in story.scenes:
        close = get_close_matches(scene, list(story.scenes), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ActionError(f"unknown scene '{scene}'{hint} (an ending cannot be a starting point)")
    days = [d.id for d in story.manifest.days]
    day_id, _, slot_id = when.partition(".")
    if day_id:
        if day_id not in days:
            raise ActionError(f"unknown day '{day_id}'; the days are: {', '.join(days)}")
        day = days.index(day_id)
    else:
        day = next((i for i, d in enumerate(story.manifest.days)
                    if scene.startswith(d.id + "_") or d.start == scene), 0)
    slots = list(story.manifest.slots)
    if slot_id and slot_id not in slots:
        raise ActionError(f"unknown slot '{slot_id}'; the slots are: {', '.join(slots)}")
    return scene, day, slots.index(slot_id) if slot_id else 0


def start(story: Story, seed: int, case: str | None = None, origin: str | None = None) -> GameState:
    """A new game: the case drawn from the seed (unless named), everyone at their starting state. With
    `origin` (see `parse_origin`), the game starts at that scene, day and slot instead of the story's start,
    with everything else as a new game has it (docs/authoring.md, "Start from your own scene")."""
    chosen = pick_case(story, seed, case)
    first, day, slot = parse_origin(story, origin) if origin else (story.manifest.start, 0, 0)
    people = {
        who: PersonState(
            trust=person.trust if (person := story.people.get(who)) else 0,
            composure=person.composure if person else 5,
            belief=person.belief if person else None,
        )
        for who in story.characters
    }
    manifest = story.manifest
    state = GameState(
        story_id=story.id,
        seed=seed,
        case=chosen,
        scene=manifest.start,
        standing=manifest.standing.start if manifest.standing else 0,
        vars={name: decl.default for name, decl in story.vars.items()},
        people=people,
        accusations_left=manifest.accusation.tries if manifest.accusation else 0,
        day=day,
        slot=slot,
        origin=origin,
    )
    events: list[Event] = []
    _enter(story, state, first, events)
    return state


# -------------------------------------------------------------------------------------------------- view


def available(story: Story, state: GameState, env: Env | None = None,
              among: Collection[str] | None = None) -> list[CChoice]:
    """The choices on offer in the current scene, in the author's order; with `among`, only those whose ids
    are in it (the others' conditions are not looked at)."""
    scene = story.scenes.get(state.scene)
    if scene is None or state.ending:
        return []
    offered: list[CChoice] = []
    taken: set[str] | None = None
    for choice in scene.choices:
        if among is not None and choice.id not in among:
            continue
        if choice.once:
            if taken is None:
                taken = set(state.taken)
            if f"{scene.id}.{choice.id}" in taken:
                continue
        when = choice.when
        if when is not None:
            if env is None:
                env = Env(story, state)
            if not evaluate(when, env):
                continue
        offered.append(choice)
    return offered


def status(story: Story, state: GameState) -> Status:
    """The status line."""
    manifest = story.manifest
    day = manifest.days[state.day]
    node = story.scenes.get(state.scene)
    location = node.location if node else ""
    place = story.places.get(location)
    rule = manifest.standing
    return Status(
        day_id=day.id,
        day=day.title,
        slot=manifest.slots[state.slot],
        location_id=location,
        location=place.name if place else "",
        standing=state.standing,
        standing_max=rule.max if rule else 0,
        accusations_left=state.accusations_left,
        last_chance=bool(rule and not state.ending and state.standing - 1 <= rule.expelled_at),
    )


def _touches_standing(effects: tuple[Effect, ...]) -> bool:
    return any(isinstance(effect, Assign) and effect.ns == "standing" for effect in effects)


def choice_risk(story: Story, state: GameState, choice: CChoice) -> tuple[int, bool]:
    """(standing the choice costs, whether taking it now ends the game), before it is taken.

    The cost counts the choice's own effects and the entry effects of the scene it leads to, worked out on a
    copy of the state, so a cost written as an expression reads as it would play. A choice ends the game when
    it leads to an ending or when its cost reaches the expulsion line.
    """
    rule = story.manifest.standing
    target = story.scenes.get(choice.goto)
    effects = (*choice.do, *(target.enter if target else ()))
    cost = 0
    if rule is not None and _touches_standing(effects):
        trial = clone(state)
        apply_effects(story, trial, effects, [])
        cost = max(0, state.standing - trial.standing)
    expels = rule is not None and cost > 0 and state.standing - cost <= rule.expelled_at
    return cost, expels or choice.goto in story.endings


# --------------------------------------------------------------------------------------------------- act


def choose(story: Story, state: GameState, choice_id: str) -> tuple[GameState, list[Event]]:
    """Take a choice from the current scene."""
    offered = {c.id: c for c in available(story, state)}
    choice = offered.get(choice_id)
    if choice is None:
        raise ActionError(f"there is no choice '{choice_id}' here")
    return take(story, state, choice)


def take(story: Story, state: GameState, choice: CChoice) -> tuple[GameState, list[Event]]:
    """Take a choice that `available` offers in `state` (`choose` checks that; a search that has just listed
    the choices on offer skips the second look)."""
    new = clone(state)
    events: list[Event] = []
    apply_effects(story, new, choice.do, events)
    if choice.once:
        new.taken.append(f"{state.scene}.{choice.id}")
    target = choice.goto
    if choice.time:
        moved = _pass_time(story, new, choice.time, target, events)
        # An ending always wins over the clock: walking away at midnight still walks away.
        if target not in story.endings:
            target = moved
    go(story, new, target, events)
    if choice.reply is not None:
        new.said = f"{state.scene}.{choice.id}"
    return new, events


def go(story: Story, state: GameState, target: str, events: list[Event]) -> None:
    """Move to a node, unless standing has collapsed, in which case the expulsion ending wins."""
    expelled = story.manifest.standing.ending if story.manifest.standing else None
    if expelled and _expelled(story, state) and target not in story.endings:
        target = expelled
    _enter(story, state, target, events)
    if expelled and not state.ending and _expelled(story, state):
        _enter(story, state, expelled, events)


def _expelled(story: Story, state: GameState) -> bool:
    rule = story.manifest.standing
    return rule is not None and state.standing <= rule.expelled_at


def _pass_time(story: Story, state: GameState, slots: int, target: str, events: list[Event]) -> str:
    """Advance the clock; a new day or the deadline can send the player somewhere other than `target`."""
    manifest = story.manifest
    new_day = False
    for _ in range(slots):
        if state.slot + 1 < len(manifest.slots):
            state.slot += 1
        elif state.day + 1 < len(manifest.days):
            state.slot = 0
            state.day += 1
            new_day = True
        else:
            break
    events.append(Event("time", manifest.slots[state.slot], f"{manifest.days[state.day].title}, "
                                                             f"{manifest.slots[state.slot]}"))
    deadline = manifest.deadline
    if deadline is not None and state.visits.get(deadline.scene, 0) == 0:
        day_index = next(i for i, d in enumerate(manifest.days) if d.id == deadline.day)
        slot_index = manifest.slots.index(deadline.slot)
        if (state.day, state.slot) >= (day_index, slot_index):
            events.append(Event("deadline", deadline.scene, "Time has run out."))
            return deadline.scene
    if new_day:
        opener = manifest.days[state.day].start
        if opener:
            return opener
    return target


def _enter(story: Story, state: GameState, target: str, events: list[Event]) -> None:
    state.said = ""
    if target in story.endings:
        ending = story.endings[target]
        state.scene = target
        state.ending = target
        state.visits[target] = state.visits.get(target, 0) + 1
        apply_effects(story, state, ending.enter, events)
        events.append(Event("ending", target, ending.title))
        return
    scene: CScene = story.scenes[target]
    clock = state.day * len(story.manifest.slots) + state.slot
    state.returned = state.entered.get(target) == clock
    state.entered[target] = clock
    state.scene = target
    state.visits[target] = state.visits.get(target, 0) + 1
    apply_effects(story, state, scene.enter, events)


# ----------------------------------------------------------------------------------------------- effects


def apply_effects(story: Story, state: GameState, effects: tuple[Effect, ...], events: list[Event]) -> None:
    """Apply compiled effects to `state` in place (callers pass a fresh copy)."""
    for effect in effects:
        if isinstance(effect, SetFlag):
            if effect.flag not in state.flags:
                state.flags.append(effect.flag)
        elif isinstance(effect, ClearFlag):
            if effect.flag in state.flags:
                state.flags.remove(effect.flag)
        elif isinstance(effect, GiveClue):
            if effect.clue not in state.clues:
                state.clues.append(effect.clue)
                events.append(Event("clue", effect.clue, story.clues[effect.clue].title))
        elif isinstance(effect, Hear):
            if effect.statement not in state.heard:
                state.heard.append(effect.statement)
                statement = story.statements[effect.statement]
                events.append(Event("statement", effect.statement, story.characters[statement.by].short))
        elif isinstance(effect, Reveal):
            reveal_secret(story, state, effect.secret, events)
        else:
            _assign(story, state, effect, events)


def reveal_secret(story: Story, state: GameState, secret: str, events: list[Event]) -> None:
    """Uncover a secret once."""
    if secret not in state.secrets:
        state.secrets.append(secret)
        who = story.characters[story.secrets[secret].who].short
        events.append(Event("secret", secret, who))


def _assign(story: Story, state: GameState, effect: Assign, events: list[Event]) -> None:
    ns, key, op, value_ir = effect.ns, effect.key, effect.op, effect.value
    value: Any = value_ir.value if type(value_ir) is Const else evaluate(value_ir, Env(story, state))
    if ns == "standing":
        rule = story.manifest.standing
        before = state.standing
        after = _combine(before, op, value)
        state.standing = min(after, rule.max) if rule else after
        if state.standing != before:
            events.append(Event("standing", "", f"{state.standing - before:+d}"))
        return
    if ns == "var":
        state.vars[key] = _combine(state.vars.get(key, story.vars[key].default), op, value)
        return
    person = person_for_write(state, key)
    if ns == "belief":
        person.belief = value or None
    elif ns == "trust":
        before = person.trust
        person.trust = _combine(before, op, value)
        if person.trust != before:
            events.append(Event("trust", key, f"{person.trust - before:+d}"))
    elif ns == "composure":
        person.composure = _combine(person.composure, op, value)


def _combine(current: Any, op: str, value: Any) -> Any:
    """`current op value`; the compiler has checked that both are numbers unless op is `=`."""
    if op == "=":
        return value
    if op == "+=":
        return current + value
    return current - value
