"""Static checks of the story graph, run at every load: reachability, dead ends, unused declarations."""

from __future__ import annotations

from collections.abc import Mapping

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.ir import Assign
from game.world.story import CChoice, Story


def engine_jumps(story: Story) -> list[str]:
    """Nodes the engine can move to by itself as time and standing change: day openers, deadline, expulsion."""
    m = story.manifest
    found = [d.start for d in m.days if d.start]
    if m.deadline:
        found.append(m.deadline.scene)
    if m.standing:
        found.append(m.standing.ending)
    return found


def accusation_targets(story: Story) -> list[str]:
    """Where an accusation can lead."""
    a = story.manifest.accusation
    return [a.solved, a.weak, a.wrong, a.weak_final, a.wrong_final] if a else []


def reachable(story: Story) -> set[str]:
    """Every node reachable from the start, following choices and the engine's own jumps (conditions ignored)."""
    seen: set[str] = set()
    stack = [story.manifest.start, *engine_jumps(story)]
    accusing = False
    while stack:
        node = stack.pop()
        if node in seen or (node not in story.scenes and node not in story.endings):
            continue
        seen.add(node)
        scene = story.scenes.get(node)
        if scene is None:
            continue
        stack.extend(choice.goto for choice in scene.choices)
        if scene.accuse and not accusing:
            accusing = True
            stack.extend(accusation_targets(story))
    return seen


def _pos(story: Story, kind: str, ident: str) -> Pos:
    return story.pos(kind, ident)


def check_graph(story: Story) -> list[Diagnostic]:
    """Unreachable scenes, dead ends, too many choices, and declarations nothing uses."""
    found: list[Diagnostic] = []
    seen = reachable(story)
    for sid, scene in story.scenes.items():
        pos = _pos(story, "node", sid)
        if sid not in seen:
            found.append(make("AR050", pos, f"scene '{sid}' cannot be reached from the start",
                              "link to it from a choice, or remove it"))
        if not scene.choices:
            found.append(make("AR051", pos, f"scene '{sid}' has no choices and is not an ending",
                              "add a choice, or make it an ending under `endings:`"))
        always = [c for c in scene.choices if c.when is None]
        if len(always) > 9:
            found.append(make("AR053", pos, f"scene '{sid}' always offers {len(always)} choices; keys reach 9",
                              "split the choices, or gate some with `when:` so no more than nine show at once"))
    for eid in story.endings:
        if eid not in seen:
            found.append(make("AR050", _pos(story, "node", eid), f"ending '{eid}' cannot be reached from the start",
                              "link to it from a choice, or remove it"))
    found.extend(_frozen_clocks(story, seen))
    unused: list[tuple[str, Mapping[str, object], str]] = [
        ("flag", story.flags, "use it in a condition or an effect, or remove the declaration"),
        ("var", story.vars, "use it in a condition or an effect, or remove the declaration"),
        ("statement", story.statements, "record it with the effect `hear ID` in some choice"),
        ("clue", story.clues, "give it with the effect `clue ID` in some choice or scene"),
    ]
    for kind, table, hint in unused:
        for ident in table:
            if (kind, ident) not in story.used:
                found.append(make("AR052", _pos(story, kind, ident), f"{kind} '{ident}' is declared but never used",
                                  hint.replace("ID", ident)))
    return found


def _moves_on(story: Story, choice: CChoice) -> bool:
    """A choice that spends time, or lowers standing (so expulsion can come): the clock is not frozen."""
    if choice.time > 0 or choice.goto in story.endings:
        return True
    return any(isinstance(e, Assign) and e.ns == "standing" and e.op == "-=" for e in choice.do)


def _frozen_clocks(story: Story, seen: set[str]) -> list[Diagnostic]:
    """AR054: reachable scenes from which, whatever the conditions, no choice can ever move the story on."""
    good: set[str] = set()
    for sid, scene in story.scenes.items():
        if scene.accuse or any(_moves_on(story, c) for c in scene.choices):
            good.add(sid)
    changed = True
    while changed:
        changed = False
        for sid, scene in story.scenes.items():
            if sid not in good and any(c.goto in good for c in scene.choices):
                good.add(sid)
                changed = True
    found = []
    for sid in story.scenes:
        if sid in seen and sid not in good and story.scenes[sid].choices:
            found.append(make("AR054", _pos(story, "node", sid),
                              f"from scene '{sid}' no choice can ever spend time or reach an ending: the clock "
                              "stops and the deadline never comes", "give a way out of this loop a `time:` of 1"))
    return found
