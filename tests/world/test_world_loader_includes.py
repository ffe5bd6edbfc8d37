"""Loader diagnostics about includes (AR020-AR022): globs stay inside the story folder and never loop."""

from __future__ import annotations

import os

INCLUDES = 'includes: ["scenes.yaml", "mystery.yaml"]'


def set_includes(copy, *patterns: str) -> None:
    shown = ", ".join(f'"{p}"' for p in patterns)
    copy.edit("story.yaml", INCLUDES, f"includes: [{shown}]")


def test_include_that_matches_nothing_is_ar020_at_the_pattern(mini_copy):
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "days/*.yaml")
    diagnostic = mini_copy.one("AR020")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"days/*.yaml"')
    assert diagnostic.message == "include 'days/*.yaml' matches no file"


def test_include_of_a_folder_matches_no_file(mini_copy):
    (mini_copy.story_dir / "days").mkdir()
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "days")
    diagnostic = mini_copy.one("AR020")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"days"')


def test_parent_folder_include_is_ar021(mini_copy):
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "../seeds/canon.yaml")
    diagnostic = mini_copy.one("AR021")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"../seeds/canon.yaml"')
    assert diagnostic.message == "include '../seeds/canon.yaml' reaches outside the story folder"


def test_dot_dot_inside_a_glob_is_ar021(mini_copy):
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "x/../../seeds/*.yaml")
    assert mini_copy.where(mini_copy.one("AR021")) == mini_copy.spot("story.yaml", '"x/../../seeds/*.yaml"')


def test_absolute_include_is_ar021(mini_copy):
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "/etc/passwd")
    diagnostic = mini_copy.one("AR021")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"/etc/passwd"')
    assert diagnostic.message == "include '/etc/passwd' reaches outside the story folder"


def test_symlinked_file_that_leads_out_is_ar021(mini_copy):
    os.symlink(mini_copy.file("seeds/canon.yaml"), mini_copy.story_dir / "borrowed.yaml")
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "borrowed.yaml")
    diagnostic = mini_copy.one("AR021")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"borrowed.yaml"')
    assert diagnostic.message.startswith("include 'borrowed.yaml' reaches ")
    assert diagnostic.message.endswith("outside the story folder")


def test_symlinked_folder_that_leads_out_is_ar021(mini_copy, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "extra.yaml").write_text("flags: {stolen: x}\n")
    os.symlink(outside, mini_copy.story_dir / "days")
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "days/*.yaml")
    diagnostic = mini_copy.one("AR021")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"days/*.yaml"')
    assert "stolen" not in {d.message for d in mini_copy.load().diagnostics}


def test_symlink_inside_the_folder_is_fine(mini_copy):
    (mini_copy.story_dir / "parts").mkdir()
    os.rename(mini_copy.file("mystery.yaml"), mini_copy.story_dir / "parts" / "mystery.yaml")
    os.symlink(mini_copy.story_dir / "parts" / "mystery.yaml", mini_copy.story_dir / "mystery.yaml")
    result = mini_copy.load()
    assert result.story is not None, [d.format() for d in result.diagnostics]


def test_include_of_the_manifest_is_ar022(mini_copy):
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "story.yaml")
    diagnostic = mini_copy.one("AR022")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"story.yaml"')
    assert diagnostic.message == "include 'story.yaml' includes the manifest itself"


def test_glob_that_sweeps_in_the_manifest_is_ar022(mini_copy):
    set_includes(mini_copy, "*.yaml")
    diagnostic = mini_copy.one("AR022")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"*.yaml"')


def test_symlink_back_to_the_manifest_is_ar022(mini_copy):
    os.symlink(mini_copy.file("story.yaml"), mini_copy.story_dir / "again.yaml")
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "again.yaml")
    diagnostic = mini_copy.one("AR022")
    assert mini_copy.where(diagnostic) == mini_copy.spot("story.yaml", '"again.yaml"')


def test_a_file_matched_twice_is_read_once(mini_copy):
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "scene*.yaml")
    result = mini_copy.load()
    assert result.story is not None, [d.format() for d in result.diagnostics]
    assert not [d for d in result.diagnostics if d.code == "AR030"]


def test_includes_are_read_in_a_stable_order(mini_copy):
    (mini_copy.story_dir / "more").mkdir()
    for name in ("b", "a", "c"):
        (mini_copy.story_dir / "more" / f"{name}.yaml").write_text(f"flags: {{flag_{name}: x}}\n")
    set_includes(mini_copy, "scenes.yaml", "mystery.yaml", "more/*.yaml")
    result = mini_copy.load()
    warned = [d.message for d in result.diagnostics if d.code == "AR052" and "flag_" in d.message]
    assert warned == [f"flag 'flag_{n}' is declared but never used" for n in "abc"]
