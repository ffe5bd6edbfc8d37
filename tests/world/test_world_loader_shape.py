"""Loader diagnostics about the shape of the data (AR010-AR012), from the pydantic models of the format."""

from __future__ import annotations


def test_missing_manifest_field_is_ar010_at_the_mapping(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "")
    diagnostic = mini_copy.one("AR010")
    assert mini_copy.where(diagnostic) == ("story.yaml", 1, 1)
    assert diagnostic.message == "missing field 'title'"
    assert diagnostic.hint == "add 'title: ...'"


def test_missing_scene_field_is_ar010_at_the_scene(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n", "  - id: tue_start\n")
    diagnostic = mini_copy.one("AR010")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "id: tue_start")
    assert diagnostic.message == "missing field 'location'"


def test_missing_field_in_a_flow_mapping(mini_copy):
    mini_copy.edit("mystery.yaml", '  - {id: envy, text: "Envy"}', "  - {id: envy}")
    diagnostic = mini_copy.one("AR010")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "{id: envy}")
    assert diagnostic.message == "missing field 'text'"


def test_a_broken_scene_does_not_cascade(mini_copy):
    """The scene is skipped, but its id stays known: no 'unknown scene' errors for the choices that lead to it."""
    mini_copy.edit("scenes.yaml", "  - id: roof\n    location: roof\n", "  - id: roof\n")
    codes = [d.code for d in mini_copy.load().diagnostics if d.severity == "error"]
    assert codes == ["AR010"]


def test_unknown_field_is_ar011_at_the_key_with_a_suggestion(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n",
                   "  - id: tue_start\n    location: studio\n    peeple: [june]\n")
    diagnostic = mini_copy.one("AR011")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "peeple")
    assert diagnostic.message == "unknown field 'peeple'"
    assert diagnostic.hint == "did you mean 'people'?"


def test_misspelt_required_field_is_one_error_at_the_misspelling(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n",
                   "  - id: tue_start\n    locaton: studio\n")
    found = {d.code: d for d in mini_copy.load().diagnostics}
    assert list(found) == ["AR011"]  # not also "missing field 'location'": it is the same mistake
    assert mini_copy.where(found["AR011"]) == mini_copy.spot("scenes.yaml", "locaton")
    assert found["AR011"].hint == "did you mean 'location'?"


def test_unknown_field_in_a_choice(mini_copy):
    mini_copy.edit("scenes.yaml", '{id: go_on, text: "Go on.", goto: opening}',
                   '{id: go_on, text: "Go on.", goto: opening, tiem: 1}')
    diagnostic = mini_copy.one("AR011")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "tiem")
    assert diagnostic.hint == "did you mean 'time'?"


def test_unknown_part_of_a_story_file_is_ar011(mini_copy):
    mini_copy.edit("mystery.yaml", "motives:\n", "motivs:\n")
    found = mini_copy.diagnostics("AR011")
    assert [mini_copy.where(d) for d in found] == [mini_copy.spot("mystery.yaml", "motivs")]
    assert found[0].message == "unknown part 'motivs'"
    assert found[0].hint == "did you mean 'motives'?"


def test_unknown_field_in_the_manifest(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "title: Mini\ntitel: Mini\n")
    diagnostic = mini_copy.one("AR011")
    assert mini_copy.where(diagnostic) == ("story.yaml", 4, 1)
    assert diagnostic.hint == "did you mean 'title'?"


def test_yaml_boolean_as_an_id_is_ar012_with_the_quoting_hint(mini_copy):
    mini_copy.edit("mystery.yaml", '  - {id: envy, text: "Envy"}', '  - {id: on, text: "Envy"}')
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "on, text")
    assert diagnostic.message == "'id' must be text (got True)"
    # The motive has no usable id, so the cases' `motive: envy` are most likely to it: told here, not as AR031.
    assert diagnostic.hint == ("YAML reads yes/no/on/off/true/false as true or false: put the text in quotes (the "
                               "story refers to 'envy', which no motive defines: perhaps this one)")
    assert [d.code for d in mini_copy.load().diagnostics if d.severity == "error"] == ["AR012"]


def test_yes_as_a_title_gets_the_quoting_hint(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "title: yes\n")
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == ("story.yaml", 3, 8)
    assert "quotes" in diagnostic.hint


def test_wrong_type_is_ar012_at_the_value(mini_copy):
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: roof, time: soon}")
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "soon")
    assert (diagnostic.message, diagnostic.hint) == ("'time' must be a whole number (got 'soon')",
                                                     "write digits only, e.g. 2")


def test_out_of_range_value_is_ar012(mini_copy):
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: roof, time: 9}")
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "9}")
    assert (diagnostic.message, diagnostic.hint) == ("'time' must be at most 8 (got 9)", "")


def test_bad_id_pattern_is_ar012(mini_copy):
    mini_copy.edit("scenes.yaml", '{id: go_on, text: "Go on."', '{id: Go-On, text: "Go on."')
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "Go-On")
    assert "'id'" in diagnostic.message


def test_a_list_where_a_mapping_belongs_is_ar012(mini_copy):
    mini_copy.edit("story.yaml", "deadline: {day: tue, slot: night, scene: last_call}",
                   "deadline: [tue, night, last_call]")
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "[tue, night")
    assert (diagnostic.message, diagnostic.hint) == ("'deadline' must be a mapping of fields, not a list",
                                                     "write `{day: ..., slot: ..., scene: ...}`")


def test_part_that_is_not_a_list_is_ar012(mini_copy):
    mini_copy.edit("mystery.yaml", "motives:\n", "motives: envy\nold_motives:\n")
    found = [d for d in mini_copy.load().diagnostics if d.code == "AR012"]
    assert [mini_copy.where(d) for d in found] == [mini_copy.spot("mystery.yaml", "envy\nold")]
    assert found[0].message == "'motives' must be a list"


def test_story_file_that_is_not_a_mapping_is_ar012(mini_copy):
    mini_copy.include("extra.yaml", "- just\n- a list\n")
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == ("extra.yaml", 1, 1)
    assert diagnostic.message == "a story file must be a mapping of parts"


def test_variable_default_of_the_wrong_type_is_ar012(mini_copy):
    mini_copy.edit("story.yaml", "nerve: {type: int, default: 0}", 'nerve: {type: int, default: "zero"}')
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "{type: int")
    assert (diagnostic.message, diagnostic.hint) == (
        "variable 'nerve' is a whole number (int) but its default is 'zero'",
        "give it a default of its type, e.g. `default: 0`")


def test_negative_weight_is_ar012(mini_copy):
    mini_copy.edit("mystery.yaml", "weights: {june: 2, topher: 0}\n    carries: [{point: opportunity, against: june}]",
                   "weights: {june: -2, topher: 0}\n    carries: [{point: opportunity, against: june}]")
    diagnostic = mini_copy.one("AR012")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "-2")
    assert diagnostic.message == "weight for 'june' is negative"


def test_every_shape_problem_is_reported_in_one_pass(mini_copy):
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: roof, time: soon}")
    mini_copy.edit("mystery.yaml", '  - {id: envy, text: "Envy"}', "  - {id: envy, txt: Envy}")
    codes = sorted(d.code for d in mini_copy.load().diagnostics)
    assert codes == ["AR011", "AR012"]  # `txt` for `text` is one mistake: one error, with the fix


def test_a_manifest_problem_does_not_hide_the_problems_of_the_included_files(mini_copy):
    """One run reports everything: a missing manifest field must not stop the included files being checked."""
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: roof, time: soon}")
    mini_copy.edit("mystery.yaml", '  - {id: envy, text: "Envy"}', "  - {id: envy, txt: Envy}")
    mini_copy.edit("story.yaml", "title: Mini\n", "")
    found = sorted((mini_copy.where(d)[0], d.code) for d in mini_copy.load().diagnostics)
    assert found == [("mystery.yaml", "AR011"), ("scenes.yaml", "AR012"), ("story.yaml", "AR010")]
