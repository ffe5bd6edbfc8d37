"""`archer new-branch NAME`: create a working branch pack in folder NAME, ready to edit.

The pack has everything docs/authoring.md walks through: a manifest (branch.yaml) that names the story and
version it extends; a hook that adds a choice to an existing scene of that story, under a condition; its own
scene, reached through that choice; and a new clue found there. Every id is prefixed with the pack's id, so
nothing clashes with the story. The pack passes `archer check --branch NAME`, and the player meets its choice
in the scene it hooks into (the story's first scene unless --scene names another).

Exit codes: 0 created; 1 the folder exists, the story cannot be read, or the pack failed its own check;
2 usage error.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.tools.schema import header_for, write_schemas
from game.world.model import Manifest

PACK_MANIFEST = "branch.yaml"
SCENES_FILE = "scenes.yaml"


@dataclass(frozen=True)
class Target:
    """What the pack hooks into: the story's id and version, a scene, where that scene is, a case and a clue."""

    story: str
    version: str
    scene: str
    location: str
    case: str | None = None
    clue: str | None = None


def pack_id(name: str) -> str:
    """The pack's id from its folder name: lower case, underscores, starting with a letter, at most 32 long."""
    ident = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if ident and not ident[0].isalpha():
        ident = f"pack_{ident}"
    return ident[:32].rstrip("_")


def title_of(name: str) -> str:
    """A readable title from the folder name."""
    words = re.split(r"[^A-Za-z0-9]+", name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or name


# ------------------------------------------------------------------------------------------ the target


def _from_story(folder: Path, scene: str | None) -> tuple[Target | None, str]:
    """The target from a story that loads; else None and why not."""
    from game.world import load_story

    result = load_story(folder)
    story = result.story
    if story is None:
        return None, "the story has errors"
    hook = scene or story.manifest.start
    if hook not in story.scenes:
        return None, f"the story has no scene '{hook}'"
    return Target(story.id, story.version, hook, story.scenes[hook].location,
                  next(iter(sorted(story.cases)), None), next(iter(story.clues), None)), ""


def _from_files(folder: Path, scene: str | None) -> tuple[Target | None, str]:
    """The target read from the raw files, for a story that does not load yet (it is being written)."""
    from game.world.validate import validate
    from game.world.yamlsrc import read

    manifest_path = folder / "story.yaml"
    if not manifest_path.is_file():
        return None, f"no story.yaml in {folder}"
    source = read(manifest_path, str(manifest_path))
    if source.diagnostics:
        return None, source.diagnostics[0].format()
    manifest, problems = validate(Manifest, source, (), source.data)
    if manifest is None:
        return None, problems[0].format() if problems else "the manifest is not valid"
    hook = scene or manifest.start
    for pattern in manifest.includes:
        for path in sorted(folder.glob(pattern)):
            data: Any = read(path, str(path)).data
            scenes = data.get("scenes") if isinstance(data, dict) else None
            for item in scenes if isinstance(scenes, list) else []:
                if isinstance(item, dict) and item.get("id") == hook and isinstance(item.get("location"), str):
                    return Target(manifest.id, manifest.version, hook, item["location"]), ""
    return None, f"the story has no scene '{hook}' with a location"


def find_target(folder: Path, scene: str | None) -> tuple[Target | None, str]:
    """What to hook into: from the compiled story when it loads, else from its files."""
    target, why = _from_story(folder, scene)
    if target is not None or why.startswith("the story has no scene"):
        return target, why
    return _from_files(folder, scene)


# -------------------------------------------------------------------------------------------- the files


SCHEMAS = "schemas"
"""The pack's own folder of schemas: the headers point into it, so they work wherever the pack goes."""


def manifest_text(ident: str, title: str, target: Target, name: str, header: str) -> str:
    """branch.yaml."""
    variant = ""
    if target.clue and target.case:
        variant = f"""
  # A hook can also give an existing clue a different reading in one case: same shape, the case's truth.
  # - clue: {target.clue}
  #   case: {target.case}
  #   variant: {{text: "How the clue reads in this case.", weights: {{}}, carries: []}}
"""
    return f"""{header}# A branch pack for '{target.story}' {target.version}, made by `archer new-branch {name}`.
# Check it:  archer check --branch {name}
# Play it:   archer play --plain --branch {name} --dev
format: 1
id: {ident}
title: "{title}"
version: "0.1.0"
requires: {{story: {target.story}, version: "{target.version}"}}   # or "1.x" for any 1.* version
includes: ["{SCENES_FILE}"]
flags:
  {ident}_seen: "Neveah has followed the lead this pack adds"
hooks:
  # Add a choice to a scene of the story. It is offered only while its condition holds.
  - scene: {target.scene}
    choice:
      id: {ident}_follow
      text: "Step aside: something pale is wedged behind the radiator by the door."
      when: "not flag.{ident}_seen"
      goto: {ident}_radiator
{variant}"""


def scenes_text(ident: str, target: Target, header: str) -> str:
    """scenes.yaml: the pack's clue and scene."""
    return f"""{header}# The pack's own parts. Ids start with '{ident}_' so they never clash with the story's.
clues:
  - id: {ident}_programme
    title: "A folded programme"
    kind: document
    found: "Wedged behind a radiator, folded small"
    text: >-
      Last spring's showcase programme. One name in the cast list was circled in pencil,
      then rubbed out hard enough to thin the paper.
    weights: {{}}        # likelihood ratio per suspect, for the checks only; empty leaves everyone where they were
    carries: []         # e.g. [{{point: means, against: june}}]: what it can be cited for, against whom

scenes:
  - id: {ident}_radiator
    location: {target.location}
    enter: ["set flag.{ident}_seen"]
    text: |
      The radiator ticks as it cools. Someone pushed a square of glossy paper into the gap
      behind it, deep enough that it was meant to stay hidden, not deep enough to stay lost.
      A corner of it still shows.
    choices:
      - id: {ident}_take
        text: "Work the paper free and unfold it."
        reply: "It comes free with a soft tear. You fold it into your notebook."   # shown before the goto
        do: ["clue {ident}_programme"]
        once: true
        goto: {ident}_radiator
      - id: {ident}_back
        text: "Leave it and go back."
        reply: "You leave the radiator to its ticking."
        goto: {target.scene}
"""


def readme_text(ident: str, title: str, name: str, target: Target) -> str:
    """README.md for the pack."""
    return f"""# {title}

A branch pack for '{target.story}' {target.version}, made by `archer new-branch {name}`.

- `{PACK_MANIFEST}`: the manifest: id, title, the story and version it needs, the files it includes, and its
  hooks. The hook adds the choice `{ident}_follow` to the scene `{target.scene}`.
- `{SCENES_FILE}`: the pack's scene `{ident}_radiator` and its clue `{ident}_programme`.

Check it with `archer check --branch {name}`, draw it with `archer graph --branch {name}`, and play it with
`archer play --plain --branch {name} --dev` (the game reloads when you save a file). See docs/authoring.md.
"""


def create(folder: Path, target: Target) -> list[Path]:
    """Write the pack's files into a new folder; returns the files written."""
    ident = pack_id(folder.name)
    title = title_of(folder.name)
    folder.mkdir()
    files = {
        folder / PACK_MANIFEST: manifest_text(ident, title, target, folder.name, header_for("branch", SCHEMAS)),
        folder / SCENES_FILE: scenes_text(ident, target, header_for("pack-part", SCHEMAS)),
        folder / "README.md": readme_text(ident, title, folder.name, target),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    schemas, _ = write_schemas([folder])
    return [*files, *schemas]


# ----------------------------------------------------------------------------------------------- command


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new-branch",
        description="Create folder NAME in the current directory with a working branch pack: a manifest "
        "(branch.yaml) naming the story and version it extends, a hook adding a choice to an existing scene "
        "under a condition, the pack's own scene and a new clue. Edit it from there; docs/authoring.md explains "
        "every part.",
        epilog="Exit codes: 0 created; 1 the folder already exists, the story cannot be read, or the new pack "
        "fails its check; 2 usage error.",
    )
    parser.add_argument("name", metavar="NAME", help="the new folder (its name also gives the pack's id)")
    parser.add_argument("--story", metavar="DIR", help="the story the pack extends (default: the shipped story)")
    parser.add_argument("--scene", metavar="SCENE", help="the scene to hook into (default: the story's start)")
    parser.set_defaults(run=run, _parser=parser)


def run(args: argparse.Namespace) -> int:
    """Create the pack, then check that it loads with the story."""
    from game.paths import story_dir

    name = args.name
    if not name or name in (".", "..") or Path(name).name != name or os.sep in name or "/" in name:
        args._parser.error(f"NAME must be a plain folder name, not a path: '{name}'")
    if not pack_id(name):
        args._parser.error(f"NAME must contain letters or digits: '{name}'")
    folder = Path(name)
    if folder.exists() or folder.is_symlink():
        print(f"archer new-branch: '{name}' already exists; choose another name (nothing was changed)",
              file=sys.stderr)
        return 1
    story_folder = Path(args.story) if args.story else story_dir()
    target, why = find_target(story_folder, args.scene)
    if target is None:
        print(f"archer new-branch: cannot read the story in {story_folder}: {why}", file=sys.stderr)
        return 1
    try:
        written = create(folder, target)
    except OSError as err:
        print(f"archer new-branch: cannot create '{name}': {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"created branch pack '{pack_id(name)}' in {name}/: "
          + ", ".join(p.resolve().relative_to(Path(name).resolve()).as_posix() for p in written))
    status = _self_check(story_folder, folder)
    print(f"next: archer check --branch {name}; archer play --plain --branch {name} --dev")
    return status


def _self_check(story_folder: Path, pack: Path) -> int:
    """Load the story with the new pack. A pack that fails here is a bug in this command, so say so."""
    from game.world import load_story

    if load_story(story_folder).story is None:
        print("note: the story itself has errors right now, so the pack could not be checked with it",
              file=sys.stderr)
        return 0
    result = load_story(story_folder, [pack])
    errors = [d for d in result.diagnostics if d.severity == "error"]
    for diagnostic in errors:
        print(diagnostic.format(), file=sys.stderr)
    if errors:
        print("archer new-branch: the new pack does not load; please report this", file=sys.stderr)
        return 1
    return 0
