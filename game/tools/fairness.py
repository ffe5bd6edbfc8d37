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
from game.engine.core import _touches_standing, choice_risk
from game.engine.evaluate import Env, evaluate
from game.world.diagnostics import Diagnostic, make
from game.world.ir import And, Bare, reads
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


class _Judged:
    """One choice as the trap check reads it, with what cannot depend on standing worked out once: the parts of
    its condition (each with whether it reads standing) and, when neither the choice nor the scene it leads to
    changes standing, its risk (`choice_risk`), which is then the same in every state."""

    __slots__ = ("choice", "parts", "risk")

    def __init__(self, story: Story, choice: CChoice, probe: GameState) -> None:
        self.choice = choice
        when = choice.when
        parts = () if when is None else when.parts if isinstance(when, And) else (when,)
        self.parts = tuple((part, any(isinstance(n, Bare) and n.name == "standing" for n in reads(part)))
                           for part in parts)
        target = story.scenes.get(choice.goto)
        fixed = not _touches_standing((*choice.do, *(target.enter if target else ())))
        self.risk = choice_risk(story, probe, choice) if fixed else None

    def fixed(self) -> bool:
        """Whether the choice is judged the same at every standing."""
        return self.risk is not None and not any(standing for _, standing in self.parts)

    def may_be_offered(self, env: _StandingOnly, known: dict[int, bool]) -> bool:
        """False only when the condition is false whatever else holds (a conjunct on standing fails). A part
        that does not read standing has the same outcome at every standing: `known` keeps it by the part's
        identity (True: it fails)."""
        for part, standing in self.parts:
            fails = None if standing else known.get(id(part))
            if fails is None:
                try:
                    fails = not evaluate(part, env)
                except _Unknown:
                    fails = False
                if not standing:
                    known[id(part)] = fails
            if fails:
                return False
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
    known: dict[int, bool] = {}
    values = range(rule.expelled_at + 1, rule.max + 1)
    for sid, scene in story.scenes.items():
        if all(choice.goto in story.endings for choice in scene.choices):
            continue  # a last scene: every choice is meant to end the story
        judged = [_Judged(story, choice, probe) for choice in scene.choices]
        # Where no choice's condition or risk reads standing, every standing is judged as the first is.
        fixed = all(j.fixed() for j in judged)
        traps: list[int] = []
        detail = ""
        for value in values:
            state: GameState | None = None
            env = _StandingOnly(story, probe, value)
            offered = [j for j in judged if j.may_be_offered(env, known)]
            risks = []
            for j in offered:
                if j.risk is None:
                    if state is None:
                        state = probe.model_copy(update={"standing": value, "scene": sid})
                    risks.append((j.choice, *choice_risk(story, state, j.choice)))
                else:
                    risks.append((j.choice, *j.risk))
            if offered and all(ends for _, _, ends in risks):
                traps.append(value)
                if not detail:
                    detail = "; ".join(f"'{c.id}' {_ending_words(story, c, cost)}" for c, cost, _ in risks)
            if fixed:
                traps = list(values) if traps else []
                break
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


class Dominance:
    """Which scenes every path from the start passes through to reach a scene: `dominates(a, b)`.

    The dominator tree, by Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder, with
    intervals from one walk of the tree, so a question costs two comparisons and memory grows with the story,
    not with its square. Paths start at the story's start and at every scene nothing leads to; a scene that no
    such path reaches (only a cycle leads into it) is dominated by every scene, as nothing shows otherwise.
    """

    def __init__(self, story: Story, edges: dict[str, set[str]]) -> None:
        names = list(story.scenes)
        index = {name: i + 1 for i, name in enumerate(names)}  # 0 is a root above every starting scene
        succ: list[list[int]] = [[] for _ in range(len(names) + 1)]
        preds: list[list[int]] = [[] for _ in range(len(names) + 1)]
        for source, targets in edges.items():
            for target in targets:
                if source in index and target in index:
                    succ[index[source]].append(index[target])
                    preds[index[target]].append(index[source])
        starts = [index[n] for n in names if n == story.manifest.start or not preds[index[n]]]
        succ[0] = starts
        for i in starts:
            preds[i].append(0)
        order = self._postorder(succ)
        rank = [-1] * len(succ)
        for number, node in enumerate(order):
            rank[node] = number
        idom = [-1] * len(succ)
        idom[0] = 0
        changed = True
        while changed:
            changed = False
            for node in reversed(order[:-1]):
                new = -1
                for p in preds[node]:
                    if idom[p] == -1:
                        continue
                    if new == -1:
                        new = p
                        continue
                    a, b = p, new
                    while a != b:
                        while rank[a] < rank[b]:
                            a = idom[a]
                        while rank[b] < rank[a]:
                            b = idom[b]
                    new = a
                if idom[node] != new:
                    idom[node] = new
                    changed = True
        children: list[list[int]] = [[] for _ in range(len(succ))]
        for node in order[:-1]:
            children[idom[node]].append(node)
        self._index = index
        self._enter = [-1] * len(succ)
        self._leave = [-1] * len(succ)
        clock = 0
        stack = [(0, False)]
        while stack:
            node, done = stack.pop()
            if done:
                self._leave[node] = clock
            else:
                self._enter[node] = clock
                stack.append((node, True))
                stack.extend((child, False) for child in children[node])
            clock += 1

    @staticmethod
    def _postorder(succ: list[list[int]]) -> list[int]:
        """The nodes reachable from 0, each after everything it leads to first (0 comes last)."""
        seen = [False] * len(succ)
        seen[0] = True
        order: list[int] = []
        stack = [(0, iter(succ[0]))]
        while stack:
            node, rest = stack[-1]
            for nxt in rest:
                if not seen[nxt]:
                    seen[nxt] = True
                    stack.append((nxt, iter(succ[nxt])))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def dominates(self, a: str, b: str) -> bool:
        """Whether every path from the start to scene `b` passes through scene `a` (a scene dominates itself)."""
        i, j = self._index[a], self._index[b]
        if self._enter[j] == -1:
            return True
        return self._enter[i] != -1 and self._enter[i] <= self._enter[j] and self._leave[j] <= self._leave[i]


def unanswered_choices(story: Story) -> list[Diagnostic]:
    """AR056: choices without a reply that go back to a hub, or jump in time onto a shared scene."""
    edges, into = _graph(story)
    dom = Dominance(story, edges)
    found: list[Diagnostic] = []
    for sid, scene in story.scenes.items():
        for choice in scene.choices:
            why = _unanswered(scene, choice, dom, into, story)
            if why:
                found.append(make("AR056", story.pos("choice", f"{sid}.{choice.id}"),
                                  f"choice '{choice.id}' in scene '{sid}' {why}, and has no reply of its own",
                                  "give it a `reply:` that answers what the player chose"))
    return found


def _unanswered(scene: CScene, choice: CChoice, dom: Dominance, into: dict[str, int], story: Story) -> str:
    if choice.reply is not None or choice.goto not in story.scenes:
        return ""
    back = dom.dominates(choice.goto, scene.id)
    if back and not choice.time:
        return f"returns to '{choice.goto}'"
    if choice.time and (back or into.get(choice.goto, 0) > 1):
        return f"spends time and lands on '{choice.goto}', where other choices lead too"
    return ""


def check_fairness(story: Story) -> list[Diagnostic]:
    """Every fairness diagnostic of a loaded story."""
    return [*standing_traps(story), *unanswered_choices(story)]
