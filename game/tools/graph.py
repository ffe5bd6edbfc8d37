"""`archer graph`: the story map as Mermaid or Graphviz DOT.

Scenes are boxes and endings a distinct shape; each choice is an edge labelled with its id. The engine's own
moves are drawn too, dotted, from three small markers: the clock (a new day opens on its `start` scene; the
deadline), standing (expulsion) and, from each scene where an accusation can be made, the verdicts. Nodes are
clustered by the file that defines them or by day. With --case, a solve of that case is drawn in bold: the
shortest, found by a breadth-first search over real engine states, when that search ends within --max-states;
otherwise one found by a guided search (breadth-first from progress to progress), and the map says so.

Exit codes: 0 the map was printed; 1 the story has errors; 2 usage error (including an unknown --case).
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import ActionError, GameState, act, judge, start
from game.tools.explore import Relevance, actions, relevance, state_key
from game.world.story import Story

DEFAULT_MAX_STATES = 10_000
"""States the exact (shortest) search may visit before the guided search takes over."""
STAGE_STATES = 20_000
"""States one stage of the guided search may visit while looking for the next bit of progress."""
ANY_DAY = "Any day"
ENDINGS = "Endings"
CLOCK = "clock"
STANDING = "standing"
START = "start"
HIGHLIGHT = "#c2410c"


# ------------------------------------------------------------------------------------------ the solve path


def _solves(story: Story, state: GameState, sequence: list[str]) -> bool:
    """Keep an accusation only when the judge rules it solved: a failed one is never on the way to a solve."""
    action = sequence[-1].split()
    if action[0] != "accuse":
        return True
    return judge(story, state, action[1], action[2], action[3:]) == "solved"


def case_progress(story: Story, state: GameState) -> int:
    """How far a state has got toward proving its case: the points (means, motive, opportunity) covered by
    evidence that points at the culprit, then how much such evidence is held."""
    culprit = story.cases[state.case].culprit
    held = [story.evidence[(state.case, i)] for i in [*state.clues, *state.deductions]]
    useful = [e for e in held if e.proves(culprit)]
    return 1000 * len({p for e in useful for p in e.proves(culprit)}) + 100 * len(useful)


def progress(story: Story, state: GameState) -> int:
    """Any progress at all: the case's, then deductions, broken statements, clues and secrets."""
    return (case_progress(story, state) + 10 * len(state.deductions) + 5 * len(state.caught) + len(state.clues)
            + len(state.secrets))


@dataclass
class SolvePath:
    """A solve of a case, as actions and as the nodes it passes through."""

    case: str
    actions: list[str] | None
    states: int
    complete: bool
    """The exact search finished: when no solve was found, there is none (within its abstraction)."""
    steps: list[tuple[str, str, str]] = field(default_factory=list)
    """(node before, action, node after) for each action."""
    shortest: bool = True
    """Found by the exact breadth-first search; False when the guided search found it instead."""


def _search(story: Story, first: GameState, bound: int, goal, rel: Relevance) -> tuple[GameState | None, int, bool]:
    """Breadth-first from `first` to the nearest state for which `goal(state)` holds.
    Returns that state (or None), the states visited, and whether the search ran to its end."""
    seen = {state_key(first, rel)}
    queue: deque[GameState] = deque([first])
    complete = True
    while queue:
        state = queue.popleft()
        if state.ending:
            continue
        for sequence in actions(story, state):
            if not _solves(story, state, sequence):
                continue
            nxt = state
            try:
                for action in sequence:
                    nxt = act(story, nxt, action).state  # type: ignore[assignment]
            except ActionError:
                continue
            if goal(nxt):
                return nxt, len(seen), True
            key = state_key(nxt, rel)
            if key in seen:
                continue
            if len(seen) >= bound:
                complete = False
                continue
            seen.add(key)
            queue.append(nxt)
    return None, len(seen), complete


def solve_path(story: Story, case: str, max_states: int = DEFAULT_MAX_STATES, seed: int = 0,
               guided: bool = True) -> SolvePath:
    """A solve of `case`: the shortest, by breadth-first search over engine states, when that search finds one
    within `max_states`; otherwise (if `guided`) one found stage by stage, each stage a breadth-first search
    to the nearest state with more `case_progress` (or, when none is near, more `progress`).

    The moves are those `archer check` explores (choices, right contradictions, the board confirmed with every
    open deduction, accusations); an accusation is kept only when `judge` rules it solved."""
    solved = story.manifest.accusation.solved if story.manifest.accusation else None
    rel = relevance(story, case)
    first = start(story, seed, case)
    found, states, complete = _search(story, first, max_states, lambda s: s.ending == solved, rel)
    if found is not None:
        return SolvePath(case, list(found.path), states, True, _trace(story, seed, case, found.path))
    if complete or not guided or solved is None:
        return SolvePath(case, None, states, complete)
    state: GameState | None = first
    while state is not None and state.ending != solved:
        # Each stage goes to the nearest state that proves more of the case, or failing that to any progress.
        for measure in (case_progress, progress):
            base = measure(story, state)
            nxt, visited, _ = _search(
                story, state, STAGE_STATES,
                lambda s, base=base, measure=measure: s.ending == solved
                or (not s.ending and measure(story, s) > base), rel)
            states += visited
            if nxt is not None:
                break
        state = nxt
    if state is None:
        return SolvePath(case, None, states, False, shortest=False)
    return SolvePath(case, list(state.path), states, False, _trace(story, seed, case, state.path), shortest=False)


def _trace(story: Story, seed: int, case: str, path: list[str]) -> list[tuple[str, str, str]]:
    state = start(story, seed, case)
    steps = []
    for action in path:
        after = act(story, state, action).state
        steps.append((state.scene, action, after.scene))  # type: ignore[attr-defined]
        state = after  # type: ignore[assignment]
    return steps


# ------------------------------------------------------------------------------------------------ the map


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """scene, ending, or marker (start, clock, standing)."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    engine: bool = False
    """Drawn dotted: a move the engine makes by itself, not a choice."""


@dataclass
class StoryMap:
    """Nodes in clusters, and edges, ready to be written in either format."""

    clusters: list[tuple[str, list[Node]]]
    markers: list[Node]
    edges: list[Edge]
    solve: SolvePath | None = None
    hot_nodes: set[str] = field(default_factory=set)
    hot_edges: set[int] = field(default_factory=set)


def day_of(story: Story, node_id: str) -> str | None:
    """The day a scene belongs to: the day whose id prefixes it (`tue_...`), or whose `start` it is."""
    for day in story.manifest.days:
        if node_id.startswith(day.id + "_") or node_id == day.start:
            return day.id
    return None


def _file_label(shown: str, story_dir: Path) -> str:
    """A file's name in the map: relative to the story folder, or to its branch pack's folder (with the pack's
    name in front) when it lies outside the story."""
    path = Path(shown).resolve()
    root = story_dir.resolve()
    if path.is_relative_to(root):
        return str(path.relative_to(root))
    for folder in path.parents:
        if (folder / "branch.yaml").is_file():
            return f"{folder.name}/{path.relative_to(folder)}"
    return path.name


def build_map(story: Story, cluster: str, story_dir: Path, solve: SolvePath | None = None) -> StoryMap:
    """Every scene, ending, choice and engine move of the story, clustered by file or day."""
    groups: dict[str, list[Node]] = {}
    if cluster == "day":
        for day in story.manifest.days:
            groups[day.title] = []
        groups[ANY_DAY] = []
        groups[ENDINGS] = []
    titles = {d.id: d.title for d in story.manifest.days}
    for sid, scene in story.scenes.items():
        node = Node(sid, f"{sid}\n@ {scene.location}", "scene")
        if cluster == "day":
            day = day_of(story, sid)
            groups[titles[day] if day else ANY_DAY].append(node)
        else:
            groups.setdefault(_file_label(scene.file, story_dir), []).append(node)
    for eid, ending in story.endings.items():
        node = Node(eid, f"{ending.title}\n[{ending.kind}]", "ending")
        key = ENDINGS if cluster == "day" else _file_label(ending.file, story_dir)
        groups.setdefault(key, []).append(node)
    edges: list[Edge] = [Edge(START, story.manifest.start, "")]
    for sid, scene in story.scenes.items():
        for choice in scene.choices:
            edges.append(Edge(sid, choice.goto, choice.id))
    manifest = story.manifest
    markers = [Node(START, "start", "marker")]
    clock_edges = [Edge(CLOCK, d.start, f"{d.title} begins", True) for d in manifest.days if d.start]
    if manifest.deadline:
        clock_edges.append(Edge(CLOCK, manifest.deadline.scene, "deadline", True))
    if clock_edges:
        markers.append(Node(CLOCK, "time passes", "marker"))
        edges.extend(clock_edges)
    if manifest.standing:
        markers.append(Node(STANDING, f"standing {manifest.standing.expelled_at}", "marker"))
        edges.append(Edge(STANDING, manifest.standing.ending, "expelled", True))
    rule = manifest.accusation
    if rule:
        for sid, scene in story.scenes.items():
            if scene.accuse:
                targets = {"solved": rule.solved, "weak": rule.weak, "wrong": rule.wrong,
                           "weak, last try": rule.weak_final, "wrong, last try": rule.wrong_final}
                by_target: dict[str, list[str]] = {}
                for verdict, target in targets.items():
                    by_target.setdefault(target, []).append(verdict)
                for target, verdicts in by_target.items():
                    edges.append(Edge(sid, target, "accuse: " + " / ".join(verdicts), True))
    story_map = StoryMap([(name, nodes) for name, nodes in groups.items() if nodes], markers, edges, solve)
    if solve and solve.actions:
        _highlight(story, story_map, solve)
    return story_map


def _highlight(story: Story, story_map: StoryMap, solve: SolvePath) -> None:
    """Mark the nodes and edges the solve passes through."""
    index = {(e.source, e.target, e.label): i for i, e in enumerate(story_map.edges)}
    hot_nodes = {START, story.manifest.start}
    hot_edges = {index[(START, story.manifest.start, "")]}
    day_titles = {d.start: d.title for d in story.manifest.days if d.start}
    for before, action, after in solve.steps:
        hot_nodes.update((before, after))
        verb = action.split()[0]
        scene = story.scenes.get(before)
        if verb == "accuse":
            for i, edge in enumerate(story_map.edges):
                if edge.source == before and edge.target == after and edge.label.startswith("accuse"):
                    hot_edges.add(i)
            continue
        if scene is None or verb in ("present", "link", "unlink", "confirm"):
            continue
        choice = next((c for c in scene.choices if c.id == action), None)
        if choice is None:
            continue
        edge = index.get((before, choice.goto, choice.id))
        if edge is not None:
            hot_edges.add(edge)
        if choice.goto != after:
            # The clock moved the player elsewhere: a new day, or the deadline.
            hot_nodes.add(CLOCK)
            deadline = story.manifest.deadline
            label = "deadline" if deadline and after == deadline.scene else f"{day_titles.get(after, '')} begins"
            edge = index.get((CLOCK, after, label))
            if edge is not None:
                hot_edges.add(edge)
    story_map.hot_nodes = hot_nodes
    story_map.hot_edges = hot_edges


# ---------------------------------------------------------------------------------------------- Mermaid


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes, markup and entity starts become entity codes."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("<br/>")
        elif ch in '"#<>&`|':
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def mermaid_id(node_id: str) -> str:
    """A Mermaid node id: prefixed so that ids such as `end` or `o...` never read as syntax."""
    return f"n_{node_id}"


def _mermaid_node(node: Node) -> str:
    label = mermaid_text(node.label)
    if node.kind == "ending":
        return f'{mermaid_id(node.id)}(["{label}"])'
    if node.kind == "marker":
        return f'{mermaid_id(node.id)}(("{label}"))'
    return f'{mermaid_id(node.id)}["{label}"]'


def to_mermaid(story: Story, story_map: StoryMap) -> str:
    """The map as a Mermaid flowchart."""
    lines = [f"%% {story.title} ({story.id} {story.version}): the story map, drawn by `archer graph`",
             "flowchart LR"]
    if story_map.solve:
        lines.append("%% " + _solve_comment(story_map.solve))
    for node in story_map.markers:
        lines.append(f"  {_mermaid_node(node)}")
    for number, (name, nodes) in enumerate(story_map.clusters):
        lines.append(f'  subgraph c{number}["{mermaid_text(name)}"]')
        lines.extend(f"    {_mermaid_node(node)}" for node in nodes)
        lines.append("  end")
    for edge in story_map.edges:
        arrow = "-.->" if edge.engine else "-->"
        label = f'|"{mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {mermaid_id(edge.source)} {arrow}{label} {mermaid_id(edge.target)}")
    lines.append("  classDef ending fill:#f3e8ff,stroke:#6b21a8")
    lines.append("  classDef marker fill:#f1f5f9,stroke:#64748b")
    endings = [mermaid_id(n.id) for _, nodes in story_map.clusters for n in nodes if n.kind == "ending"]
    if endings:
        lines.append(f"  class {','.join(endings)} ending")
    lines.append(f"  class {','.join(mermaid_id(n.id) for n in story_map.markers)} marker")
    if story_map.hot_nodes:
        lines.append(f"  classDef solve stroke:{HIGHLIGHT},stroke-width:3px")
        lines.append(f"  class {','.join(mermaid_id(n) for n in sorted(story_map.hot_nodes))} solve")
    if story_map.hot_edges:
        lines.append(f"  linkStyle {','.join(str(i) for i in sorted(story_map.hot_edges))} "
                     f"stroke:{HIGHLIGHT},stroke-width:3px")
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------------------------- DOT


def dot_text(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as centred line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + escaped.replace("\n", "\\n") + '"'


_DOT_SHAPES = {"scene": 'shape=box, style="rounded"',
               "ending": 'shape=doubleoctagon, style="filled", fillcolor="#f3e8ff"',
               "marker": 'shape=circle, style="filled", fillcolor="#f1f5f9", fontsize=10'}


def _dot_node(node: Node, hot: bool) -> str:
    extra = f', color="{HIGHLIGHT}", penwidth=3' if hot else ""
    return f"{dot_text(node.id)} [label={dot_text(node.label)}, {_DOT_SHAPES[node.kind]}{extra}];"


def to_dot(story: Story, story_map: StoryMap) -> str:
    """The map as a Graphviz digraph."""
    lines = [f"// {story.title} ({story.id} {story.version}): the story map, drawn by `archer graph`"]
    if story_map.solve:
        lines.append("// " + _solve_comment(story_map.solve))
    lines += [f"digraph {dot_text(story.id)} {{", "  rankdir=LR;", '  node [fontname="Helvetica"];',
              '  edge [fontname="Helvetica", fontsize=10];']
    for node in story_map.markers:
        lines.append(f"  {_dot_node(node, node.id in story_map.hot_nodes)}")
    for number, (name, nodes) in enumerate(story_map.clusters):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f'    label={dot_text(name)}; style="rounded"; color="#94a3b8";')
        lines.extend(f"    {_dot_node(node, node.id in story_map.hot_nodes)}" for node in nodes)
        lines.append("  }")
    for i, edge in enumerate(story_map.edges):
        attrs = []
        if edge.label:
            attrs.append(f"label={dot_text(edge.label)}")
        if edge.engine:
            attrs.append("style=dashed")
        if i in story_map.hot_edges:
            attrs.append(f'color="{HIGHLIGHT}", penwidth=3')
        shown = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {dot_text(edge.source)} -> {dot_text(edge.target)}{shown};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _solve_comment(solve: SolvePath) -> str:
    if solve.actions is None:
        reason = "none exists" if solve.complete else f"none found ({solve.states:,} states searched)"
        return f"solve path for case {solve.case}: {reason}"
    kind = "shortest solve" if solve.shortest else "a solve found by guided search, not proven shortest"
    return f"solve path for case {solve.case} ({kind}, {len(solve.actions)} actions): " + " | ".join(solve.actions)


# ----------------------------------------------------------------------------------------------- command


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "graph",
        help="draw the story map (Mermaid or Graphviz DOT), optionally with a case's solve path",
        description="Print the story map: scenes (boxes), endings (a distinct shape), choices (edges labelled "
        "with the choice id), and the engine's own moves (dotted: new days, the deadline, expulsion, "
        "accusation verdicts), clustered by file or by day. With --case, the shortest solve of that case is "
        "drawn in bold.",
        epilog="Exit codes: 0 printed; 1 the story has errors; 2 usage error (including an unknown --case). "
        "Render Mermaid in any Markdown viewer that supports it; DOT with `dot -Tsvg map.dot -o map.svg`.",
    )
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="output format")
    parser.add_argument("--case", metavar="C", help="highlight the shortest solve path of this case")
    parser.add_argument("--cluster", choices=("file", "day"), default="file",
                        help="group scenes by the file that defines them (default) or by day")
    parser.add_argument("--story", metavar="DIR", help="story folder (default: the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[], help="load a branch pack")
    parser.add_argument("--max-states", type=int, default=DEFAULT_MAX_STATES, metavar="N",
                        help=f"states the exact search for the shortest solve may visit before a guided search "
                             f"takes over (default {DEFAULT_MAX_STATES:,})")
    parser.set_defaults(run=run, _parser=parser)


def run(args: argparse.Namespace) -> int:
    """Draw the map."""
    if args.max_states < 1:
        args._parser.error("--max-states must be at least 1")
    from game.paths import story_dir as shipped
    from game.tools.loading import open_story

    story = open_story("graph", args.story, args.branch)
    if story is None:
        return 1
    solve = None
    if args.case:
        if args.case not in story.cases:
            print(f"archer graph: unknown case '{args.case}'; the cases are: {', '.join(sorted(story.cases))}",
                  file=sys.stderr)
            return 2
        solve = solve_path(story, args.case, args.max_states)
        if solve.actions is None:
            print(f"archer graph: {_solve_comment(solve)}", file=sys.stderr)
    folder = Path(args.story) if args.story else shipped()
    story_map = build_map(story, args.cluster, folder, solve)
    sys.stdout.write(to_mermaid(story, story_map) if args.format == "mermaid" else to_dot(story, story_map))
    return 0
