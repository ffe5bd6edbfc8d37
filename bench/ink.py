"""The benchmark peer: the generated story written in ink, compiled and stepped by inkjs (inkle's ink in JavaScript).

`write_ink(story_dir)` reads a story that `bench/generate.py` wrote and writes the same shape in ink: one knot per
scene with the same text, the same choices in the same order, the same conditions and effects, and once-only
choices as ink's sticky-less `*` choices. `run_peer(ink_file)` installs inkjs into bench/.ink (git-ignored) when
`node` and `npm` are present and runs bench/ink_peer.js, which times the compile, the load of the compiled JSON
and single steps, and prints them as JSON.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
INSTALL = HERE / ".ink"
INKJS = "inkjs@2.4.0"

# The generator's expression vocabulary, and its ink spelling.
_NAMES = [(re.compile(r"\btrust\.(\w+)"), r"trust_\1"), (re.compile(r"\bflag\.(\w+)"), r"flag_\1"),
          (re.compile(r"\bclue\.(\w+)"), r"clue_\1")]
_EFFECTS = [(re.compile(r"^set (flag_\w+)$"), r"\1 = true"),
            (re.compile(r"^clue (\w+)$"), r"clue_\1 = true"),
            (re.compile(r"^(trust_\w+) ([+-]=) (\d+)$"), r"\1 \2 \3"),
            (re.compile(r"^hear (\w+)$"), r"heard_\1 = true")]
_CONDITION = re.compile(r"^[\w\s<>=!.]+$")
_TEMPLATE_IF = re.compile(r"\{if ([^}]+)\}(.*?)\{else\}(.*?)\{end\}")
_TEMPLATE_NAME = re.compile(r"\{name\.(\w+)\}")


class Untranslatable(ValueError):
    """The generated story uses something this translation does not know: extend it with the generator."""


def _names(expression: str) -> str:
    for pattern, spelling in _NAMES:
        expression = pattern.sub(spelling, expression)
    return expression


def _condition(expression: str, per_day: int = 4) -> str:
    """A condition in ink: `daynum` (1 on the first day) is worked out from the slots that have passed."""
    if not _CONDITION.match(expression):
        raise Untranslatable(f"condition {expression!r}")
    return re.sub(r"\bdaynum\b", f"(slot / {per_day} + 1)", _names(expression))


def _effect(effect: str) -> str:
    effect = _names(effect)
    for pattern, spelling in _EFFECTS:
        if pattern.match(effect):
            return pattern.sub(spelling, effect)
    raise Untranslatable(f"effect {effect!r}")


def _text(text: str, names: dict[str, str]) -> str:
    text = _TEMPLATE_NAME.sub(lambda m: names[m.group(1)], text)
    text = _TEMPLATE_IF.sub(lambda m: "{" + _condition(m.group(1)) + ":" + m.group(2) + "|" + m.group(3) + "}", text)
    if "{" in text.replace("{trust_", "").replace("{flag_", "").replace("{clue_", ""):
        raise Untranslatable(f"text template in {text[:60]!r}")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _variables(expressions: list[str]) -> set[str]:
    found: set[str] = set()
    for expression in expressions:
        found.update(re.findall(r"\b(?:trust|flag|clue|heard)_\w+", expression))
    return found


def write_ink(story: Path) -> Path:
    """Write `story`'s shape as one ink file beside it (story/../generated.ink) and return its path."""
    manifest = yaml.safe_load((story / "story.yaml").read_text())
    canon = yaml.safe_load((story.parent / "seeds" / "canon.yaml").read_text())
    names = {person["id"]: person["name"] for person in canon["characters"]}
    scenes: list[dict] = []
    endings: list[dict] = []
    for path in sorted(story.rglob("*.yaml")):
        part = yaml.safe_load(path.read_text())
        scenes += part.get("scenes", []) if isinstance(part, dict) else []
        endings += part.get("endings", []) if isinstance(part, dict) else []
    knots: list[str] = []
    for scene in scenes:
        lines = [f"=== {scene['id']} ==="]
        lines += [f"~ {_effect(effect)}" for effect in scene.get("enter", [])]
        lines.append(_text(scene["text"], names))
        for choice in scene.get("choices", []):
            mark = "*" if choice.get("once") else "+"
            when = f" {{{_condition(choice['when'], len(manifest['slots']))}}}" if choice.get("when") else ""
            lines.append(f"{mark}{when} [{choice['text']}]")
            lines += [f"  ~ {_effect(effect)}" for effect in choice.get("do", [])]
            if choice.get("time"):
                lines.append(f"  ~ slot += {choice['time']}")
            if choice.get("reply"):
                lines.append(f"  {choice['reply']}")
            lines.append(f"  -> {choice['goto']}")
        knots.append("\n".join(lines))
    for ending in endings:
        knots.append(f"=== {ending['id']} ===\n{ending['text']}\n-> END")
    body = "\n\n".join(knots)
    declared = sorted(_variables([body]))
    header = [f"VAR standing = {manifest['standing']['start']}", "VAR slot = 0"]
    header += [f"VAR {name} = {'0' if name.startswith('trust_') else 'false'}" for name in declared]
    header.append(f"-> {manifest['start']}")
    out = story.parent / "generated.ink"
    out.write_text("\n".join(header) + "\n\n" + body + "\n")
    return out


def available() -> str | None:
    """None when the peer can run, else why not (no node or npm on this machine)."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not found" if missing else None


def install() -> None:
    """inkjs (its compiler and runtime) in bench/.ink, once."""
    if (INSTALL / "node_modules" / "inkjs" / "package.json").is_file():
        return
    INSTALL.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(INSTALL), "--no-audit", "--no-fund", "--silent", INKJS],
                   check=True, capture_output=True)


def run_peer(ink_file: Path, *, repeats: int, steps: int, seed: int = 11) -> dict:
    """Compile, load and step `ink_file` with inkjs; returns seconds for compile and load, and step times."""
    install()
    done = subprocess.run(["node", str(HERE / "ink_peer.js"), str(ink_file), str(repeats), str(steps), str(seed)],
                          capture_output=True, text=True,
                          env={**os.environ, "NODE_PATH": str(INSTALL / "node_modules")})
    if done.returncode:
        raise RuntimeError(f"inkjs failed on {ink_file}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)
