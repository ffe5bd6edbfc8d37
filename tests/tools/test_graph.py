"""`archer graph`: the story map in Mermaid and DOT, clustering, escaping and the solve path."""

from __future__ import annotations

import re
import shutil

import pytest

from game.engine import judge, replay
from game.tools.graph import GRAPHVIZ
from game.tools.graph_formats import dot_text, mermaid_text, to_dot, to_mermaid
from game.tools.solve import SolvePath, solve_path
from game.tools.story_map import build_map, day_of, keep_pack
from game.world import load_story

from .conftest import MINI_STORY, archer, edit

SOLVE_JUNE = ["talk", "search", "look", "back", "office", "note", "present log june_alibi",
              "accuse june envy thread rose log"]
"""June's alibi is heard (talk) and broken (present) on the way: an accusation needs the culprit's account broken."""


def test_solve_path_is_shortest_and_judged_solved(mini) -> None:
    solve = solve_path(mini, "june_case")
    assert solve.actions == SOLVE_JUNE
    before = replay(mini, 0, "june_case", SOLVE_JUNE[:-1]).state
    _, suspect, motive, *cited = SOLVE_JUNE[-1].split()
    assert judge(mini, before, suspect, motive, cited) == "solved"
    assert replay(mini, 0, "june_case", SOLVE_JUNE).state.ending == "end_solved"
    assert solve.steps[0] == ("opening", "talk", "opening")
    assert solve.steps[-1] == ("office", SOLVE_JUNE[-1], "end_solved")


def test_solve_path_agrees_with_check(mini) -> None:
    from game.tools.explore import explore

    for case in mini.cases:
        assert len(solve_path(mini, case).actions) == len(explore(mini, case).solve_path)


def test_exact_search_reports_its_bound(mini) -> None:
    solve = solve_path(mini, "nabil_case", max_states=3, guided=False)
    assert solve.actions is None and not solve.complete


def test_guided_search_takes_over_past_the_bound(mini) -> None:
    solve = solve_path(mini, "nabil_case", max_states=3)
    assert not solve.shortest
    assert solve.actions[-1].startswith("accuse nabil fear ")
    assert replay(mini, 0, "nabil_case", solve.actions).state.ending == "end_solved"
    assert solve.steps[-1][2] == "end_solved"


def test_a_story_without_a_solve_says_none_exists(mini_dir) -> None:
    for text in ('"The office.', '"The showcase.'):
        edit(mini_dir / "scenes.yaml", f"accuse: true\n    text: {text}", f"accuse: false\n    text: {text}")
    story = load_story(mini_dir).story
    solve = solve_path(story, "june_case")
    assert solve.actions is None and solve.complete


def test_day_of(mini) -> None:
    assert day_of(mini, "tue_start") == "tue"
    assert day_of(mini, "opening") is None


def test_mermaid_escaping() -> None:
    assert mermaid_text('Say "hi" #1 <b>&`|') == "Say #34;hi#34; #35;1 #60;b#62;#38;#96;#124;"
    assert mermaid_text("two\nlines") == "two<br/>lines"


def test_dot_escaping() -> None:
    assert dot_text('a "quoted" back\\slash\nnext') == '"a \\"quoted\\" back\\\\slash\\nnext"'


def test_mermaid_map_has_every_scene_choice_and_ending(mini) -> None:
    text = to_mermaid(mini, build_map(mini, "file", MINI_STORY))
    assert text.splitlines()[1] == "flowchart LR"
    for sid in mini.scenes:
        assert re.search(rf'^    n_{sid}\["{sid}<br/>@ ', text, re.M), sid
    for eid, ending in mini.endings.items():
        assert f'n_{eid}(["{ending.title}<br/>[{ending.kind}]"])' in text
    for sid, scene in mini.scenes.items():
        for choice in scene.choices:
            assert f'  n_{sid} -->|"{choice.id}"| n_{choice.goto}' in text
    assert '  n_clock -.->|"Tuesday begins"| n_tue_start' in text
    assert '  n_clock -.->|"deadline"| n_last_call' in text
    assert '  n_standing -.->|"expelled"| n_end_expelled' in text
    assert '  n_office -.->|"accuse: solved"| n_end_solved' in text
    assert '  subgraph c0["scenes.yaml"]' in text
    assert text.count("subgraph") == text.count("\n  end\n")
    assert "linkStyle" not in text


def test_mermaid_highlights_the_solve(mini) -> None:
    story_map = build_map(mini, "file", MINI_STORY, solve_path(mini, "june_case"))
    text = to_mermaid(mini, story_map)
    assert "%% solve path for case june_case (shortest solve, 8 actions): " + " | ".join(SOLVE_JUNE) in text
    hot = {(e.source, e.label, e.target) for i, e in enumerate(story_map.edges) if i in story_map.hot_edges}
    assert hot == {("start", "", "opening"), ("opening", "talk", "opening"), ("opening", "search", "roof"),
                   ("roof", "look", "roof"),
                   ("roof", "back", "opening"), ("opening", "office", "office"), ("office", "note", "office"),
                   ("office", "accuse: solved", "end_solved")}
    assert story_map.hot_nodes == {"start", "opening", "roof", "office", "end_solved"}
    edge_lines = [line for line in text.splitlines() if "-->" in line or "-.->" in line]
    numbers = re.search(r"linkStyle ([\d,]+) ", text).group(1).split(",")
    assert {edge_lines[int(n)].strip() for n in numbers} >= {'n_opening -->|"search"| n_roof',
                                                             'n_office -.->|"accuse: solved"| n_end_solved'}


def test_a_new_day_lights_up_the_clock(mini) -> None:
    solve = SolvePath("june_case", ["search", "sleep"], 3, True,
                      [("opening", "search", "roof"), ("roof", "sleep", "tue_start")])
    story_map = build_map(mini, "day", MINI_STORY, solve)
    hot = {(e.source, e.label, e.target) for i, e in enumerate(story_map.edges) if i in story_map.hot_edges}
    assert ("clock", "Tuesday begins", "tue_start") in hot
    assert ("roof", "sleep", "opening") in hot
    assert "clock" in story_map.hot_nodes


def test_cluster_by_day(mini) -> None:
    clusters = dict(build_map(mini, "day", MINI_STORY).clusters)
    assert [n.id for n in clusters["Tuesday"]] == ["tue_start"]
    assert {n.id for n in clusters["Any day"]} == {"opening", "roof", "office", "retry", "last_call"}
    assert {n.id for n in clusters["Endings"]} == set(mini.endings)
    assert "Monday" not in clusters  # empty clusters are left out


def test_dot_map(mini) -> None:
    text = to_dot(mini, build_map(mini, "day", MINI_STORY, solve_path(mini, "nabil_case")))
    assert text.count("{") == text.count("}")
    assert 'digraph "mini" {' in text
    assert '"end_solved" [label="Solved\\n[solved]", shape=doubleoctagon' in text
    assert '"opening" -> "roof" [label="search", color="#c2410c", penwidth=3];' in text
    assert '"clock" -> "tue_start" [label="Tuesday begins", style=dashed];' in text
    assert "subgraph cluster_0 {" in text and 'label="Tuesday";' in text


def test_cli_mermaid_and_dot() -> None:
    done = archer("graph", "--story", str(MINI_STORY), "--case", "june_case")
    assert done.returncode == 0, done.stderr
    assert "flowchart LR" in done.stdout and "linkStyle" in done.stdout
    dot = archer("graph", "--story", str(MINI_STORY), "--format", "dot", "--cluster", "day")
    assert dot.returncode == 0
    assert dot.stdout.splitlines()[1].startswith('digraph "mini"')


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--case", "nobody"), 2, "archer graph: unknown case 'nobody'; the cases are: june_case, nabil_case\n"),
    (("--format", "png"), 2, "invalid choice: 'png'"),
    (("--only", "night"), 2,
     "archer graph: --only night: no such pack; no pack is loaded (load one with --branch PATH)\n"),
    (("--max-states", "0"), 2, "--max-states must be at least 1"),
])
def test_cli_bad_input(args: tuple[str, ...], code: int, message: str) -> None:
    done = archer("graph", "--story", str(MINI_STORY), *args)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_says_when_the_solve_is_not_the_shortest() -> None:
    done = archer("graph", "--story", str(MINI_STORY), "--case", "june_case", "--max-states", "2")
    assert done.returncode == 0
    assert done.stdout.splitlines()[2].startswith(
        "%% solve path for case june_case (a solve found by guided search, not proven shortest, ")


MINI_PACK = MINI_STORY.parent / "pack"


def test_a_pack_is_marked_and_conditions_are_on_the_arrows() -> None:
    story = load_story(MINI_STORY, [MINI_PACK]).story
    story_map = build_map(story, "file", MINI_STORY)
    nodes = {n.id: n for _, group in story_map.clusters for n in group}
    assert nodes["attic_room"].pack == "attic" and nodes["opening"].pack is None
    hook = next(e for e in story_map.edges if e.label == "attic_door")
    assert (hook.source, hook.target, hook.pack, hook.condition) == ("opening", "attic_room", "attic",
                                                                     "not flag.attic_seen")
    text = to_mermaid(story, story_map)
    assert '  n_opening -->|"attic_door<br/>if not flag.attic_seen"| n_attic_room' in text
    assert '    n_attic_room["attic_room<br/>@ studio<br/>[pack attic]"]' in text
    assert "  class n_attic_room pack" in text
    dot = to_dot(story, story_map)
    assert '"opening" -> "attic_room" [label="attic_door\\nif not flag.attic_seen"];' in dot
    assert ('"attic_room" [label="attic_room\\n@ studio\\n[pack attic]", shape=box, style="rounded,filled", '
            'fillcolor="#dcfce7", color="#15803d"];') in dot


def test_only_a_pack_keeps_its_nodes_and_what_they_touch() -> None:
    story = load_story(MINI_STORY, [MINI_PACK]).story
    story_map = build_map(story, "file", MINI_STORY)
    keep_pack(story_map, "attic")
    assert {(e.source, e.label, e.target) for e in story_map.edges} == {
        ("opening", "attic_door", "attic_room"), ("attic_room", "down", "opening")}
    assert {n.id for _, group in story_map.clusters for n in group} == {"opening", "attic_room"}
    assert story_map.markers == []


def test_cli_only_and_svg() -> None:
    done = archer("graph", "--story", str(MINI_STORY), "--branch", str(MINI_PACK), "--only", "attic",
                  "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if "->" in line and "legend_" not in line] == [
        '  "opening" -> "attic_room" [label="attic_door\\nif not flag.attic_seen"];',
        '  "attic_room" -> "opening" [label="down"];']
    wrong = archer("graph", "--story", str(MINI_STORY), "--branch", str(MINI_PACK), "--only", "cellar")
    assert (wrong.returncode, wrong.stderr) == (2, "archer graph: --only cellar: no such pack; the packs loaded "
                                                   "are: attic (load one with --branch PATH)\n")
    if shutil.which("dot"):
        svg = archer("graph", "--story", str(MINI_STORY), "--format", "svg")
        assert svg.returncode == 0, svg.stderr
        assert svg.stdout.lstrip().startswith("<?xml") and "<svg" in svg.stdout and ">opening</text>" in svg.stdout


def test_svg_without_graphviz_names_the_package(tmp_path) -> None:
    done = archer("graph", "--story", str(MINI_STORY), "--format", "svg", env_path=str(tmp_path))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == GRAPHVIZ + "\n"
