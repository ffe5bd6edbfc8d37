"""The release path: `python -m build` gives an sdist and a wheel built from that sdist, and the wheel, installed
in a clean virtual environment, plays and checks clean outside a checkout.

Everything happens under the test's temporary folder: the project is copied there first, so the build never
writes into the tree (no build/, dist/ or egg-info beside the sources).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from game import __version__

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                     ".ruff_cache", ".mypy_cache", ".hypothesis", "saves", "_data", "node_modules",
                                     "results.json", ".archer-cache", "snapshot_report.html")
SHIPPED = ("story/story.yaml", "seeds/canon.yaml", "branches/the_understudy/branch.yaml")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(sdist, wheel, the temporary folder) from `python -m build` run on a copy of the project."""
    work = tmp_path_factory.mktemp("release")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    dist = work / "dist"
    # No flags: build makes the sdist, unpacks it, and builds the wheel from the unpacked sdist.
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
                   check=True, cwd=work, capture_output=True, env={**os.environ, "TMPDIR": str(work)})
    return next(dist.glob("*.tar.gz")), next(dist.glob("*.whl")), work


def test_build_gives_an_sdist_with_the_story_and_a_wheel_of_the_same_version(built) -> None:
    sdist, wheel, _ = built
    assert sdist.name == f"archer_the_fall-{__version__}.tar.gz"
    assert wheel.name == f"archer_the_fall-{__version__}-py3-none-any.whl"
    top = f"archer_the_fall-{__version__}/"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    for path in (*SHIPPED, "LICENSE", "MANIFEST.in", "setup.py", "game/cli.py"):
        assert top + path in names, path
    assert not [n for n in names if "/game/_data/" in n or "__pycache__" in n]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"archer_the_fall-{__version__}.dist-info/METADATA").decode()
    for path in SHIPPED:
        assert f"game/_data/{path}" in names, path
    assert f"Version: {__version__}\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    assert "Classifier: Topic :: Games/Entertainment\n" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_the_wheel_from_the_sdist_plays_and_checks_clean_outside_a_checkout(built) -> None:
    _, wheel, work = built
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The clean venv sees this venv's third-party packages (textual, pydantic, yaml) but not the project.
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True)
    archer = venv / "bin" / "archer"
    outside = work / "elsewhere"
    outside.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(work), "XDG_DATA_HOME": str(work / "data"),
           "XDG_CACHE_HOME": str(work / "cache")}
    located = subprocess.run([str(python), "-c", "import game, game.paths as p; "
                              "print(game.__file__); print(p.story_dir()); print(p.saves_dir())"],
                             cwd=outside, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert located[0].startswith(str(purelib))
    assert located[1] == str(purelib / "game" / "_data" / "story")
    assert located[2].startswith(str(work / "data"))
    version = subprocess.run([str(archer), "--version"], cwd=outside, env=env, capture_output=True, text=True)
    assert version.stdout == f"archer {__version__}\n"
    # --quick: every diagnostic and mystery rule, without the deep exploration (the suite runs that on the
    # checkout; what this test proves is that the installed copy finds and reads all it needs).
    checked = subprocess.run([str(archer), "check", "--quick"], cwd=outside, env=env, capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr.splitlines()[-1].startswith("0 error(s)"), checked.stderr
    played = subprocess.run([str(archer), "play", "--plain", "--seed", "3"], input="1\nquit\n", cwd=outside,
                            env=env, capture_output=True, text=True)
    assert played.returncode == 0, played.stderr
    assert played.stdout.startswith("-- Monday, morning · The Lobby")
    assert played.stdout.rstrip().endswith(">")
    checked_pack = subprocess.run([str(archer), "check", "--quick", "--branch", "the_understudy"], cwd=outside,
                                  env=env, capture_output=True, text=True)
    assert checked_pack.returncode == 0, checked_pack.stdout + checked_pack.stderr
