"""Forks (game.tools.forks) found from the story, and drawn apart from visits in `archer graph` with a legend."""

from __future__ import annotations

from game.tools.forks import forks
from game.tools.graph_formats import to_dot, to_mermaid
from game.tools.story_map import build_map
from game.world import load_story

from .tiny_story import ENDINGS, MANIFEST, tiny

TWO_DAYS = MANIFEST.replace("days: [{id: mon, title: Monday}]",
                            "days: [{id: mon, title: Monday}, {id: tue, title: Tuesday, start: tue_hall}]")
WEEK = """  - id: hall
    location: hall
    text: "A hall.{if flag.note} You have read the note.{end}"
    choices:
      - {id: read, text: "Read the note.", goto: hall, do: ["set flag.note"], once: true}
      - {id: side, text: "Help June.", goto: mon_june}
      - {id: sleep, text: "Sleep.", goto: hall, time: 2}
  - id: mon_june
    location: roof
    people: [june]
    text: "June, on the roof."
    choices:
      - {id: help, text: "Help her.", goto: hall, do: ["set flag.card"], time: 1}
      - {id: refuse, text: "Leave her.", goto: hall, time: 1}
  - id: tue_hall
    location: hall
    text: "Tuesday."
    choices:
      - {id: thank, text: "June thanks you.", goto: end_walked, when: flag.card}
      - {id: leave, text: "Leave.", goto: end_walked}
"""


def test_a_flag_a_later_day_reads_is_a_fork_and_one_only_the_hub_reads_is_a_visit(tmp_path):
    story = tiny(tmp_path, WEEK, TWO_DAYS)
    assert forks(story) == {("mon_june", "help"): ("flag.card",)}


def test_an_ending_that_reads_a_flag_makes_its_setter_a_fork(tmp_path):
    story = tiny(tmp_path, WEEK.replace('"Leave her.", goto: hall, time: 1}',
                                        '"Leave her.", goto: hall, time: 1, do: ["set flag.note"]}'), TWO_DAYS)
    assert forks(story) == {("mon_june", "help"): ("flag.card",)}  # the hub it returns to reads flag.note
    ending = ('  - {id: end_walked, title: Gone, kind: walked_away, text: "{if flag.note}You take the note.'
              '{else}You leave.{end}"}')
    (tmp_path / "story" / "scenes.yaml").write_text(
        (tmp_path / "story" / "scenes.yaml").read_text().replace(ENDINGS.splitlines()[1], ending))
    story = load_story(tmp_path / "story").story
    assert forks(story) == {("hall", "read"): ("flag.note",), ("mon_june", "help"): ("flag.card",),
                            ("mon_june", "refuse"): ("flag.note",)}


def test_the_map_draws_a_fork_thick_with_what_it_sets_and_a_legend(tmp_path):
    story = tiny(tmp_path, WEEK, TWO_DAYS)
    story_map = build_map(story, "file", tmp_path / "story")
    dot = to_dot(story, story_map)
    assert ('  "mon_june" -> "hall" [label="help\\nfork: sets flag.card", style=bold, color="#1d4ed8", '
            'fontcolor="#1d4ed8", penwidth=2];') in dot
    assert '  "mon_june" -> "hall" [label="refuse"];' in dot
    assert '  "hall" -> "hall" [label="read"];' in dot
    assert dot.count("{") == dot.count("}")
    assert dot.splitlines()[-8:] == [
        "  subgraph cluster_legend {",
        '    label="Legend"; style="rounded"; color="#94a3b8";',
        "    node [shape=point, width=0.05];",
        '    "legend_0a" -> "legend_0b" [label="a choice (a visit)"];',
        '    "legend_1a" -> "legend_1b" [label="a fork: sets what a later scene reads", style=bold, '
        'color="#1d4ed8", fontcolor="#1d4ed8", penwidth=2];',
        '    "legend_2a" -> "legend_2b" [label="the engine\'s own move", style=dashed];',
        "  }",
        "}"]
    mermaid = to_mermaid(story, story_map)
    assert '  n_mon_june ==>|"help<br/>fork: sets flag.card"| n_hall' in mermaid
    assert '  n_mon_june -->|"refuse"| n_hall' in mermaid
    assert '    legend_1a[" "] ==>|"a fork: sets what a later scene reads"| legend_1b[" "]' in mermaid
    assert mermaid.count("subgraph") == mermaid.count("\n  end\n")
