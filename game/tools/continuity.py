"""`archer check`'s continuity pass: every passage true on the paths that reach it.

A passage is what the player reads at one moment: a scene's `text` (or its `again` on a return), the `reply`
of the choice just taken, an ending's text, and inside each of them the `{if}` branch that holds. The pass
plays each case through the real engine, breadth first and bounded (shortest paths first, a few states kept per
scene), then by seeded random walks that go deep, and at each state it reaches it looks at the passage shown there:

- AR100: the passage says what it presupposes (`assumes:` on the scene, or on the choice for its reply) and
  that condition is false here;
- AR101: the passage names a character (their name or short name from the canon, or `{name.C}`) whom Neveah
  has not met yet here (`met.C`), the passage's own scene does not list them in `people:` (the scene that
  introduces someone is fine), and its `assumes:` does not speak of them.

Each warning carries the path that shows it: the actions from the start, as the engine took them, so it can be
replayed (`archer play`, a transcript). The search is a sample: a path it finds proves the warning, and a
passage it finds nothing against is not proven right.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from game.engine import ActionError, GameState, act, start
from game.engine.evaluate import Env, evaluate, has_met
from game.tools.exploration import actions
from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import Expr, Get, Interp, Parts, reads
from game.world.story import CChoice, Story

BOUND = 30_000
"""Distinct states explored per case, at most."""
BUCKET = 4
"""At most this many distinct states kept per scene: the search stays cheap on large stories (the shortest ways
in come first), and the walks go deep."""
WALKS = 40
"""Random playthroughs per case after the search."""
_TITLES = frozenset({"Madame", "Mrs.", "Mrs", "Mr.", "Mr", "Officer", "Miss", "Ms.", "Ms", "Dr.", "Dr"})


@dataclass(frozen=True)
class Passage:
    """One passage as the check reads it: what it is, its text, what it assumes and who is there."""

    kind: str
    """"text", "again" or "reply" (an ending's text is "text")."""
    ident: str
    """The scene or ending id; `scene.choice` for a reply."""
    parts: Parts
    assumes: Expr | None
    assumed: str | None
    people: frozenset[str]
    """Who is in the passage's own scene (for a reply, the scene the choice is in)."""

    @property
    def label(self) -> str:
        if self.kind == "reply":
            scene, _, choice = self.ident.partition(".")
            return f"the reply of choice '{choice}' in scene '{scene}'"
        return f"the {self.kind} of '{self.ident}'"


@dataclass
class Found:
    """The first (shortest) witness of one warning."""

    passage: Passage
    case: str
    path: list[str]
    who: str | None = None


@dataclass
class Continuity:
    """What the pass found, and how much it looked at."""

    found: dict[tuple[str, str, str, str], Found] = field(default_factory=dict)
    """(code, kind, ident, who or "") -> its witness."""
    states: int = 0
    """States looked at: distinct ones of the search, and every step of the walks."""
    passages: set[tuple[str, str]] = field(default_factory=set)
    """The passages seen shown at least once."""
    seconds: float = 0.0


class Names:
    """Finds the characters a piece of text names, by their canon names; cached per string."""

    def __init__(self, story: Story) -> None:
        words: dict[str, set[str]] = {}
        for cid, person in story.characters.items():
            for word in (person.name, person.short):
                words.setdefault(word, set()).add(cid)
            for word in person.name.split():
                if len(word) > 2 and word[0].isupper() and word not in _TITLES:
                    words.setdefault(word, set()).add(cid)
        # A word that two people share (a family name) names neither for sure: only full names and unique words.
        self.who = {word: next(iter(ids)) for word, ids in words.items() if len(ids) == 1}
        ordered = sorted(self.who, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])")
        self.cache: dict[str, tuple[str, ...]] = {}

    def named(self, text: str) -> tuple[str, ...]:
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = tuple(dict.fromkeys(self.who[m.group(1)] for m in self.pattern.finditer(text)))
        return found


def shown_names(parts: Parts, env: Env, names: Names) -> Iterator[str]:
    """The characters a compiled template names as it renders for `env`: in its text, in the `{if}` branches
    that hold, and through `{name.C}`."""
    for part in parts:
        if isinstance(part, str):
            yield from names.named(part)
        elif isinstance(part, Interp):
            if isinstance(part.expr, Get) and part.expr.ns == "name":
                yield part.expr.key
        else:
            for branch in part.branches:
                if evaluate(branch.cond, env):
                    yield from shown_names(branch.body, env, names)
                    break
            else:
                yield from shown_names(part.otherwise, env, names)


def covered(assumes: Expr | None) -> frozenset[str]:
    """The characters an `assumes:` condition speaks of (`met.C`, `trust.C`, ...): their names are its to
    vouch for, and AR100 checks it."""
    return frozenset(node.key for node in reads(assumes) if isinstance(node, Get) and node.ns not in ("name",))


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

    def met(self, state: GameState) -> frozenset[str]:
        return frozenset(who for who in self.story.characters if has_met(self.story, state, who))

    # ---- what is shown at a state, and what is wrong with it

    def shown(self, before: GameState | None, state: GameState) -> Iterator[tuple[Passage, frozenset[str]]]:
        """The passages the view of `state` shows, each with who is known as it is read."""
        story = self.story
        known = self.met(state)
        replied = False
        if state.said and before is not None:
            sid, _, cid = state.said.partition(".")
            choice = next((c for c in story.scenes[sid].choices if c.id == cid), None)
            if choice is not None and choice.reply is not None:
                replied = True
                # A reply is read before the scene it leads to: who that scene introduces is not known yet.
                yield self.reply(sid, choice), self.met(before)
        if state.ending:
            yield self.scene_passages[("text", state.ending)], known
            return
        scene = story.scenes[state.scene]
        if not state.returned:
            yield self.scene_passages[("text", scene.id)], known
        elif scene.again is not None:
            yield self.scene_passages[("again", scene.id)], known
        elif scene.reprint or not replied:
            yield self.scene_passages[("text", scene.id)], known

    def look(self, case: str, before: GameState | None, state: GameState) -> None:
        env = Env(self.story, state)
        for passage, known in self.shown(before, state):
            self.result.passages.add((passage.kind, passage.ident))
            if passage.assumes is not None and not evaluate(passage.assumes, env):
                self.note(("AR100", passage.kind, passage.ident, ""), Found(passage, case, state.path))
                continue
            vouched = covered(passage.assumes)
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
            for sequence in actions(story, state):
                nxt = after(story, state, sequence)
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
                options = actions(story, state)
                if not options:
                    break
                nxt = after(story, state, rng.choice(options))
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


def after(story: Story, state: GameState, sequence: list[str]) -> GameState | None:
    """The state after a sequence of actions, or None when the engine refuses one."""
    try:
        for action in sequence:
            state = act(story, state, action).state
    except ActionError:
        return None
    return state


def check_continuity(story: Story, bound: int = BOUND) -> tuple[list[Diagnostic], Continuity]:
    """Explore every case for continuity and report what was found (see the module docstring)."""
    began = time.perf_counter()
    checker = Pass(story)
    for case in sorted(story.cases):
        checker.explore(case, bound)
        checker.walk(case)
    result = checker.result
    result.seconds = time.perf_counter() - began
    spots = Spots(story, checker.names)
    return [diagnostic(story, item, code, spots) for (code, *_), item in result.found.items()], result


def summary(story: Story, looked: Continuity) -> str:
    """The line `archer check` prints about the pass (to stderr): how much of the story it saw."""
    total = len(story.passages)
    return (f"continuity: {len(looked.passages)} of {total} passages seen shown in {looked.states:,} states "
            f"({looked.seconds:.2f}s); a sample: a passage without a warning is not proven")


def witness(path: list[str]) -> str:
    """A path as the warnings print it."""
    return " → ".join(path) if path else "(at the start)"


class Spots:
    """Where in its file a passage first names someone, read back from the source (AR101 points at the name,
    not only at the passage); the passage's own position when the file cannot be read or the name is not there."""

    def __init__(self, story: Story, names: Names) -> None:
        self.names = names
        self.texts: dict[str, str | None] = {}
        self.starts: dict[str, list[tuple[int, int]]] = {}
        for path, line, col in story.passages.values():
            self.starts.setdefault(path, []).append((line, col))
        for found in self.starts.values():
            found.sort()

    def _text(self, path: str) -> str | None:
        if path not in self.texts:
            from pathlib import Path

            try:
                self.texts[path] = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[path] = None
        return self.texts[path]

    def find(self, pos: Pos, who: str) -> Pos:
        text = self._text(pos.path)
        if text is None:
            return pos
        begin, end = _offset(text, pos.line, pos.col), len(text)
        later = [start for start in self.starts.get(pos.path, ()) if start > (pos.line, pos.col)]
        if later:
            end = _offset(text, *later[0])
        words = sorted((w for w, c in self.names.who.items() if c == who), key=len, reverse=True)
        spelled = [rf"(?<![\w]){re.escape(word)}(?![\w])" for word in words] + [rf"\bname\.{re.escape(who)}\b"]
        found = re.compile("|".join(spelled)).search(text, begin, end)
        if found is None:
            return pos
        start = found.start()
        return Pos(pos.path, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))


def _offset(text: str, line: int, col: int) -> int:
    """The offset of a 1-based line and column in `text`."""
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return at + col - 1


def diagnostic(story: Story, item: Found, code: str, spots: Spots | None = None) -> Diagnostic:
    passage = item.passage
    at = story.passages.get((passage.kind, passage.ident))
    pos = Pos(*at) if at else story.pos("node", passage.ident.partition(".")[0])
    if item.who is not None and spots is not None:
        pos = spots.find(pos, item.who)
    shown = f"case '{item.case}', {len(item.path)} action(s): {witness(item.path)}"
    if code == "AR100":
        return make(code, pos, f"{passage.label} assumes `{passage.assumed}`, which is false where it is shown; "
                    f"{shown}", "reach it only where that holds (a `when:` on the way in), or vary the text "
                    "with `{if ...}`, or fix what `assumes:` says")
    assert item.who is not None
    person = story.characters[item.who]
    return make(code, pos, f"{passage.label} names {person.short} ('{item.who}') before Neveah has met them; "
                f"{shown}", f"introduce them first (a scene with {item.who} in `people:` or `introduces:` on every way "
                f"in), or guard the words with `{{if met.{item.who}}}`, or say `assumes: met.{item.who}` where it "
                "holds")


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
