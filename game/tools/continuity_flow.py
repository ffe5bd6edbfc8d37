"""The continuity pass's proof: which passages can never show a warning, on any path (game.tools.continuity).

A forward "must" analysis over the scene graph. For every scene, ending and reply it works out the facts that
hold on every way there: who is met (`met.C`), which flags are set or clear, which clues, secrets and statements
are held or not, which scenes were seen. A fact holds at a scene when it holds at the end of every edge into it
(the intersection over its predecessors), starting from what a new game holds and iterating to the fixed point.

Every way the engine moves or changes a state is an edge: a choice (its `when:` learnt as true, its effects,
the scene entered and that scene's entry effects), the clock sending the player to a day's opening scene or the
deadline's, the expulsion ending wherever standing can fall, the accusation's verdicts, and at a board the
contradictions' effects. A condition is decided where the facts decide it (a choice whose `when:` is false on
every way in is never taken) and unknown otherwise, so the analysis over-approximates the paths: a fact it
proves holds on every real path, and a passage it finds nothing against can show no warning. What it cannot
prove (`Candidate`) is left to the search, which looks for a real path that shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from heapq import heappop, heappush

from game.engine.core import _touches_standing
from game.world.ir import (
    And,
    ClearFlag,
    Const,
    Effect,
    Expr,
    Get,
    GiveClue,
    Hear,
    IfBlock,
    Not,
    Or,
    Parts,
    Reveal,
    SetFlag,
    reads,
)
from game.world.story import CChoice, CScene, Story

TRACKED = frozenset({"met", "flag", "clue", "secret", "heard", "seen"})
"""The names whose truth the analysis follows: each is true or false, and only effects and entering change it."""


Op = tuple[int, int]
"""A change of facts as (keep, add): `(facts & keep) | add`. Effects, entering a node and learning what a
condition proves are all of this form, so a whole edge is worked out once and applied with two operations."""
SAME: Op = (-1, 0)


def then(first: Op, second: Op) -> Op:
    """`first`, then `second`, as one change."""
    return first[0] & second[0], (first[1] & second[0]) | second[1]


class Facts:
    """The atoms the story's conditions read, each with a bit for "true on every path" and one for "false"."""

    def __init__(self, story: Story) -> None:
        self.index: dict[tuple[str, str], int] = {}
        for who in story.characters:
            self._atom("met", who)
        self._read: set[int] = set()
        for scene in story.scenes.values():
            self._condition(scene.assumes)
            self._template(scene.text)
            self._template(scene.again)
            for choice in scene.choices:
                self._condition(choice.when)
                self._condition(choice.assumes)
                self._template(choice.reply)
        for ending in story.endings.values():
            self._template(ending.text)
        self.all_false = sum(self.bit(atom, False) for atom in self.index)
        self._learnt: dict[tuple[int, bool], Op] = {}
        self._reads: dict[int, int] = {}
        self._refuted: dict[tuple[int, int], bool] = {}

    def _condition(self, expr: Expr | None) -> None:
        if expr is None or id(expr) in self._read:  # a condition written alike is compiled once, and read once
            return
        self._read.add(id(expr))
        for node in reads(expr):
            if isinstance(node, Get) and node.ns in TRACKED:
                self._atom(node.ns, node.key)

    def _template(self, parts: Parts | None) -> None:
        for part in parts or ():
            if isinstance(part, IfBlock):
                for branch in part.branches:
                    self._condition(branch.cond)
                    self._template(branch.body)
                self._template(part.otherwise)

    def _atom(self, ns: str, key: str) -> None:
        self.index.setdefault((ns, key), len(self.index))

    def bit(self, atom: tuple[str, str], truth: bool) -> int:
        """The bit of an atom's truth; 0 for an atom no condition reads."""
        at = self.index.get(atom)
        return 0 if at is None else 1 << (2 * at + (0 if truth else 1))

    def both(self, atom: tuple[str, str]) -> int:
        return self.bit(atom, True) | self.bit(atom, False)

    def make(self, atom: tuple[str, str], truth: bool) -> Op:
        """The change that makes `atom` `truth`."""
        return ~self.bit(atom, not truth), self.bit(atom, truth)

    def reads(self, expr: Expr) -> int:
        """The bits of every atom `expr` reads: the facts that can decide it (0: none can)."""
        found = self._reads.get(id(expr))
        if found is None:
            found = self._reads[id(expr)] = sum({self.both((node.ns, node.key)) for node in reads(expr)
                                                 if isinstance(node, Get) and node.ns in TRACKED})
        return found

    def refuted(self, expr: Expr, facts: int) -> bool:
        """Whether `expr` is false wherever `facts` hold (remembered by the facts it reads)."""
        key = (id(expr), facts & self.reads(expr))
        found = self._refuted.get(key)
        if found is None:
            found = self._refuted[key] = self.decide(expr, facts) is False
        return found

    def decide(self, expr: Expr | None, facts: int) -> bool | None:
        """The truth of a condition wherever `facts` hold, or None when they do not decide it."""
        if expr is None:
            return True
        if isinstance(expr, Get):
            if expr.ns not in TRACKED:
                return None
            if facts & self.bit((expr.ns, expr.key), True):
                return True
            return False if facts & self.bit((expr.ns, expr.key), False) else None
        if isinstance(expr, Const):
            return bool(expr.value)
        if isinstance(expr, Not):
            found = self.decide(expr.operand, facts)
            return None if found is None else not found
        if isinstance(expr, And | Or):
            parts = [self.decide(part, facts) for part in expr.parts]
            stop = isinstance(expr, Or)  # an Or is decided by one true part, an And by one false part
            if stop in parts:
                return stop
            return None if None in parts else not stop
        return None

    def learn(self, expr: Expr | None, truth: bool) -> Op:
        """What a condition being `truth` proves, as a change of facts (only what it proves for sure)."""
        if expr is None:
            return SAME
        key = (id(expr), truth)
        found = self._learnt.get(key)
        if found is None:
            found = SAME
            if isinstance(expr, Get) and expr.ns in TRACKED:
                found = self.make((expr.ns, expr.key), truth)
            elif isinstance(expr, Not):
                found = self.learn(expr.operand, not truth)
            elif isinstance(expr, And) and truth or isinstance(expr, Or) and not truth:
                for part in expr.parts:
                    found = then(found, self.learn(part, truth))
            self._learnt[key] = found
        return found

    def apply(self, effects: tuple[Effect, ...]) -> Op:
        """The change effects make (an assignment changes only numbers, which are not followed)."""
        found = SAME
        for effect in effects:
            if isinstance(effect, SetFlag | ClearFlag):
                found = then(found, self.make(("flag", effect.flag), isinstance(effect, SetFlag)))
            elif isinstance(effect, GiveClue):
                found = then(found, self.make(("clue", effect.clue), True))
            elif isinstance(effect, Hear):
                found = then(found, self.make(("heard", effect.statement), True))
            elif isinstance(effect, Reveal):
                found = then(found, self.make(("secret", effect.secret), True))
        return found


@dataclass
class Flow:
    """The facts that hold on every way to each node, and to each reply (absent: never reached, even ignoring
    the conditions the analysis cannot decide)."""

    facts: Facts
    nodes: dict[str, int] = field(default_factory=dict)
    replies: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    """(scene, choice) -> (facts before the choice, facts where its reply is shown)."""


Edge = tuple[Expr | None, tuple[str, str] | None, str, Op]
"""(the condition to decide on the way, or None; the reply shown on arriving, if any; the target; the change)."""


class _Analysis:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.facts = facts = Facts(story)
        manifest = story.manifest
        # At a board, a contradiction caught applies its effects and reveals its secret without leaving the scene.
        board = 0
        for (statement, clue), effects in story.contradiction_effects.items():
            caught = story.contradictions.get((statement, clue))
            if caught is not None and caught.reveals:
                board |= facts.both(("secret", caught.reveals))
            for effect in effects:
                board |= self._touched(effect)
        self.board = board
        self.expelled = manifest.standing.ending if manifest.standing else None
        self.clock = [day.start for day in manifest.days[1:] if day.start]
        if manifest.deadline is not None:
            self.clock.append(manifest.deadline.scene)
        rule = manifest.accusation
        self.verdicts = [rule.solved, rule.weak, rule.weak_final, rule.wrong, rule.wrong_final] if rule else []
        self.entering: dict[str, Op] = {}
        self.costly: dict[str, bool] = {}
        self.out: dict[str, list[Edge]] = {}

    def _touched(self, effect: Effect) -> int:
        """Both bits of the atom an effect writes (0 when it writes none that is followed)."""
        if isinstance(effect, SetFlag | ClearFlag):
            return self.facts.both(("flag", effect.flag))
        if isinstance(effect, GiveClue):
            return self.facts.both(("clue", effect.clue))
        if isinstance(effect, Hear):
            return self.facts.both(("heard", effect.statement))
        if isinstance(effect, Reveal):
            return self.facts.both(("secret", effect.secret))
        return 0

    def costs(self, scene: CScene) -> bool:
        """Whether entering a scene can cost standing."""
        found = self.costly.get(scene.id)
        if found is None:
            found = self.costly[scene.id] = _touches_standing(scene.enter)
        return found

    def enter(self, node: str) -> Op:
        """The change entering `node` makes: it was seen, who it lets Neveah meet, its entry effects, and at a
        board whatever the investigation may change there."""
        found = self.entering.get(node)
        if found is None:
            facts = self.facts
            found = facts.make(("seen", node), True)
            scene = self.story.scenes.get(node)
            if scene is None:
                found = then(found, facts.apply(self.story.endings[node].enter))
            else:
                for who in dict.fromkeys((*scene.people, *scene.introduces)):
                    found = then(found, facts.make(("met", who), True))
                found = then(found, facts.apply(scene.enter))
                if scene.board:
                    found = then(found, (~self.board, 0))
            self.entering[node] = found
        return found

    def run(self) -> Flow:
        """The fixed point. Nodes are taken in reverse postorder of the graph (a node after the ways into it,
        loops aside), so that most facts settle on the first visit."""
        story, facts = self.story, self.facts
        known = sum(facts.bit(("met", who), True) for who in story.manifest.known)
        unknown = sum(facts.bit(("met", who), False) for who in story.manifest.known)
        start = story.manifest.start
        keep, add = self.enter(start)
        found = Flow(facts, {start: (((facts.all_false & ~unknown) | known) & keep) | add})
        at, replies = found.nodes, found.replies
        order = self.order(start)
        pending = [order[start]]
        queued = {order[start]}
        names = list(order)
        refuted = facts.refuted
        while pending:
            rank = heappop(pending)
            queued.discard(rank)
            node = names[rank]
            here = at[node]
            for when, reply, target, (keep, add) in self.out[node]:
                if when is not None and refuted(when, here):
                    continue
                after = (here & keep) | add
                if reply is not None:
                    before, shown = replies.get(reply, (here, after))
                    replies[reply] = (before & here, shown & after)
                was = at.get(target)
                now = after if was is None else was & after
                if now != was:
                    at[target] = now
                    rank = order[target]
                    if rank not in queued:
                        queued.add(rank)
                        heappush(pending, rank)
        return found

    def order(self, start: str) -> dict[str, int]:
        """Every node the edges reach from `start`, ignoring conditions, numbered in reverse postorder (and
        each node's edges worked out on the way)."""
        post: list[str] = []
        seen = {start}
        stack = [(start, iter(self._edges_of(start)))]
        while stack:
            node, rest = stack[-1]
            for _, _, target, _ in rest:
                if target not in seen:
                    seen.add(target)
                    stack.append((target, iter(self._edges_of(target))))
                    break
            else:
                stack.pop()
                post.append(node)
        return {node: rank for rank, node in enumerate(reversed(post))}

    def _edges_of(self, node: str) -> list[Edge]:
        found = self.out.get(node)
        if found is None:
            reads = self.facts.reads
            found = self.out[node] = [(when if when is not None and (reads(when) or isinstance(when, Const)) else None,
                                       reply, target, change)
                                      for when, reply, target, change in self.edges(node)]
        return found

    def edges(self, node: str) -> Iterator[Edge]:
        """Every way out of `node`, each worked out once."""
        scene = self.story.scenes.get(node)
        if scene is None:
            return
        for choice in scene.choices:
            reply = (node, choice.id) if choice.reply is not None else None
            for target, change in self.taking(choice):
                yield choice.when, reply, target, change
        if self.expelled and (scene.board or scene.accuse):  # a wrong present or a failed accusation costs standing
            yield None, None, self.expelled, self.enter(self.expelled)
        if scene.accuse:
            for target in self.verdicts:
                yield None, None, target, self.enter(target)

    def taking(self, choice: CChoice) -> Iterator[tuple[str, Op]]:
        """Where taking a choice can leave the player, with the change on the way: where it leads, and when it
        spends time and does not end the story, any day's opening scene and the deadline's (the clock's moves)."""
        story, facts = self.story, self.facts
        done = then(facts.learn(choice.when, True), facts.apply(choice.do)) if choice.when or choice.do else SAME
        targets = [choice.goto]
        if choice.time and choice.goto not in story.endings:
            targets += self.clock
        for target in targets:
            arrived = then(done, self.enter(target))
            yield target, arrived
            scene = story.scenes.get(target)
            if self.expelled and (_touches_standing(choice.do) or scene is not None and self.costs(scene)):
                yield self.expelled, then(done, self.enter(self.expelled))
                yield self.expelled, then(arrived, self.enter(self.expelled))


def flow(story: Story) -> Flow:
    """The facts on every way to each node and reply of `story` (see the module docstring)."""
    return _Analysis(story).run()
