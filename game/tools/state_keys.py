"""What of a game state the exploration tells apart: the names, clues and statements a case's outcome can depend
on (`Relevance`), and the key a state is hashed on (`state_key`). Everything else (the path taken, visit counts
nobody reads, text-only names) is left out, so that states differing only there are explored once.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import GameState
from game.engine.evaluate import fact_true, scenes_read
from game.engine.mystery import ACCOUNT_TOPICS, contradicts
from game.world.ir import Assign, Cmp, Const, Expr, Get, reads, walk
from game.world.story import Story


def _compared_constants(conditions: list[Expr | None]) -> dict[tuple[str, str], list[int]]:
    """For each name such as ("visited", "x"), the whole-number constants it is compared with, directly, in the
    conditions: one walk over every condition, however many names there are."""
    found: dict[tuple[str, str], list[int]] = {}
    for condition in conditions:
        for node in walk(condition):
            if isinstance(node, Cmp):
                for a, b in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(a, Get) and isinstance(b, Const) and type(b.value) is int:
                        found.setdefault((a.ns, a.key), []).append(b.value)
    return found


def _names(root: Expr | None) -> set[tuple[str, str]]:
    """The names a compiled expression reads: Get as (ns, key), bare names as ("", name)."""
    return {(n.ns, n.key) if isinstance(n, Get) else ("", n.name) for n in reads(root)}


@dataclass(frozen=True)
class Relevance:
    """What a state's future outcome can depend on, in one case: the rest is left out of its hash.

    Conditions are what decide which choices are offered, so every name a condition reads is kept (and, through
    assignments, every name those are computed from). Text can read anything but changes no outcome. For the
    investigation: statements false in this case and the evidence that breaks them, evidence that weighs on the
    culprit (the solving accusation), and whether three pieces of evidence are held (any accusation).
    """

    names: frozenset[tuple[str, str]]
    clues: frozenset[str]
    statements: frozenset[str]
    visit_caps: tuple[tuple[str, int], ...]
    """Scenes whose visits are counted up to a cap above 1 (`visited.S >= 2` and such)."""
    people: tuple[str, ...]
    ranges: dict[tuple[str, str], tuple[int, int]]
    """Numbers are clamped to one beyond the constants they are compared with: values past every threshold
    are told apart by no condition (lossy only when a later decrease brings a clamped value back)."""
    flags: frozenset[str] = frozenset()
    heard: frozenset[str] = frozenset()
    secrets: frozenset[str] = frozenset()
    vars: tuple[tuple[str, tuple[int, int] | None], ...] = ()
    person_fields: tuple[tuple[str, tuple[tuple[str, tuple[int, int] | None], ...]], ...] = ()
    counts_clues: bool = False
    reads_marks: bool = False
    accounts: frozenset[str] = frozenset()
    """The culprit's own accounts of the night: breaking one is progress toward the solve."""
    visited: frozenset[str] = frozenset()
    """Scenes whose visits count only as seen or not (a cap of 1): the key holds those entered."""


_READ: dict[int, tuple[Story, frozenset[tuple[str, str]], dict[tuple[str, str], list[int]]]] = {}
"""The last story's `read_names`, shared by its cases (and by worker processes forked after it was worked out)."""


def read_names(story: Story) -> tuple[frozenset[tuple[str, str]], dict[tuple[str, str], list[int]]]:
    """What the choices' conditions read, with every name the assignments compute those from, and the constants
    each name is compared with: the same in every case, so worked out once per story."""
    kept = _READ.get(id(story))
    if kept is not None and kept[0] is story:
        return kept[1], kept[2]
    names: set[tuple[str, str]] = set()
    # Identical sources compile to one node per load, so a large story has far fewer distinct conditions and
    # assignments than choices: each is looked at once (what is found is the same, since every use is alike).
    conditions = list({id(c.when): c.when for s in story.scenes.values() for c in s.choices}.values())
    for condition in conditions:
        names |= _names(condition)
    effects = [e for s in story.scenes.values() for c in s.choices for e in c.do]
    effects += [e for s in story.scenes.values() for e in s.enter]
    assignments = list({id(e): e for e in effects if isinstance(e, Assign)}.values())
    changed = True
    while changed:
        changed = False
        for assign in assignments:
            target = ("", "standing") if assign.ns == "standing" else (assign.ns, assign.key)
            if target in names:
                before = len(names)
                names |= _names(assign.value)
                changed = changed or len(names) != before
    names |= {("visited", scene) for ns, key in list(names) for scene in scenes_read(story, ns, key)}
    found = frozenset(names), _compared_constants(conditions)
    _READ.clear()
    _READ[id(story)] = (story, *found)
    return found


def relevance(story: Story, case: str) -> Relevance:
    """Work out the Relevance of a story in a case."""
    names, compared = read_names(story)
    culprit = story.cases[case].culprit
    false_statements = {sid for sid, st in story.statements.items() if not fact_true(story, case, st.claim)}
    breaking = {clue for (sid, clue) in story.contradictions if contradicts(story, case, sid, clue)}
    useful = {item for (c, item), ev in story.evidence.items() if c == case and ev.proves(culprit)}
    needs = {n for d in useful & set(story.deductions) for n in story.deductions[d].needs}
    clues = {k for ns, k in names if ns in ("clue", "deduction")} | breaking | (useful & set(story.clues)) | needs
    caps = []
    for ns, key in sorted(names):
        if ns == "visited":
            best = max([0, *compared.get((ns, key), ())])
            caps.append((key, best + 1))
    visited = frozenset(scene for scene, cap in caps if cap == 1)
    caps = [(scene, cap) for scene, cap in caps if cap > 1]
    people = tuple(sorted({k for ns, k in names if ns in ("trust", "composure", "belief")}))
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    for name in names:
        if name[0] in ("trust", "composure", "var"):
            constants = compared.get(name)
            if constants:
                ranges[name] = (min(constants) - 1, max(constants) + 1)
    fields = tuple(
        (who, tuple((f, ranges.get((f, who))) for f in ("trust", "composure", "belief") if (f, who) in names))
        for who in people
    )
    return Relevance(
        frozenset(names), frozenset(clues), frozenset(false_statements), tuple(caps), people, ranges,
        flags=frozenset(k for ns, k in names if ns == "flag"),
        heard=frozenset(false_statements | {k for ns, k in names if ns == "heard"}),
        secrets=frozenset(k for ns, k in names if ns == "secret"),
        vars=tuple(sorted((k, ranges.get(("var", k))) for ns, k in names if ns == "var")),
        person_fields=fields,
        counts_clues=("", "clues") in names,
        reads_marks=any(ns == "mark" for ns, _ in names),
        accounts=frozenset(sid for sid, st in story.statements.items()
                           if st.by == culprit and st.topic in ACCOUNT_TOPICS),
        visited=visited,
    )


def _clamp(value: object, bounds: tuple[int, int] | None) -> object:
    if bounds is None or type(value) is not int:
        return value
    return bounds[0] if value < bounds[0] else bounds[1] if value > bounds[1] else value


HELD = 9
"""Where in a state's key the clues and deductions held that the case's outcome depends on are."""


def state_key(state: GameState, rel: Relevance) -> tuple:
    """The hash of a state: only what its future outcome can depend on (see Relevance).

    It runs once for every state the search reaches, so it is written for speed: no helper call per name."""
    clues = state.clues
    held = frozenset(clues).union(state.deductions)
    people = []
    everyone = state.people
    for who, fields in rel.person_fields:
        person = everyone.get(who)
        if person is not None:
            values = person.__dict__
            for name, bounds in fields:
                value = values[name]
                if bounds is not None and type(value) is int:
                    value = bounds[0] if value < bounds[0] else bounds[1] if value > bounds[1] else value
                people.append(value)
    # A scene's visit count is in the state once it has been entered (the engine only ever adds one to it), so
    # the capped-at-1 scenes entered are those of `visited` among the keys.
    # Whichever of the two is smaller is the one gone through (on a large story the visits are many).
    visits = state.visits
    scenes = rel.visited
    entered = (frozenset(filter(visits.__contains__, scenes)) if len(scenes) < len(visits)
               else scenes.intersection(visits))
    seen: tuple = ()
    if rel.visit_caps:
        count = visits.get
        seen = tuple([n if (n := count(scene, 0)) < cap else cap for scene, cap in rel.visit_caps])
    found: tuple = ()
    if rel.vars:
        var = state.vars.get
        found = tuple([_clamp(var(k), bounds) for k, bounds in rel.vars])
    extra: tuple = ()
    if rel.counts_clues:
        extra += (len(clues),)
    if rel.reads_marks:
        extra += (tuple(sorted(state.marks.items())),)
    return (
        state.scene, state.ending, state.day, state.slot, state.standing, state.accusations_left,
        rel.flags.intersection(state.flags), found, tuple(people), held & rel.clues,
        rel.heard.intersection(state.heard), frozenset(state.caught), rel.secrets.intersection(state.secrets),
        seen, entered, min(len(held), 3), extra,
    )
