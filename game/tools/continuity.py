"""`archer check`'s continuity pass: every passage true on the paths that reach it.

A passage is what the player reads at one moment: a scene's `text` (or its `again` on a return), the `reply`
of the choice just taken, an ending's text, and inside each of them the `{if}` branch that holds. The pass
warns where a passage can be shown wrong:

- AR100: the passage says what it presupposes (`assumes:` on the scene, or on the choice for its reply) and
  that condition is false here;
- AR101: the passage names a character (their name or short name from the canon, or `{name.C}`) whom Neveah
  has not met yet here (`met.C`), the passage's own scene does not list them in `people:` (the scene that
  introduces someone is fine), and its `assumes:` does not speak of them.

It works in two steps. First an analysis of every path at once (game.tools.continuity_flow) proves most
passages right wherever they are shown: what holds on every way to them rules the warning out. Then, for the
passages it cannot prove, the pass plays each case through the real engine, breadth first and bounded (shortest
paths first, a few states kept per scene), then by seeded random walks that go deep, and looks at those passages
at each state it reaches. Each warning carries the path that shows it: the actions from the start, as the engine
took them, so it can be replayed (`archer play`, a transcript). A passage the analysis proves has no warning on
any path; one it cannot prove and the search finds nothing against is not proven either way.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator

from game.engine import ActionError, GameState, act, available, start
from game.engine.evaluate import Env, evaluate
from game.tools.continuity_flow import Facts, flow
from game.tools.continuity_names import Names, covered, shown_names, template_names
from game.tools.continuity_report import Candidate, Continuity, Found, Passage, Spots, diagnostic, summary
from game.tools.exploration import actions, take_offered
from game.world.diagnostics import Diagnostic
from game.world.ir import reads
from game.world.story import CChoice, Story

BOUND = 30_000
"""Distinct states explored per case, at most."""
BUCKET = 4
"""At most this many distinct states kept per scene: the search stays cheap on large stories (the shortest ways
in come first), and the walks go deep."""
WALKS = 40
"""Random playthroughs per case after the search."""


def unproven(passage: Passage, facts: Facts, shown: int, before: int,
             named: Callable[[str], tuple[str, ...]]) -> Iterator[Candidate]:
    """The warnings a passage may show, where `shown` holds as it is shown and `before` held before the action
    that shows it (the same for a scene's text; for a reply, before the choice)."""
    if passage.assumes is not None and facts.decide(passage.assumes, shown) is not True:
        yield "AR100", passage.kind, passage.ident, ""
    vouched = covered(passage.assumes)
    for who, held in template_names(passage.parts, facts, shown, named):
        if who in passage.people or who in vouched:
            continue
        known = before if passage.kind == "reply" else held
        if not known & facts.bit(("met", who), True):
            yield "AR101", passage.kind, passage.ident, who


class Pass:
    """The continuity pass over one story (see the module docstring)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.names = Names(story)
        self.result = Continuity()
        self.scene_passages: dict[tuple[str, str], Passage] = {}
        for sid, scene in story.scenes.items():
            people = frozenset((*scene.people, *scene.introduces))
            self.scene_passages[("text", sid)] = Passage("text", sid, scene.text, scene.assumes, scene.assumed,
                                                         people)
            if scene.again is not None:
                self.scene_passages[("again", sid)] = Passage("again", sid, scene.again, scene.assumes,
                                                              scene.assumed, people)
        for eid, ending in story.endings.items():
            self.scene_passages[("text", eid)] = Passage("text", eid, ending.text, None, None, frozenset())
        self.open: set[tuple[str, str]] | None = None
        """The passages the search looks at (None: every one)."""
        known = story.manifest.known
        self.known = frozenset(who for who in story.characters if who in known)
        meets: dict[str, set[str]] = {}
        for who in story.characters:
            for sid in story.met_in.get(who, ()):
                meets.setdefault(sid, set()).add(who)
        self.meets = {sid: frozenset(people) for sid, people in meets.items()}
        """Scene -> the characters met by entering it (the inverse of `story.met_in`), for `met`."""
        self.atoms = tuple(dict.fromkeys(
            node for scene in story.scenes.values()
            for expr in (scene.assumes, *(c.assumes for c in scene.choices)) if expr is not None
            for node in reads(expr)))

    def passage(self, kind: str, ident: str) -> Passage:
        """A passage by kind and id (a reply's id is `scene.choice`)."""
        if kind != "reply":
            return self.scene_passages[(kind, ident)]
        sid, _, cid = ident.partition(".")
        return self.reply(sid, next(c for c in self.story.scenes[sid].choices if c.id == cid))

    def reply(self, sid: str, choice: CChoice) -> Passage:
        key = ("reply", f"{sid}.{choice.id}")
        found = self.scene_passages.get(key)
        if found is None:
            assert choice.reply is not None
            found = self.scene_passages[key] = Passage(
                "reply", key[1], choice.reply, choice.assumes, choice.assumed,
                frozenset((*self.story.scenes[sid].people, *self.story.scenes[sid].introduces)))
        return found

    def prove(self) -> set[Candidate]:
        """Run the analysis (game.tools.continuity_flow): the warnings it cannot rule out, and from now on the
        search looks only at the passages they are in."""
        story, found = self.story, set[Candidate]()
        analysed = flow(story)
        named = self.names.named
        reached = 0
        for sid, scene in story.scenes.items():
            facts = analysed.nodes.get(sid)
            if facts is None:
                continue
            for kind in ("text", "again"):
                passage = self.scene_passages.get((kind, sid))
                if passage is not None:
                    reached += 1
                    found.update(unproven(passage, analysed.facts, facts, facts, named))
            for choice in scene.choices:
                facts_around = analysed.replies.get((sid, choice.id))
                if facts_around is not None and choice.reply is not None:
                    reached += 1
                    found.update(unproven(self.reply(sid, choice), analysed.facts, facts_around[1],
                                          facts_around[0], named))
        for eid in story.endings:
            facts = analysed.nodes.get(eid)
            if facts is not None:
                reached += 1
                found.update(unproven(self.scene_passages[("text", eid)], analysed.facts, facts, facts, named))
        self.result.reached = reached
        self.open = self.result.unproven = {(kind, ident) for _, kind, ident, _ in found}
        return found

    def met(self, state: GameState) -> frozenset[str]:
        """The characters Neveah has met in `state` (as `game.engine.evaluate.has_met` says, for each of them):
        those known from the start and those listed in a scene entered, found from the scenes visited."""
        found = set(self.known)
        meets = self.meets
        for sid, count in state.visits.items():
            if count and sid in meets:
                found |= meets[sid]
        return frozenset(found)

    # ---- what is shown at a state, and what is wrong with it

    def shown(self, before: GameState | None, state: GameState) -> Iterator[tuple[Passage, GameState]]:
        """The passages the view of `state` shows, each with the state whose meetings are known as it is read
        (`met` of it is worked out only for the passages looked at)."""
        story = self.story
        replied = False
        if state.said and before is not None:
            sid, _, cid = state.said.partition(".")
            choice = next((c for c in story.scenes[sid].choices if c.id == cid), None)
            if choice is not None and choice.reply is not None:
                replied = True
                # A reply is read before the scene it leads to: who that scene introduces is not known yet.
                yield self.reply(sid, choice), before
        if state.ending:
            yield self.scene_passages[("text", state.ending)], state
            return
        scene = story.scenes[state.scene]
        if not state.returned:
            yield self.scene_passages[("text", scene.id)], state
        elif scene.again is not None:
            yield self.scene_passages[("again", scene.id)], state
        elif scene.reprint or not replied:
            yield self.scene_passages[("text", scene.id)], state

    def look(self, case: str, before: GameState | None, state: GameState) -> None:
        env = Env(self.story, state)
        for passage, knower in self.shown(before, state):
            if self.open is not None and (passage.kind, passage.ident) not in self.open:
                continue
            self.result.passages.add((passage.kind, passage.ident))
            if passage.assumes is not None and not evaluate(passage.assumes, env):
                self.note(("AR100", passage.kind, passage.ident, ""), Found(passage, case, state.path))
                continue
            vouched = covered(passage.assumes)
            known = self.met(knower)
            for who in shown_names(passage.parts, env, self.names):
                if who in known or who in passage.people or who in vouched:
                    continue
                self.note(("AR101", passage.kind, passage.ident, who), Found(passage, case, state.path, who))

    def note(self, key: tuple[str, str, str, str], item: Found) -> None:
        """Keep the shortest witness of each warning."""
        known = self.result.found.get(key)
        if known is None or len(item.path) < len(known.path):
            item.path = list(item.path)
            self.result.found[key] = item

    # ---- the search

    def explore(self, case: str, bound: int = BOUND, bucket: int = BUCKET) -> None:
        story = self.story
        first = start(story, 0, case)
        self.look(case, None, first)
        seen = {self.key(first)}
        kept: dict[str, int] = {}
        queue: deque[GameState] = deque([first])
        while queue:
            state = queue.popleft()
            if state.ending:
                continue
            offered = available(story, state)
            for sequence in actions(story, state, offered):
                nxt = after(story, state, sequence, offered)
                if nxt is None:
                    continue
                self.look(case, state, nxt)
                key = self.key(nxt)
                if key in seen or len(seen) >= bound:
                    continue
                if kept.get(nxt.scene, 0) >= bucket:
                    continue
                kept[nxt.scene] = kept.get(nxt.scene, 0) + 1
                seen.add(key)
                queue.append(nxt)
        self.result.states += len(seen)

    def walk(self, case: str, runs: int = WALKS, steps: int = 400) -> None:
        """Seeded random playthroughs: they go deep (to Friday, to the endings) where the search goes wide."""
        import random

        story = self.story
        for run in range(runs):
            rng = random.Random(f"continuity:{case}:{run}")
            state = start(story, run, case)
            for _ in range(steps):
                if state.ending:
                    break
                offered = available(story, state)
                options = actions(story, state, offered)
                if not options:
                    break
                nxt = after(story, state, rng.choice(options), offered)
                if nxt is None:
                    break
                self.look(case, state, nxt)
                state = nxt
                self.result.states += 1

    def key(self, state: GameState) -> tuple[object, ...]:
        """What tells two states apart for the search: where and when, who is met, what is held and set, and the
        truth of every name an `assumes:` reads."""
        env = Env(self.story, state)
        return (state.scene, state.day, state.slot, self.met(state), frozenset(state.flags), frozenset(state.clues),
                frozenset(state.caught), frozenset(state.secrets), len(state.deductions),
                tuple(bool(evaluate(atom, env)) for atom in self.atoms))


def after(story: Story, state: GameState, sequence: list[str], offered: list[CChoice]) -> GameState | None:
    """The state after a sequence of actions, or None when the engine refuses one. `offered` are the choices on
    offer in `state` (`available`): one of them is taken without listing them again."""
    try:
        if len(sequence) == 1:
            choice = next((c for c in offered if c.id == sequence[0]), None)
            if choice is not None:
                return take_offered(story, state, choice)
        for action in sequence:
            state = act(story, state, action).state
    except ActionError:
        return None
    return state


def check_continuity(story: Story, bound: int = BOUND) -> tuple[list[Diagnostic], Continuity]:
    """Explore every case for continuity and report what was found (see the module docstring)."""
    began = time.perf_counter()
    checker = Pass(story)
    if checker.prove():
        for case in sorted(story.cases):
            checker.explore(case, bound)
            checker.walk(case)
    result = checker.result
    result.seconds = time.perf_counter() - began
    spots = Spots(story, checker.names)
    return [diagnostic(story, item, code, spots) for (code, *_), item in result.found.items()], result


def main(argv: list[str] | None = None) -> int:
    """`python -m game.tools.continuity [STORY_DIR]`: only this pass, for authors mending text (exit 1 when the
    story does not load)."""
    import argparse
    import sys
    from pathlib import Path

    from game.paths import story_dir
    from game.world import load_story
    from game.world.diagnostics import sort_key

    parser = argparse.ArgumentParser(prog="python -m game.tools.continuity", description=main.__doc__)
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="story folder (default: the shipped story)")
    args = parser.parse_args(argv)
    loaded = load_story(Path(args.story) if args.story else story_dir())
    if loaded.story is None:
        for problem in sorted(loaded.diagnostics, key=sort_key):
            print(problem.format())
        return 1
    found, looked = check_continuity(loaded.story)
    for problem in sorted(found, key=sort_key):
        print(problem.format())
    print(summary(loaded.story, looked), file=sys.stderr)
    print(f"{len(found)} continuity warning(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
