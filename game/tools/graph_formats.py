"""The story map written out: Mermaid, Graphviz DOT, and SVG drawn by Graphviz's `dot` when it is installed.

A pack's nodes are filled in a colour of their own and name their pack; a choice's arrow shows its condition
under its id.
"""

from __future__ import annotations

import shutil
import subprocess

from game.tools.solve import solve_comment
from game.tools.story_map import Edge, Node, StoryMap
from game.world.story import Story

HIGHLIGHT = "#c2410c"
FORK = "#1d4ed8"
"""Forks (game.tools.forks) are drawn thick and in this colour, and say what they set."""
PACK_FILL = "#dcfce7"
PACK_STROKE = "#15803d"


class GraphvizMissing(Exception):
    """`dot` is not on the PATH."""


def edge_text(edge: Edge) -> str:
    """What an arrow says: the choice id, the condition under which it is offered, and for a fork what it sets
    that a later scene reads."""
    lines = [edge.label] if edge.label else []
    if edge.condition:
        lines.append(f"if {edge.condition}")
    if edge.fork:
        lines.append(f"fork: sets {', '.join(edge.fork)}")
    return "\n".join(lines)


LEGEND = (("a choice (a visit)", ""), ("a fork: sets what a later scene reads", "fork"),
          ("the engine's own move", "engine"))
"""The legend's arrows: what each kind of arrow means, and its kind."""


def node_text(node: Node) -> str:
    """What a box says: its label, and the pack that adds it."""
    return f"{node.label}\n[pack {node.pack}]" if node.pack else node.label


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
    label = mermaid_text(node_text(node))
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
        lines.append("%% " + solve_comment(story_map.solve))
    for node in story_map.markers:
        lines.append(f"  {_mermaid_node(node)}")
    for number, (name, nodes) in enumerate(story_map.clusters):
        lines.append(f'  subgraph c{number}["{mermaid_text(name)}"]')
        lines.extend(f"    {_mermaid_node(node)}" for node in nodes)
        lines.append("  end")
    for edge in story_map.edges:
        arrow = "-.->" if edge.engine else "==>" if edge.fork else "-->"
        text = edge_text(edge)
        label = f'|"{mermaid_text(text)}"|' if text else ""
        lines.append(f"  {mermaid_id(edge.source)} {arrow}{label} {mermaid_id(edge.target)}")
    lines.append('  subgraph legend["Legend"]')
    for number, (meaning, kind) in enumerate(LEGEND):
        arrow = {"fork": "==>", "engine": "-.->"}.get(kind, "-->")
        lines.append(f'    legend_{number}a[" "] {arrow}|"{mermaid_text(meaning)}"| legend_{number}b[" "]')
    lines.append("  end")
    lines.append("  classDef ending fill:#f3e8ff,stroke:#6b21a8")
    lines.append("  classDef marker fill:#f1f5f9,stroke:#64748b")
    endings = [mermaid_id(n.id) for _, nodes in story_map.clusters for n in nodes if n.kind == "ending"]
    if endings:
        lines.append(f"  class {','.join(endings)} ending")
    lines.append(f"  class {','.join(mermaid_id(n.id) for n in story_map.markers)} marker")
    packed = [mermaid_id(n.id) for _, nodes in story_map.clusters for n in nodes if n.pack]
    if packed:
        lines.append(f"  classDef pack fill:{PACK_FILL},stroke:{PACK_STROKE}")
        lines.append(f"  class {','.join(packed)} pack")
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
    shape = _DOT_SHAPES[node.kind]
    if node.pack:
        shape = shape.replace('style="rounded"', 'style="rounded,filled"')
        shape = shape.split(", fillcolor=")[0] + f', fillcolor="{PACK_FILL}"'
    extra = f', color="{HIGHLIGHT}", penwidth=3' if hot else (f', color="{PACK_STROKE}"' if node.pack else "")
    return f"{dot_text(node.id)} [label={dot_text(node_text(node))}, {shape}{extra}];"


def to_dot(story: Story, story_map: StoryMap) -> str:
    """The map as a Graphviz digraph."""
    lines = [f"// {story.title} ({story.id} {story.version}): the story map, drawn by `archer graph`"]
    if story_map.solve:
        lines.append("// " + solve_comment(story_map.solve))
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
        text = edge_text(edge)
        if text:
            attrs.append(f"label={dot_text(text)}")
        if edge.engine:
            attrs.append("style=dashed")
        elif edge.fork:
            attrs.append(f'style=bold, color="{FORK}", fontcolor="{FORK}", penwidth=2')
        if i in story_map.hot_edges:
            attrs.append(f'color="{HIGHLIGHT}", penwidth=3')
        shown = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {dot_text(edge.source)} -> {dot_text(edge.target)}{shown};")
    lines += ["  subgraph cluster_legend {", '    label="Legend"; style="rounded"; color="#94a3b8";',
              '    node [shape=point, width=0.05];']
    for number, (meaning, kind) in enumerate(LEGEND):
        style = {"fork": f', style=bold, color="{FORK}", fontcolor="{FORK}", penwidth=2',
                 "engine": ", style=dashed"}.get(kind, "")
        lines.append(f'    "legend_{number}a" -> "legend_{number}b" [label={dot_text(meaning)}{style}];')
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def to_svg(story: Story, story_map: StoryMap) -> str:
    """The map drawn by Graphviz. Raises GraphvizMissing when `dot` is not installed."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing
    done = subprocess.run([dot, "-Tsvg"], input=to_dot(story, story_map), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.strip()}")
    return done.stdout

