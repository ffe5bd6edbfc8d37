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


REFERENCE_GROUPS: list[tuple[str, list[str]]] = [
    ("The manifest (story/story.yaml)", ["Manifest", "Day", "VarDecl", "Deadline", "StandingRule",
                                         "AccusationRule", "ContentNote"]),
    ("Story files (everything a manifest includes)", ["StoryFile", "Scene", "Choice", "Ending"]),
    ("The mystery", ["Case", "Motive", "Fact", "Clue", "Evidence", "Deduction", "Statement", "Contradiction",
                     "Secret", "Person"]),
    ("The canon (seeds/canon.yaml)", ["Canon", "Character", "Relation", "Place"]),
    ("Branch packs (branch.yaml)", ["BranchManifest", "Requires", "Hook"]),
]


def _type_name(annotation: Any) -> str:
    """A short, readable form of a field's type: `list[Scene]`, `Id | None`, `"solved" | "weak" | ...`."""
    import typing

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = args[0]
        return "id" if inner is str and any("pattern" in repr(a) for a in args[1:]) else _type_name(inner)
    if origin is typing.Literal:
        return " \\| ".join(json.dumps(a) for a in args)
    if origin in (typing.Union, __import__("types").UnionType):
        return " \\| ".join(_type_name(a) for a in args)
    if origin in (list, dict):
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in args)}]"
    if annotation is type(None):
        return "null"
    return getattr(annotation, "__name__", str(annotation))


def reference_markdown() -> str:
    """docs/reference.md: every model of the format as a table of its fields, generated from the models."""
    from pydantic_core import PydanticUndefined

    from game.world import model

    lines = ["# Story format reference", "",
             "Generated from game/world/model.py by `archer schema --markdown`; a test keeps it in step. The",
             "guide to how the parts fit is docs/format.md.", ""]
    for title, names in REFERENCE_GROUPS:
        lines += [f"## {title}", ""]
        for name in names:
            cls = getattr(model, name)
            doc = " ".join((cls.__doc__ or "").split())
            lines += [f"### {name}", "", doc, "", "| field | type | default | meaning |", "|---|---|---|---|"]
            for field_name, info in cls.model_fields.items():
                if info.is_required():
                    default = "required"
                elif info.default is PydanticUndefined:
                    default = "–"
                else:
                    default = f"`{json.dumps(info.default)}`" if not isinstance(info.default, bool) else (
                        "`true`" if info.default else "`false`")
                meaning = " ".join((info.description or "").split()).replace("|", "\\|")
                kind = _type_name(info.annotation)
                if kind == "str" and any(getattr(m, "pattern", None) for m in info.metadata):
                    kind = "id"
                lines.append(f"| `{field_name}` | {kind} | {default} | {meaning} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render(schema: dict[str, Any]) -> str:
    """The schema as the files in docs/ hold it: two-space indented JSON, keys in model order, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        description="Print the JSON Schema of the story format, generated from the pydantic models, for editors "
        "that use yaml-language-server. The story schema accepts a manifest (story.yaml), a branch pack manifest "
        "(branch.yaml) or any included story file; --canon gives the schema of seeds/canon.yaml.",
        epilog="Exit codes: 0 ok; 1 --check found the file out of date, or the file could not be written; "
        "2 usage error. The repository keeps the output in docs/story.schema.json and docs/canon.schema.json.",
    )
    parser.add_argument("--canon", action="store_true", help="the schema of seeds/canon.yaml instead")
    parser.add_argument("--markdown", action="store_true",
                        help="the field reference of every model, as Markdown (docs/reference.md)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="FILE", help="write the schema to FILE instead of printing it")
    target.add_argument("--check", metavar="FILE", help="exit 1 unless FILE holds exactly this schema")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print, write or check one schema."""
    if args.markdown:
        text = reference_markdown()
    else:
        text = render(canon_schema() if args.canon else story_schema())
    if args.check:
        path = Path(args.check)
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(f"archer schema: cannot read {path}: {getattr(err, 'strerror', None) or err}", file=sys.stderr)
            return 1
        if current != text:
            flag = " --markdown" if args.markdown else " --canon" if args.canon else ""
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
