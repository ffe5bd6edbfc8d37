"""Each case its own crime (AR093/AR094), facts that hold everywhere but in some cases (`false_in`), and hooks in
a story's own files (how a case file adds its visits and its readings of shared clues)."""

from __future__ import annotations

from pathlib import Path

from game.engine.evaluate import fact_true
from game.tools.crimes import case_summaries, check_crimes, summary_line
from game.world import load_story
from tests.tools.conftest import archer, edit

JUNE = 'reveal: "It was June."}'
NABIL = 'reveal: "It was Nabil."}'


def shown(diagnostics, root: Path) -> list[str]:
    """Diagnostics as printed, with the copy's folder cut to `story/` as an author reads them."""
    return [d.format().replace(str(root) + "/", "story/") for d in diagnostics]


def crime(harm: str, route: str, time: str) -> str:
    return f'crime: {{harm: {harm}, route: {route}, time: "{time}"}}'


def with_crimes(mini_dir: Path, june: str | None, nabil: str | None):
    mystery = mini_dir / "mystery.yaml"
    if june:
        edit(mystery, JUNE, f'reveal: "It was June.", {june}}}')
    if nabil:
        edit(mystery, NABIL, f'reveal: "It was Nabil.", {nabil}}}')
    result = load_story(mini_dir)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def test_two_cases_that_share_harm_and_route_are_one_crime_told_twice(mini_dir: Path) -> None:
    story = with_crimes(mini_dir, crime("pushed", "fire_escape", "23:40"), crime("pushed", "fire_escape", "22:10"))
    assert shown(check_crimes(story), mini_dir) == [
        "story/mystery.yaml:8:10: AR093 error: cases 'june_case' and 'nabil_case' share 2 parts of their crime "
        "(harm 'pushed', route 'fire_escape')\n"
        "    hint: change how, by which way or when one of them did it: two cases may share at most one of harm, "
        "route and time"]


def test_sharing_one_part_is_allowed_and_all_three_is_reported(mini_dir: Path) -> None:
    story = with_crimes(mini_dir, crime("pushed", "fire_escape", "23:40"), crime("drugged", "staff_stair", "23:40"))
    assert check_crimes(story) == []
    edit(mini_dir / "mystery.yaml", 'crime: {harm: drugged, route: staff_stair, time: "23:40"}',
         'crime: {harm: pushed, route: fire_escape, time: "23:40"}')
    same = load_story(mini_dir).story
    assert same is not None
    assert [d.message for d in check_crimes(same)] == [
        "cases 'june_case' and 'nabil_case' share 3 parts of their crime (harm 'pushed', route 'fire_escape', "
        "time '23:40')"]


def test_a_case_without_a_crime_is_a_warning_once_another_declares_one(mini_dir: Path) -> None:
    story = with_crimes(mini_dir, crime("pushed", "fire_escape", "23:40"), None)
    assert [(d.code, d.severity, d.message) for d in check_crimes(story)] == [
        ("AR094", "warning", "case 'nabil_case' declares no crime")]


def test_a_crime_time_is_a_clock_time(mini_dir: Path) -> None:
    edit(mini_dir / "mystery.yaml", JUNE, 'reveal: "It was June.", ' + crime("pushed", "fire_escape", "25:10") + "}")
    result = load_story(mini_dir)
    assert result.story is None
    assert shown(result.diagnostics, mini_dir) == [
        "story/mystery.yaml:7:78: AR012 error: 'time': '25:10' is not a time of day\n"
        '    hint: write HH:MM on a 24-hour clock, in quotes: "23:40"']


def test_stats_name_each_case_with_its_culprit_crime_and_shortest_solve(mini_dir: Path) -> None:
    story = with_crimes(mini_dir, crime("pushed", "fire_escape", "23:40"), None)
    rows = case_summaries(story, {"june_case": 7})
    assert rows["june_case"] == {"culprit": "june", "motive": "envy", "shortest_solve": 7,
                                 "crime": {"harm": "pushed", "route": "fire_escape", "time": "23:40"}}
    assert summary_line("june_case", rows["june_case"]) == (
        "case june_case: june (envy); pushed, by fire_escape, at 23:40; shortest solve 7 actions")
    assert summary_line("nabil_case", rows["nabil_case"]) == (
        "case nabil_case: nabil (fear); no crime declared; no solve found")


def test_archer_check_reports_the_shared_crime(mini_dir: Path) -> None:
    with_crimes(mini_dir, crime("pushed", "fire_escape", "23:40"), crime("pushed", "fire_escape", "22:10"))
    done = archer("check", "--quick", str(mini_dir))
    assert done.returncode == 1
    assert ("mystery.yaml:8:10: AR093 error: cases 'june_case' and 'nabil_case' share 2 parts of their crime "
            "(harm 'pushed', route 'fire_escape')") in done.stdout


def test_false_in_holds_in_every_other_case(mini_dir: Path) -> None:
    edit(mini_dir / "mystery.yaml", 'true_in: [nabil_case]}', 'false_in: [june_case]}')
    story = load_story(mini_dir).story
    assert story is not None
    assert (fact_true(story, "nabil_case", "june_in_studio"), fact_true(story, "june_case", "june_in_studio")) == (
        True, False)


def test_a_fact_must_say_where_it_holds_one_way(mini_dir: Path) -> None:
    edit(mini_dir / "mystery.yaml", 'true_in: [nabil_case]}', 'true_in: [nabil_case], false_in: [june_case]}')
    edit(mini_dir / "mystery.yaml", ', true_in: [june_case]}', '}')
    result = load_story(mini_dir)
    assert shown(result.diagnostics, mini_dir) == [
        "story/mystery.yaml:11:5: AR012 error: fact 'june_in_studio' gives both `true_in` and `false_in`\n"
        "    hint: keep one: `true_in: [cases]` (or `all`), or `false_in: [cases]` for a fact that holds in every "
        "other case",
        "story/mystery.yaml:12:5: AR010 error: fact 'nabil_in_bed' says neither where it holds (`true_in`) nor "
        "where it does not (`false_in`)\n"
        "    hint: keep one: `true_in: [cases]` (or `all`), or `false_in: [cases]` for a fact that holds in every "
        "other case"]


def load_with_extra(mini_dir: Path):
    """The mini story with its extra.yaml (written by the test) added to the manifest's includes, loaded."""
    edit(mini_dir / "story.yaml", 'includes: ["scenes.yaml", "mystery.yaml"]',
         'includes: ["scenes.yaml", "mystery.yaml", "extra.yaml"]')
    return load_story(mini_dir)


def test_a_story_file_can_hook_a_choice_and_a_clue_variant(mini_dir: Path) -> None:
    (mini_dir / "extra.yaml").write_text(
        "hooks:\n"
        "  - scene: office\n"
        "    choice: {id: office_drawer, text: \"Open the drawer.\", goto: office}\n"
        "  - clue: thread\n"
        "    case: nabil_case\n"
        "    variant: {text: A red thread with a knot., carries: [{point: means, against: nabil}]}\n",
        encoding="utf-8")
    result = load_with_extra(mini_dir)
    story = result.story
    assert story is not None, [d.format() for d in result.diagnostics]
    assert "office_drawer" in [c.id for c in story.scenes["office"].choices]
    assert story.evidence[("nabil_case", "thread")].carries == (("means", "nabil", None),)


def test_a_story_file_hook_that_does_two_things_is_one_error(mini_dir: Path) -> None:
    (mini_dir / "extra.yaml").write_text(
        "hooks:\n"
        "  - scene: office\n"
        "    clue: thread\n", encoding="utf-8")
    result = load_with_extra(mini_dir)
    assert shown(result.diagnostics, mini_dir) == [
        "story/extra.yaml:2:5: AR012 error: a hook does one thing: `scene` with `choice`, or `clue` with `case` and "
        "`variant`\n    hint: see docs/authoring.md, Hooks"]


def test_a_story_file_can_hook_a_deduction_reading_for_one_case(mini_dir: Path) -> None:
    (mini_dir / "extra.yaml").write_text(
        "hooks:\n"
        "  - clue: on_roof\n"
        "    case: june_case\n"
        "    variant: {text: The one who signed out wore blue., weights: {june: 1.5},\n"
        "              carries: [{point: means, against: june}]}\n", encoding="utf-8")
    result = load_with_extra(mini_dir)
    story = result.story
    assert story is not None, [d.format() for d in result.diagnostics]
    june, nabil = story.evidence[("june_case", "on_roof")], story.evidence[("nabil_case", "on_roof")]
    assert (june.kind, june.found, june.carries, june.weights) == (
        "deduction", "Worked out on the board", (("means", "june", None),), {"june": 1.5})
    assert nabil.carries == (("opportunity", "nabil", None),)


def test_a_hook_into_a_missing_clue_names_it(mini_dir: Path) -> None:
    (mini_dir / "extra.yaml").write_text(
        "hooks:\n"
        "  - clue: on_rooftop\n"
        "    case: june_case\n"
        "    variant: {text: Blue.}\n", encoding="utf-8")
    result = load_with_extra(mini_dir)
    assert shown(result.diagnostics, mini_dir) == [
        "story/extra.yaml:2:11: AR082 error: hook into missing clue 'on_rooftop'\n"
        "    hint: hook into a clue or deduction of the story"]
