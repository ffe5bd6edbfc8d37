"""`archer walk`: random playthroughs, in the style of ChoiceScript's randomtest.

Each run is a random player: at every step it takes one of the offered choices uniformly at random, and now
and then (decided by the same random stream) it works the investigation instead: presents a clue against a
statement, links clues on the board, confirms, or accuses. Accusations are sometimes informed by the case's
truth, so the solved ending gets exercised too, and sometimes blind.

Everything flows from one number per run, the run seed, derived from --seed and the run's index: it seeds the
walker's random stream and the game itself (and so the case, unless --case names one). The same --seed gives
the same runs, and `--run-seed R` replays one run alone.

A run fails on a crash (an exception from the engine), on a choice the engine offered and then refused, on a
soft-lock (no choices, no accusation possible, and no ending), or when it reaches --max-steps without an
ending. Each failure is reported with its run seed and the full action path that reproduces it.

Exit codes: 0 every run ended; 1 a run failed, or the story does not load; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from game.engine import ActionError, act, start, view
from game.tools.random_player import ACCUSE_RATE, MYSTERY_RATE, accusation, mystery_action, mystery_moves
from game.world.story import Story

DEFAULT_MAX_STEPS = 2000


def run_seed(seed: int, index: int) -> int:
    """The seed of run `index` of a walk seeded with `seed`: stable across Python versions and platforms."""
    return random.Random(f"archer-walk:{seed}:{index}").randrange(2**31)


@dataclass
class Failure:
    """A run that went wrong, with everything needed to reproduce it."""

    run: int
    run_seed: int
    case: str
    kind: str
    """crash, refused (an offered choice was refused), soft-lock, or max-steps."""
    scene: str
    message: str
    path: list[str]
    """The actions from the start; for a crash or a refusal, the last one is the action that failed."""
    where: str = ""
    """For a crash: the file and line of the innermost frame."""


@dataclass
class Run:
    """The outcome of one random playthrough."""

    index: int
    seed: int
    case: str
    ending: str | None
    steps: int
    visits: dict[str, int]
    choices: Counter = field(default_factory=Counter)
    """`scene.choice` -> how many times this run took it."""
    mystery_tried: int = 0
    mystery_applied: int = 0
    failure: Failure | None = None
    could_accuse: bool = False
    """Some moment of the run offered the accusation."""


@dataclass
class WalkReport:
    """What a walk found, over all its runs."""

    story: str
    version: str
    seed: int
    runs: int = 0
    steps: int = 0
    cases: Counter = field(default_factory=Counter)
    endings: Counter = field(default_factory=Counter)
    scene_hits: Counter = field(default_factory=Counter)
    """Scene id -> how many times it was entered, over all runs."""
    scene_runs: Counter = field(default_factory=Counter)
    """Scene id -> how many runs entered it."""
    expelled_early: Counter = field(default_factory=Counter)
    """Case id -> runs that ended by the loss of standing before any moment offered the accusation."""
    choice_hits: Counter = field(default_factory=Counter)
    """`scene.choice` -> how many times it was taken, over all runs."""
    choice_runs: Counter = field(default_factory=Counter)
    """`scene.choice` -> how many runs took it."""
    mystery_tried: int = 0
    mystery_applied: int = 0
    failures: list[Failure] = field(default_factory=list)
    scenes_never_visited: list[str] = field(default_factory=list)
    choices_never_taken: list[str] = field(default_factory=list)
    endings_never_reached: list[str] = field(default_factory=list)
    focus: str | None = None
    """The pack the scene and choice figures are limited to (`--only PACK`); None for the whole story."""

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(self, run: Run, story: Story) -> None:
        self.runs += 1
        self.steps += run.steps
        self.cases[run.case] += 1
        self.mystery_tried += run.mystery_tried
        self.mystery_applied += run.mystery_applied
        if run.ending:
            self.endings[run.ending] += 1
            rule = story.manifest.standing
            if rule is not None and run.ending == rule.ending and not run.could_accuse:
                self.expelled_early[run.case] += 1
        for node, count in run.visits.items():
            if node in story.scenes:
                self.scene_hits[node] += count
                self.scene_runs[node] += 1
        self.choice_hits.update(run.choices)
        self.choice_runs.update(run.choices.keys())
        if run.failure:
            self.failures.append(run.failure)

    def finish(self, story: Story, scenes: set[str] | None = None, choices: set[str] | None = None) -> None:
        """Work out what was never reached; `scenes` and `choices`, when given, limit the scene and choice
        figures to those (a pack's own)."""
        every = [f"{sid}.{c.id}" for sid, scene in story.scenes.items() for c in scene.choices]
        if scenes is not None and choices is not None:
            for counter, keep in ((self.scene_hits, scenes), (self.scene_runs, scenes),
                                  (self.choice_hits, choices), (self.choice_runs, choices)):
                for key in [k for k in counter if k not in keep]:
                    del counter[key]
        self.scenes_never_visited = [s for s in story.scenes if s not in self.scene_hits
                                     and (scenes is None or s in scenes)]
        self.choices_never_taken = [c for c in every if c not in self.choice_hits and (choices is None or c in choices)]
        self.endings_never_reached = [e for e in story.endings if e not in self.endings]

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "story": self.story,
            "version": self.version,
            "seed": self.seed,
            "runs": self.runs,
            "steps": self.steps,
            "cases": dict(sorted(self.cases.items())),
            "endings": dict(self.endings.most_common()),
            "endings_never_reached": self.endings_never_reached,
            "expelled_before_accusation": {c: self.expelled_early[c] for c in sorted(self.cases)},
            "scenes": {s: {"hits": self.scene_hits[s], "runs": self.scene_runs[s]} for s in sorted(self.scene_hits)},
            "scenes_never_visited": self.scenes_never_visited,
            "choices": {c: {"hits": self.choice_hits[c], "runs": self.choice_runs[c]}
                        for c in sorted(self.choice_hits)},
            "choices_never_taken": self.choices_never_taken,
            "only": self.focus,
            "mystery_actions": {"tried": self.mystery_tried, "applied": self.mystery_applied},
            "failures": [asdict(f) for f in self.failures],
        }


def _where(err: BaseException) -> str:
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def walk_one(story: Story, index: int, seed: int, case: str | None, max_steps: int) -> Run:
    """One random playthrough from run seed `seed`."""
    rng = random.Random(seed)
    try:
        state = start(story, seed, case)
    except ActionError:
        raise
    except Exception as err:  # noqa: BLE001 - any engine exception is what the walk is looking for
        failure = Failure(index, seed, case or "?", "crash", story.manifest.start,
                          f"starting the game: {type(err).__name__}: {err}", [], _where(err))
        return Run(index, seed, case or "?", None, 0, {}, failure=failure)
    run = Run(index, seed, state.case, None, 0, {})
    action = ""
    try:
        while True:
            if state.ending:
                run.ending = state.ending
                break
            if run.steps >= max_steps:
                run.failure = Failure(index, seed, state.case, "max-steps", state.scene,
                                      f"no ending after {max_steps} steps", list(state.path))
                break
            run.steps += 1
            action = ""
            current = view(story, state)
            run.could_accuse = run.could_accuse or current.can_accuse
            kinds = mystery_moves(story, state, current)
            if not current.choices:
                # With nothing to choose, an accusation is the only way on; without one the player is stuck.
                action = (accusation(story, state, rng) if "accuse" in kinds else None) or ""
                if not action:
                    run.failure = Failure(index, seed, state.case, "soft-lock", state.scene,
                                          f"scene '{state.scene}' offers no choices and no accusation, and is "
                                          "not an ending", list(state.path))
                    break
                try:
                    state = act(story, state, action).state
                except ActionError as err:
                    run.failure = Failure(index, seed, state.case, "soft-lock", state.scene,
                                          f"scene '{state.scene}' offers no choices, and the accusation "
                                          f"failed: {err}", [*state.path, action])
                    break
                continue
            kind = ""
            if "accuse" in kinds and rng.random() < ACCUSE_RATE:
                kind = "accuse"
            elif kinds and rng.random() < MYSTERY_RATE:
                kind = rng.choice(kinds)
            if kind:
                action = mystery_action(story, state, current, kind, rng) or ""
                if action:
                    run.mystery_tried += 1
                    try:
                        state = act(story, state, action).state
                        run.mystery_applied += 1
                    except ActionError:
                        pass  # a wrong guess the engine turns down is part of playing, not a failure
                    continue
            action = rng.choice(current.choices).id
            run.choices[f"{state.scene}.{action}"] += 1
            try:
                state = act(story, state, action).state
            except ActionError as err:
                run.failure = Failure(index, seed, state.case, "refused", state.scene,
                                      f"the engine offered choice '{action}' and then refused it: {err}",
                                      [*state.path, action])
                break
    except Exception as err:  # noqa: BLE001 - a crash is a finding, reported with its path
        shown = f" on '{action}'" if action else ""
        run.failure = Failure(index, seed, state.case, "crash", state.scene,
                              f"{type(err).__name__}{shown}: {err}", [*state.path, *([action] if action else [])],
                              _where(err))
    run.visits = dict(state.visits)
    return run


def walk(story: Story, runs: int, seed: int, case: str | None = None, max_steps: int = DEFAULT_MAX_STEPS,
         only_seed: int | None = None, focus: tuple[str, set[str], set[str]] | None = None) -> WalkReport:
    """Play `runs` random games (or the one game of `only_seed`) and gather the report. `focus` is a pack's
    id with its scenes and its choices (`scene.choice`), to which the scene and choice figures are limited."""
    report = WalkReport(story.id, story.version, seed)
    seeds = [only_seed] if only_seed is not None else [run_seed(seed, i) for i in range(runs)]
    for index, each in enumerate(seeds):
        report.add(walk_one(story, index, each, case, max_steps), story)
    if focus is None:
        report.finish(story)
    else:
        report.focus = focus[0]
        report.finish(story, focus[1], focus[2])
    return report


def pack_focus(story: Story, story_dir: Path, pack: str) -> tuple[str, set[str], set[str]] | None:
    """A pack's scenes, and its choices (in its own scenes and hooked into the story's); None when no loaded
    pack has that id."""
    from game.tools.story_map import pack_of

    scenes = {sid for sid, scene in story.scenes.items() if pack_of(scene.file, story_dir) == pack}
    choices = {key for sid, scene in story.scenes.items() for c in scene.choices
               if (key := f"{sid}.{c.id}") and (shown := story.where.get(("choice", key)))
               and pack_of(shown[0], story_dir) == pack}
    return (pack, scenes, choices) if scenes or choices else None


# ----------------------------------------------------------------------------------------------- output


def _reproduce(failure: Failure, args: argparse.Namespace) -> str:
    parts = ["archer walk --run-seed", str(failure.run_seed), "--case", failure.case]
    if args.story:
        parts += ["--story", args.story]
    for branch in args.branch:
        parts += ["--branch", branch]
    if args.max_steps != DEFAULT_MAX_STEPS:
        parts += ["--max-steps", str(args.max_steps)]
    return " ".join(parts)


def text_report(report: WalkReport, args: argparse.Namespace) -> str:
    """The human-readable report."""
    focus = f"; scenes and choices of pack '{report.focus}' only" if report.focus else ""
    lines = [f"walked {report.runs} run(s) of '{report.story}' {report.version} with seed {report.seed}: "
             f"{report.steps} steps{focus}",
             "cases: " + ", ".join(f"{c} {n}" for c, n in sorted(report.cases.items()))]
    lines.append("endings reached:")
    width = max((len(e) for e in report.endings), default=0)
    lines.extend(f"  {ending:<{width}}  {count}" for ending, count in report.endings.most_common())
    if not report.endings:
        lines.append("  none")
    if report.endings_never_reached:
        lines.append("endings never reached: " + ", ".join(report.endings_never_reached))
    lines.append("expelled (standing lost) before an accusation was possible, per case:")
    width = max((len(c) for c in report.cases), default=0)
    for case, runs in sorted(report.cases.items()):
        early = report.expelled_early[case]
        lines.append(f"  {case:<{width}}  {early:>4} of {runs:<4} {100 * early / runs:5.1f}%")
    lines.append("scene hits (entries, runs):")
    width = max((len(s) for s in report.scene_hits), default=0)
    for scene, hits in sorted(report.scene_hits.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {scene:<{width}}  {hits:>6}  {report.scene_runs[scene]:>5}")
    lines.append("scenes never visited: " + (", ".join(report.scenes_never_visited) or "none"))
    lines.append("choice hits (times taken, runs):")
    width = max((len(c) for c in report.choice_hits), default=0)
    for choice, hits in sorted(report.choice_hits.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {choice:<{width}}  {hits:>6}  {report.choice_runs[choice]:>5}")
    lines.append("choices never taken: " + (", ".join(report.choices_never_taken) or "none"))
    lines.append(f"investigation actions: {report.mystery_applied} applied of {report.mystery_tried} tried")
    if not report.failures:
        lines.append("failures: none")
    for failure in report.failures:
        where = f" [{failure.where}]" if failure.where else ""
        lines.append(f"FAIL run {failure.run} (run seed {failure.run_seed}, case {failure.case}): "
                     f"{failure.kind} at '{failure.scene}': {failure.message}{where}")
        lines.append(f"  path ({len(failure.path)} actions): " + (" | ".join(failure.path) or "(none)"))
        lines.append(f"  reproduce: {_reproduce(failure, args)}")
    return "\n".join(lines)


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "walk",
        description="Play N random playthroughs, the same ones for the same seed. Report the endings reached, "
        "how often each scene was entered and each choice taken, the scenes never visited and the choices "
        "never taken, and any crash or soft-lock with the run seed and the action path that reproduces it. "
        "With --only PACK, the scene and choice figures are those of that branch pack.",
        epilog="Exit codes: 0 every run reached an ending; 1 a run crashed, soft-locked or hit --max-steps, or "
        "the story has errors; 2 usage error (including an unknown --case).",
    )
    parser.add_argument("--runs", type=int, default=100, metavar="N", help="how many games to play (default 100)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the whole walk (default 0)")
    parser.add_argument("--run-seed", type=int, metavar="R",
                        help="play only the run with this run seed (as printed for a failure)")
    parser.add_argument("--case", metavar="C", help="play this case in every run (default: drawn per run)")
    parser.add_argument("--story", metavar="DIR", help="story folder (default: the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[], help="load a branch pack")
    parser.add_argument("--only", metavar="PACK",
                        help="report only this branch pack's scenes and choices (load it with --branch)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS, metavar="M",
                        help=f"steps before a run counts as stuck (default {DEFAULT_MAX_STEPS})")
    parser.set_defaults(run=run, _parser=parser)


def run(args: argparse.Namespace) -> int:
    """Walk and report."""
    if args.runs < 1:
        args._parser.error("--runs must be at least 1")
    if args.max_steps < 1:
        args._parser.error("--max-steps must be at least 1")
    from game.session.loading import open_story

    story = open_story("walk", args.story, args.branch)
    if story is None:
        return 1
    case = None if args.case in (None, "random") else args.case
    if case is not None and case not in story.cases:
        print(f"archer walk: unknown case '{case}'; the cases are: {', '.join(sorted(story.cases))}",
              file=sys.stderr)
        return 2
    focus = None
    if args.only is not None:
        from game.paths import story_dir as shipped

        focus = pack_focus(story, Path(args.story) if args.story else shipped(), args.only)
        if focus is None:
            print(f"archer walk: --only {args.only}: no loaded pack has that id (load it with --branch PATH)",
                  file=sys.stderr)
            return 2
    report = walk(story, args.runs, args.seed, case, args.max_steps, args.run_seed, focus)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(text_report(report, args))
    return 0 if report.ok else 1
