"""Branch pack diagnostics (AR080-AR082): a pack names the story it extends, adds only ids of its own, and
hooks only into parts that exist."""

from __future__ import annotations

from pathlib import Path

from game.world import load_story

MANIFEST = """format: 1
id: side
title: A side door
requires: {{story: {story}, version: "{version}"}}
includes: ["scenes.yaml"]
hooks:
  - scene: {scene}
    choice: {{id: side_door, text: "Try the side door.", goto: side_hall}}
"""
SCENES = """scenes:
  - id: side_hall
    location: studio
    text: A corridor nobody uses.
    choices:
      - {id: side_back, text: "Go back.", goto: opening}
"""


def make_pack(folder: Path, *, story: str = "mini", version: str = "0.1", scene: str = "opening",
              scenes: str = SCENES) -> Path:
    folder.mkdir(parents=True)
    (folder / "branch.yaml").write_text(MANIFEST.format(story=story, version=version, scene=scene))
    (folder / "scenes.yaml").write_text(scenes)
    return folder


def where(diagnostic, pack: Path) -> tuple[str, int, int]:
    return (Path(diagnostic.path).resolve().relative_to(pack.resolve()).as_posix(), diagnostic.line, diagnostic.col)


def spot(pack: Path, name: str, needle: str) -> tuple[str, int, int]:
    text = (pack / name).read_text()
    index = text.index(needle)
    return (name, text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


def test_a_good_pack_adds_its_choice_and_scene(mini_copy, tmp_path):
    pack = make_pack(tmp_path / "side")
    result = load_story(mini_copy.story_dir, [pack])
    assert result.story is not None, [d.format() for d in result.diagnostics]
    assert "side_hall" in result.story.scenes
    assert "side_door" in [c.id for c in result.story.scenes["opening"].choices]


def test_a_pack_for_another_story_is_ar080(mini_copy, tmp_path):
    pack = make_pack(tmp_path / "side", story="the_fall")
    result = load_story(mini_copy.story_dir, [pack])
    [diagnostic] = [d for d in result.diagnostics if d.code == "AR080"]
    assert where(diagnostic, pack) == spot(pack, "branch.yaml", "{story: the_fall")
    assert diagnostic.message == "pack 'side' needs story 'the_fall' version 0.1; this is 'mini' version 0.1"
    assert result.story is None


def test_a_pack_for_another_version_is_ar080(mini_copy, tmp_path):
    pack = make_pack(tmp_path / "side", version="2.x")
    result = load_story(mini_copy.story_dir, [pack])
    assert [d.code for d in result.diagnostics] == ["AR080"]


def test_a_version_prefix_matches(mini_copy, tmp_path):
    pack = make_pack(tmp_path / "side", version="0.x")
    assert load_story(mini_copy.story_dir, [pack]).story is not None


def test_a_pack_scene_with_a_story_id_is_ar081(mini_copy, tmp_path):
    pack = make_pack(tmp_path / "side", scenes=SCENES + """  - id: roof
    location: roof
    text: Another roof.
    choices: [{id: down, text: Down., goto: opening}]
""")
    result = load_story(mini_copy.story_dir, [pack])
    [diagnostic] = [d for d in result.diagnostics if d.code == "AR081"]
    assert where(diagnostic, pack) == spot(pack, "scenes.yaml", "roof\n")
    assert diagnostic.message == "pack 'side' defines scene 'roof', which the story has"
    assert diagnostic.hint == "prefix the pack's ids, e.g. side_roof"


def test_a_hook_into_a_missing_scene_is_ar082(mini_copy, tmp_path):
    pack = make_pack(tmp_path / "side", scene="ballroom")
    result = load_story(mini_copy.story_dir, [pack])
    [diagnostic] = [d for d in result.diagnostics if d.code == "AR082"]
    assert where(diagnostic, pack) == spot(pack, "branch.yaml", "ballroom")
    assert diagnostic.message == "hook into missing scene 'ballroom'"


def test_a_folder_without_a_pack_manifest_is_ar007(mini_copy, tmp_path):
    (tmp_path / "empty").mkdir()
    result = load_story(mini_copy.story_dir, [tmp_path / "empty"])
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("AR007", 1, 1)
    assert Path(diagnostic.path).name == "branch.yaml"
