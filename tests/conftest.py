"""Shared fixtures: the mini story (tests/fixtures/mini), loaded once, and writable copies of it to break.

`mini_story` is the compiled fixture story, loaded once per session. `copy_story(dest)` copies the whole
fixture (story/ and its sibling seeds/) to a temporary folder and returns a `StoryCopy`, whose methods edit the
YAML text and load the result, so a loader test reads as "change this line, expect this diagnostic here".
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from game.world import Diagnostic, LoadResult, Story, load_story

# Tests never write outside temporary folders: no example database in the tree.
settings.register_profile("archer", database=None)
settings.load_profile("archer")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
MINI_STORY = MINI / "story"


@dataclass(frozen=True)
class At:
    """A 1-based line and column in a file, as diagnostics report them."""

    line: int
    col: int


PACK_PEOPLE = """characters:
  - {id: attic_mistress, name: Mrs Vell, short: Vell, role: staff, age_band: adult, portrait: "Keeps costumes."}
places:
  - {id: attic, name: The attic, description: "Under the roof."}
people:
  attic_mistress: {trust: 1, schedule: {night: attic}}
scenes:
  - id: attic_room
    location: attic
    people: [attic_mistress]
"""
"""What `StoryCopy.give_the_pack_people` puts at the top of the pack's attic.yaml."""


@dataclass
class StoryCopy:
    """A writable copy of the mini fixture: `root` holds story/ and seeds/."""

    root: Path

    @property
    def story_dir(self) -> Path:
        return self.root / "story"

    def file(self, name: str) -> Path:
        """A file of the copy: `scenes.yaml` is in story/, `seeds/canon.yaml` and `pack/attic.yaml` beside it."""
        return self.root / name if name.startswith(("seeds/", "pack/")) else self.story_dir / name

    def read(self, name: str) -> str:
        return self.file(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the one occurrence of `old` in a file (fails loudly if it is missing or ambiguous)."""
        text = self.read(name)
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in {name}"
        self.write(name, text.replace(old, new))

    def include(self, name: str, text: str) -> None:
        """Write a new story file and add it to the manifest's includes."""
        self.write(name, text)
        self.edit("story.yaml", 'includes: ["scenes.yaml", "mystery.yaml"]',
                  f'includes: ["scenes.yaml", "mystery.yaml", "{name}"]')

    def give_the_pack_people(self) -> None:
        """The mini pack with a minor character, a place and a var of its own, each used by its scene (issue 19):
        Mrs Vell has trust 1 and a schedule, the attic is her scene's place, `dust` starts at 3."""
        path = self.root / "pack" / "attic.yaml"
        text = path.read_text(encoding="utf-8").replace("scenes:\n  - id: attic_room\n    location: studio\n",
                                                        PACK_PEOPLE)
        text = text.replace('{id: down, text: "Go back down.", goto: opening}',
                            '{id: down, text: "Go back down, {name.attic_mistress} waving.", goto: opening, '
                            'when: "trust.attic_mistress >= 1", do: ["trust.attic_mistress += 1", "var.dust += 2"]}')
        path.write_text(text, encoding="utf-8")
        branch = self.root / "pack" / "branch.yaml"
        branch.write_text(branch.read_text(encoding="utf-8") + "vars:\n  dust: {type: int, default: 3}\n",
                          encoding="utf-8")

    def at(self, name: str, needle: str, nth: int = 1) -> At:
        """Where the `nth` occurrence of `needle` starts in a file, found in the raw text."""
        text = self.read(name)
        index = -1
        for _ in range(nth):
            index = text.index(needle, index + 1)
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return At(line, col)

    def load(self) -> LoadResult:
        return load_story(self.story_dir)

    def diagnostics(self, *codes: str) -> list[Diagnostic]:
        """The diagnostics of loading the copy, only those with the given codes when any are given."""
        found = self.load().diagnostics
        return [d for d in found if not codes or d.code in codes]

    def one(self, code: str) -> Diagnostic:
        """The single diagnostic with `code` (fails with the full list otherwise)."""
        found = self.load().diagnostics
        matching = [d for d in found if d.code == code]
        assert len(matching) == 1, "\n".join(d.format() for d in found)
        return matching[0]

    def where(self, diagnostic: Diagnostic) -> tuple[str, int, int]:
        """(file as named in this copy, line, col) of a diagnostic, e.g. ("scenes.yaml", 10, 54)."""
        path = Path(diagnostic.path).resolve()
        root = self.root.resolve()
        if path.is_relative_to(root / "story"):
            name = path.relative_to(root / "story").as_posix()
        elif path.is_relative_to(root):
            name = path.relative_to(root).as_posix()
        else:
            name = diagnostic.path
        return (name, diagnostic.line, diagnostic.col)

    def spot(self, name: str, needle: str, nth: int = 1) -> tuple[str, int, int]:
        """(file, line, col) of the `nth` occurrence of `needle`: compare with `where(diagnostic)`."""
        found = self.at(name, needle, nth)
        return (name, found.line, found.col)


_PRIVATE_FOLDERS = {"ARCHER_CACHE": "archer-cache-", "ARCHER_SAVES": "archer-saves-"}


def pytest_configure(config: pytest.Config) -> None:
    """Compiled-story cache and default saves in fresh temporary folders for the whole run (each xdist worker gets
    its own), so no test writes into the user's cache or the checkout's saves/, even through a default."""
    for name, prefix in _PRIVATE_FOLDERS.items():
        os.environ[name] = tempfile.mkdtemp(prefix=prefix)


HEAVY = {
    "tests/story/test_shipped_story.py": 90,  # the shipped story's deep check (the module's fixture)
    "tests/docs/test_understudy.py": 85,  # the deep check with the understudy pack
    "tests/docs/test_authoring.py": 80,  # the tutorial, its `archer check --branch night_round` among them
    "tests/tui/test_fuzz_keys.py": 70,
    "tests/tui/test_reading.py": 65,  # every key of the help table
    "tests/serve/test_browser.py": 60,  # chromium
    "tests/serve/test_hosted_visitors.py": 45,
    "tests/tui/test_play.py": 40,
    "tests/tui/test_browser_keys.py": 35,
    "tests/packaging/test_wheel.py": 30,
}
"""The modules that cost most (rough seconds of a test run, from `pytest --durations=40`): the run starts with them,
costliest first. Only the order of the run depends on these numbers."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the run for `make test`'s workers (pytest-xdist with `--dist loadgroup --no-loadscope-reorder`), in a
    way that is as right without them.

    The modules in HEAVY go first, costliest first, then the others in their usual order; each module's tests stay
    together and in their order. With two workers, a long test that started last would run alone at the end;
    started first, the light tests fill the other worker around it. Under xdist, the tests that share a
    module-scoped fixture (a deep check's report, the tutorial's workspace, whose commands build on each other)
    are one group, so that one worker builds the fixture once and runs them in order."""
    missing = [name for name in HEAVY if not (REPO / name).is_file()]
    if missing:
        raise pytest.UsageError(f"tests/conftest.py: HEAVY names {', '.join(missing)}, which no longer exist")
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    ordered = sorted(modules.items(), key=lambda pair: -HEAVY.get(pair[0], 0))  # stable for the rest
    items[:] = [item for _, tests in ordered for item in tests]
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for module, tests in modules.items():
        for item in tests:
            fixtures = getattr(item, "_fixtureinfo", None)
            defs = fixtures.name2fixturedefs.values() if fixtures is not None else ()
            if any(d and d[-1].scope == "module" for d in defs):
                item.add_marker(pytest.mark.xdist_group(module))


def pytest_unconfigure(config: pytest.Config) -> None:
    for name in _PRIVATE_FOLDERS:
        folder = os.environ.pop(name, None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def mini_story() -> Story:
    """The mini fixture story, compiled once for the session."""
    result = load_story(MINI_STORY)
    assert result.story is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.story


@pytest.fixture()
def copy_story(tmp_path: Path) -> Callable[..., StoryCopy]:
    """`copy_story(dest=tmp_path)`: a fresh writable copy of the mini fixture under `dest`."""

    def make(dest: Path | None = None) -> StoryCopy:
        root = (dest or tmp_path) / "mini"
        shutil.copytree(MINI, root)
        return StoryCopy(root)

    return make


@pytest.fixture()
def mini_copy(copy_story: Callable[..., StoryCopy]) -> StoryCopy:
    """A writable copy of the mini fixture in this test's tmp_path."""
    return copy_story()
