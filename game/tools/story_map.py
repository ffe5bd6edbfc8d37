"""The story map as data: scenes, endings and markers in clusters, and the edges between them (choices, with
their conditions, and the engine's own moves), each marked with the branch pack that adds it, if any.
`game.tools.graph_formats` writes it as Mermaid, DOT or SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from game.tools.forks import day_of, forks
from game.tools.solve import SolvePath
from game.world.packs import PACK_MANIFEST
from game.world.story import Story

ANY_DAY = "Any day"
ENDINGS = "Endings"
CLOCK = "clock"
STANDING = "standing"
START = "start"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """scene, ending, or marker (start, clock, standing)."""
    pack: str | None = None
    """The id of the branch pack that defines it; None for the story's own."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    engine: bool = False
    """Drawn dotted: a move the engine makes by itself, not a choice."""
    condition: str | None = None
    """The choice's `when:` as written: the arrow is only there while it holds."""
    pack: str | None = None
    """The id of the branch pack that adds the choice (its own scene's, or a hook's)."""
    fork: tuple[str, ...] = ()
    """For a fork (game.tools.forks): the flags and variables it sets that a later scene reads."""


@dataclass
class StoryMap:
    """Nodes in clusters, and edges, ready to be written in either format."""

    clusters: list[tuple[str, list[Node]]]
    markers: list[Node]
    edges: list[Edge]
    solve: SolvePath | None = None
    hot_nodes: set[str] = field(default_factory=set)
    hot_edges: set[int] = field(default_factory=set)


@cache
def _pack_folder(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / PACK_MANIFEST).is_file():
            return folder
    return None


@cache
def _pack_id(folder: Path) -> str:
    """A pack's id from its manifest (it has loaded, so the manifest is valid), else its folder's name."""
    try:
        data = yaml.safe_load((folder / PACK_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        data = None
    return str(data["id"]) if isinstance(data, dict) and data.get("id") else folder.name


def pack_of(shown: str, story_dir: Path) -> str | None:
    """The id of the branch pack a file belongs to, or None when it is one of the story's own files."""
    path = Path(shown).resolve()
    if path.is_relative_to(story_dir.resolve()):
        return None
    folder = _pack_folder(path)
    return _pack_id(folder) if folder else None


def _file_label(shown: str, story_dir: Path) -> str:
    """A file's name in the map: relative to the story folder, or to its branch pack's folder (with the pack's
    name in front) when it lies outside the story."""
    path = Path(shown).resolve()
    root = story_dir.resolve()
    if path.is_relative_to(root):
        return str(path.relative_to(root))
    folder = _pack_folder(path)
    return f"{folder.name}/{path.relative_to(folder)}" if folder else path.name


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
        node = Node(sid, f"{sid}\n@ {scene.location}", "scene", pack_of(scene.file, story_dir))
        if cluster == "day":
            day_id = day_of(story, sid)
            groups[titles[day_id] if day_id else ANY_DAY].append(node)
        else:
            groups.setdefault(_file_label(scene.file, story_dir), []).append(node)
    for eid, ending in story.endings.items():
        node = Node(eid, f"{ending.title}\n[{ending.kind}]", "ending", pack_of(ending.file, story_dir))
        key = ENDINGS if cluster == "day" else _file_label(ending.file, story_dir)
        groups.setdefault(key, []).append(node)
    edges: list[Edge] = [Edge(START, story.manifest.start, "")]
    forked = forks(story)
    for sid, scene in story.scenes.items():
        for choice in scene.choices:
            shown = story.where.get(("choice", f"{sid}.{choice.id}"))
            edges.append(Edge(sid, choice.goto, choice.id, condition=choice.condition,
                              pack=pack_of(shown[0], story_dir) if shown else None,
                              fork=forked.get((sid, choice.id), ())))
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


def packs_in(story_map: StoryMap) -> set[str]:
    """The ids of the packs that add anything to the map."""
    nodes = {n.pack for _, group in story_map.clusters for n in group}
    return {p for p in nodes | {e.pack for e in story_map.edges} if p}


def keep_pack(story_map: StoryMap, pack: str) -> None:
    """Cut the map down to a pack: its nodes, the edges that start or end at one or that the pack adds, and
    every node those edges touch."""
    own = {n.id for _, group in story_map.clusters for n in group if n.pack == pack}
    kept = [i for i, e in enumerate(story_map.edges) if e.pack == pack or e.source in own or e.target in own]
    shown = own | {story_map.edges[i].source for i in kept} | {story_map.edges[i].target for i in kept}
    story_map.clusters = [(name, kept_nodes) for name, group in story_map.clusters
                          if (kept_nodes := [n for n in group if n.id in shown])]
    story_map.markers = [n for n in story_map.markers if n.id in shown]
    story_map.hot_edges = {kept.index(i) for i in story_map.hot_edges if i in kept}
    story_map.hot_nodes &= shown
    story_map.edges = [story_map.edges[i] for i in kept]


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
        number = index.get((before, choice.goto, choice.id))
        if number is not None:
            hot_edges.add(number)
        if choice.goto != after:
            # The clock moved the player elsewhere: a new day, or the deadline.
            hot_nodes.add(CLOCK)
            deadline = story.manifest.deadline
            label = "deadline" if deadline and after == deadline.scene else f"{day_titles.get(after, '')} begins"
            number = index.get((CLOCK, after, label))
            if number is not None:
                hot_edges.add(number)
    story_map.hot_nodes = hot_nodes
    story_map.hot_edges = hot_edges
