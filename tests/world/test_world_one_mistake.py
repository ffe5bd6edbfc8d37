"""One mistake gives one error, at the mistake, in the author's words and with the fix (issue 19).

Each test makes a single slip in a copy of the mini story (or its pack) and pins the whole list of errors.
"""

from __future__ import annotations

import pytest

from game.world import load_story
from game.world.yamlsrc import shown_path


def errors(copy, pack: bool = False) -> list[tuple[tuple[str, int, int], str, str, str]]:
    """(where, code, message, hint) of every error, in the order they are printed."""
    result = load_story(copy.story_dir, [copy.root / "pack"] if pack else [])
    return [(copy.where(d), d.code, d.message, d.hint) for d in result.diagnostics if d.severity == "error"]


OFFICE = "    people: [june, nabil]\n"
ROOF_CHOICE = "goto: roof, time: 1}"
OFFICE_TEXT = '    accuse: true\n    text: "The office.'


def with_when(copy, condition: str) -> None:
    copy.edit("scenes.yaml", ROOF_CHOICE, f"goto: roof, time: 1, when: \"{condition}\"}}")


def test_a_misspelt_field_keeps_the_scene_defined(mini_copy):
    mini_copy.edit("scenes.yaml", OFFICE, "    poeple: [june, nabil]\n")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "poeple"), "AR011", "unknown field 'poeple'",
                                  "did you mean 'people'?")]


def test_a_wrong_type_keeps_the_scene_defined_and_says_how_to_write_a_list(mini_copy):
    mini_copy.edit("scenes.yaml", OFFICE, "    people: june\n")
    mini_copy.edit("scenes.yaml", ROOF_CHOICE, 'goto: roof, time: 1, when: "visited.office > 0"}')
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "june\n"), "AR012",
                                  "'people' must be a list, not a single value", "write `[june]`")]


def test_a_missing_required_field(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: office\n    location: office\n", "  - id: office\n")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "id: office\n"), "AR010",
                                  "missing field 'location'", "add 'location: ...'")]


def test_a_misspelt_goto(mini_copy):
    mini_copy.edit("scenes.yaml", ROOF_CHOICE, "goto: rooof, time: 1}")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "rooof"), "AR031",
                                  "unknown scene or ending 'rooof'", "did you mean 'roof'?")]


def test_a_misspelt_flag(mini_copy):
    mini_copy.edit("scenes.yaml", '"set flag.met_june"', '"set flag.met_jnue"')
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "flag.met_jnue"), "AR031", "unknown flag 'met_jnue'",
                                  "did you mean 'met_june'?")]


def test_a_misspelt_field_never_suggests_itself_and_only_names_fields_of_that_spot(mini_copy):
    # `choice` is a field of a hook, but not of a scene: the scene's `choices` is what was meant.
    mini_copy.edit("scenes.yaml", '    text: "Tuesday."\n    choices:', '    text: "Tuesday."\n    choice:')
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "choice:"), "AR011", "unknown field 'choice'",
                                  "did you mean 'choices'?")]


def test_a_misspelt_required_field_is_one_error(mini_copy):
    mini_copy.edit("scenes.yaml", '{id: go_on, text: "Go on.", goto: opening}',
                   '{id: go_on, text: "Go on.", go_to: opening}')
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "go_to"), "AR011", "unknown field 'go_to'",
                                  "did you mean 'goto'?")]


def test_bad_indentation(mini_copy):
    mini_copy.edit("scenes.yaml", OFFICE_TEXT, '    accuse: true\n     text: "The office.')
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", ': "The office.'), "AR001",
                                  "YAML syntax error: a `key:` cannot start here",
                                  "check this line's indentation against the lines above, or quote text that "
                                  "holds `: `")]


@pytest.mark.parametrize("where", ["scenes.yaml", "pack"])
def test_a_tab_in_the_indentation(mini_copy, where):
    if where == "pack":
        path = mini_copy.root / "pack" / "attic.yaml"
        path.write_text(path.read_text().replace("    choices:\n      -", "    choices:\n\t  -"))
        assert errors(mini_copy, pack=True) == [(("pack/attic.yaml", 7, 1), "AR001",
                                                 "a tab in the indentation: YAML indents with spaces only",
                                                 "indent with spaces")]
    else:
        mini_copy.edit("scenes.yaml", OFFICE_TEXT, '    accuse: true\n\ttext: "The office.')
        assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", '\ttext'), "AR001",
                                      "a tab in the indentation: YAML indents with spaces only",
                                      "indent with spaces")]


def test_a_duplicate_id(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: retry\n", "  - id: roof\n    location: roof\n    text: Again.\n"
                   "    choices: [{id: back, text: Back., goto: opening}]\n  - id: retry\n")
    first = shown_path(mini_copy.story_dir / "scenes.yaml")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "roof\n    location: roof\n    text: Again"), "AR030",
                                  f"node id 'roof' is defined twice (first at {first}:13)",
                                  "ids must be unique: rename one")]


@pytest.mark.parametrize(("condition", "at", "message", "hint"), [
    ("flag.met_june && trust.june > 1", "&&", "`&&` is not an operator here", "use `and`"),
    ("flag.met_june || trust.june > 1", "||", "`||` is not an operator here", "use `or`"),
    ("!flag.met_june", "!flag", "`!` is not an operator here", "use `not`"),
    ("trust.june = 1", "= 1\"}", "`=` sets a value; a condition compares", "use `==` to compare"),
    ("name.june == 'a && b' and trust.june = 1", "= 1\"}", "`=` sets a value; a condition compares",
     "use `==` to compare"),
])
def test_operators_from_other_languages(mini_copy, condition, at, message, hint):
    with_when(mini_copy, condition)
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", at), "AR040", message, hint)]


def test_a_forbidden_call_is_named(mini_copy):
    with_when(mini_copy, "__import__('os').system('ls')")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "__import__"), "AR041",
                                  "calls to `__import__('os').system` are not allowed",
                                  "only min(a, b), max(a, b) and abs(a) can be called")]


def test_yaml_aliases_are_one_error_for_the_file(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n",
                   "  - id: tue_start\n    location: &s studio\n    notes: [*s]\n    people: [*s]\n")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "*s"), "AR003", "YAML aliases are not allowed",
                                  "write the value out in full wherever it is used")]


def test_an_undeclared_var_in_a_pack_says_where_to_declare_it(mini_copy):
    path = mini_copy.root / "pack" / "attic.yaml"
    path.write_text(path.read_text().replace('["set flag.attic_seen"]', '["set flag.attic_seen", "var.dust += 1"]'))
    assert errors(mini_copy, pack=True) == [
        (("pack/attic.yaml", 4, 37), "AR042", "unknown var 'dust' in var.dust",
         "declare it under `vars:` (in story.yaml, a story file or a pack's branch.yaml), "
         "e.g. `vars: {dust: {type: int, default: 0}}`")]


# --------------------------------------------------------------------------- the same slips in a branch pack


ATTIC_HALL = '    enter: ["set flag.attic_seen"]\n'
ATTIC_DOWN = "goto: opening}"
COPY_OF_ATTIC = ("  - id: attic_room\n    location: studio\n    text: x\n"
                 "    choices: [{id: d, text: D., goto: opening}]\n")


@pytest.mark.parametrize(("old", "new", "at", "code", "message", "hint"), [
    ("    location: studio\n", "    locaton: studio\n", ("locaton", 1), "AR011", "unknown field 'locaton'",
     "did you mean 'location'?"),
    (ATTIC_HALL, ATTIC_HALL + "    people: june\n", ("june\n", 1), "AR012",
     "'people' must be a list, not a single value", "write `[june]`"),
    ("    location: studio\n", "", ("id: attic_room", 1), "AR010", "missing field 'location'", "add 'location: ...'"),
    (ATTIC_DOWN, "goto: openin}", ("openin", 1), "AR031", "unknown scene or ending 'openin'",
     "did you mean 'opening'?"),
    ('"set flag.attic_seen"', '"set flag.atic_seen"', ("flag.atic_seen", 1), "AR031", "unknown flag 'atic_seen'",
     "did you mean 'attic_seen'?"),
    (ATTIC_HALL, " " + ATTIC_HALL, (': ["set', 1), "AR001", "YAML syntax error: a `key:` cannot start here",
     "check this line's indentation against the lines above, or quote text that holds `: `"),
    ("scenes:\n", "scenes:\n" + COPY_OF_ATTIC, ("attic_room", 2), "AR030",
     "node id 'attic_room' is defined twice (first at {attic}:2)", "ids must be unique: rename one"),
    (ATTIC_DOWN, 'goto: opening, when: "flag.attic_seen && trust.june > 1"}', ("&&", 1), "AR040",
     "`&&` is not an operator here", "use `and`"),
    (ATTIC_DOWN, 'goto: opening, when: "flag.attic_seen || trust.june > 1"}', ("||", 1), "AR040",
     "`||` is not an operator here", "use `or`"),
    (ATTIC_DOWN, 'goto: opening, when: "!flag.attic_seen"}', ("!flag", 1), "AR040", "`!` is not an operator here",
     "use `not`"),
    (ATTIC_DOWN, 'goto: opening, when: "trust.june = 1"}', ("= 1", 1), "AR040",
     "`=` sets a value; a condition compares", "use `==` to compare"),
    ("    location: studio\n", "    location: &s studio\n    notes: [*s]\n    people: [*s]\n", ("*s", 1), "AR003",
     "YAML aliases are not allowed", "write the value out in full wherever it is used"),
], ids=["misspelt field", "wrong type", "missing field", "misspelt goto", "misspelt flag", "bad indentation",
        "duplicate id", "&&", "||", "!", "=", "aliases"])
def test_one_slip_in_a_pack_is_one_error(mini_copy, old, new, at, code, message, hint):
    mini_copy.edit("pack/attic.yaml", old, new)
    attic = shown_path(mini_copy.root / "pack" / "attic.yaml")
    assert errors(mini_copy, pack=True) == [(mini_copy.spot("pack/attic.yaml", *at), code,
                                             message.format(attic=attic), hint)]


# --------------------------------------------------------------------------- a broken declaration is still declared


BROKEN_VAR = "vars:\n  dust: {type: integer, default: 0}\n"
USES_OF_DUST = ('["clue thread"]', '["clue thread", "var.dust += 1", "var.dust += 2"]')


@pytest.mark.parametrize("where", ["story part", "pack part", "pack manifest"])
def test_a_broken_var_declaration_is_one_error_not_one_per_use(mini_copy, where):
    if where == "story part":
        mini_copy.edit("scenes.yaml", "scenes:\n", BROKEN_VAR + "scenes:\n")
        mini_copy.edit("scenes.yaml", *USES_OF_DUST)
        name, pack = "scenes.yaml", False
    else:
        name, pack = ("pack/attic.yaml" if where == "pack part" else "pack/branch.yaml"), True
        if where == "pack part":
            mini_copy.edit(name, "scenes:\n", BROKEN_VAR + "scenes:\n")
        else:
            mini_copy.edit(name, "hooks:\n", BROKEN_VAR + "hooks:\n")
        mini_copy.edit("pack/attic.yaml", '["set flag.attic_seen"]', '["set flag.attic_seen", "var.dust += 1"]')
    assert errors(mini_copy, pack=pack) == [(mini_copy.spot(name, "integer"), "AR012",
                                             "'type' must be one of int, bool, str (got 'integer')",
                                             "did you mean 'int'?")]


def test_a_broken_var_keeps_its_type_for_its_uses(mini_copy):
    # `lit` is a bool: its use in `and` is no type error, though its declaration is broken.
    mini_copy.edit("scenes.yaml", "scenes:\n", "vars:\n  lit: {type: bool, defualt: false}\nscenes:\n")
    with_when(mini_copy, "var.lit and not flag.met_june")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "defualt"), "AR011", "unknown field 'defualt'",
                                  "did you mean 'default'?")]


def test_a_var_default_of_another_type(mini_copy):
    mini_copy.edit("scenes.yaml", "scenes:\n", "vars:\n  lit: {type: bool, default: 3}\nscenes:\n")
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "{type: bool"), "AR012",
                                  "variable 'lit' is true or false (bool) but its default is 3",
                                  "give it a default of its type, e.g. `default: false`")]


@pytest.mark.parametrize("pack", [False, True])
def test_one_bad_flag_note_leaves_the_files_other_flags_declared(mini_copy, pack):
    name = "pack/attic.yaml" if pack else "scenes.yaml"
    mini_copy.edit(name, "scenes:\n", "flags:\n  dusty: [1]\n  quiet: \"Neveah kept quiet\"\nscenes:\n")
    if pack:
        mini_copy.edit(name, '["set flag.attic_seen"]', '["set flag.attic_seen", "set flag.dusty", "set flag.quiet"]')
    else:
        mini_copy.edit(name, *(part.replace('"var.dust += 1", "var.dust += 2"', '"set flag.dusty", "set flag.quiet"')
                               for part in USES_OF_DUST))
    assert errors(mini_copy, pack=pack) == [(mini_copy.spot(name, "[1]"), "AR012", "'dusty' must be text (got a list)",
                                             "write the text itself, in quotes if it holds `: `")]


@pytest.mark.parametrize(("pack", "old", "new", "at", "code", "message", "hint"), [
    (False, "  - id: tue_start\n    location: studio\n", "  - location: studio\n", "location: studio\n    text: \"Tu",
     "AR010", "missing field 'id'", "add 'id: ...' (the story refers to 'tue_start', which no scene defines: perhaps "
     "this one)"),
    (False, "  - id: roof\n", "  - id: [roof]\n", "[roof]", "AR012", "'id' must be text (got a list)",
     "write the text itself, in quotes if it holds `: ` (the story refers to 'roof', which no scene or ending "
     "defines: perhaps this one)"),
    (True, "  - id: attic_room\n    location: studio\n", "  - location: studio\n", "location: studio", "AR010",
     "missing field 'id'", "add 'id: ...' (the story refers to 'attic_room', which no scene or ending defines: "
     "perhaps this one)"),
], ids=["story: no id", "story: an id that is no text", "pack: no id"])
def test_a_part_without_its_id_takes_the_references_to_it_under_its_own_error(mini_copy, pack, old, new, at, code,
                                                                               message, hint):
    name = "pack/attic.yaml" if pack else "scenes.yaml"
    mini_copy.edit(name, old, new)
    assert errors(mini_copy, pack=pack) == [(mini_copy.spot(name, at), code, message, hint)]


def test_a_reference_close_to_an_id_is_still_its_own_error_beside_a_part_without_id(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n", "  - location: studio\n")
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: rooof, time: 1}")
    assert [(where, code, hint) for where, code, _, hint in errors(mini_copy)] == [
        (mini_copy.spot("scenes.yaml", "rooof"), "AR031", "did you mean 'roof'?"),
        (mini_copy.spot("scenes.yaml", "location: studio\n    text: \"Tu"), "AR010",
         "add 'id: ...' (the story refers to 'tue_start', which no scene defines: perhaps this one)")]


def test_a_value_out_of_a_fixed_set_names_the_set_and_the_nearest(mini_copy):
    mini_copy.edit("scenes.yaml", 'kind: solved, text: "You were right."', 'kind: solvd, text: "You were right."')
    assert errors(mini_copy) == [(mini_copy.spot("scenes.yaml", "solvd"), "AR012",
                                  "'kind' must be one of solved, weak, wrong, expelled, walked_away, woke, timeout, "
                                  "other (got 'solvd')", "did you mean 'solved'?")]


# --------------------------------------------------------------------------- what a pack may declare


def test_a_pack_declares_its_own_vars_minor_characters_and_places(mini_copy):
    from game.engine import act, start, view

    mini_copy.give_the_pack_people()
    result = load_story(mini_copy.story_dir, [mini_copy.root / "pack"])
    assert [d.format() for d in result.diagnostics if d.severity == "error"] == []
    story = result.story
    assert story.characters["attic_mistress"].short == "Vell" and story.places["attic"].name == "The attic"
    assert story.vars["dust"].default == 3
    state = start(story, 1, "june_case")
    state = act(story, state, "attic_door").state
    assert state.scene == "attic_room" and state.people["attic_mistress"].trust == 1
    assert [c.text for c in view(story, state).choices] == ["Go back down, Vell waving."]
    state = act(story, state, "down").state
    assert state.people["attic_mistress"].trust == 2 and state.vars["dust"] == 5


def test_a_pack_character_is_checked_like_the_canon(mini_copy):
    mini_copy.give_the_pack_people()
    path = mini_copy.root / "pack" / "attic.yaml"
    path.write_text(path.read_text().replace("role: staff", "role: janitor").replace(
        "places:\n", "places:\n  - {id: roof, name: Another roof}\n"))
    found = errors(mini_copy, pack=True)
    # The broken character is still defined: `people:` and the scene name her without further errors.
    assert [(where, code) for where, code, _, _ in found] == [(("pack/attic.yaml", 2, 61), "AR012"),
                                                               (("pack/attic.yaml", 4, 10), "AR081")]
    assert found[1][2:] == ("place 'roof' is defined twice (in the canon)",
                            "use the canon's place, or give the pack's its own id")


def test_a_pack_var_the_story_has_is_a_clash(mini_copy):
    branch = mini_copy.root / "pack" / "branch.yaml"
    branch.write_text(branch.read_text() + "vars:\n  nerve: {type: int, default: 0}\n")
    assert errors(mini_copy, pack=True) == [(("pack/branch.yaml", 15, 3), "AR081",
                                             "pack 'attic' declares variable 'nerve', which the story has",
                                             "prefix the pack's vars, e.g. attic_nerve")]
