"""Where the shipped story, the canon and the saves live, in a checkout and in an installed copy."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _in_checkout() -> bool:
    """True when running from a source tree (the package sits beside pyproject.toml and story/)."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "story" / "story.yaml").is_file()


def data_root() -> Path:
    """The folder holding story/, seeds/ and branches/: the checkout, or the copy inside the wheel."""
    if _in_checkout():
        return CHECKOUT
    return PACKAGE / "_data"


def story_dir() -> Path:
    """The shipped story folder."""
    return data_root() / "story"


def canon_file(story: Path) -> Path:
    """The canon that goes with a story folder: its sibling seeds/canon.yaml, else the shipped one."""
    sibling = story.parent / "seeds" / "canon.yaml"
    if sibling.is_file():
        return sibling
    return data_root() / "seeds" / "canon.yaml"


def saves_dir(override: str | None = None) -> Path:
    """The save folder: --saves, then ARCHER_SAVES, then saves/ in a checkout, else the user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("ARCHER_SAVES")
    if env:
        return Path(env).expanduser()
    if _in_checkout():
        return CHECKOUT / "saves"
    from platformdirs import user_data_path

    return user_data_path("archer-the-fall") / "saves"
