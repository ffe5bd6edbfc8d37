"""`archer schema`: the JSON Schemas in docs/ are exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from game.tools.schema import HEADER, canon_schema, kind_schema, render, schema_targets, story_schema

from .conftest import MINI, ROOT, archer

STORY_SCHEMA = ROOT / "docs" / "story.schema.json"
CANON_SCHEMA = ROOT / "docs" / "canon.schema.json"


def test_story_schema_file_matches_the_models() -> None:
    assert STORY_SCHEMA.read_text(encoding="utf-8") == render(story_schema()), \
        "run `archer schema --out docs/story.schema.json`"


def test_canon_schema_file_matches_the_models() -> None:
    assert CANON_SCHEMA.read_text(encoding="utf-8") == render(canon_schema()), \
        "run `archer schema --canon --out docs/canon.schema.json`"


def test_story_schema_accepts_each_kind_of_file() -> None:
    schema = story_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["anyOf"] == [{"$ref": "#/$defs/Manifest"}, {"$ref": "#/$defs/BranchManifest"},
                               {"$ref": "#/$defs/StoryFile"}]
    for name in ("Manifest", "BranchManifest", "StoryFile", "Scene", "Choice", "Clue"):
        assert schema["$defs"][name]["additionalProperties"] is False, name


def _branch_for(data: dict, schema: dict) -> list[str]:
    """The top-level branches of the anyOf whose properties admit every key of `data` and hold its required."""
    fits = []
    for ref in schema["anyOf"]:
        name = ref["$ref"].rsplit("/", 1)[1]
        model = schema["$defs"][name]
        if set(data) <= set(model["properties"]) and set(model.get("required", [])) <= set(data):
            fits.append(name)
    return fits


@pytest.mark.parametrize("name", ["story.yaml", "scenes.yaml", "mystery.yaml"])
def test_each_mini_file_fits_exactly_one_branch(name: str) -> None:
    data = yaml.safe_load((MINI / "story" / name).read_text(encoding="utf-8"))
    assert _branch_for(data, story_schema()) == (["Manifest"] if name == "story.yaml" else ["StoryFile"])


def test_canon_schema_shape() -> None:
    schema = canon_schema()
    assert schema["title"] == "Archer canon"
    assert schema["required"] == ["characters"]
    assert schema["$defs"]["Character"]["properties"]["age_band"]["enum"] == ["minor", "adult"]


def test_shipped_yaml_points_at_the_schema_of_its_kind() -> None:
    manifest = ROOT / "story" / "story.yaml"
    if not manifest.is_file():
        pytest.skip("the shipped story is not in this checkout")
    first = manifest.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/schemas/manifest.schema.json"
    targets, problems = schema_targets([ROOT / "story", ROOT / "seeds", ROOT / "branches"])
    assert problems == []
    assert targets == {ROOT / "docs" / "schemas" / f"{kind}.schema.json": kind
                       for kind in ("manifest", "part", "canon", "branch", "pack-part")}
    for target, kind in targets.items():
        assert target.read_text(encoding="utf-8") == render(kind_schema(kind)), \
            "run `archer schema --write story seeds branches`"
    for path in (ROOT / "story").rglob("*.yaml"):
        assert HEADER.match(path.read_text(encoding="utf-8").splitlines()[0]), path


def _errors(kind: str, text: str) -> list[tuple[list, str]]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(kind_schema(kind))
    return sorted((list(e.absolute_path), e.message) for e in validator.iter_errors(yaml.safe_load(text)))


def test_an_editor_puts_a_misspelt_field_at_its_own_place() -> None:
    scenes = "scenes:\n  - id: hall\n    location: studio\n    text: Hi.\n    poeple: [june]\n"
    assert _errors("part", scenes) == [(["scenes", 0], "Additional properties are not allowed ('poeple' was "
                                                     "unexpected)")]
    choices = "scenes:\n  - id: hall\n    location: studio\n    text: Hi.\n    choices:\n      - {text: Go, go_to: x}\n"
    assert [path for path, _ in _errors("part", choices)] == [["scenes", 0, "choices", 0],
                                                            ["scenes", 0, "choices", 0]]
    assert _errors("part", "scenes:\n  - id: hall\n    location: studio\n    text: Hi.\n    people: june\n") == [
        (["scenes", 0, "people"], "'june' is not of type 'array'")]
    # The old schema, whose root may be any kind of file, can only say that the whole file fits none.
    import jsonschema

    old = [list(e.absolute_path) for e in jsonschema.Draft202012Validator(story_schema()).iter_errors(
        yaml.safe_load(scenes))]
    assert old == [[]]


def test_a_packs_part_has_its_own_characters_and_places() -> None:
    part = ("characters:\n  - {id: vell, name: Mrs Vell, short: Vell, role: staff, age_band: adult, portrait: P.}\n"
            "places:\n  - {id: wardrobe, name: The wardrobe}\n"
            "people:\n  vell: {trust: 1, schedule: {night: wardrobe}}\n"
            "scenes:\n  - {id: w, location: wardrobe, text: Hi., people: [vell]}\n")
    assert _errors("pack-part", part) == []
    # A story's own part has no characters or places: the canon holds them.
    assert _errors("part", part) == [([], "Additional properties are not allowed ('characters', 'places' were "
                                          "unexpected)")]
    # A slip inside a pack's character is reported at that character, as the loader does.
    assert _errors("pack-part", part.replace("role: staff", "role: janitor")) == [
        (["characters", 0, "role"], "'janitor' is not one of ['student', 'faculty', 'alumna', 'family', 'police', "
                                    "'staff']")]


def test_cli_write_puts_each_schema_where_the_headers_point(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "more").mkdir(parents=True)
    (pack / "branch.yaml").write_text("# yaml-language-server: $schema=../shared/branch.schema.json\nid: x\n")
    (pack / "more" / "a.yaml").write_text("# yaml-language-server: $schema=../../shared/part.schema.json\n")
    (pack / "more" / "b.yaml").write_text("# yaml-language-server: $schema=https://example.org/part.schema.json\n")
    done = archer("schema", "--write", str(pack), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "wrote shared/branch.schema.json\nwrote shared/part.schema.json\n"
    assert (tmp_path / "shared" / "part.schema.json").read_text(encoding="utf-8") == render(kind_schema("part"))
    (pack / "more" / "a.yaml").write_text("# yaml-language-server: $schema=story.schema.json\n")
    done = archer("schema", "--write", str(pack / "more" / "a.yaml"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"archer schema: {pack / 'more' / 'a.yaml'}:1: the header names story.schema.json, "
                                  "which is no schema archer writes (the schemas are manifest.schema.json, ")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = archer("schema", "--write", str(empty))
    assert done.returncode == 1 and "has a `# yaml-language-server: $schema=...` first line" in done.stderr


def test_cli_prints_the_schema() -> None:
    done = archer("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout) == story_schema()
    canon = archer("schema", "--canon")
    assert json.loads(canon.stdout) == canon_schema()


def test_cli_check_and_out(tmp_path: Path) -> None:
    assert archer("schema", "--check", str(STORY_SCHEMA)).returncode == 0
    assert archer("schema", "--canon", "--check", str(CANON_SCHEMA)).returncode == 0
    stale = tmp_path / "stale.json"
    stale.write_text("{}\n", encoding="utf-8")
    done = archer("schema", "--check", str(stale))
    assert done.returncode == 1
    assert done.stderr == f"archer schema: {stale} is out of date; run `archer schema --out {stale}`\n"
    out = tmp_path / "fresh.json"
    assert archer("schema", "--canon", "--out", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == render(canon_schema())


def test_cli_bad_paths_are_one_line(tmp_path: Path) -> None:
    missing = archer("schema", "--check", str(tmp_path / "none.json"))
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and missing.stderr.startswith("archer schema: cannot read ")
    unwritable = archer("schema", "--out", str(tmp_path / "no" / "such" / "dir.json"))
    assert unwritable.returncode == 1
    assert unwritable.stderr.count("\n") == 1 and unwritable.stderr.startswith("archer schema: cannot write ")
    both = archer("schema", "--out", "a", "--check", "b")
    assert both.returncode == 2


def test_field_reference_matches_the_models() -> None:
    from game.tools.schema import reference_markdown

    text = (Path(__file__).resolve().parents[2] / "docs" / "reference.md").read_text(encoding="utf-8")
    assert text == reference_markdown(), "run `archer schema --markdown --out docs/reference.md`"
    for name in ("Manifest", "Scene", "Choice", "Clue", "Case", "BranchManifest", "Hook"):
        assert f"### {name}\n" in text
