"""After the breadth-first search: seeded random playthroughs that go deep where the search went wide, and a
last pass that takes, from states kept per scene, every choice nothing took yet. Whatever they reach is reached
by a real path.
"""

from __future__ import annotations

from game.engine import ActionError, act, available, start
from game.tools.exploration import Exploration, actions, note, take_offered, wrong_present
from game.world.story import Story


def random_walks(story: Story, case: str, runs: int, result: Exploration, max_steps: int = 400) -> None:
    """Seeded random playthroughs that add to what the search reached: they go deep where the search is wide.

    Each step picks among the explored actions plus, now and then, a wrong present, so that costs in standing
    (and expulsion) are played too. Everything they reach is reached by a real path.
    """
    import random

    for run in range(runs):
        rng = random.Random(f"{case}:{run}")
        state = start(story, run, case)
        path: list[str] = []
        for _ in range(max_steps):
            note(story, state, result)
            if state.ending:
                break
            options = actions(story, state)
            wrong = wrong_present(story, state)
            if wrong and rng.random() < 0.05:
                options.append([wrong])
            if not options:
                result.stuck.append(path)
                break
            sequence = rng.choice(options)
            try:
                for action in sequence:
                    if len(sequence) == 1 and action.split()[0] not in ("present", "accuse"):
                        result.choices.add(f"{state.scene}.{action}")
                    state = act(story, state, action).state
                    path.append(action)
            except ActionError as err:
                result.errors.append((path + list(sequence), str(err)))
                break
            if state.ending == (story.manifest.accusation.solved if story.manifest.accusation else None):
                if result.solve_path is None or len(path) < len(result.solve_path):
                    result.solve_path = list(path)
        result.walks += 1


def untaken_choices(story: Story, result: Exploration) -> None:
    """Take, from the states kept for each scene, every choice the search and the walks never took but which
    is offered there: one real step each, so whatever it reaches is reached by a real path."""
    taken: dict[str, set[str]] = {}
    for key in result.choices:
        scene_id, choice_id = key.split(".", 1)
        taken.setdefault(scene_id, set()).add(choice_id)
    for scene_id, states in list(result.samples.items()):
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        missing = {c.id for c in scene.choices} - taken.get(scene_id, set())
        for state in states:
            if not missing:
                break
            for choice in available(story, state, among=missing):
                try:
                    nxt = take_offered(story, state, choice)
                except ActionError as err:
                    result.errors.append((list(state.path) + [choice.id], str(err)))
                    continue
                missing.discard(choice.id)
                result.choices.add(f"{scene_id}.{choice.id}")
                note(story, nxt, result)
