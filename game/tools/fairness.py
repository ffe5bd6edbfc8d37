"""Checks that the story plays fair, run by `archer check`: no scene is a standing trap, every choice is answered.

AR055 (error): a scene where, at some standing, every choice that can be offered ends the game (leads to an
ending or costs the last of Neveah's standing), although at full standing the story would go on from it. The
player did nothing wrong by arriving there, and has no way on.

AR056 (warning): a choice with no `reply` of its own that returns to a scene the player has already passed
through (the return does not reprint the scene's opening, so nothing would answer the choice) or that spends
time and lands on a scene many choices lead to (the next text is not about this choice).

Both are static: conditions other than those on standing are taken as possibly true, so a way out that only
some states offer still counts as a way out, and a trap is reported only where the story itself leaves none.
"""

from __future__ import annotations

from collections import defaultdict

from game.engine import GameState, start
from game.engine.core import choice_risk
from game.engine.evaluate import Env, evaluate
from game.world.diagnostics import Diagnostic, make
from game.world.ir import And
from game.world.story import CChoice, CScene, Story


class _Unknown(Exception):
    """A condition names something other than standing: its value is not known statically."""


class _StandingOnly(Env):
    """An environment in which only `standing` (and constants) have values."""

    __slots__ = ("value",)

    def __init__(self, story: Story, state: GameState, value: int) -> None:
        super().__init__(story, state)
        self.value = value

    def get(self, ns: str, key: str) -> object:
        raise _Unknown

    def bare(self, name: str) -> object:
        if name == "standing":
            return self.value
        raise _Unknown


def _may_be_offered(choice: CChoice, env: _StandingOnly) -> bool:
    """False only when the choice's condition is false whatever else holds (a conjunct on standing fails)."""
    if choice.when is None:
        return True
    parts = choice.when.parts if isinstance(choice.when, And) else (choice.when,)
    for part in parts:
        try:
            if not evaluate(part, env):
                return False
        except _Unknown:
            continue
    return True


def _ending_words(story: Story, choice: CChoice, cost: int) -> str:
    if choice.goto in story.endings:
        return f"leads to the ending '{choice.goto}'"
    return f"costs {cost} standing"


def standing_traps(story: Story) -> list[Diagnostic]:
    """AR055: scenes that, at some standing, offer only choices that end the game."""
    rule = story.manifest.standing
    if rule is None or not story.scenes:
        return []
    probe = start(story, 0)
    found: list[Diagnostic] = []
    for sid, scene in story.scenes.items():
        if all(choice.goto in story.endings for choice in scene.choices):
            continue  # a last scene: every choice is meant to end the story
        traps: list[int] = []
        detail = ""
        for value in range(rule.expelled_at + 1, rule.max + 1):
            state = probe.model_copy(update={"standing": value, "scene": sid})
            env = _StandingOnly(story, state, value)
            offered = [c for c in scene.choices if _may_be_offered(c, env)]
            risks = [(c, *choice_risk(story, state, c)) for c in offered]
            if offered and all(ends for _, _, ends in risks):
                traps.append(value)
                if not detail:
                    detail = "; ".join(f"'{c.id}' {_ending_words(story, c, cost)}" for c, cost, _ in risks)
        if traps:
            at = "standing " + (str(traps[0]) if len(traps) == 1 else f"{traps[0]} to {traps[-1]}")
            found.append(make("AR055", story.pos("node", sid),
                              f"scene '{sid}': at {at} every choice ends the game ({detail})",
                              "offer a way on that costs no standing, or gate the costly choices with "
                              "`when: standing > N`"))
    return found


def _graph(story: Story) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Choice edges between scenes (a choice that spends time may also land on a day's opener or the
    deadline scene), and how many other scenes lead into each scene."""
    m = story.manifest
    jumps = {d.start for d in m.days if d.start} | ({m.deadline.scene} if m.deadline else set())
    edges: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for sid, scene in story.scenes.items():
        for choice in scene.choices:
            if choice.goto in story.scenes:
                edges[sid].add(choice.goto)
                if choice.goto != sid:
                    sources[choice.goto].add(sid)
            if choice.time:
                edges[sid].update(j for j in jumps if j in story.scenes)
    return edges, {sid: len(found) for sid, found in sources.items()}


def dominators(story: Story, edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each scene, the scenes every path from the start passes through to reach it (itself included)."""
    nodes = list(story.scenes)
    root = story.manifest.start
    preds: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            preds[target].add(source)
    everything = set(nodes)
    dom = {n: ({n} if n == root else set(everything)) for n in nodes}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if node == root:
                continue
            inherited = [dom[p] for p in preds[node] if p in dom]
            new = (set.intersection(*inherited) if inherited else set()) | {node}
            if new != dom[node]:
                dom[node] = new
                changed = True
    return dom


def unanswered_choices(story: Story) -> list[Diagnostic]:
    """AR056: choices without a reply that go back to a hub, or jump in time onto a shared scene."""
    edges, into = _graph(story)
    dom = dominators(story, edges)
    found: list[Diagnostic] = []
    for sid, scene in story.scenes.items():
        for choice in scene.choices:
            why = _unanswered(scene, choice, dom, into, story)
            if why:
                found.append(make("AR056", story.pos("choice", f"{sid}.{choice.id}"),
                                  f"choice '{choice.id}' in scene '{sid}' {why}, and has no reply of its own",
                                  "give it a `reply:` that answers what the player chose"))
    return found


def _unanswered(scene: CScene, choice: CChoice, dom: dict[str, set[str]], into: dict[str, int],
                story: Story) -> str:
    if choice.reply is not None or choice.goto not in story.scenes:
        return ""
    back = choice.goto in dom.get(scene.id, ())
    if back and not choice.time:
        return f"returns to '{choice.goto}'"
    if choice.time and (back or into.get(choice.goto, 0) > 1):
        return f"spends time and lands on '{choice.goto}', where other choices lead too"
    return ""


def check_fairness(story: Story) -> list[Diagnostic]:
    """Every fairness diagnostic of a loaded story."""
    return [*standing_traps(story), *unanswered_choices(story)]
