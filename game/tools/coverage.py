"""What one case's deep exploration did not reach, and how `archer check` reports it.

A complete search proves what it never reached, and the check gives one diagnostic per place (AR070, AR073,
AR074). A sampled search proves only what it reached: what it missed is counted in one AR075 warning per case
with the first few places, and listed in full with `--all` or in `--format json`, so that thousands of places a
sample happened to miss never bury the rest of the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.tools.explore import Exploration
from game.world.diagnostics import Diagnostic, make
from game.world.story import Story

SHOWN = 3
"""Places named in a case's AR075 message; the rest are counted (all are listed with --all)."""

KINDS = (("scenes", "scene", "node"), ("endings", "ending", "node"), ("choices", "choice", "choice"),
         ("clues", "clue", "clue"))
"""(field of Unreached, word used in messages, the kind Story.pos knows it by)."""


@dataclass
class Unreached:
    """The places of a story one exploration did not reach, in story order."""

    scenes: list[str] = field(default_factory=list)
    endings: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    """As "scene.choice", for choices of scenes that were reached (a scene's own absence covers its choices)."""
    clues: list[str] = field(default_factory=list)

    def places(self) -> list[tuple[str, str, str]]:
        """(word, id, kind for Story.pos) for every place, scenes first."""
        return [(word, ident, kind) for name, word, kind in KINDS for ident in getattr(self, name)]

    def counts(self) -> str:
        """e.g. "2 scenes, 13 choices": the kinds that have any, with their numbers."""
        parts = [f"{len(getattr(self, name)):,} {name if len(getattr(self, name)) != 1 else word}"
                 for name, word, _ in KINDS if getattr(self, name)]
        return ", ".join(parts)


def unreached(story: Story, exploration: Exploration) -> Unreached:
    """What `exploration` never reached: scenes, endings, choices (of reached scenes) and clues."""
    missing = Unreached()
    missing.scenes = [s for s in story.scenes if s not in exploration.scenes]
    missing.endings = [e for e in story.endings if e not in exploration.endings]
    missing.choices = [f"{sid}.{c.id}" for sid, scene in story.scenes.items() if sid in exploration.scenes
                       for c in scene.choices if f"{sid}.{c.id}" not in exploration.choices]
    missing.clues = [c for c in story.clues if c not in exploration.clues]
    return missing


def _place(story: Story, word: str, ident: str, kind: str) -> str:
    pos = story.pos(kind, ident)
    return f"{word} '{ident}' ({pos.path}:{pos.line}:{pos.col})"


def reached_anywhere(explorations: dict[str, Exploration]) -> set[tuple[str, str]]:
    """Every scene, ending, choice ("scene.choice") and clue that some case reached, as (word, id)."""
    found: set[tuple[str, str]] = set()
    for e in explorations.values():
        for word, reached in (("scene", e.scenes), ("ending", e.endings), ("choice", e.choices), ("clue", e.clues)):
            found.update((word, ident) for ident in reached)
    return found


def sampled_warning(story: Story, exploration: Exploration, anywhere: set[tuple[str, str]]) -> Diagnostic:
    """The one AR075 of a sampled case: what was explored, the coverage, and what was not reached, the places
    that no case reached first (`anywhere` is what any case reached, see reached_anywhere)."""
    e = exploration
    missing = unreached(story, e)
    choices = sum(len(s.choices) for s in story.scenes.values())
    message = (f"case '{e.case}': sampled {e.states:,} states ({e.dropped:,} set aside by the per-scene bound) and "
               f"{e.walks} random playthroughs; reached {len(e.scenes)}/"
               f"{len(story.scenes) + len(story.endings)} nodes, {len(e.choices & _all_choices(story))}/{choices} "
               f"choices and {len(e.clues)}/{len(story.clues)} clues")
    places = missing.places()
    nowhere = [place for place in places if place[:2] not in anywhere]
    places = nowhere + [place for place in places if place[:2] in anywhere]
    if places:
        shown = "; ".join(_place(story, *place) for place in places[:SHOWN])
        more = f"; and {len(places) - SHOWN:,} more" if len(places) > SHOWN else ""
        message += f"; not reached in this sample: {missing.counts()} ({len(nowhere):,} in no case): {shown}{more}"
    hint = "what was reached is proven; what was not may still be reachable"
    if len(places) > SHOWN:
        hint += " (`archer check --all` lists every place, and so does --format json)"
    return make("AR075", story.pos("case", e.case), message, hint)


def _all_choices(story: Story) -> set[str]:
    return {f"{sid}.{c.id}" for sid, scene in story.scenes.items() for c in scene.choices}


def listing(story: Story, exploration: Exploration) -> list[str]:
    """Every place a sampled case did not reach, one line each (`--all`)."""
    return [f"    not reached in case '{exploration.case}': {_place(story, *place)}"
            for place in unreached(story, exploration).places()]


def as_json(story: Story, explorations: dict[str, Exploration]) -> dict[str, dict[str, list[dict[str, object]]]]:
    """Per sampled case, every place not reached, with where it is defined."""
    report: dict[str, dict[str, list[dict[str, object]]]] = {}
    for case, e in explorations.items():
        if e.complete:
            continue
        missing = unreached(story, e)
        report[case] = {
            name: [{"id": ident, "path": (pos := story.pos(kind, ident)).path, "line": pos.line, "col": pos.col}
                   for ident in getattr(missing, name)]
            for name, _, kind in KINDS
        }
    return report
