"""The two calls a front end makes each turn: `view` (everything shown for the current moment) and `act` (a
choice, or one of the investigation's actions: present, link, unlink, confirm, accuse, mark).

Pure functions, as the rest of the engine: every action returns a new GameState and the events it caused.
"""

from __future__ import annotations

from game.engine import mystery
from game.engine.core import ActionError, available, choice_risk, choose, status
from game.engine.evaluate import Env, render
from game.engine.state import GameState
from game.engine.views import ChoiceView, EndingView, Step, View
from game.world.story import CScene, Story

HANDLERS = {
    "present": mystery.present,
    "link": mystery.link,
    "unlink": mystery.unlink,
    "confirm": mystery.confirm,
    "accuse": mystery.accuse,
    "mark": mystery.mark,
}
"""The investigation's actions, by their first word; any other action is a choice id."""


def _reply(story: Story, state: GameState, env: Env) -> str:
    """The reply of the choice just taken, rendered now; "" when it has none."""
    if not state.said:
        return ""
    scene_id, _, choice_id = state.said.partition(".")
    scene = story.scenes.get(scene_id)
    choice = next((c for c in scene.choices if c.id == choice_id), None) if scene else None
    return render(choice.reply, env) if choice is not None and choice.reply is not None else ""


def view(story: Story, state: GameState) -> View:
    """Everything a front end shows for the current moment."""
    env = Env(story, state)
    reply = _reply(story, state, env)
    if state.ending:
        ending = story.endings[state.ending]
        text = render(ending.text, env)
        if state.verdicts and state.path and state.path[-1].startswith("accuse ") and ending.kind not in (
                "solved", "weak", "wrong"):
            # The accusation's consequence ended the game (expulsion): the ending still says what the verdict was.
            text = mystery.verdict_text(state.verdicts[-1]) + "\n\n" + text
        reveal = story.texts.get(f"case:{state.case}")
        truth = ""
        if ending.kind == "solved":
            # The moment it holds, then how it was done (the case's reveal), then what became of everyone.
            for part in (reveal, story.texts.get(f"epilogue:{ending.id}")):
                if part:
                    text = text.rstrip() + "\n\n" + render(part, env)
        elif reveal:
            truth = render(reveal, env)
        return View(
            scene_id=ending.id,
            text=text,
            choices=(),
            status=status(story, state),
            ending=EndingView(ending.id, ending.title, ending.kind),
            reply=reply,
            truth=truth,
        )
    scene = story.scenes[state.scene]
    choices = []
    for choice in available(story, state, env):
        cost, ends = choice_risk(story, state, choice)
        choices.append(ChoiceView(choice.id, render(choice.text, env), cost, ends))
    heard_here = any(story.statements[s].by in scene.people for s in state.heard)
    return View(
        scene_id=scene.id,
        text=_scene_text(scene, state, env, bool(reply)),
        choices=tuple(choices),
        status=status(story, state),
        people=scene.people,
        can_accuse=bool(scene.accuse and state.accusations_left > 0 and story.manifest.accusation),
        can_present=bool(scene.board and heard_here and (state.clues or state.deductions)),
        reply=reply,
    )


def _scene_text(scene: CScene, state: GameState, env: Env, replied: bool) -> str:
    """A scene's text: in full on a new visit; on a return in the same slot, its `again` text, or nothing after a
    choice that had its own reply (unless the author asks for a `reprint`)."""
    if not state.returned:
        return render(scene.text, env)
    if scene.again is not None:
        return render(scene.again, env)
    return render(scene.text, env) if scene.reprint or not replied else ""


def act(story: Story, state: GameState, action: str) -> Step:
    """Apply one action (a choice id, or a board/accusation command) and return the new state and events."""
    if state.ending:
        raise ActionError("the story has ended; start a new game or load a save")
    words = action.split()
    if not words:
        raise ActionError("empty action")
    verb = words[0]
    handler = HANDLERS.get(verb)
    if handler is not None:
        new, events = handler(story, state, words[1:])
    else:
        if len(words) != 1:
            raise ActionError(f"'{action}' is not a choice here")
        new, events = choose(story, state, verb)
    new.path.append(" ".join(words))
    return Step(new, tuple(events))
