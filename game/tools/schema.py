"""`archer schema`: the JSON Schemas of the story format, generated from the pydantic models.

Editors that run yaml-language-server read the schema named in a file's first line
(`# yaml-language-server: $schema=schemas/part.schema.json`) and give completion, hover docs and validation
as the author types. There is one schema per kind of file (KINDS): a story's manifest, a branch pack's
manifest, a story's included part (scenes, endings, clues ...), a pack's included part (the same, and the pack's
own characters and places) and the canon, each with a single object at its root,
so that a validator reports a misspelt field at that field rather than at the file's root (as it must when
the root may be any of several kinds). `archer schema --write` puts each schema where the headers of a
folder's files point. The models in game/world/model.py stay the one source of truth: the files in docs/ are
this command's output, and a test keeps them in step with the models.

Exit codes: 0 printed or written (or, with --check, the file matches); 1 the file is out of date or cannot be
written; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


KINDS: dict[str, tuple[str, str]] = {
    "manifest": ("Manifest", "story.yaml: a story's manifest"),
    "branch": ("BranchManifest", "branch.yaml: a branch pack's manifest"),
    "part": ("StoryFile", "a file a manifest includes: scenes, endings, clues, statements and the rest"),
    "pack-part": ("PackFile", "a file a branch pack includes: any part of a story's file, and the pack's own "
                  "minor characters and places"),
    "canon": ("Canon", "seeds/canon.yaml: the people and places a story builds on"),
}
"""Kind of file -> (its model, what it is). The schema of kind K is written to `K.schema.json`."""
SCHEMA_SUFFIX = ".schema.json"
HEADER = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


def kind_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of file, its model at the root."""
    from game.world import model

    name, what = KINDS[kind]
    schema = getattr(model, name).model_json_schema()
    schema.pop("title", None)
    description = schema.pop("description", "")
    return {
        "$schema": DIALECT,
        "title": f"Archer {kind} file",
        "description": f"{what}. {description} Generated from game/world/model.py by `archer schema`.",
        **schema,
    }


def kind_of_schema_file(name: str) -> str | None:
    """The kind a schema file name stands for (`part.schema.json` -> part); None for other names."""
    kind = name[: -len(SCHEMA_SUFFIX)] if name.endswith(SCHEMA_SUFFIX) else None
    return kind if kind in KINDS else None


def header_for(kind: str, schemas: str) -> str:
    """The first line of a file of `kind` whose schemas live in the folder `schemas` (relative to the file)."""
    return f"# yaml-language-server: $schema={schemas.rstrip('/')}/{kind}{SCHEMA_SUFFIX}\n"


def schema_targets(paths: list[Path]) -> tuple[dict[Path, str], list[str]]:
    """Where the headers of the YAML files under `paths` point: schema file -> kind. Also the problems: a
    header naming a file that is no kind of schema; headers that are web addresses are left to the web."""
    targets: dict[Path, str] = {}
    problems: list[str] = []
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    for file in files:
        try:
            with file.open(encoding="utf-8") as handle:
                first = handle.readline()
        except (OSError, UnicodeDecodeError):
            continue
        found = HEADER.match(first.strip())
        if not found or "://" in found.group(1):
            continue
        target = (file.parent / found.group(1)).resolve()
        kind = kind_of_schema_file(target.name)
        if kind is None:
            known = ", ".join(f"{k}{SCHEMA_SUFFIX}" for k in KINDS)
            problems.append(f"{file}:1: the header names {found.group(1)}, which is no schema archer writes "
                            f"(the schemas are {known})")
            continue
        targets[target] = kind
    return targets, problems


def write_schemas(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Write every schema the headers under `paths` point at; returns the files written and the problems."""
    targets, problems = schema_targets(paths)
    written = []
    for target, kind in sorted(targets.items()):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(kind_schema(kind)), encoding="utf-8")
        except OSError as err:
            problems.append(f"cannot write {target}: {err.strerror or err}")
            continue
        written.append(target)
    return written, problems


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
        "that use yaml-language-server. --kind gives the schema of one kind of file (manifest, branch, part, "
        "pack-part, canon), which is what a file's header should name; --write puts each schema where the headers "
        "of a "
        "folder's files point. Without either, the schema printed accepts a manifest (story.yaml), a branch pack "
        "manifest (branch.yaml) or any included story file, for older headers; --canon gives that of "
        "seeds/canon.yaml.",
        epilog="Exit codes: 0 ok; 1 --check found the file out of date, or the file could not be written; "
        "2 usage error. The repository keeps the output in docs/story.schema.json and docs/canon.schema.json.",
    )
    parser.add_argument("--canon", action="store_true", help="the schema of seeds/canon.yaml instead")
    parser.add_argument("--markdown", action="store_true",
                        help="the field reference of every model, as Markdown (docs/reference.md)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="FILE", help="write the schema to FILE instead of printing it")
    target.add_argument("--check", metavar="FILE", help="exit 1 unless FILE holds exactly this schema")
    target.add_argument("--write", metavar="PATH", nargs="*",
                        help="write each schema where the `$schema=` headers of the YAML files in PATH (folders or "
                             "files; default: the current folder) point, one schema per kind of file")
    parser.add_argument("--kind", choices=tuple(KINDS),
                        help="print (or --out, --check) the schema of one kind of file: " + "; ".join(
                            f"{k}: {what}" for k, (_, what) in KINDS.items()))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print, write or check one schema, or write every schema the headers of a folder point at."""
    if args.write is not None:
        return _write(args.write or ["."])
    if args.kind:
        text = render(kind_schema(args.kind))
    elif args.markdown:
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
            flag = (f" --kind {args.kind}" if args.kind else " --markdown" if args.markdown
                    else " --canon" if args.canon else "")
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


def _write(paths: list[str]) -> int:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"archer schema: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 1
    written, problems = write_schemas([Path(p) for p in paths])
    for problem in problems:
        print(f"archer schema: {problem}", file=sys.stderr)
    for path in written:
        print(f"wrote {os.path.relpath(path)}", file=sys.stderr)
    if not written and not problems:
        print(f"archer schema: no YAML file in {', '.join(paths)} has a `# yaml-language-server: $schema=...` "
              "first line; `archer new-branch` writes them, or see docs/authoring.md", file=sys.stderr)
        return 1
    return 1 if problems else 0
