"""Write the shipped story's transcripts: for every case, a solve and a wrong accusation.

    python tests/transcripts/make.py            # writes tests/transcripts/<case>_solve.yaml and <case>_wrong.yaml
    python tests/transcripts/make.py CASE ...   # only those cases

The solve is the shortest one the deep check's search finds; the wrong accusation follows the same path to the
first place an accusation can be made, accuses an innocent, then does it again at the next such place. Each
step expects what plain mode shows when it matters (a clue found, a statement recorded, the ending line), so a
story edit that changes those shows up in `archer replay` as a diff. Run it again after an intended change and
review the result with `git diff`.
"""

from __future__ import annotations

import sys
from collections import deque
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from game.engine import GameState, act, available, start  # noqa: E402
from game.engine.views import Event  # noqa: E402
from game.paths import story_dir  # noqa: E402
from game.tools.explore import WALKS, explore  # noqa: E402
from game.world import Story, load_story  # noqa: E402

SEED = 1


def expectations(story: Story, events: tuple[Event, ...]) -> list[str]:
    """The lines of plain mode worth pinning for these events."""
    found = []
    for event in events:
        if event.kind == "clue":
            found.append(f"Clue found: {event.text}.")
        elif event.kind == "ending":
            found.append(f"*** ENDING: {event.text} ***")
        elif event.kind == "secret":
            found.append(f"Secret uncovered, {event.text}:")
        elif event.kind == "contradiction":
            found.append(" ".join(event.text.split()[:8]))
        elif event.kind == "verdict":
            found.append(event.text)
    return found


def steps_for(story: Story, case: str, path: list[str]) -> tuple[list[dict], GameState]:
    state = start(story, SEED, case)
    steps = []
    for action in path:
        step = act(story, state, action)
        state = step.state  # type: ignore[assignment]
        entry: dict = {"do": action}
        expect = expectations(story, step.events)
        if expect:
            entry["expect"] = expect
        steps.append(entry)
    return steps, state


def to_accusation(story: Story, state: GameState) -> list[str] | None:
    """The shortest run of choices from `state` to a scene where an accusation can be made."""
    queue = deque([(state, [])])
    seen = {(state.scene, state.day, state.slot)}
    while queue:
        current, path = queue.popleft()
        scene = story.scenes.get(current.scene)
        if scene is not None and scene.accuse and path:
            return path
        for choice in available(story, current):
            nxt = act(story, current, choice.id).state
            key = (nxt.scene, nxt.day, nxt.slot)
            if key not in seen and not nxt.ending:
                seen.add(key)
                queue.append((nxt, [*path, choice.id]))
    return None


def wrong_path(story: Story, case: str, solve: list[str]) -> list[str]:
    """Follow the solve to its accusation, but accuse an innocent; then again at the next chance."""
    culprit = story.cases[case].culprit
    innocent = next(s for s in story.suspects if s != culprit)
    motive = story.cases[case].motive
    path: list[str] = []
    state = start(story, SEED, case)
    for action in solve:
        if action.startswith("accuse "):
            accusation = f"accuse {innocent} {motive} {' '.join(action.split()[3:])}"
            path.append(accusation)
            state = act(story, state, accusation).state
            onward = to_accusation(story, state)
            if onward is None:
                raise SystemExit(f"{case}: no second place to accuse after the first wrong accusation")
            return [*path, *onward, accusation]
        path.append(action)
        state = act(story, state, action).state
    raise SystemExit(f"{case}: the solve has no accusation")


def write(name: str, case: str, steps: list[dict], ending: str) -> None:
    document = {"story": "the_fall", "case": case, "seed": SEED, "steps": steps, "ending": ending}
    text = yaml.safe_dump(document, sort_keys=False, width=110, allow_unicode=True)
    (HERE / name).write_text(f"# Written by tests/transcripts/make.py; replay with `archer replay {name}`.\n{text}")


def main() -> int:
    story = load_story(story_dir()).story
    if story is None:
        raise SystemExit("the shipped story has errors")
    wanted = sys.argv[1:] or sorted(story.cases)
    unknown = [case for case in wanted if case not in story.cases]
    if unknown:
        raise SystemExit(f"unknown case(s): {', '.join(unknown)}; the cases are: {', '.join(sorted(story.cases))}")
    for case in wanted:
        found = explore(story, case, seed=SEED, walks=WALKS)
        if found.solve_path is None:
            raise SystemExit(f"{case}: no solve found")
        steps, state = steps_for(story, case, found.solve_path)
        write(f"{case}_solve.yaml", case, steps, state.ending or "")
        wrong = wrong_path(story, case, found.solve_path)
        steps, state = steps_for(story, case, wrong)
        write(f"{case}_wrong.yaml", case, steps, state.ending or "")
        print(f"{case}: solve in {len(found.solve_path)} actions, wrong accusation in {len(wrong)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
