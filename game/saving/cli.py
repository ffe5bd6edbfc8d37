"""`archer saves`: list, show, verify and delete saved games from the command line.

Exit codes: 0 when all is well, 1 when a problem was found (a damaged save, a missing one, a delete declined),
2 for a usage error (argparse's own, or a save name that is not valid). No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.saving import slots
from game.saving.errors import SaveError

if TYPE_CHECKING:
    from game.saving.store import SaveStore, SlotInfo
    from game.world.story import Story

OK, PROBLEM, USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `saves` and its commands on the `archer` parser's subparsers."""
    parser = subparsers.add_parser(
        "saves",
        description="List, show, check and delete saved games.",
    )
    _folder_options(parser)
    commands = parser.add_subparsers(dest="saves_command", metavar="COMMAND", title="commands")

    listing = commands.add_parser(
        "list", help="list the saves, newest first", description="List the saves, newest first."
    )
    _folder_options(listing)

    show = commands.add_parser(
        "show",
        help="show what a save holds",
        description="Show what a save holds, and whether it loads exactly on the current story.",
    )
    show.add_argument("slot", metavar="SLOT", help="a save name, NAME.bak for its backup, or a file")
    _folder_options(show)

    verify = commands.add_parser(
        "verify",
        help="check saves for damage",
        description="Check one save, or every save and backup in the folder. Exit 1 if any is damaged.",
    )
    verify.add_argument("target", metavar="SLOT|FILE", nargs="?", help="one save to check (default: all)")
    _folder_options(verify)

    delete = commands.add_parser(
        "delete", help="delete a save", description="Delete a save and its backup, after asking."
    )
    delete.add_argument("slot", metavar="SLOT", help="the save name")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask first (for scripts)")
    _folder_options(delete)

    parser.set_defaults(run=run, saves_help=parser.format_help)


def _folder_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the command word is not reset by this parser's default.
    parser.add_argument(
        "--saves",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="save folder (default: $ARCHER_SAVES, else saves/)",
    )
    parser.add_argument(
        "--story", metavar="DIR", default=argparse.SUPPRESS, help="story folder (default: the shipped story)"
    )


def run(args: argparse.Namespace) -> int:
    """Carry out an `archer saves` command; returns the exit code."""
    from game.paths import saves_dir

    command = getattr(args, "saves_command", None)
    if command is None:
        helper = getattr(args, "saves_help", None)
        print(helper() if helper else "usage: archer saves {list,show,verify,delete}", file=sys.stderr)
        return USAGE
    from game.saving.store import SaveStore  # here, not at import: `archer --version` stays light

    store = SaveStore(saves_dir(getattr(args, "saves", None)))
    try:
        if command == "list":
            return _list(store, sys.stdout)
        if command == "show":
            return _show(store, args.slot, getattr(args, "story", None), sys.stdout)
        if command == "verify":
            return _verify(store, getattr(args, "target", None), sys.stdout)
        if command == "delete":
            return _delete(store, args.slot, bool(getattr(args, "yes", False)), sys.stdin, sys.stdout)
    except _Usage as error:
        print(f"archer saves {command}: {error}", file=sys.stderr)
        return USAGE
    except SaveError as error:
        print(error.message, file=sys.stderr)
        return PROBLEM
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return PROBLEM
    print(f"archer saves: unknown command '{command}'", file=sys.stderr)
    return USAGE


class _Usage(Exception):
    """A command line that cannot mean anything: a bad save name."""


def _path(store: SaveStore, slot_or_path: str) -> Path:
    try:
        return store.path_of(slot_or_path)
    except SaveError as error:
        raise _Usage(error.message) from None


# ------------------------------------------------------------------------------------------- commands


def _list(store: SaveStore, out: TextIO) -> int:
    infos = store.list()
    if not infos:
        print(f"No saves in {store.folder}.", file=out)
        return OK
    rows = [("SAVE", "SAVED", "PLAYED", "WHERE", "LABEL")]
    for info in infos:
        if info.ok:
            rows.append((info.slot, _when(info), _played(info.play_seconds), _where(info), info.label))
        else:
            rows.append((info.slot, "-", "-", f"DAMAGED: {info.problem}", ""))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[4]]).rstrip(), file=out)
    return OK


def _show(store: SaveStore, slot: str, story_dir: str | None, out: TextIO) -> int:
    path = _path(store, slot)
    record = store.read(path)
    from game.saving.store import SlotInfo

    info = SlotInfo.of(path, record)
    lines = [
        ("Save", f"{info.slot} ({path})"),
        ("Label", info.label or "-"),
        ("Saved", _when(info)),
        ("Played", _played(info.play_seconds)),
        ("Story", f"{record.story.id} {record.story.version}"),
        ("Where", _where(info) or "-"),
        ("Actions", str(len(record.path))),
    ]
    backup_name = slots.slot_of(path)
    if backup_name is not None and path.suffix == slots.SAVE_SUFFIX:
        backup = slots.backup_file(path.parent, backup_name)
        if backup.exists():
            problem = dict(store.verify(backup)).get(backup)
            state = "sound" if problem is None else f"damaged: {problem}"
            lines.append(("Backup", f"{backup.name} ({state})"))
        else:
            lines.append(("Backup", "none"))
    lines.append(("On load", _outlook(store, path, story_dir)))
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        print(f"{name.ljust(width)}  {value}", file=out)
    return OK


def _outlook(store: SaveStore, path: Path, story_dir: str | None) -> str:
    """What loading this save on the current story would do, found by restoring it without playing."""
    story = _current_story(story_dir)
    if isinstance(story, str):
        return story
    try:
        restored = store.load(path, story)
    except SaveError as error:
        return f"cannot be restored: {error.problem}"
    return restored.note or "the story is unchanged since this save: it loads exactly as saved"


def _current_story(story_dir: str | None) -> Story | str:
    from game.paths import story_dir as shipped
    from game.world import load_story

    folder = Path(story_dir).expanduser() if story_dir else shipped()
    result = load_story(folder)
    if result.story is None:
        return f"unknown: the story in {folder} does not load (run 'archer check' to see why)"
    return result.story


def _verify(store: SaveStore, target: str | None, out: TextIO) -> int:
    results = store.verify(_path(store, target) if target is not None else None)
    if not results:
        print(f"No saves in {store.folder}.", file=out)
        return OK
    bad = [(path, problem) for path, problem in results if problem is not None]
    for path, problem in bad:
        print(f"{path}: {problem}", file=out)
    total = len(results)
    if bad:
        print(f"{len(bad)} of {total} save file{'s' if total != 1 else ''} damaged.", file=out)
        return PROBLEM
    print(f"{total} save file{'s' if total != 1 else ''} checked: all sound.", file=out)
    return OK


def _delete(store: SaveStore, slot: str, yes: bool, ask: TextIO, out: TextIO) -> int:
    if not slots.is_slot_name(slot):
        try:
            slots.check_slot_name(slot)
        except SaveError as error:
            raise _Usage(error.message) from None
    files = [slots.slot_file(store.folder, slot), slots.backup_file(store.folder, slot)]
    if not any(path.exists() for path in files):
        print(f"There is no save named '{slot}' in {store.folder}.", file=sys.stderr)
        return PROBLEM
    if not yes:
        print(f"Delete save {slot}? [y/N] ", end="", file=out, flush=True)
        answer = ask.readline()
        if not answer:
            print(file=out)
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.", file=out)
            return PROBLEM
    store.delete(slot)
    print(f"Deleted save {slot}.", file=out)
    return OK


# ------------------------------------------------------------------------------------------- formatting


def _when(info: SlotInfo) -> str:
    return info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.saved_at else "-"


def _played(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _where(info: SlotInfo) -> str:
    if info.ending:
        return f"ended: {info.ending}"
    when = " ".join(part for part in (info.day, info.slot_name) if part)
    return ", ".join(part for part in (when, info.location) if part)
