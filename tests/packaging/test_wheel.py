"""`pip install .` (not editable) gives a working `archer` that finds its story and canon outside a checkout."""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_installed_wheel_plays_and_checks(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels),
         str(ROOT)],
        check=True, cwd=tmp_path,
    )
    wheel = next(wheels.glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The clean venv sees this venv's third-party packages (textual, pydantic, yaml) but not the project.
    purelib = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                   "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True)
    archer = venv / "bin" / "archer"
    assert archer.exists()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    located = subprocess.run([str(venv / "bin" / "python"), "-c", "import game, game.paths as p; "
                              "print(game.__file__); print(p.story_dir()); print(p.saves_dir())"],
                             cwd=outside, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert str(ROOT) not in located[0]
    assert located[1].endswith("game/_data/story")
    assert located[2].startswith(str(tmp_path / "data"))
    checked = subprocess.run([str(archer), "check", "--quick"], cwd=outside, env=env, capture_output=True,
                             text=True)
    assert "Traceback" not in checked.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
    played = subprocess.run([str(archer), "play", "--plain", "--seed", "3"], input="quit\n", cwd=outside,
                            env=env, capture_output=True, text=True)
    assert played.returncode == 0, played.stderr
    assert played.stdout.rstrip().endswith(">")
    assert sysconfig.get_paths()  # the interpreter running the tests is untouched
