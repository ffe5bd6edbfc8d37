"""Build hook: copy the top-level story/ and seeds/ into the wheel as game/_data.

The design card keeps story/ and seeds/ at the top of the repository, where authors find them. An installed
copy has no repository around it, so the build places both inside the package, and game/paths.py looks there
first when it is not running from a checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
SHIPPED = ("story", "seeds", "branches")


class BuildWithData(build_py):
    """build_py that also copies the shipped YAML folders into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "game" / "_data"
        for name in SHIPPED:
            source = ROOT / name
            if source.is_dir():
                shutil.rmtree(target / name, ignore_errors=True)
                shutil.copytree(source, target / name)


setup(cmdclass={"build_py": BuildWithData})
