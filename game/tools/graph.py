"""`archer graph`: the story map as Mermaid, Graphviz DOT, or SVG (drawn by Graphviz's `dot`).

Scenes are boxes and endings a distinct shape; each choice is an edge labelled with its id and, when it has one, its
condition. A fork (game.tools.forks: a choice that sets what a later scene reads) is drawn thick and names what it
sets, and a legend tells the kinds of arrow apart. The engine's own moves are drawn too, dotted, from three small
markers: the clock (a new day opens on its `start` scene; the deadline), standing (expulsion) and, from each scene
where an accusation can be made, the verdicts. Nodes are clustered by the file that defines them or by day; a branch
pack's nodes are filled in a colour of their own and name their pack, and `--only PACK` keeps just the pack and what
it touches. With --case, a solve of that case is drawn in bold (see `game.tools.solve`).

Exit codes: 0 the map was printed; 1 the story has errors, or SVG was asked for without Graphviz; 2 usage error
(including an unknown --case or --only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.tools.graph_formats import GraphvizMissing, to_dot, to_mermaid, to_svg
from game.tools.solve import DEFAULT_MAX_STATES, solve_comment, solve_path
from game.tools.story_map import build_map, keep_pack, packs_in

GRAPHVIZ = ("archer graph: --format svg draws with Graphviz's `dot`, which is not installed; install the "
            "`graphviz` package (apt install graphviz, brew install graphviz, or graphviz.org/download), "
            "or use --format dot or mermaid")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "graph",
        description="Print the story map: scenes (boxes), endings (a distinct shape), choices (edges labelled with the "
        "choice id), forks (thick: choices that set a flag or variable a later scene reads, labelled with "
        "what they set), and the engine's own moves (dotted: new days, the deadline, expulsion, accusation "
        "verdicts), with a legend, clustered by file or by day. A choice's condition is shown under its id; a"
        " branch pack's nodes are filled green and name their pack. With --case, the shortest solve of that "
        "case is drawn in bold.",
        epilog="Exit codes: 0 printed; 1 the story has errors, or svg without Graphviz; 2 usage error (including "
        "an unknown --case or --only PACK). "
        "Render Mermaid in any Markdown viewer that supports it; DOT with `dot -Tsvg map.dot -o map.svg`.",
    )
    parser.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid",
                        help="output format (svg needs Graphviz's `dot`)")
    parser.add_argument("--only", metavar="PACK",
                        help="only this branch pack's scenes and endings, its choices and hooks, and the nodes "
                             "they touch (give the pack with --branch too)")
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
    from game.session.loading import open_story

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
            print(f"archer graph: {solve_comment(solve)}", file=sys.stderr)
    folder = Path(args.story) if args.story else shipped()
    story_map = build_map(story, args.cluster, folder, solve)
    if args.only is not None:
        packs = packs_in(story_map)
        if args.only not in packs:
            loaded = f"the packs loaded are: {', '.join(sorted(packs))}" if packs else "no pack is loaded"
            print(f"archer graph: --only {args.only}: no such pack; {loaded} (load one with --branch PATH)",
                  file=sys.stderr)
            return 2
        keep_pack(story_map, args.only)
    if args.format == "svg":
        try:
            sys.stdout.write(to_svg(story, story_map))
        except GraphvizMissing:
            print(GRAPHVIZ, file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(to_mermaid(story, story_map) if args.format == "mermaid" else to_dot(story, story_map))
    return 0
