"""`archer check`: load the story, run the graph and mystery checks, explore every case, report.

Exit codes: 0 no errors (warnings allowed); 1 errors found; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from game.world.diagnostics import Diagnostic, make, sort_key


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        description="Check a story folder: every diagnostic with file:line:col, the mystery rules for every case, "
        "and a breadth-first exploration of each case's state space (reachability, soft-locks, solvability).",
        epilog="Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error.",
    )
    parser.add_argument("story", nargs="?", metavar="STORY_DIR", help="story folder (default: the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[], help="also load a branch pack")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--stats", action="store_true", help="also report the story's size, shortest solves and each "
                        "case's shortest argument (JSON always has the argument)")
    parser.add_argument("--quick", action="store_true", help="skip the deep exploration")
    parser.add_argument("--all", action="store_true",
                        help="list every place a sampled exploration did not reach (by default each case's warning "
                        "names the first few)")
    parser.add_argument("--max-states", type=int, default=None, metavar="N",
                        help="bound on explored states per case (default 60000)")
    parser.add_argument("--exhaustive", action="store_true",
                        help="no per-scene bound: explore every state up to --max-states, so that a complete "
                        "search proves unreachability and the absence of soft-locks (for small stories)")
    parser.add_argument("--transcript", metavar="FILE", action="append", default=[],
                        help="a transcript that witnesses what it reaches (repeatable); the transcripts kept in a "
                             "loaded pack's folder are used too")
    parser.set_defaults(run=run)


def count_words(story) -> int:
    """All prose in the story: scenes, choices, endings, evidence, testimony, secrets and reveals."""
    from game.tools.prose import WORD, words_in

    total = 0
    for scene in story.scenes.values():
        total += words_in(scene.text) + sum(words_in(c.text) for c in scene.choices)
    total += sum(words_in(e.text) for e in story.endings.values())
    total += sum(words_in(parts) for parts in story.texts.values())
    for table in (story.clues, story.deductions):
        for item in table.values():
            total += len(WORD.findall(item.text)) + sum(len(WORD.findall(v.text)) for v in item.variants.values())
    return total


def stats(story, explorations: dict) -> dict[str, object]:
    """The numbers `--stats` reports."""
    from game.tools.crimes import case_summaries

    solves = {case: (len(e.solve_path) if e.solve_path is not None else None) for case, e in explorations.items()}
    return {
        "scenes": len(story.scenes),
        "words": count_words(story),
        "choices": sum(len(s.choices) for s in story.scenes.values()),
        "clues": len(story.clues),
        "deductions": len(story.deductions),
        "statements": len(story.statements),
        "endings": len(story.endings),
        "locations": len({s.location for s in story.scenes.values()}),
        "days": len(story.manifest.days),
        "characters": len(story.characters),
        "cases": case_summaries(story, solves),
        "shortest_solve": solves,
        "states_explored": {case: e.states for case, e in explorations.items()},
    }


def deep_diagnostics(story, explorations: dict) -> list[Diagnostic]:
    """What the exploration proves or fails to prove, as diagnostics.

    Everything reached was reached by a real path, so "reached" is always proven. "Never reached" and "no
    soft-lock" are proven only when the search was complete, and then each place gets a diagnostic. After a
    sampled search, each case gets one AR075 warning with its coverage and the first places it did not reach
    (game.tools.coverage), never one warning per place.
    """
    from game.tools.coverage import reached_anywhere, sampled_warning

    found: list[Diagnostic] = []
    at = story.pos
    complete = all(e.complete for e in explorations.values())
    anywhere = reached_anywhere(explorations)
    for case, e in explorations.items():
        case_at = at("case", case)
        if not e.complete:
            found.append(sampled_warning(story, e, anywhere))
        if e.solve_path is None:
            code = "AR071" if e.complete else "AR075"
            found.append(make(code, case_at, f"case '{case}': no path to the solved ending was found",
                              "make sure the clues that prove means, motive and opportunity can all be found"))
        for path in e.stuck[:2]:
            shown = " → ".join(path[-8:])
            found.append(make("AR072", case_at, f"case '{case}': a reachable state offers no choice and is not an "
                              f"ending; reached by {len(path)} actions ending …{shown}",
                              "give the scene a choice that is always offered"))
        if e.softlock_count:
            shown = " → ".join(e.softlocks[0][-8:]) if e.softlocks else ""
            found.append(make("AR072", case_at, f"case '{case}': {e.softlock_count} reachable state(s) cannot reach "
                              f"any ending; e.g. after: …{shown}", "every scene needs a way forward"))
        for path, error in e.errors[:3]:
            found.append(make("AR072", case_at, f"case '{case}': action failed after {' → '.join(path[-6:])}: {error}"))
    if complete:
        found += _proven_unreached(story, explorations)
    return found


def _proven_unreached(story, explorations: dict) -> list[Diagnostic]:
    """After a complete search of every case: each place no case reached, proven."""
    found: list[Diagnostic] = []
    at = story.pos
    scenes = set().union(*(e.scenes for e in explorations.values()))
    choices = set().union(*(e.choices for e in explorations.values()))
    clues = set().union(*(e.clues for e in explorations.values()))
    endings = set().union(*(e.endings for e in explorations.values()))
    for eid in story.endings:
        if eid not in endings:
            found.append(make("AR070", at("node", eid), f"ending '{eid}' is never reached in any case",
                              "check the conditions on the choices that lead to it"))
    for sid in story.scenes:
        if sid not in scenes:
            found.append(make("AR073", at("node", sid), f"scene '{sid}' is never reached in any case"))
    for sid, scene in story.scenes.items():
        if sid in scenes:
            for choice in scene.choices:
                if f"{sid}.{choice.id}" not in choices:
                    found.append(make("AR073", at("choice", f"{sid}.{choice.id}"),
                                      f"choice '{choice.id}' in scene '{sid}' is never taken in any case"))
    for clue in story.clues:
        if clue not in clues:
            found.append(make("AR074", at("clue", clue), f"clue '{clue}' is never obtained in any case",
                              "give it with `clue ID` in a choice the player can reach"))
    return found


def add_witnesses(story, explorations: dict, args: argparse.Namespace) -> None:
    """What replayed transcripts reach is reachable: add it to what the exploration reached, so that a scene or
    choice a transcript takes is never reported as unreached, and a transcript that solves its case is a solve
    (the shortest of those found counts for `--stats`)."""
    from game.tools.transcript_play import find_transcripts, witnesses
    from game.world.packs import resolve_pack

    paths = [Path(t) for t in args.transcript]
    paths += [p for p in find_transcripts([resolve_pack(Path(b)) for b in args.branch]) if p not in paths]
    if not paths:
        return
    found, notes = witnesses(story, paths)
    for note in notes:
        print(f"archer check: transcript {note}", file=sys.stderr)
    for case, seen in found.items():
        if case in explorations:
            reached = explorations[case]
            reached.scenes |= seen.scenes
            reached.choices |= seen.choices
            reached.clues |= seen.clues
            reached.endings |= seen.endings
            if seen.solve is not None and (reached.solve_path is None or len(seen.solve) < len(reached.solve_path)):
                reached.solve_path = seen.solve  # a replayed transcript is a real path to the solved ending
    used = sum(len(seen.transcripts) for seen in found.values())
    print(f"witnessed by {used} transcript(s)", file=sys.stderr)


class Progress:
    """States explored so far, per case, on one line of stderr: only on a terminal, and only once the check has
    run for a second. The line is erased when the exploration ends, so the report reads as it would without."""

    def __init__(self, began: float) -> None:
        self.began = began
        self.live = sys.stderr.isatty()
        self.shown = False

    def show(self, counts: dict[str, int]) -> None:
        if time.perf_counter() - self.began < 1.0:
            return
        line = "exploring: " + ", ".join(f"{case} {n:,}" for case, n in counts.items()) + " states"
        width = shutil.get_terminal_size().columns - 1
        sys.stderr.write(f"\r{line[:width]}\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """Run the check and print the report."""
    from game.paths import story_dir
    from game.tools.coverage import as_json, listing
    from game.tools.crimes import check_crimes, summary_line
    from game.tools.exploration import collector_paused
    from game.tools.explore import BUCKET, DEFAULT_BOUND
    from game.tools.explore_cases import explore_all
    from game.tools.fairness import check_fairness
    from game.tools.mystery_checks import check_mystery
    from game.tools.prose import duplicated_passages
    from game.world import load_story

    folder = Path(args.story) if args.story else story_dir()
    result = load_story(folder, [Path(b) for b in args.branch])
    diagnostics = list(result.diagnostics)
    story = result.story
    explorations: dict = {}
    shortest: dict = {}
    seconds = 0.0
    if story is not None:
        apart: list[float] = []
        notes: list[str] = []

        def static(beside: bool) -> None:
            """The checks that need no exploration (run while the cases are explored, when they are)."""
            began = time.perf_counter()
            with collector_paused():
                diagnostics.extend(duplicated_passages(story))
                diagnostics.extend(check_fairness(story))
                diagnostics.extend(check_crimes(story))
                if not args.quick:
                    from game.tools.continuity import check_continuity, summary
                    found_here, looked = check_continuity(story)
                    diagnostics.extend(found_here)
                    notes.append(summary(story, looked))
            if not beside:
                apart.append(time.perf_counter() - began)

        if not args.quick:
            began = time.perf_counter()
            bucket = None if args.exhaustive else BUCKET
            with Progress(began) as progress:
                explorations = explore_all(story, args.max_states or DEFAULT_BOUND, bucket=bucket,
                                           progress=progress.show if progress.live else None, meanwhile=static)
            seconds = time.perf_counter() - began - sum(apart)
            add_witnesses(story, explorations, args)
            diagnostics.extend(deep_diagnostics(story, explorations))
        else:
            static(False)
        for note in notes:
            print(note, file=sys.stderr)
        obtainable = {c: e.clues for c, e in explorations.items() if e.complete} or None
        first_day = {c: e.first_day for c, e in explorations.items()} or None
        sampled = any(not e.complete for e in explorations.values())
        found, shortest = check_mystery(story, obtainable, first_day, sampled)
        diagnostics.extend(found)
    diagnostics.sort(key=sort_key)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    report: dict[str, object] = {}
    if args.stats and story is not None:
        report = stats(story, explorations)
        total = sum(e.states for e in explorations.values())
        report["explore_seconds"] = round(seconds, 3)
        report["states_per_second"] = round(total / seconds) if seconds else None
        report["case_costs"] = {case: {"seconds": round(e.seconds, 3), "states": e.states, "set_aside": e.dropped,
                                       "walks": e.walks, "complete": e.complete}
                                for case, e in explorations.items()}
    if args.format == "json":
        report.update({"ok": errors == 0, "errors": errors, "warnings": warnings,
                       "diagnostics": [d.to_json() for d in diagnostics],
                       "shortest_argument": {case: best[0].to_json() if best else None
                                             for case, best in shortest.items()}})
        missed = as_json(story, explorations) if story is not None else {}
        if missed:  # only after a sampled search: a complete one reports each place as a diagnostic
            report["unreached"] = missed
        print(json.dumps(report, indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        if args.all and story is not None:
            for e in explorations.values():
                if not e.complete:
                    for line in listing(story, e):
                        print(line)
        if report:
            for key, value in report.items():
                if key == "cases" and isinstance(value, dict):
                    for cid, row in value.items():
                        print(summary_line(cid, row))
                else:
                    print(f"{key}: {value}")
        for case, best in shortest.items() if args.stats else ():
            shown = (f"{', '.join(best[0].clues)} (cites {', '.join(best[0].cited)}; breaks {best[0].broken} with "
                     f"{best[0].breaker})" if best else "none")
            print(f"shortest argument, case {case}: {shown}")
        if story is not None and explorations:
            total = sum(e.states for e in explorations.values())
            print(f"explored {total:,} states in {len(explorations)} case(s) in {seconds:.2f}s", file=sys.stderr)
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
