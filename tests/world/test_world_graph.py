"""Graph checks run at every load (AR050-AR053) and the no-cases error (AR066)."""

from __future__ import annotations

from game.world.checks import reachable


def warnings(result) -> list:
    return [d for d in result.diagnostics if d.severity == "warning"]


def test_the_mini_story_loads_without_any_diagnostic(mini_copy):
    result = mini_copy.load()
    assert result.story is not None
    assert [d.format() for d in result.diagnostics] == []


def test_everything_in_the_mini_story_is_reachable(mini_story):
    assert reachable(mini_story) == set(mini_story.scenes) | set(mini_story.endings)


def test_unreachable_scene_is_ar050_warning_at_its_id(mini_copy):
    mini_copy.edit("scenes.yaml", "endings:\n", "  - id: attic\n    location: roof\n    text: Dust.\n"
                   "    choices: [{id: down, text: Down., goto: opening}]\nendings:\n")
    result = mini_copy.load()
    assert result.story is not None  # a warning does not stop the story
    [diagnostic] = warnings(result)
    assert diagnostic.code == "AR050"
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "attic")
    assert diagnostic.message == "scene 'attic' cannot be reached from the start"


def test_unreachable_ending_is_ar050(mini_copy):
    mini_copy.edit("scenes.yaml", "  - {id: end_timeout,", "  - {id: end_fog, title: Fog, kind: other, text: x}\n"
                   "  - {id: end_timeout,")
    diagnostic = mini_copy.one("AR050")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "end_fog")
    assert diagnostic.message == "ending 'end_fog' cannot be reached from the start"


def test_scene_reached_only_by_the_engine_is_reachable(mini_copy):
    """tue_start is the opener of Tuesday: no choice leads there, the clock does."""
    result = mini_copy.load()
    assert "tue_start" in reachable(result.story)
    assert not [d for d in result.diagnostics if d.code == "AR050"]


def test_scene_without_choices_is_ar051_error(mini_copy):
    mini_copy.edit("scenes.yaml", '    choices:\n      - {id: go_on, text: "Go on.", goto: opening}\n',
                   "    choices: []\n")
    diagnostic = mini_copy.one("AR051")
    assert diagnostic.severity == "error"
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "tue_start\n")
    assert diagnostic.message == "scene 'tue_start' has no choices and is not an ending"
    assert mini_copy.load().story is None


def test_unused_flag_is_ar052_at_its_declaration(mini_copy):
    mini_copy.edit("story.yaml", "flags:\n", "flags:\n  forgotten: never set\n")
    [diagnostic] = warnings(mini_copy.load())
    assert diagnostic.code == "AR052"
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "forgotten")
    assert diagnostic.message == "flag 'forgotten' is declared but never used"


def test_unused_variable_is_ar052(mini_copy):
    mini_copy.edit("story.yaml", "  nerve: {type: int, default: 0}\n",
                   "  nerve: {type: int, default: 0}\n  grit: {type: int, default: 0}\n")
    diagnostic = mini_copy.one("AR052")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "grit")
    assert diagnostic.message == "var 'grit' is declared but never used"


def test_statement_never_heard_is_ar052(mini_copy):
    mini_copy.edit("scenes.yaml", '"clue log", "hear nabil_alibi"', '"clue log"')
    diagnostic = mini_copy.one("AR052")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "nabil_alibi")
    assert diagnostic.message == "statement 'nabil_alibi' is declared but never used"
    assert diagnostic.hint == "record it with the effect `hear nabil_alibi` in some choice"


def test_clue_never_given_is_ar052(mini_copy):
    mini_copy.edit("scenes.yaml", 'do: ["clue rose", "var.nerve += 1"]', 'do: ["var.nerve += 1"]')
    diagnostic = mini_copy.one("AR052")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "rose\n")
    assert diagnostic.message == "clue 'rose' is declared but never used"


def test_a_flag_used_only_in_text_counts_as_used(mini_copy):
    mini_copy.edit("story.yaml", "flags:\n", "flags:\n  seen_roof: x\n")
    mini_copy.edit("scenes.yaml", '"Wind. A thread', '"{if flag.seen_roof}Again. {end}Wind. A thread')
    assert not mini_copy.diagnostics("AR052")


def test_ten_choices_is_ar053_warning(mini_copy):
    extra = "".join(f'      - {{id: c{i}, text: "C{i}.", goto: opening}}\n' for i in range(9))
    mini_copy.edit("scenes.yaml", '      - {id: go_on, text: "Go on.", goto: opening}\n',
                   '      - {id: go_on, text: "Go on.", goto: opening}\n' + extra)
    result = mini_copy.load()
    [diagnostic] = warnings(result)
    assert diagnostic.code == "AR053"
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "tue_start\n")
    assert diagnostic.message == "scene 'tue_start' always offers 10 choices; keys reach 9"
    assert result.story is not None


def test_choices_gated_by_when_do_not_count_toward_ar053(mini_copy):
    extra = "".join(f'      - {{id: c{i}, text: "C{i}.", goto: opening, when: "standing > {i}"}}\n' for i in range(9))
    mini_copy.edit("scenes.yaml", '      - {id: go_on, text: "Go on.", goto: opening}\n',
                   '      - {id: go_on, text: "Go on.", goto: opening}\n' + extra)
    assert not warnings(mini_copy.load())


def test_a_loop_the_clock_can_never_leave_is_ar054(mini_copy):
    mini_copy.edit("scenes.yaml", '      - {id: back, text: "Back.", goto: office}\n',
                   '      - {id: back, text: "Back.", goto: limbo}\n'
                   '  - id: limbo\n    location: office\n    text: "Nothing moves."\n'
                   '    choices:\n      - {id: round, text: "Round again.", goto: retry}\n')
    result = mini_copy.load()
    found = {d.message.split("'")[1]: d for d in result.diagnostics if d.code == "AR054"}
    assert sorted(found) == ["limbo", "retry"]
    diagnostic = found["limbo"]
    assert diagnostic.severity == "error" and result.story is None
    assert diagnostic.message == ("from scene 'limbo' no choice can ever spend time or reach an ending: the clock "
                                  "stops and the deadline never comes")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "limbo\n    location")


def test_nine_choices_is_fine(mini_copy):
    extra = "".join(f'      - {{id: c{i}, text: "C{i}.", goto: opening}}\n' for i in range(8))
    mini_copy.edit("scenes.yaml", '      - {id: go_on, text: "Go on.", goto: opening}\n',
                   '      - {id: go_on, text: "Go on.", goto: opening}\n' + extra)
    assert not mini_copy.diagnostics("AR053")


def test_story_without_cases_is_ar066(mini_copy):
    text = mini_copy.read("mystery.yaml")
    start = text.index("cases:\n")
    end = text.index("facts:\n")
    mini_copy.write("mystery.yaml", text[:start] + text[end:])
    for case in ("nabil_case", "june_case"):
        text = mini_copy.read("mystery.yaml")
        mini_copy.write("mystery.yaml", text.replace(f"[{case}]", "all"))
    mini_copy.edit("mystery.yaml", "    variants:\n      nabil_case: {text: A red thread., weights: {nabil: 2}, "
                                   "carries: [{point: means, against: nabil}]}\n", "")
    mini_copy.edit("mystery.yaml", "    variants:\n      nabil_case: {text: A wilted rose., weights: {nabil: 2}, "
                                   "carries: [{point: motive, against: nabil, motive: fear}]}\n", "")
    mini_copy.edit("mystery.yaml", "    variants:\n      nabil_case: {text: Nabil signed out late., "
                                   "weights: {nabil: 2, topher: 0}, carries: [{point: opportunity, against: nabil}]}\n",
                   "")
    mini_copy.edit("mystery.yaml", ",\n     variants: {nabil_case: {text: \"The one who signed out wore red.\", "
                                   "weights: {nabil: 2}, carries: [{point: opportunity, against: nabil}]}}}", "}")
    result = mini_copy.load()
    assert [d.code for d in result.diagnostics] == ["AR066"], [d.format() for d in result.diagnostics]
    assert mini_copy.where(result.diagnostics[0]) == ("story.yaml", 1, 1)
    assert result.diagnostics[0].message == "the story defines no cases"
