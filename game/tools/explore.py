"""Deep exploration: walk a case's whole state space breadth-first, through the real engine.

States are hashed on what can change the outcome; the path taken, visit counts nobody reads and the board's
pending links are abstracted away. The investigation's own actions are explored too: every right
contradiction, the board confirmed with every deduction open, and at accusation scenes a solving accusation
(when the evidence held allows one), a weak one and a wrong one. Wrong presents are left out: they only
cost trust and standing, which choices can cost as well.

From the graph of states it finds what is reached (scenes, choices, endings, clues), the shortest solve,
and soft-locks: reachable states from which no ending can be reached.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine import ActionError, GameState, act, available, start
from game.engine.evaluate import fact_true
from game.engine.mystery import (
    ACCOUNT_TOPICS,
    MAX_PENDING,
    batch_size,
    contradicts,
    open_deductions,
    solving_citation,
)
from game.world.ir import Assign, Cmp, Const, Expr, Get, reads, walk
from game.world.story import Story

DEFAULT_BOUND = 60_000
BUCKET = 4
WALKS = 60
"""Seeded random playthroughs per case after the search (see random_walks)."""
"""At most this many distinct states are kept per (scene, day, slot): the search sweeps the whole week rather
than drowning in the combinations of one evening. Dropped states make the exploration a sample."""
PROGRESS_EVERY = 1024
"""States taken from the queue between two progress reports."""


@dataclass
class Exploration:
    """What exploring one case found."""

    case: str
    states: int = 0
    complete: bool = True
    scenes: set[str] = field(default_factory=set)
    choices: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    clues: set[str] = field(default_factory=set)
    solve_path: list[str] | None = None
    softlocks: list[list[str]] = field(default_factory=list)
    softlock_count: int = 0
    dropped: int = 0
    stuck: list[list[str]] = field(default_factory=list)
    """Paths to concrete states with no choice and no ending (found by the search or the walks)."""
    walks: int = 0
    samples: dict[str, list[GameState]] = field(default_factory=dict)
    errors: list[tuple[list[str], str]] = field(default_factory=list)
    first_day: dict[str, int] = field(default_factory=dict)
    """The earliest day (index) on which each clue was seen held, over every state reached."""
    seconds: float = 0.0
    """Wall time of this case's exploration (search, walks and the last pass)."""


def _compared_constants(ir: Expr | None, name: tuple[str, str]) -> list[int]:
    """The whole-number constants a name such as ("visited", "x") is compared with, directly, in a condition."""
    found: list[int] = []
    for node in walk(ir):
        if isinstance(node, Cmp):
            for a, b in ((node.left, node.right), (node.right, node.left)):
                if (isinstance(a, Get) and (a.ns, a.key) == name and isinstance(b, Const)
                        and type(b.value) is int):
                    found.append(b.value)
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


def relevance(story: Story, case: str) -> Relevance:
    """Work out the Relevance of a story in a case."""
    names: set[tuple[str, str]] = set()
    conditions = [c.when for s in story.scenes.values() for c in s.choices]
    for condition in conditions:
        names |= _names(condition)
    effects = [e for s in story.scenes.values() for c in s.choices for e in c.do]
    effects += [e for s in story.scenes.values() for e in s.enter]
    assignments = [e for e in effects if isinstance(e, Assign)]
    changed = True
    while changed:
        changed = False
        for assign in assignments:
            target = ("", "standing") if assign.ns == "standing" else (assign.ns, assign.key)
            if target in names:
                before = len(names)
                names |= _names(assign.value)
                changed = changed or len(names) != before
    culprit = story.cases[case].culprit
    false_statements = {sid for sid, st in story.statements.items() if not fact_true(story, case, st.claim)}
    breaking = {clue for (sid, clue) in story.contradictions if contradicts(story, case, sid, clue)}
    useful = {item for (c, item), ev in story.evidence.items() if c == case and ev.proves(culprit)}
    needs = {n for d in useful & set(story.deductions) for n in story.deductions[d].needs}
    clues = {k for ns, k in names if ns in ("clue", "deduction")} | breaking | (useful & set(story.clues)) | needs
    caps = []
    for ns, key in sorted(names):
        if ns == "visited":
            best = max([0, *(n for condition in conditions for n in _compared_constants(condition, (ns, key)))])
            caps.append((key, best + 1))
    people = tuple(sorted({k for ns, k in names if ns in ("trust", "composure", "belief")}))
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    for name in names:
        if name[0] in ("trust", "composure", "var"):
            constants = [n for condition in conditions for n in _compared_constants(condition, name)]
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
    )


def _clamp(value: object, bounds: tuple[int, int] | None) -> object:
    if bounds is None or type(value) is not int:
        return value
    return min(max(value, bounds[0]), bounds[1])


def state_key(state: GameState, rel: Relevance) -> tuple:
    """The hash of a state: only what its future outcome can depend on (see Relevance)."""
    held = frozenset(state.clues).union(state.deductions)
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
    visits = state.visits
    seen = [visits.get(scene, 0) for scene, _ in rel.visit_caps]
    seen = [n if n < cap else cap for n, (_, cap) in zip(seen, rel.visit_caps, strict=True)]
    extra: tuple = ()
    if rel.counts_clues:
        extra += (len(state.clues),)
    if rel.reads_marks:
        extra += (tuple(sorted(state.marks.items())),)
    return (
        state.scene, state.ending, state.day, state.slot, state.standing, state.accusations_left,
        rel.flags.intersection(state.flags),
        tuple(_clamp(state.vars.get(k), bounds) for k, bounds in rel.vars),
        tuple(people), held & rel.clues,
        rel.heard.intersection(state.heard),
        frozenset(state.caught),
        rel.secrets.intersection(state.secrets),
        tuple(seen), min(len(held), 3), extra,
    )


def actions(story: Story, state: GameState) -> list[list[str]]:
    """The action sequences explored from a state (most are single actions)."""
    found: list[list[str]] = [[c.id] for c in available(story, state)]
    scene = story.scenes.get(state.scene)
    if scene is None:
        return found
    held = [*state.clues, *state.deductions]
    if scene.board:
        caught = set(state.caught)
        for statement_id in state.heard:
            statement = story.statements[statement_id]
            if statement_id in caught or statement.by not in scene.people:
                continue
            for item in held:
                if contradicts(story, state.case, statement_id, item):
                    found.append([f"present {item} {statement_id}"])
                    break
        open_now = open_deductions(story, state)
        if open_now and len(open_now[:MAX_PENDING]) >= batch_size(story, state):
            links = [f"link {' '.join(story.deductions[d].needs)}" for d in open_now[:MAX_PENDING]]
            found.append([*links, "confirm"])
    if scene.accuse and state.accusations_left > 0 and story.manifest.accusation and len(held) >= 3:
        case = story.cases[state.case]
        cited = solving_citation(story, state)
        if cited:
            found.append([f"accuse {case.culprit} {case.motive} {' '.join(cited)}"])
        other_motive = next((m for m in story.motives if m != case.motive), case.motive)
        found.append([f"accuse {case.culprit} {other_motive} {' '.join(held[:3])}"])
        innocent = next((s for s in story.suspects if s != case.culprit), None)
        if innocent:
            found.append([f"accuse {innocent} {case.motive} {' '.join(held[:3])}"])
    return found


def explore(story: Story, case: str, bound: int = DEFAULT_BOUND, seed: int = 0,
            bucket: int | None = BUCKET, walks: int = 0, progress: Callable[[int], None] | None = None) -> Exploration:
    """Breadth-first exploration of one case, up to `bound` distinct states (and `bucket` per scene and time).

    `progress`, when given, is called now and then with the number of states found so far."""
    began = time.perf_counter()
    result = Exploration(case)
    buckets: dict[tuple[str, int, int, int, int, bool], int] = {}
    rel = relevance(story, case)
    solved_ending = story.manifest.accusation.solved if story.manifest.accusation else None
    first = start(story, seed, case)
    keys: dict[tuple, int] = {state_key(first, rel): 0}
    parents: list[tuple[int, tuple[str, ...]]] = [(-1, ())]
    edges: list[list[int]] = [[]]
    terminal: list[bool] = [False]
    queue: deque[tuple[int, GameState]] = deque([(0, first)])
    _note(story, first, result)
    while queue:
        index, state = queue.popleft()
        if progress is not None and not index % PROGRESS_EVERY:
            progress(len(keys))
        if state.ending:
            terminal[index] = True
            continue
        options = actions(story, state)
        if not options:
            # A concrete state with nothing to do and no ending: a soft-lock, whatever the abstraction.
            result.stuck.append(_path(parents, index))
        for sequence in options:
            nxt = state
            try:
                for action in sequence:
                    nxt = act(story, nxt, action).state
            except ActionError as err:
                result.errors.append((_path(parents, index) + list(sequence), str(err)))
                continue
            if len(sequence) == 1 and sequence[0].split()[0] not in ("present", "accuse"):
                result.choices.add(f"{state.scene}.{sequence[0]}")
            key = state_key(nxt, rel)
            child = keys.get(key)
            if child is None:
                if len(keys) >= bound:
                    result.complete = False
                    continue
                # Progress (evidence against the culprit, the culprit's account broken, accusations spent) gets
                # buckets of its own, so the sample never starves the paths that go somewhere.
                useful = sum(1 for item in (*nxt.clues, *nxt.deductions) if item in rel.clues)
                broken = not rel.accounts.isdisjoint(nxt.caught)
                where = (nxt.scene, nxt.day, nxt.slot, useful, nxt.accusations_left, broken)
                if bucket is not None and not nxt.ending:
                    held = buckets.get(where, 0)
                    if held >= bucket:
                        result.dropped += 1
                        result.complete = False
                        continue
                    buckets[where] = held + 1
                child = len(parents)
                keys[key] = child
                parents.append((index, tuple(sequence)))
                edges.append([])
                terminal.append(False)
                _note(story, nxt, result)
                if nxt.ending == solved_ending and result.solve_path is None:
                    result.solve_path = _path(parents, child)
                queue.append((child, nxt))
            edges[index].append(child)
    result.states = len(keys)
    if result.complete:
        _find_softlocks(parents, edges, terminal, result)
    if walks:
        random_walks(story, case, walks, result)
    untaken_choices(story, result)
    result.samples.clear()  # states are not sent back from worker processes
    result.seconds = time.perf_counter() - began
    if progress is not None:
        progress(result.states)
    return result


def random_walks(story: Story, case: str, runs: int, result: Exploration, max_steps: int = 400) -> None:
    """Seeded random playthroughs that add to what the search reached: they go deep where the search is wide.

    Each step picks among the explored actions plus, now and then, a wrong present, so that costs in standing
    (and expulsion) are played too. Everything they reach is reached by a real path.
    """
    import random

    for run in range(runs):
        rng = random.Random(f"{case}:{run}")
        state = start(story, run, case)
        path: list[str] = []
        for _ in range(max_steps):
            _note(story, state, result)
            if state.ending:
                break
            options = actions(story, state)
            wrong = _wrong_present(story, state)
            if wrong and rng.random() < 0.05:
                options.append([wrong])
            if not options:
                result.stuck.append(path)
                break
            sequence = rng.choice(options)
            try:
                for action in sequence:
                    if len(sequence) == 1 and action.split()[0] not in ("present", "accuse"):
                        result.choices.add(f"{state.scene}.{action}")
                    state = act(story, state, action).state
                    path.append(action)
            except ActionError as err:
                result.errors.append((path + list(sequence), str(err)))
                break
            if state.ending == (story.manifest.accusation.solved if story.manifest.accusation else None):
                if result.solve_path is None or len(path) < len(result.solve_path):
                    result.solve_path = list(path)
        result.walks += 1


def _wrong_present(story: Story, state: GameState) -> str | None:
    """A present that will fail here, if one can be made (it costs trust, and standing every so often)."""
    scene = story.scenes.get(state.scene)
    if scene is None or not scene.board:
        return None
    held = [*state.clues, *state.deductions]
    for statement_id in state.heard:
        statement = story.statements[statement_id]
        if statement.by in scene.people and statement_id not in state.caught:
            for item in held:
                if not contradicts(story, state.case, statement_id, item):
                    return f"present {item} {statement_id}"
    return None


SAMPLES = 12
"""States kept per scene for the last pass, which tries every choice not yet taken from them."""


def _note(story: Story, state: GameState, result: Exploration) -> None:
    result.scenes.add(state.scene)
    if state.ending:
        result.endings.add(state.ending)
    result.clues.update(state.clues)
    first = result.first_day
    for clue in state.clues:
        seen = first.get(clue)
        if seen is None or state.day < seen:
            first[clue] = state.day
    kept = result.samples.setdefault(state.scene, [])
    if len(kept) < SAMPLES:
        kept.append(state)


def untaken_choices(story: Story, result: Exploration) -> None:
    """Take, from the states kept for each scene, every choice the search and the walks never took but which
    is offered there: one real step each, so whatever it reaches is reached by a real path."""
    taken: dict[str, set[str]] = {}
    for key in result.choices:
        scene_id, choice_id = key.split(".", 1)
        taken.setdefault(scene_id, set()).add(choice_id)
    for scene_id, states in list(result.samples.items()):
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        missing = {c.id for c in scene.choices} - taken.get(scene_id, set())
        for state in states:
            if not missing:
                break
            for choice in available(story, state):
                if choice.id in missing:
                    try:
                        nxt = act(story, state, choice.id).state
                    except ActionError as err:
                        result.errors.append((list(state.path) + [choice.id], str(err)))
                        continue
                    missing.discard(choice.id)
                    result.choices.add(f"{scene_id}.{choice.id}")
                    _note(story, nxt, result)


def _path(parents: list[tuple[int, tuple[str, ...]]], index: int) -> list[str]:
    steps: list[str] = []
    while index > 0:
        parent, sequence = parents[index]
        steps[:0] = sequence
        index = parent
    return steps


def _find_softlocks(parents: list, edges: list[list[int]], terminal: list[bool], result: Exploration) -> None:
    """States that cannot reach any ending, found by walking the edges backwards from the endings."""
    reverse: list[list[int]] = [[] for _ in edges]
    for source, targets in enumerate(edges):
        for target in targets:
            reverse[target].append(source)
    good = [False] * len(edges)
    stack = [i for i, is_end in enumerate(terminal) if is_end]
    for i in stack:
        good[i] = True
    while stack:
        node = stack.pop()
        for source in reverse[node]:
            if not good[source]:
                good[source] = True
                stack.append(source)
    stuck = [i for i, ok in enumerate(good) if not ok]
    result.softlock_count = len(stuck)
    result.softlocks = [_path(parents, i) for i in stuck[:3]]
