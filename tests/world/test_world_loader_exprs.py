"""Loader diagnostics inside conditions, effects and text (AR040-AR045): the column is the exact character
inside the expression, whatever YAML quoting style holds it."""

from __future__ import annotations

import pytest

SEARCH = '{id: search, text: "Search the roof.", goto: roof, time: 1}'
RUDE = 'do: ["standing -= 1"]'
TEXT = """    text: |
      Class ends. {name.june} is stretching at the barre [left side].
      {if flag.met_june}You have met.{else}You have not met.{end}
"""


def with_when(copy, yaml_value: str) -> None:
    """Give the `search` choice a `when:` written exactly as `yaml_value`."""
    copy.edit("scenes.yaml", SEARCH, SEARCH[:-1] + f", when: {yaml_value}}}")


def with_effect(copy, yaml_value: str) -> None:
    """Replace the `rude` choice's effect list with one effect written as `yaml_value`."""
    copy.edit("scenes.yaml", RUDE, f"do: [{yaml_value}]")


# --------------------------------------------------------------------------------- positions by style


@pytest.mark.parametrize("written", ['"trust.jun >= 1"', "'trust.jun >= 1'", "trust.jun >= 1"],
                         ids=["double-quoted", "single-quoted", "plain"])
def test_unknown_name_in_a_condition_points_at_the_name(mini_copy, written):
    with_when(mini_copy, written)
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "trust.jun ")
    assert diagnostic.message == "unknown character 'jun' in trust.jun"
    assert diagnostic.hint == "did you mean 'june'?"


def test_leading_spaces_inside_quotes_are_counted(mini_copy):
    with_when(mini_copy, '"   trust.jun >= 1"')
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "trust.jun ")


def test_name_deep_inside_a_condition(mini_copy):
    with_when(mini_copy, '"not (flag.met_june and (trust.june >= 1 or composure.nabbil < 2))"')
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "composure.nabbil")
    assert diagnostic.hint == "did you mean 'nabil'?"


def test_column_after_an_escaped_quote_in_a_double_quoted_condition(mini_copy):
    """YAML escapes take two characters in the file and one in the value: columns after them must still land
    on the name in the file."""
    with_when(mini_copy, r'"name.june == \"June\" and trust.jun > 1"')
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "trust.jun ")


def test_condition_on_a_continuation_line(mini_copy):
    """A double-quoted scalar folded over two lines: the name is on the second line of the file."""
    mini_copy.edit("scenes.yaml", SEARCH,
                   SEARCH[:-1] + ',\n         when: "flag.met_june and\n           trust.jun > 1"}')
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "trust.jun ")


def test_unknown_bare_name_is_ar042(mini_copy):
    with_when(mini_copy, '"flag.met_june and nerve > 1"')
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "nerve > 1")
    assert diagnostic.message == "unknown name 'nerve'"


def test_unknown_place_compared_with_at_is_ar042_at_the_string(mini_copy):
    with_when(mini_copy, "\"at.june == 'attic'\"")
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "'attic'")
    assert diagnostic.message == "unknown place 'attic'"


# ---------------------------------------------------------------------------------------------- AR040


def test_syntax_error_points_at_the_bad_token(mini_copy):
    with_when(mini_copy, '"flag.met_june and and trust.june > 1"')
    diagnostic = mini_copy.one("AR040")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "and trust")
    assert diagnostic.message == "cannot parse expression: invalid syntax"


def test_unclosed_parenthesis_is_ar040(mini_copy):
    with_when(mini_copy, '"(flag.met_june and trust.june > 1"')
    diagnostic = mini_copy.one("AR040")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "(flag.met_june")
    assert diagnostic.message == "cannot parse expression: '(' was never closed"


def test_empty_condition_is_ar040(mini_copy):
    with_when(mini_copy, '""')
    assert mini_copy.one("AR040").code == "AR040"


# ---------------------------------------------------------------------------------------------- AR041


@pytest.mark.parametrize(("written", "needle", "message"), [
    ("\"__import__('os').system('ls')\"", "__import__", "calls to `__import__('os').system` are not allowed"),
    ("\"open('x') == 1\"", "open(", "calls to open are not allowed"),
    ('"flag.met_june.__class__"', "flag.met_june.__class__", "names starting with __ are not allowed: __class__"),
    ('"[x for x in y]"', "[x for", "a comprehension is not allowed in an expression"),
    ("\"trust['june'] > 1\"", "trust[", "subscripting is not allowed in an expression"),
    ('"flag.met_june and (lambda: true)()"', "(lambda", "calls to `lambda: true` are not allowed"),
], ids=["import", "open", "dunder", "comprehension", "subscript", "lambda"])
def test_python_in_a_condition_is_ar041_at_the_construct(mini_copy, written, needle, message):
    with_when(mini_copy, written)
    diagnostic = mini_copy.one("AR041")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", needle)
    assert diagnostic.message == message


def test_import_in_an_effect_is_ar041(mini_copy):
    with_effect(mini_copy, '"import os"')
    diagnostic = mini_copy.one("AR041")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "import os")
    assert diagnostic.message == "imports are not allowed"


def test_lambda_on_the_right_of_an_effect_is_ar041(mini_copy):
    with_effect(mini_copy, '"standing = lambda: 1"')
    diagnostic = mini_copy.one("AR041")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "lambda")


# ---------------------------------------------------------------------------------------------- AR043


def test_condition_that_is_a_number_is_ar043(mini_copy):
    with_when(mini_copy, '"trust.june + 1"')
    diagnostic = mini_copy.one("AR043")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "trust.june + 1")
    assert diagnostic.message == "a condition must be true or false, not a number"


def test_comparing_a_number_with_a_string_is_ar043(mini_copy):
    with_when(mini_copy, "\"flag.met_june and trust.june == 'high'\"")
    diagnostic = mini_copy.one("AR043")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "trust.june ==")
    assert diagnostic.message == "cannot compare a number with a string"


def test_effect_value_of_the_wrong_type_is_ar043_at_the_value(mini_copy):
    with_effect(mini_copy, '"trust.june = flag.met_june"')
    diagnostic = mini_copy.one("AR043")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "flag.met_june\"]")
    assert diagnostic.message == "expected a number, got a true/false value"


# ---------------------------------------------------------------------------------------------- AR044


@pytest.mark.parametrize(("written", "needle", "message"), [
    ('"set met_june"', "met_june\"]", "'set' takes a flag, as in set flag.roof_key"),
    ('"standing *= 2"', "standing *= 2", "only =, += and -= are allowed"),
    ('"name.june = \'Juno\'"', "name.june =", "only var.X, trust.C, composure.C, belief.C and standing can be changed"),
    ('"trust.june = trust.nabil = 1"', "trust.june =", "assign one name at a time"),
    ('"flag.met_june"', "flag.met_june\"]", "an effect is `set flag.X`, `clear flag.X`, `clue X`, `hear X`, "
                                             "`reveal X`, or `name = value` / `name += n` / `name -= n`"),
], ids=["set-without-flag", "multiply", "read-only", "chained", "bare-condition"])
def test_malformed_effect_is_ar044(mini_copy, written, needle, message):
    with_effect(mini_copy, written)
    diagnostic = mini_copy.one("AR044")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", needle)
    assert diagnostic.message == message


def test_unknown_id_in_a_keyword_effect_with_leading_spaces(mini_copy):
    with_effect(mini_copy, '"   reveal june_secrett"')
    diagnostic = mini_copy.one("AR031")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "june_secrett")
    assert diagnostic.message == "unknown secret 'june_secrett'"


def test_unknown_character_in_a_belief_effect(mini_copy):
    with_effect(mini_copy, "'belief.june = \"nobody\"'")
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", '"nobody"')
    assert diagnostic.message == "unknown character 'nobody'"


# ------------------------------------------------------------------------------------ AR045 and text


def replace_text(copy, new: str) -> None:
    copy.edit("scenes.yaml", TEXT, new)


def test_unknown_name_in_literal_block_text(mini_copy):
    replace_text(mini_copy, TEXT.replace("{name.june}", "{name.junee}"))
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "name.junee")
    assert diagnostic.message == "unknown character 'junee' in name.junee"


def test_unknown_name_on_the_second_line_of_literal_block_text(mini_copy):
    replace_text(mini_copy, TEXT.replace("You have met.", "You have met {name.nabill}."))
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "name.nabill")


def test_if_condition_column_points_at_the_condition(mini_copy):
    replace_text(mini_copy, TEXT.replace("{if flag.met_june}", "{if flag.met_jun}"))
    diagnostic = mini_copy.one("AR042")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "flag.met_jun}")
    assert diagnostic.hint == "did you mean 'met_june'?"


def test_elif_condition_column_points_at_the_condition(mini_copy):
    replace_text(mini_copy, TEXT.replace("{else}", "{elif  trust.jun > 1}Hm.{else}"))
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "trust.jun ")


def test_unknown_name_in_folded_block_text(mini_copy):
    replace_text(mini_copy, TEXT.replace("text: |", "text: >").replace("{if flag.met_june}", "{if flag.met_jun}"))
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "flag.met_jun}")


def test_unknown_name_in_double_quoted_text(mini_copy):
    replace_text(mini_copy, '    text: "Class ends. {name.junee} is here."\n')
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "name.junee")


def test_unknown_name_on_the_second_line_of_plain_text(mini_copy):
    replace_text(mini_copy, "    text: Class ends.\n      Then {name.junee} is here.\n")
    assert mini_copy.where(mini_copy.one("AR042")) == mini_copy.spot("scenes.yaml", "name.junee")


def test_unclosed_if_is_ar045_at_the_if(mini_copy):
    replace_text(mini_copy, TEXT.replace("{end}", ""))
    diagnostic = mini_copy.one("AR045")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "{if flag")
    assert diagnostic.message == "{if} is never closed with {end}"


def test_else_twice_is_ar045_at_the_second(mini_copy):
    replace_text(mini_copy, TEXT.replace("{else}", "{else}A.{else}"))
    diagnostic = mini_copy.one("AR045")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "{else}", 2)
    assert diagnostic.message == "{else} without an open {if}"


def test_end_without_if_is_ar045(mini_copy):
    replace_text(mini_copy, TEXT.replace("{end}", "{end}{end}"))
    diagnostic = mini_copy.one("AR045")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "{end}", 2)
    assert diagnostic.message == "{end} without an open {if}"


def test_elif_without_if_is_ar045(mini_copy):
    replace_text(mini_copy, TEXT.replace("Class ends.", "{elif flag.met_june}Class ends."))
    diagnostic = mini_copy.one("AR045")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "{elif")
    assert diagnostic.message == "{elif} without an open {if}"


def test_unmatched_brace_is_ar045_with_the_escape_hint(mini_copy):
    replace_text(mini_copy, TEXT.replace("{name.june}", "{name.june"))
    diagnostic = mini_copy.one("AR045")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "{name.june")
    assert diagnostic.message == "unmatched '{'"
    assert diagnostic.hint == "write {{ or }} for a literal brace"


def test_stray_closing_brace_is_ar045(mini_copy):
    replace_text(mini_copy, TEXT.replace("[left side]", "[left side}"))
    diagnostic = mini_copy.one("AR045")
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", "}.\n")
    assert diagnostic.message == "unmatched '}'"


def test_doubled_braces_are_literal(mini_copy):
    replace_text(mini_copy, TEXT.replace("{name.june}", "{{name.june}}"))
    result = mini_copy.load()
    assert result.story is not None
    assert result.story.scenes["opening"].text[0].startswith("Class ends. {name.june} is stretching")


def test_choice_text_and_ending_text_are_checked_too(mini_copy):
    mini_copy.edit("scenes.yaml", 'text: "Go on."', 'text: "Go on, {name.tophr}."')
    mini_copy.edit("scenes.yaml", 'text: "You were right."', 'text: "You were right{if}."')
    found = sorted(d.code for d in mini_copy.load().diagnostics if d.severity == "error")
    # `{if}` has no condition (AR040) and is never closed (AR045).
    assert found == ["AR040", "AR042", "AR045"]


def test_statement_secret_and_reveal_texts_are_checked(mini_copy):
    mini_copy.edit("mystery.yaml", 'text: "I was asleep."', 'text: "I was {asleep."')
    mini_copy.edit("mystery.yaml", 'text: "June was crying in the wings."', 'text: "{name.jun} was crying."')
    mini_copy.edit("mystery.yaml", 'reveal: "It was June."', 'reveal: "It was {name.june.x}."')
    codes = sorted(d.code for d in mini_copy.load().diagnostics if d.severity == "error")
    assert codes == ["AR041", "AR042", "AR045"]


def test_windows_line_endings_keep_lines_and_columns(mini_copy):
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: rooof, time: 1}")
    mini_copy.edit("scenes.yaml", "{name.june}", "{name.junee}")
    expected = sorted([mini_copy.spot("scenes.yaml", "rooof"), mini_copy.spot("scenes.yaml", "name.junee")])
    path = mini_copy.file("scenes.yaml")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    found = sorted(mini_copy.where(d) for d in mini_copy.load().diagnostics)
    assert found == expected


def test_a_byte_order_mark_does_not_shift_the_first_line(mini_copy):
    mini_copy.edit("scenes.yaml", "goto: roof, time: 1}", "goto: rooof, time: 1}")
    expected = mini_copy.spot("scenes.yaml", "rooof")
    path = mini_copy.file("scenes.yaml")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert mini_copy.where(mini_copy.one("AR031")) == expected
