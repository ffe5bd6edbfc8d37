"""`archer new-branch`: a working pack that loads, hooks into the story and is reachable by the player."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.engine import act, start, view
from game.tools.new_branch import pack_id, title_of
from game.tools.schema import kind_schema, render
from game.world import load_story
from game.world.model import BranchManifest, PackFile

from .conftest import MINI_STORY, ROOT, archer


@pytest.mark.parametrize(("name", "ident"), [
    ("my-pack", "my_pack"), ("Rooftop Notes", "rooftop_notes"), ("2nd_act", "pack_2nd_act"),
    ("x" * 50, "x" * 32), ("--", ""),
])
def test_pack_id(name: str, ident: str) -> None:
    assert pack_id(name) == ident


def test_title_of() -> None:
    assert title_of("rooftop-notes") == "Rooftop Notes"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    done = archer("new-branch", "night-walk", "--story", str(MINI_STORY), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "created branch pack 'night_walk' in night-walk/: branch.yaml, scenes.yaml, README.md, "
        "schemas/branch.schema.json, schemas/pack-part.schema.json",
        "next: archer check --branch night-walk; archer play --plain --branch night-walk --dev",
    ]
    return tmp_path / "night-walk"


def test_the_files_follow_the_models(pack: Path) -> None:
    manifest = BranchManifest.model_validate(yaml.safe_load((pack / "branch.yaml").read_text(encoding="utf-8")))
    assert manifest.id == "night_walk"
    assert manifest.requires.story == "mini" and manifest.requires.version == "0.1"
    assert manifest.includes == ["scenes.yaml"]
    [hook] = manifest.hooks
    assert hook.scene == "opening"
    assert hook.choice.when == "not flag.night_walk_seen"
    assert hook.choice.goto == "night_walk_radiator"
    parts = PackFile.model_validate(yaml.safe_load((pack / "scenes.yaml").read_text(encoding="utf-8")))
    assert [c.id for c in parts.clues] == ["night_walk_programme"]
    assert [s.id for s in parts.scenes] == ["night_walk_radiator"]
    # The headers point into the pack's own schemas/ folder, which new-branch filled: they work wherever the
    # pack is copied.
    for name, kind in (("scenes.yaml", "pack-part"), ("branch.yaml", "branch")):
        header = (pack / name).read_text(encoding="utf-8").splitlines()[0]
        assert header == f"# yaml-language-server: $schema=schemas/{kind}.schema.json"
        assert (pack / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == render(kind_schema(kind))


def test_the_pack_loads_cleanly_with_the_story(pack: Path) -> None:
    alone = load_story(MINI_STORY)
    result = load_story(MINI_STORY, [pack])
    assert result.story is not None, [d.format() for d in result.diagnostics]
    assert [d.code for d in result.diagnostics] == [d.code for d in alone.diagnostics]


def test_the_player_reaches_the_branch_and_its_clue(pack: Path) -> None:
    story = load_story(MINI_STORY, [pack]).story
    state = start(story, 1, "june_case")
    assert "night_walk_follow" in [c.id for c in view(story, state).choices]
    state = act(story, state, "night_walk_follow").state
    assert state.scene == "night_walk_radiator"
    assert "A corner of it still shows." in " ".join(view(story, state).text.split())
    step = act(story, state, "night_walk_take")
    assert [e.kind for e in step.events] == ["clue"]
    assert "night_walk_programme" in step.state.clues
    back = act(story, step.state, "night_walk_back").state
    assert back.scene == "opening"
    assert "night_walk_follow" not in [c.id for c in view(story, back).choices]  # the condition now fails


def test_the_pack_passes_check(pack: Path) -> None:
    alone = archer("check", str(MINI_STORY), "--quick")
    with_pack = archer("check", str(MINI_STORY), "--quick", "--branch", str(pack))
    assert with_pack.returncode == alone.returncode
    assert with_pack.stdout == alone.stdout  # the pack adds no diagnostic of its own


def test_a_pack_for_the_shipped_story(tmp_path: Path) -> None:
    shipped = ROOT / "story"
    if load_story(shipped).story is None:
        pytest.skip("the shipped story does not load yet")
    done = archer("new-branch", "extra", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = load_story(shipped, [tmp_path / "extra"])
    assert result.story is not None, [d.format() for d in result.diagnostics]


def test_refuses_an_existing_folder(pack: Path) -> None:
    marker = pack / "branch.yaml"
    before = marker.read_text(encoding="utf-8")
    done = archer("new-branch", "night-walk", "--story", str(MINI_STORY), cwd=pack.parent)
    assert done.returncode == 1
    assert done.stderr == "archer new-branch: 'night-walk' already exists; choose another name (nothing was " \
                          "changed)\n"
    assert marker.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (("a/b",), 2, "NAME must be a plain folder name, not a path: 'a/b'"),
    (("--",), 2, ""),
    (("%%",), 2, "NAME must contain letters or digits: '%%'"),
    (("p", "--story", "nowhere"), 1, "archer new-branch: cannot read the story in nowhere: no story.yaml in nowhere\n"),
    (("p", "--scene", "nowhere"), 1, "the story has no scene 'nowhere'"),
])
def test_bad_input(tmp_path: Path, args: tuple[str, ...], code: int, message: str) -> None:
    if "--story" not in args:
        args = (*args, "--story", str(MINI_STORY))
    done = archer("new-branch", *args, cwd=tmp_path)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "p").exists()
