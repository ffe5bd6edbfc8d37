"""`archer schema`: the JSON Schema of the story format and of the canon, generated from the pydantic models.

Editors that run yaml-language-server read the schema named in a file's first line
(`# yaml-language-server: $schema=../docs/story.schema.json`) and give completion, hover docs and validation
as the author types. The models in game/world/model.py stay the one source of truth: docs/story.schema.json
and docs/canon.schema.json are this command's output, and a test keeps them in step with the models.

Exit codes: 0 printed or written (or, with --check, the file matches); 1 the file is out of date or cannot be
written; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from game.world.model import BranchManifest, Canon, Manifest, StoryFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def story_schema() -> dict[str, Any]:
    """One schema for every YAML file of a story: a manifest (story.yaml), a branch pack's manifest
    (branch.yaml) or an included story file. Each model forbids unknown keys, so a file matches one branch."""
    schema = TypeAdapter(Manifest | BranchManifest | StoryFile).json_schema()
    return {
        "$schema": DIALECT,
        "title": "Archer story file",
        "description": "A story manifest (story.yaml), a branch pack manifest (branch.yaml), or an included "
        "story file (scenes, endings, clues, ...). Generated from game/world/model.py by `archer schema`.",
        **schema,
    }


def canon_schema() -> dict[str, Any]:
    """The schema of seeds/canon.yaml: the people and places a story builds on."""
    schema = Canon.model_json_schema()
    schema.pop("title", None)
    description = schema.pop("description", "")
    return {
        "$schema": DIALECT,
        "title": "Archer canon",
        "description": f"{description} Generated from game/world/model.py by `archer schema --canon`.",
        **schema,
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the files in docs/ hold it: two-space indented JSON, keys in model order, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of the story format (or, with --canon, of the canon)",
        description="Print the JSON Schema of the story format, generated from the pydantic models, for editors "
        "that use yaml-language-server. The story schema accepts a manifest (story.yaml), a branch pack manifest "
        "(branch.yaml) or any included story file; --canon gives the schema of seeds/canon.yaml.",
        epilog="Exit codes: 0 ok; 1 --check found the file out of date, or the file could not be written; "
        "2 usage error. The repository keeps the output in docs/story.schema.json and docs/canon.schema.json.",
    )
    parser.add_argument("--canon", action="store_true", help="the schema of seeds/canon.yaml instead")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="FILE", help="write the schema to FILE instead of printing it")
    target.add_argument("--check", metavar="FILE", help="exit 1 unless FILE holds exactly this schema")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print, write or check one schema."""
    text = render(canon_schema() if args.canon else story_schema())
    if args.check:
        path = Path(args.check)
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(f"archer schema: cannot read {path}: {getattr(err, 'strerror', None) or err}", file=sys.stderr)
            return 1
        if current != text:
            flag = " --canon" if args.canon else ""
            print(f"archer schema: {path} is out of date; run `archer schema{flag} --out {path}`", file=sys.stderr)
            return 1
        return 0
    if args.out:
        path = Path(args.out)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as err:
            print(f"archer schema: cannot write {path}: {err.strerror or err}", file=sys.stderr)
            return 1
        print(f"wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(text)
    return 0
