"""Forks: the choices that change the rest of the week, found from the story itself (no annotation).

A choice is a *fork* when its effects set or clear a flag, or change a variable, that some scene read *later*
reads: in a choice's `when:`, or in an `{if}` of its text, an `again`, a reply or a choice's text, or an
ending's text. "Later" means not on the choice's own return: the readers that count are scenes of a later day
than the choice's, endings, and scenes that can be reached neither from the choice's scene nor from where it
leads without time passing (choices with `time: 0` lead only around one slot's hub). A choice whose flag only
its own hub reads (to stop offering what was done, or to say it was) is a visit, not a fork.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.world.ir import Assign, ClearFlag, Get, SetFlag, reads
from game.world.story import CChoice, Story


def day_of(story: Story, node_id: str) -> str | None:
    """The day a scene belongs to: the day whose id prefixes it (`tue_...`), or whose `start` it is."""
    for day in story.manifest.days:
        if node_id.startswith(day.id + "_") or node_id == day.start:
            return day.id
    return None


def written(choice: CChoice) -> tuple[str, ...]:
    """The flags and variables a choice changes, as `flag.X` and `var.X`."""
    found: list[str] = []
    for effect in choice.do:
        if isinstance(effect, SetFlag | ClearFlag):
            found.append(f"flag.{effect.flag}")
        elif isinstance(effect, Assign) and effect.ns == "var":
            found.append(f"var.{effect.key}")
    return tuple(dict.fromkeys(found))


def readers(story: Story) -> dict[str, set[str]]:
    """`flag.X` / `var.X` -> the scenes and endings that read it in a condition or in their text."""
    found: dict[str, set[str]] = {}

    def note(node_id: str, roots: Iterable[object]) -> None:
        for root in roots:
            for name in reads(root):
                if isinstance(name, Get) and name.ns in ("flag", "var"):
                    found.setdefault(f"{name.ns}.{name.key}", set()).add(node_id)

    for sid, scene in story.scenes.items():
        note(sid, (scene.text, scene.again, *(part for c in scene.choices for part in (c.when, c.text, c.reply))))
    for eid, ending in story.endings.items():
        note(eid, (ending.text,))
    return found


def same_slot(story: Story, start: str) -> set[str]:
    """The scenes reachable from `start` by choices that take no time: one slot's hub and its side scenes."""
    seen = {start}
    stack = [start]
    while stack:
        scene = story.scenes.get(stack.pop())
        if scene is None:
            continue
        for choice in scene.choices:
            if choice.time == 0 and choice.goto in story.scenes and choice.goto not in seen:
                seen.add(choice.goto)
                stack.append(choice.goto)
    return seen


def forks(story: Story) -> dict[tuple[str, str], tuple[str, ...]]:
    """(scene id, choice id) -> the names the choice sets that a later scene reads (only forks are listed)."""
    read_by = readers(story)
    order = {day.id: index for index, day in enumerate(story.manifest.days)}
    local: dict[tuple[str, str], set[str]] = {}
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for sid, scene in story.scenes.items():
        day = day_of(story, sid)
        for choice in scene.choices:
            names = []
            for name in written(choice):
                for reader in read_by.get(name, ()):
                    if reader not in story.scenes:
                        names.append(name)  # an ending reads it
                        break
                    other = day_of(story, reader)
                    if day is not None and other is not None and order[other] > order[day]:
                        names.append(name)
                        break
                    home = (sid, choice.goto)
                    if home not in local:
                        local[home] = same_slot(story, sid) | same_slot(story, choice.goto)
                    if reader not in local[home]:
                        names.append(name)
                        break
            if names:
                found[(sid, choice.id)] = tuple(names)
    return found
