"""The continuity pass (game.tools.continuity): exact warnings on tiny stories, and, over random small stories,
every warning's path replayed through the engine really shows the passage without what it presupposes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import replay, view
from game.engine.evaluate import Env, evaluate, has_met
from game.tools.continuity import Pass, check_continuity, shown_names
from game.world.diagnostics import sort_key
from game.world.story import Story

from .tiny_story import MANIFEST, tiny


def lines(story: Story) -> list[str]:
    found, _ = check_continuity(story)
    return [d.format() for d in sorted(found, key=sort_key)]


HUB = """  - id: hall
    location: hall
    text: "A hall. A note on the board."
    choices:
      - {id: read, text: "Read the note.", goto: hall, do: ["set flag.note"], once: true, reply: "It says: roof."}
      - {id: up, text: "Go up.", goto: roof}
      - {id: leave, text: "Leave.", goto: end_walked}
"""

ROOF = """  - id: roof
    location: roof
    people: [june]
    text: "The roof."
    choices: [{id: down, text: "Down.", goto: end_walked}]
"""


def test_a_scene_reached_without_its_assumption_warns_with_the_shortest_path(tmp_path):
    story = tiny(tmp_path, HUB + """  - id: roof
    location: roof
    assumes: flag.note
    text: "The roof, as the note said."
    choices: [{id: down, text: "Down.", goto: end_walked}]
""")
    assert lines(story) == [
        f"{tmp_path}/story/scenes.yaml:12:11: AR100 warning: the text of 'roof' assumes `flag.note`, which is "
        "false where it is shown; case 'only_case', 1 action(s): up\n"
        "    hint: reach it only where that holds (a `when:` on the way in), or vary the text with `{if ...}`, "
        "or fix what `assumes:` says"]


def test_an_assumption_that_holds_on_every_way_in_is_quiet(tmp_path):
    story = tiny(tmp_path, HUB.replace("{id: up, text: \"Go up.\", goto: roof}",
                                       "{id: up, text: \"Go up.\", goto: roof, when: flag.note}") + """  - id: roof
    location: roof
    assumes: flag.note
    text: "The roof, as the note said."
    choices: [{id: down, text: "Down.", goto: end_walked}]
""")
    assert lines(story) == []


def test_a_name_before_meeting_warns_and_the_introducing_scene_is_fine(tmp_path):
    story = tiny(tmp_path, HUB.replace("A hall. A note on the board.", "A hall. June's note on the board.")
                 + """  - id: roof
    location: roof
    people: [june]
    text: "June is on the roof. Officer Cruz will want to know."
    choices: [{id: down, text: "Down.", goto: station}]
  - id: station
    location: station
    people: [cruz]
    text: "Cruz listens. You tell her what June said."
    choices: [{id: go, text: "Go.", goto: end_walked}]
""")
    assert lines(story) == [
        f"{tmp_path}/story/scenes.yaml:4:20: AR101 warning: the text of 'hall' names June ('june') before Neveah "
        "has met them; case 'only_case', 0 action(s): (at the start)\n"
        "    hint: introduce them first (a scene with june in `people:` or `introduces:` on every way in), or guard "
        "the words with `{if met.june}`, or say `assumes: met.june` where it holds",
        f"{tmp_path}/story/scenes.yaml:12:41: AR101 warning: the text of 'roof' names Cruz ('cruz') before Neveah "
        "has met them; case 'only_case', 1 action(s): up\n"
        "    hint: introduce them first (a scene with cruz in `people:` or `introduces:` on every way in), or guard "
        "the words with `{if met.cruz}`, or say `assumes: met.cruz` where it holds",
    ]


def test_an_if_branch_guards_a_name_and_name_interpolation_counts(tmp_path):
    story = tiny(tmp_path, HUB.replace("A hall. A note on the board.",
                                       "A hall.{if met.june} June waves.{end}")
                 .replace("It says: roof.", "It is signed {name.cruz}.")
                 + """  - id: roof
    location: roof
    people: [june]
    text: "The roof."
    choices: [{id: down, text: "Down.", goto: hall, time: 1, reply: "You go down."}]
""")
    assert lines(story) == [
        f"{tmp_path}/story/scenes.yaml:6:113: AR101 warning: the reply of choice 'read' in scene 'hall' names Cruz "
        "('cruz') before Neveah has met them; case 'only_case', 1 action(s): read\n"
        "    hint: introduce them first (a scene with cruz in `people:` or `introduces:` on every way in), or guard "
        "the words with `{if met.cruz}`, or say `assumes: met.cruz` where it holds"]


def test_assumes_on_a_choice_covers_its_reply_and_is_checked(tmp_path):
    story = tiny(tmp_path, HUB.replace('reply: "It says: roof."', 'reply: "Cruz wrote it.", assumes: met.cruz')
                 + ROOF)
    assert lines(story) == [
        f"{tmp_path}/story/scenes.yaml:6:98: AR100 warning: the reply of choice 'read' in scene 'hall' assumes "
        "`met.cruz`, which is false where it is shown; case 'only_case', 1 action(s): read\n"
        "    hint: reach it only where that holds (a `when:` on the way in), or vary the text with `{if ...}`, "
        "or fix what `assumes:` says"]


def test_the_analysis_proves_an_assumption_every_way_in_keeps_and_nothing_is_searched(tmp_path):
    story = tiny(tmp_path, HUB.replace("{id: up, text: \"Go up.\", goto: roof}",
                                       "{id: up, text: \"Go up.\", goto: roof, when: flag.note}") + """  - id: roof
    location: roof
    people: [june]
    assumes: flag.note
    text: "The roof, as the note said. June is here."
    choices: [{id: down, text: "Down.", goto: hall, reply: "June waves you off."}]
""")
    found, looked = check_continuity(story)
    assert found == [] and looked.unproven == set() and looked.states == 0
    assert looked.reached == len(story.passages) == 5


def test_what_the_analysis_cannot_prove_is_what_the_search_looks_at(tmp_path):
    # The hall names June only while the card is held, which is taken on the way up to her: no fact proves her
    # met wherever the card is held (the analysis is not relational), and the search finds no path against it.
    story = tiny(tmp_path, HUB.replace("A hall. A note on the board.", "A hall.{if flag.card} June's card.{end}")
                 .replace('{id: up, text: "Go up.", goto: roof}', '{id: up, text: "Go up.", goto: roof, '
                          'do: ["set flag.card"]}')
                 .replace('do: ["set flag.note"]', 'do: ["set flag.note", "clear flag.card"]')
                 + ROOF.replace("goto: end_walked", "goto: hall"))
    checker = Pass(story)
    assert checker.prove() == {("AR101", "text", "hall", "june")}
    found, looked = check_continuity(story)
    assert found == [] and looked.unproven == {("text", "hall")} and looked.states > 0
    assert looked.passages == {("text", "hall")}


def test_met_reads_visits_and_the_known_list(tmp_path):
    story = tiny(tmp_path, HUB + ROOF)
    before = replay(story, 0, "only_case", []).state
    after = replay(story, 0, "only_case", ["up"]).state
    assert [has_met(story, before, who) for who in ("neveah", "june", "cruz")] == [True, False, False]
    assert [has_met(story, after, who) for who in ("neveah", "june", "cruz")] == [True, True, False]


# ------------------------------------------------------------------------------ random small stories

PEOPLE = ("june", "cruz")
ROOMS = ("hall", "roof", "station")


@st.composite
def small_stories(draw) -> str:
    """Scenes s0..sN: random people, texts that may name someone, random `assumes:` and choices between them."""
    count = draw(st.integers(2, 5))
    out = []
    for index in range(count):
        people = draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=1))
        named = draw(st.lists(st.sampled_from(("June", "Cruz", "{name.june}")), max_size=2))
        guard = draw(st.sampled_from(("", "{if met.cruz} Cruz nods.{end}", "{if flag.note} The note.{end}")))
        assumes = draw(st.sampled_from((None, "flag.note", "met.june", "not flag.card")))
        room = draw(st.sampled_from(ROOMS))
        out.append(f"  - id: s{index}\n    location: {room}\n    people: [{', '.join(people)}]\n"
                   + (f"    assumes: {assumes}\n" if assumes else "")
                   + f"    text: \"Here {' and '.join(named) or 'nobody'}.{guard}\"\n    choices:\n")
        targets = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=3))
        for number, target in enumerate(targets):
            effect = draw(st.sampled_from(("", "set flag.note", "set flag.card", "clear flag.note")))
            reply = draw(st.sampled_from(("", "Cruz said so.", "Fine.")))
            when = draw(st.sampled_from(("", "flag.note", "not flag.card", "met.june or flag.note",
                                         "seen.s0 and not met.cruz")))
            out.append(f"      - {{id: c{number}, text: \"Go.\", goto: s{target}"
                       + (f", when: \"{when}\"" if when else "")
                       + (f", do: [\"{effect}\"]" if effect else "")
                       + (f", reply: \"{reply}\"" if reply else "") + "}\n")
        out.append("      - {id: out, text: \"Leave.\", goto: end_walked}\n")
    return "".join(out)


@settings(max_examples=40, deadline=None)
@given(small_stories())
def test_every_witness_replays_to_the_passage_without_what_it_needs(tmp_path_factory, scenes):
    folder = tmp_path_factory.mktemp("story")
    story = tiny(folder, scenes, MANIFEST.replace("start: hall", "start: s0"))
    checker = Pass(story)
    found, _ = check_continuity(story)
    assert len(found) == len(checker_found(story))
    # The analysis is sound: whatever the full search finds, it left open.
    assert set(checker_found(story)) <= Pass(story).prove()
    for (code, kind, ident, who), item in checker_found(story).items():
        done = replay(story, 0, item.case, item.path)
        assert done.complete, (item.path, done.error)
        state = done.state
        shown = view(story, state)
        env = Env(story, state)
        if kind == "reply":
            assert state.said == ident and shown.reply
        else:
            assert state.scene == ident and shown.text
            assert kind == "text" and (not state.returned or story.scenes[ident].again is None)
        passage = checker.passage(kind, ident)
        if code == "AR100":
            assert not evaluate(passage.assumes, env)
        else:
            before = replay(story, 0, item.case, item.path[:-1]).state if kind == "reply" else state
            assert who in set(shown_names(passage.parts, env, checker.names))
            assert not has_met(story, before, who) and who not in passage.people


def checker_found(story: Story) -> dict:
    checker = Pass(story)
    for case in story.cases:
        checker.explore(case)
        checker.walk(case)
    return checker.result.found
