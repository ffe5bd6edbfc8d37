"""Loader diagnostics about ids and references (AR030-AR032), with did-you-mean hints."""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------------------------------------- AR030


def test_duplicate_scene_id_is_ar030_at_the_second_with_the_first_named(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: retry\n    location: office\n",
                   "  - id: retry\n    location: office\n    text: x\n"
                   "    choices: [{id: back, text: B, goto: office}]\n"
                   "  - id: retry\n    location: office\n")
    found = mini_copy.diagnostics("AR030")
    assert [mini_copy.where(d) for d in found] == [mini_copy.spot("scenes.yaml", "retry", 2)]
    first = mini_copy.at("scenes.yaml", "retry")
    assert found[0].message.startswith("node id 'retry' is defined twice (first at ")
    assert found[0].message.endswith(f"scenes.yaml:{first.line})")


def test_ending_with_a_scene_id_is_ar030(mini_copy):
    mini_copy.edit("scenes.yaml", "  - {id: end_walked, title: Gone", "  - {id: retry, title: Gone")
    mini_copy.edit("scenes.yaml", "goto: end_walked}", "goto: retry}")
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "retry, title")
    first = mini_copy.at("scenes.yaml", "id: retry")
    assert diagnostic.message.endswith(f"scenes.yaml:{first.line})")


def test_duplicate_clue_id_is_ar030(mini_copy):
    mini_copy.edit("mystery.yaml", "  - id: rose\n", "  - id: thread\n")
    mini_copy.edit("scenes.yaml", '"clue rose"', '"clue thread"')
    diagnostic = mini_copy.one("AR030")
    second = mini_copy.at("mystery.yaml", "id: thread", 2)
    assert mini_copy.where(diagnostic) == ("mystery.yaml", second.line, second.col + len("id: "))
    assert diagnostic.message.startswith("clue id 'thread' is defined twice (first at ")


def test_deduction_with_a_clue_id_is_ar030(mini_copy):
    mini_copy.edit("mystery.yaml", "  - {id: on_roof,", "  - {id: rose,")
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "rose,")


def test_flag_declared_twice_is_ar030(mini_copy):
    mini_copy.include("extra.yaml", 'flags: {met_june: "again"}\n')
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("extra.yaml", "met_june")
    assert diagnostic.message == "flag 'met_june' is declared twice"


def test_variable_declared_twice_is_ar030(mini_copy):
    mini_copy.include("extra.yaml", "vars: {nerve: {type: int, default: 1}}\n")
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("extra.yaml", "nerve")
    assert diagnostic.message == "variable 'nerve' is declared twice"


def test_people_entry_twice_is_ar030(mini_copy):
    mini_copy.include("extra.yaml", "people: {june: {trust: 3}}\n")
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("extra.yaml", "june")
    assert diagnostic.message == "people entry 'june' is defined twice"


def test_contradiction_twice_is_ar030(mini_copy):
    mini_copy.edit("mystery.yaml", "  - {statement: nabil_alibi, clue: log,",
                   '  - {statement: june_alibi, clue: log, text: "Again."}\n  - {statement: nabil_alibi, clue: log,')
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "{statement: june_alibi", 2)
    assert diagnostic.message == "contradiction of 'june_alibi' by 'log' is defined twice"


def test_slot_listed_twice_is_ar030(mini_copy):
    mini_copy.edit("story.yaml", "slots: [morning, night]", "slots: [morning, night, night]")
    diagnostic = mini_copy.one("AR030")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "[morning")
    assert diagnostic.message == "slot 'night' is listed twice"


# ---------------------------------------------------------------------------------------------- AR031

# (file, old text, new text, the text the diagnostic points at, message, hint)
UNKNOWN = [
    ("goto", "scenes.yaml", "goto: roof, time: 1}", "goto: rooof, time: 1}", "rooof",
     "unknown scene or ending 'rooof'", "did you mean 'roof'?"),
    ("location", "scenes.yaml", "  - id: roof\n    location: roof\n", "  - id: roof\n    location: attic\n", "attic",
     "unknown place 'attic'", "define the place or fix the id"),
    ("people", "scenes.yaml", "people: [june, nabil]", "people: [june, nabbil]", "nabbil",
     "unknown character 'nabbil'", "did you mean 'nabil'?"),
    ("clue effect", "scenes.yaml", '"clue rose"', '"clue rosa"', "rosa",
     "unknown clue 'rosa'", "did you mean 'rose'?"),
    ("scene enter effect", "scenes.yaml", '"clue thread"', '"clue threads"', "threads",
     "unknown clue 'threads'", "did you mean 'thread'?"),
    ("hear effect", "scenes.yaml", '"hear nabil_alibi"', '"hear nabil_alibu"', "nabil_alibu",
     "unknown statement 'nabil_alibu'", "did you mean 'nabil_alibi'?"),
    ("set flag", "scenes.yaml", '"set flag.met_june"', '"set flag.met_jun"', 'flag.met_jun"',
     "unknown flag 'met_jun'", "did you mean 'met_june'?"),
    ("suspect", "mystery.yaml", "suspects: [june, nabil, topher]", "suspects: [june, nabil, tofer]", "tofer",
     "unknown character 'tofer'", "did you mean 'topher'?"),
    ("culprit", "mystery.yaml", "culprit: june,", "culprit: juno,", "juno",
     "unknown suspect 'juno'", "did you mean 'june'?"),
    ("motive", "mystery.yaml", "motive: fear,", "motive: dread,", "dread",
     "unknown motive 'dread'", "define the motive or fix the id"),
    ("schedule day", "mystery.yaml", "tue.night: office", "wed.night: office", "wed.night",
     "unknown day 'wed'", "define the day or fix the id"),
    ("schedule place", "mystery.yaml", "night: roof}", "night: attic}", "attic",
     "unknown place 'attic'", "define the place or fix the id"),
    ("contradiction clue", "mystery.yaml", "{statement: nabil_alibi, clue: log,",
     "{statement: nabil_alibi, clue: logg,",
     "logg", "unknown clue 'logg'", "did you mean 'log'?"),
    ("contradiction reveals", "mystery.yaml", "reveals: june_secret}", "reveals: june_secrets}", "june_secrets",
     "unknown secret 'june_secrets'", "did you mean 'june_secret'?"),
    ("variant case", "mystery.yaml", "      nabil_case: {text: A red thread.", "      nabl_case: {text: A red thread.",
     "nabl_case", "unknown case 'nabl_case'", "did you mean 'nabil_case'?"),
    ("deduction needs", "mystery.yaml", "needs: [thread, log]", "needs: [thread, logs]", "logs",
     "unknown clue 'logs'", "did you mean 'log'?"),
    ("secret who", "mystery.yaml", "{id: june_secret, who: june,", "{id: june_secret, who: jun,", "jun,",
     "unknown character 'jun'", "did you mean 'june'?"),
    ("statement claim", "mystery.yaml", "claim: nabil_in_bed,", "claim: nabil_in_bad,", "nabil_in_bad",
     "unknown fact 'nabil_in_bad'", "did you mean 'nabil_in_bed'?"),
    ("weights", "mystery.yaml", "weights: {june: 2, topher: 0}\n    carries: [{point: opportunity, against: june}]",
     "weights: {june: 2, tophr: 0}\n    carries: [{point: opportunity, against: june}]", "tophr",
     "unknown character 'tophr'",
     "did you mean 'topher'?"),
    ("manifest start", "story.yaml", "start: opening", "start: openning", "openning",
     "unknown scene 'openning'", "did you mean 'opening'?"),
    ("deadline scene", "story.yaml", "scene: last_call}", "scene: last_cal}", "last_cal",
     "unknown scene 'last_cal'", "did you mean 'last_call'?"),
    ("day start", "story.yaml", "start: tue_start}", "start: tue_strat}", "tue_strat",
     "unknown scene 'tue_strat'", "did you mean 'tue_start'?"),
    ("accusation target", "story.yaml", "solved: end_solved,", "solved: end_solve,", "end_solve",
     "unknown scene or ending 'end_solve'", "did you mean 'end_solved'?"),
    ("relation", "seeds/canon.yaml", "relations: [{to: nabil,", "relations: [{to: nabill,", "nabill",
     "unknown character 'nabill'", "did you mean 'nabil'?"),
]


@pytest.mark.parametrize(("where", "name", "old", "new", "needle", "message", "hint"), UNKNOWN,
                         ids=[row[0] for row in UNKNOWN])
def test_unknown_id_is_ar031_at_the_id(mini_copy, where, name, old, new, needle, message, hint):
    mini_copy.edit(name, old, new)
    diagnostic = mini_copy.one("AR031")
    assert mini_copy.where(diagnostic) == mini_copy.spot(name, needle)
    assert diagnostic.message == message
    assert diagnostic.hint == hint


def test_unknown_ids_are_all_reported_in_one_run(mini_copy):
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: rooof, time: 1}")
    mini_copy.edit("scenes.yaml", '"clue rose"', '"clue rosa"')
    mini_copy.edit("mystery.yaml", "motive: fear,", "motive: dread,")
    assert len(mini_copy.diagnostics("AR031")) == 3


# ---------------------------------------------------------------------------------------------- AR032


def test_two_choices_with_one_id_is_ar032_at_the_second(mini_copy):
    mini_copy.edit("scenes.yaml", '{id: rude, text: "Be rude."', '{id: note, text: "Be rude."')
    diagnostic = mini_copy.one("AR032")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", '{id: note, text: "Be rude."')
    assert diagnostic.message == "choice id 'note' is used twice in scene 'office'"


def test_two_choices_defaulting_to_the_same_goto_is_ar032(mini_copy):
    mini_copy.edit("scenes.yaml", '{id: back, text: "Go down.", goto: opening}',
                   '{text: "Go down.", goto: opening}\n      - {text: "Go up.", goto: opening}')
    diagnostic = mini_copy.one("AR032")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", '{text: "Go up."')
    assert diagnostic.message == "choice id 'opening' is used twice in scene 'roof'"
    assert "explicit `id:`" in diagnostic.hint


@pytest.mark.parametrize(("old", "new", "needle", "line"), [
    ("carries: [{point: means, against: june}]", "carries: [{point: means, against: jun}]", "jun}",
     "AR031 error: unknown suspect 'jun'\n    hint: did you mean 'june'?"),
    ("carries: [{point: motive, against: june, motive: envy}]", "carries: [{point: motive, against: june}]",
     "{point: motive, against: june}",
     "AR010 error: a motive carry needs `motive`: which motive this evidence supports\n    hint: add `motive: ID` "
     "(a motive id)"),
    ("carries: [{point: motive, against: june, motive: envy}]",
     "carries: [{point: motive, against: june, motive: greed}]", "greed",
     "AR031 error: unknown motive 'greed'\n    hint: define the motive or fix the id"),
    ("carries: [{point: means, against: june}]", "carries: [{point: means, against: june, motive: envy}]", "envy}]",
     "AR012 error: `motive` belongs only to a motive carry, not to means\n    hint: remove `motive`, or make the "
     "point `motive`"),
])
def test_what_evidence_carries_is_checked_with_its_position(mini_copy, old, new, needle, line):
    mini_copy.edit("mystery.yaml", old, new)
    [found] = mini_copy.diagnostics()
    assert mini_copy.where(found) == mini_copy.spot("mystery.yaml", needle)
    assert found.format().split(": ", 1)[1] == line
