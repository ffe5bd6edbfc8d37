"""Views of the investigation for front ends: notebook, suspects, board and the accusation's options."""

from __future__ import annotations

from game.engine.evaluate import Env, has_met, render
from game.engine.mystery import MAX_PENDING, MIN_CITED, batch_size, open_questions
from game.engine.state import GameState
from game.engine.views import (
    AccusationOptions,
    BoardView,
    ClueView,
    Notebook,
    StatementView,
    SuspectView,
)
from game.world.story import Story

KIND_ORDER = ("physical", "document", "record", "observation", "testimony")


def clue_view(story: Story, state: GameState, item: str, env: Env | None = None) -> ClueView:
    """How a clue or deduction reads in the case being played."""
    evidence = story.evidence[(state.case, item)]
    return ClueView(item, evidence.title, evidence.kind, evidence.found,
                    render(evidence.text, env or Env(story, state)))


def notebook(story: Story, state: GameState) -> Notebook:
    """Clues found, grouped by kind in a fixed order, and the deductions made."""
    env = Env(story, state)
    clues = [clue_view(story, state, c, env) for c in state.clues]
    groups = tuple(
        (kind, tuple(c for c in clues if c.kind == kind)) for kind in KIND_ORDER if any(c.kind == kind for c in clues)
    )
    return Notebook(groups, tuple(clue_view(story, state, d, env) for d in state.deductions))


def suspects(story: Story, state: GameState) -> tuple[SuspectView, ...]:
    """Every character, suspects first in the story's order: what the player has established about each
    (statements heard and broken, secrets uncovered) and the player's own mark. Nothing here reads the case's
    hidden truth or its per-case weights, so two cases give the same view for the same path."""
    env = Env(story, state)
    caught = set(state.caught)
    borne_out: dict[str, tuple[str, ...]] = {}
    for item in [*state.clues, *state.deductions]:
        reading = story.evidence[(state.case, item)]
        for statement in reading.confirms:
            borne_out[statement] = (*borne_out.get(statement, ()), reading.title)
    rows = []
    others = [c for c in story.characters if c not in story.suspects and c not in ("neveah",)]
    for who in [*story.suspects, *others]:
        character = story.characters[who]
        person = state.people.get(who)
        said = tuple(
            StatementView(s, who, render(story.texts[f"statement:{s}"], env), story.statements[s].topic, s in caught,
                          borne_out.get(s, ()))
            for s in state.heard
            if story.statements[s].by == who
        )
        secrets = tuple(render(story.texts[f"secret:{s}"], env) for s in state.secrets if story.secrets[s].who == who)
        met = has_met(story, state, who, in_person=True)
        if who not in story.suspects and not said and not met:
            continue  # the police's list names every suspect; anyone else appears once Neveah meets or hears them
        rows.append(SuspectView(
            id=who,
            name=character.name,
            portrait=character.portrait,
            mark=state.marks.get(who, ""),  # type: ignore[arg-type]
            trust=person.trust if person else 0,
            composure=person.composure if person else 0,
            statements=said,
            secrets=secrets,
            contradictions=sum(1 for s in said if s.caught),
            is_suspect=who in story.suspects,
            believes=_believes(story, state, who),
            met=met,
        ))
    return tuple(rows)


TELLS_BELIEF_AT = 1
"""Trust at which someone tells Neveah who they think did it (once she has been where they were: a photograph's
subject tells no opinions)."""


def _believes(story: Story, state: GameState, who: str) -> str:
    """Who `who` has come to think did it, in front of Neveah. What they thought when the week began (the school's
    talk, people.yaml) is the story's to voice in its scenes: on the suspects list it read as something they had
    told her (three blind players: "thinks it was Nabil" before anyone had said so)."""
    person = state.people.get(who)
    if person is None or person.belief is None or person.trust < TELLS_BELIEF_AT:
        return ""
    start = story.people.get(who)
    if start is not None and person.belief == start.belief:
        return ""
    if not has_met(story, state, who, in_person=True):
        return ""
    if person.belief == who:
        return "themselves"  # someone who blames themselves (a name here read as a slip)
    suspect = story.characters.get(person.belief)
    return suspect.name if suspect else ""


def board(story: Story, state: GameState) -> BoardView:
    """The deduction board."""
    env = Env(story, state)
    asked, waiting = open_questions(story, state)
    return BoardView(
        evidence=tuple(clue_view(story, state, c, env) for c in state.clues),
        pending=tuple(tuple(p) for p in state.pending),
        deductions=tuple(clue_view(story, state, d, env) for d in state.deductions),
        batch=batch_size(story, state),
        max_pending=MAX_PENDING,
        questions=tuple(asked),
        waiting=waiting,
    )


def accusation_options(story: Story, state: GameState) -> AccusationOptions:
    """Suspects, motives and the evidence that can be cited."""
    env = Env(story, state)
    rule, standing = story.manifest.accusation, story.manifest.standing
    cost = rule.standing_cost if rule and standing else 0
    return AccusationOptions(
        suspects=tuple((s, story.characters[s].name) for s in story.suspects),
        motives=tuple((m.id, m.text) for m in story.motives.values()),
        evidence=tuple(clue_view(story, state, item, env) for item in [*state.clues, *state.deductions]),
        tries_left=state.accusations_left,
        min_cited=MIN_CITED,
        failure_cost=cost,
        standing=state.standing,
        failure_expels=bool(standing and cost and state.standing - cost <= standing.expelled_at),
    )
