"""Static checks of the story graph, run at every load: reachability, dead ends, unused declarations."""

from __future__ import annotations

from game.world.diagnostics import Diagnostic, Pos, make
from game.world.story import Story


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
        if len(scene.choices) > 9:
            found.append(make("AR053", pos, f"scene '{sid}' offers {len(scene.choices)} choices; keys reach 9",
                              "split the choices, or gate some with `when:`"))
    for eid in story.endings:
        if eid not in seen:
            found.append(make("AR050", _pos(story, "node", eid), f"ending '{eid}' cannot be reached from the start",
                              "link to it from a choice, or remove it"))
    unused = [
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
