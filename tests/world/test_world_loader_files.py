"""Loader diagnostics about files and YAML (AR001-AR008): exact code, file, line and column.

Each test breaks a copy of the mini fixture in one way and checks the one diagnostic that names the problem.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from game.world import load_story
from game.world.diagnostics import CODES
from game.world.yamlsrc import MAX_BYTES, MAX_DEPTH, read


def errors(result) -> list:
    return [d for d in result.diagnostics if d.severity == "error"]


# ---------------------------------------------------------------------------------------------- AR001


def test_yaml_syntax_error_is_ar001_at_the_offending_character(mini_copy):
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n",
                   "  - id: tue_start\n    location: studio: gym\n")
    diagnostic = mini_copy.one("AR001")
    # libyaml reports the second `:` of `location: studio: gym`.
    assert mini_copy.where(diagnostic) == mini_copy.spot("scenes.yaml", ": gym")
    assert diagnostic.message == "YAML syntax error: a `key:` cannot start here"
    assert diagnostic.hint == "check this line's indentation against the lines above, or quote text that holds `: `"
    assert diagnostic.severity == "error"


def test_unclosed_flow_sequence_is_ar001(mini_copy):
    mini_copy.edit("story.yaml", 'slots: [morning, night]\n', 'slots: [morning, night\n')
    diagnostic = mini_copy.one("AR001")
    assert mini_copy.where(diagnostic)[0] == "story.yaml"
    assert mini_copy.load().story is None


def test_a_file_that_does_not_parse_does_not_cascade_into_unknown_ids(mini_copy):
    """A syntax error in scenes.yaml is one problem. The scenes it holds are unknown only because the file could
    not be read, so the manifest's references to them must not be reported as a page of AR031 errors."""
    mini_copy.edit("scenes.yaml", "  - id: tue_start\n    location: studio\n",
                   "  - id: tue_start\n    location: studio: gym\n")
    codes = [d.code for d in errors(mini_copy.load())]
    assert codes == ["AR001"], codes


# ---------------------------------------------------------------------------------------------- AR002


def test_duplicate_key_is_ar002_at_the_second_key(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "title: Mini\nversion_note: x\ntitle: Again\n")
    diagnostic = mini_copy.one("AR002")
    assert mini_copy.where(diagnostic) == ("story.yaml", 5, 1)
    assert diagnostic.message == "duplicate key 'title'; it first appears at line 3"
    assert diagnostic.hint


def test_duplicate_key_in_a_nested_flow_mapping(mini_copy):
    mini_copy.edit("scenes.yaml", '{id: back, text: "Go down.", goto: opening}',
                   '{id: back, text: "Go down.", goto: opening, goto: roof}')
    diagnostic = mini_copy.one("AR002")
    first = mini_copy.at("scenes.yaml", "goto: opening, goto: roof}")
    assert mini_copy.where(diagnostic) == ("scenes.yaml", first.line, first.col + len("goto: opening, "))
    assert diagnostic.message.startswith("duplicate key 'goto'; it first appears at line ")


# ---------------------------------------------------------------------------------------------- AR003


def test_alias_is_ar003_at_the_alias(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "title: &name Mini\n")
    mini_copy.edit("mystery.yaml", '  - {id: envy, text: "Envy"}', "  - {id: envy, text: *name}")
    diagnostic = mini_copy.one("AR003")
    # The anchor alone is harmless; the problem is where the alias is used.
    assert mini_copy.where(diagnostic) == mini_copy.spot("mystery.yaml", "*name")
    assert diagnostic.message == "YAML aliases are not allowed"


def test_aliases_are_one_error_for_the_file_at_the_first(mini_copy):
    mini_copy.write("scenes.yaml", mini_copy.read("scenes.yaml") + "x: &a [1]\ny: [*a, *a]\n")
    found = mini_copy.diagnostics("AR003")
    where = [mini_copy.where(d) for d in found]
    assert where == [mini_copy.spot("scenes.yaml", "*a")]


def test_billion_laughs_is_rejected_fast_and_small(mini_copy):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    mini_copy.write("scenes.yaml", "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        result = mini_copy.load()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.story is None
    in_file = [d for d in result.diagnostics if mini_copy.where(d)[0] == "scenes.yaml"]
    assert {d.code for d in in_file} == {"AR003"}
    # Nothing was expanded: one diagnostic for the file (not one per alias, nor one per copy: 9**10 strings
    # once expanded), and memory stays small. The bound is generous on purpose.
    assert len(in_file) == 1
    assert peak < 50 * 1024 * 1024


def test_merge_key_is_ar003(mini_copy):
    mini_copy.edit("story.yaml", "  nerve: {type: int, default: 0}\n",
                   "  nerve: {type: int, default: 0}\n  grit:\n    <<: {type: int}\n    default: 1\n")
    diagnostic = mini_copy.one("AR003")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "<<")
    assert diagnostic.message == "YAML merge keys (<<) are not allowed"


# ---------------------------------------------------------------------------------------------- AR004


def test_nesting_past_the_limit_is_ar004_at_the_first_node_too_deep(mini_copy):
    depth = MAX_DEPTH + 12
    mini_copy.edit("story.yaml", "flags:\n", "deep: " + "[" * depth + "]" * depth + "\nflags:\n")
    diagnostic = mini_copy.one("AR004")  # once per file, however deep it goes
    # The document's top mapping is level 1, so the MAX_DEPTH-th `[` is level MAX_DEPTH + 1: the first too deep.
    line = mini_copy.at("story.yaml", "deep:").line
    assert mini_copy.where(diagnostic) == ("story.yaml", line, len("deep: ") + MAX_DEPTH)
    assert diagnostic.message == f"nesting is deeper than {MAX_DEPTH} levels"


def test_nesting_at_the_limit_is_fine(mini_copy):
    depth = MAX_DEPTH - 1  # with the top mapping, exactly MAX_DEPTH levels
    mini_copy.edit("story.yaml", "flags:\n", "deep: " + "[" * depth + "]" * depth + "\nflags:\n")
    assert [d.code for d in mini_copy.load().diagnostics] == ["AR011"]  # `deep` is not a manifest field


def test_absurd_nesting_that_libyaml_refuses_is_still_ar004(mini_copy):
    """libyaml stops at 1000 levels with 'exceeded maximum nesting depth'; that is a nesting problem, not a
    syntax error, and must be reported as AR004."""
    mini_copy.edit("story.yaml", "flags:\n", "deep: " + "[" * 5000 + "]" * 5000 + "\nflags:\n")
    result = mini_copy.load()
    assert [d.code for d in errors(result)] == ["AR004"], [d.format() for d in result.diagnostics]


def test_deep_mappings_do_not_crash(mini_copy):
    mini_copy.edit("story.yaml", "flags:\n", "deep: " + "{a: " * 3000 + "1" + "}" * 3000 + "\nflags:\n")
    result = mini_copy.load()
    assert result.story is None
    assert {d.code for d in errors(result)} <= {"AR001", "AR004"}


# ---------------------------------------------------------------------------------------------- AR005


def test_file_over_the_size_limit_is_ar005_and_not_parsed(mini_copy):
    mini_copy.write("scenes.yaml", "# " + "x" * MAX_BYTES + "\n")
    diagnostic = mini_copy.one("AR005")
    assert mini_copy.where(diagnostic) == ("scenes.yaml", 1, 1)
    assert diagnostic.message == f"file is {MAX_BYTES + 3:,} bytes; the limit is {MAX_BYTES:,}"


def test_file_exactly_at_the_limit_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    source = read(path, "big.yaml")
    assert source.diagnostics == []
    assert source.data == {"a": 1}


# ---------------------------------------------------------------------------------------------- AR006


def test_non_utf8_file_is_ar006_at_the_first_bad_byte(mini_copy):
    start = mini_copy.at("scenes.yaml", "Class ends.")
    text = mini_copy.read("scenes.yaml").encode("utf-8")
    mini_copy.write("scenes.yaml", text.replace(b"Class ends.", b"Class \xe9nds."))
    diagnostic = mini_copy.one("AR006")
    assert mini_copy.where(diagnostic) == ("scenes.yaml", start.line, start.col + len("Class "))
    assert diagnostic.message == "file is not valid UTF-8"


def test_latin1_canon_is_ar006(mini_copy):
    start = mini_copy.at("seeds/canon.yaml", "Studio A")
    canon = mini_copy.read("seeds/canon.yaml")
    mini_copy.write("seeds/canon.yaml", canon.replace("Studio A", "Studio \u00c0").encode("latin-1"))
    diagnostic = mini_copy.one("AR006")
    assert mini_copy.where(diagnostic) == ("seeds/canon.yaml", start.line, start.col + len("Studio "))


# ---------------------------------------------------------------------------------------------- AR007


def test_missing_story_folder_is_ar007(tmp_path):
    result = load_story(tmp_path / "nowhere")
    assert result.story is None
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("AR007", 1, 1)
    assert diagnostic.message == "story folder not found"
    assert Path(diagnostic.path).name == "nowhere"


def test_folder_without_manifest_is_ar007(mini_copy):
    os.remove(mini_copy.file("story.yaml"))
    result = mini_copy.load()
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "AR007"
    assert mini_copy.where(diagnostic) == ("story.yaml", 1, 1)
    assert diagnostic.message == "no story.yaml in this folder"


def test_unreadable_canon_is_ar007(mini_copy, tmp_path):
    result = load_story(mini_copy.story_dir, canon_path=tmp_path / "no-canon.yaml")
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("AR007", 1, 1)
    assert diagnostic.message.startswith("cannot read file: ")
    assert result.story is None


# ---------------------------------------------------------------------------------------------- AR008


def test_binary_tag_is_ar008(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "title: !!binary aGVsbG8=\n")
    diagnostic = mini_copy.one("AR008")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "!!binary")
    assert diagnostic.message == "unsupported YAML value with tag tag:yaml.org,2002:binary"


def test_python_tag_on_a_scalar_is_ar008_and_nothing_runs(mini_copy, tmp_path):
    marker = tmp_path / "ran"
    mini_copy.edit("story.yaml", "title: Mini\n", f"title: !!python/object/apply:os.system 'touch {marker}'\n")
    diagnostic = mini_copy.one("AR008")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "!!python")
    assert not marker.exists()


def test_python_tag_on_a_collection_is_ar008_and_nothing_runs(mini_copy, tmp_path):
    """An explicit tag the format does not support is reported wherever it is written, not silently dropped."""
    marker = tmp_path / "ran"
    mini_copy.edit("story.yaml", "title: Mini\n", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    result = mini_copy.load()
    assert "AR008" in {d.code for d in result.diagnostics}, [d.format() for d in result.diagnostics]
    assert not marker.exists()


def test_complex_mapping_key_is_ar008(mini_copy):
    mini_copy.edit("story.yaml", "flags:\n  met_june:", "flags:\n  ? [a, b]\n  : x\n  met_june:")
    diagnostic = mini_copy.one("AR008")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", "[a, b]")
    assert diagnostic.message == "mapping keys must be plain"


def test_bad_timestamp_text_is_kept_as_text(tmp_path):
    """Nothing in the format is a date: a date-looking value stays the text the author wrote."""
    path = tmp_path / "d.yaml"
    path.write_text("version: 2024-01-02\n")
    source = read(path, "d.yaml")
    assert source.diagnostics == []
    assert source.data == {"version": "2024-01-02"}


# ----------------------------------------------------------------------------------------------- misc


def test_every_diagnostic_uses_a_registered_code_and_its_severity(mini_copy):
    mini_copy.edit("story.yaml", "title: Mini\n", "title: Mini\ntitle: Again\n")
    mini_copy.edit("scenes.yaml", '{id: back, text: "Go down.", goto: opening}',
                   '{id: back, text: "Go down.", goto: nowhere}')
    for diagnostic in mini_copy.load().diagnostics:
        assert diagnostic.code in CODES
        assert diagnostic.severity == CODES[diagnostic.code].severity


def test_empty_story_file_is_not_an_error(mini_copy):
    mini_copy.include("empty.yaml", "")
    result = mini_copy.load()
    assert result.story is not None, [d.format() for d in result.diagnostics]


def test_positions_survive_the_c_loader():
    """The loader composes with libyaml when present and still records 1-based positions."""
    import yaml

    from game.world import yamlsrc

    assert yamlsrc.Loader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
