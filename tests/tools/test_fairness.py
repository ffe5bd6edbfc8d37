"""Standing is never a surprise: the trap check (AR055), the risk marker, the last-chance warning, the cost of a
failed accusation, and the walk's count of early expulsions."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import accusation_options, replay, view
from game.engine.views import LAST_CHANCE, ChoiceView, accusation_cost_note, risk_note
from game.paths import story_dir
from game.tools.fairness import Dominance, check_fairness, standing_traps
from game.tools.walk import Run, WalkReport, text_report
from game.world import load_story
from game.world.story import Story

from .conftest import MINI, archer, edit

BACK = '      - {id: back, text: "Back.", goto: office}'


def _mini(tmp_path: Path, old: str = "", new: str = "") -> tuple[Path, Story]:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    if old:
        edit(root / "story" / "scenes.yaml", old, new)
    result = load_story(root / "story")
    assert result.story is not None, "\n".join(d.format() for d in result.diagnostics)
    return root, result.story


def test_the_mini_story_has_no_trap(mini) -> None:
    assert standing_traps(mini) == []


def test_a_scene_whose_only_choice_costs_the_last_point_is_a_trap(tmp_path: Path) -> None:
    root, story = _mini(tmp_path, BACK, '      - {id: back, text: "Back.", do: ["standing -= 1"], goto: office}')
    assert [d.format() for d in standing_traps(story)] == [
        f"{root / 'story' / 'scenes.yaml'}:35:9: AR055 error: scene 'retry': at standing 1 every choice ends the "
        "game ('back' costs 1 standing)\n"
        "    hint: offer a way on that costs no standing, or gate the costly choices with `when: standing > N`"
    ]


def test_archer_check_reports_the_trap_with_its_place(tmp_path: Path) -> None:
    root, _ = _mini(tmp_path, BACK, '      - {id: back, text: "Back.", do: ["standing -= 2"], goto: office}')
    done = archer("check", "story", "--quick", cwd=root)
    assert done.returncode == 1
    assert ("story/scenes.yaml:35:9: AR055 error: scene 'retry': at standing 1 to 2 every choice ends the game "
            "('back' costs 2 standing)") in done.stdout.splitlines()


def test_a_way_out_offered_only_at_higher_standing_leaves_the_trap_below_it(tmp_path: Path) -> None:
    _, story = _mini(tmp_path, BACK, '      - {id: back, text: "Back.", do: ["standing -= 2"], goto: office}\n'
                                     '      - {id: calm, text: "Breathe.", when: "standing >= 4", goto: office}')
    [found] = standing_traps(story)
    assert found.message == "scene 'retry': at standing 1 to 2 every choice ends the game ('back' costs 2 standing)"


@pytest.mark.parametrize("when", ["flag.met_june", "standing >= 1", "not flag.met_june and standing > 0"])
def test_a_way_out_that_may_be_offered_is_a_way_out(tmp_path: Path, when: str) -> None:
    _, story = _mini(tmp_path, BACK, '      - {id: back, text: "Back.", do: ["standing -= 1"], goto: office}\n'
                                     f'      - {{id: calm, text: "Breathe.", when: "{when}", goto: office}}')
    assert standing_traps(story) == []


def test_an_ending_choice_beside_a_costly_one_is_still_a_trap(tmp_path: Path) -> None:
    _, story = _mini(tmp_path, BACK, '      - {id: back, text: "Back.", do: ["standing -= 1"], goto: office}\n'
                                     '      - {id: quit, text: "Go home.", goto: end_walked}')
    [found] = standing_traps(story)
    assert found.message == ("scene 'retry': at standing 1 every choice ends the game ('back' costs 1 standing; "
                             "'quit' leads to the ending 'end_walked')")


# --------------------------------------------------------------------------------------- what the player sees


def test_a_costly_choice_is_marked_before_it_is_taken(mini) -> None:
    state = replay(mini, 1, "june_case", ["office"]).state
    rude = {c.id: c for c in view(mini, state).choices}["rude"]
    assert (rude.risk, rude.ends) == (1, False)
    assert risk_note(rude) == "[standing -1]"
    low = state.model_copy(update={"standing": 1})
    rude = {c.id: c for c in view(mini, low).choices}["rude"]
    assert (rude.risk, rude.ends) == (1, True)
    assert risk_note(rude) == "[standing -1: you would be expelled]"
    assert risk_note(ChoiceView("leave", "Walk away.", 0, True)) == "[ends the story]"
    assert risk_note(ChoiceView("back", "Leave.")) == ""


def test_the_status_warns_when_one_more_loss_ends_the_game(mini) -> None:
    state = replay(mini, 1, "june_case", ["office", "rude"]).state
    assert state.standing == 2 and not view(mini, state).status.last_chance
    state = replay(mini, 1, "june_case", ["office", "rude", "rude"]).state
    assert state.standing == 1 and view(mini, state).status.last_chance
    assert LAST_CHANCE == "one more loss of standing and you are expelled"


def test_accuse_says_what_a_failed_accusation_costs(mini) -> None:
    state = replay(mini, 1, "june_case", ["office"]).state
    options = accusation_options(mini, state)
    assert accusation_cost_note(options) == "An accusation that does not hold costs 1 standing (you have 3)."
    low = state.model_copy(update={"standing": 1})
    assert accusation_cost_note(accusation_options(mini, low)) == (
        "An accusation that does not hold costs 1 standing (you have 1): at your standing, it would end your "
        "scholarship.")


def test_plain_mode_marks_risk_and_warns(tmp_path: Path) -> None:
    done = archer("play", "--plain", "--story", str(MINI / "story"), "--case", "june_case", "--seed", "1",
                  stdin="3\n2\n2\naccuse\n")
    lines = done.stdout.splitlines()
    assert "2. Be rude. [standing -1]" in lines
    assert "2. Be rude. [standing -1: you would be expelled]" in lines
    assert "4. Walk away. [ends the story]" in lines
    assert f"!! Careful: {LAST_CHANCE}. !!" in lines
    flat = " ".join(done.stdout.split())  # plain mode wraps every line at 78 columns
    assert "Accusations left: 2. An accusation that does not hold costs 1 standing (you have 1): at your" in flat


# ----------------------------------------------------------------------------------------------------- walk


def test_walk_counts_expulsions_before_the_accusation_per_case(mini) -> None:
    report = WalkReport(mini.id, mini.version, 0)
    report.add(Run(0, 1, "june_case", "end_expelled", 5, {}), mini)
    report.add(Run(1, 2, "june_case", "end_expelled", 5, {}, could_accuse=True), mini)
    report.add(Run(2, 3, "nabil_case", "end_walked", 5, {}), mini)
    report.finish(mini)
    assert report.to_json()["expelled_before_accusation"] == {"june_case": 1, "nabil_case": 0}
    text = text_report(report, None).splitlines()  # type: ignore[arg-type]
    at = text.index("expelled (standing lost) before an accusation was possible, per case:")
    assert text[at + 1:at + 3] == ["  june_case      1 of 2     50.0%", "  nabil_case     0 of 1      0.0%"]


# ------------------------------------------------------------------------------------------------- replies


def test_choices_that_return_or_jump_without_a_reply_are_warned(mini) -> None:
    found = [d.format().split("fixtures/mini/")[-1] for d in check_fairness(mini)]
    assert found[0] == (
        "story/scenes.yaml:9:9: AR056 warning: choice 'talk' in scene 'opening' returns to 'opening', and has no "
        "reply of its own\n    hint: give it a `reply:` that answers what the player chose")
    assert [d.split(": ", 2)[2].split(",")[0] for d in found] == [
        "choice 'talk' in scene 'opening' returns to 'opening'",
        "choice 'look' in scene 'roof' returns to 'roof'",
        "choice 'back' in scene 'roof' returns to 'opening'",
        "choice 'sleep' in scene 'roof' spends time and lands on 'opening'",
        "choice 'note' in scene 'office' returns to 'office'",
        "choice 'rude' in scene 'office' returns to 'office'",
        "choice 'go_on' in scene 'tue_start' returns to 'opening'",
    ]


def test_a_reply_answers_the_warning(tmp_path: Path) -> None:
    talk = ('      - {id: talk, text: "Talk to June.", do: ["set flag.met_june", "trust.june += 1", '
            '"hear june_alibi"], goto: opening, once: true}')
    _, story = _mini(tmp_path, talk, talk.replace("goto: opening", 'reply: "She nods.", goto: opening'))
    assert "talk" not in " ".join(d.message for d in check_fairness(story))


def test_the_shipped_story_answers_every_choice_and_has_no_trap() -> None:
    shipped = load_story(story_dir()).story
    assert shipped is not None
    assert [d.format() for d in check_fairness(shipped)] == []


def test_random_players_are_rarely_expelled_before_they_can_accuse() -> None:
    from game.tools.walk import walk

    shipped = load_story(story_dir()).story
    assert shipped is not None
    report = walk(shipped, 300, seed=5)
    for case, runs in report.cases.items():
        assert report.expelled_early[case] / runs < 0.10, (case, report.expelled_early[case], runs)


def _reaches(edges: dict[str, set[str]], sources: list[str], target: str, without: str | None) -> bool:
    seen = {s for s in sources if s != without}
    stack = list(seen)
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt != without and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return target in seen


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.integers(0, n - 1), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
    st.just(n))))
def test_dominance_is_every_path_from_a_start_passing_through(graph: tuple[int, list[tuple[int, int]], int]) -> None:
    """`Dominance.dominates(a, b)` (AR056's "returns to a scene already passed through") against its definition:
    b cannot be reached from the start, or from a scene nothing leads to, once a is taken out; a scene that no
    start reaches at all is dominated by every scene."""
    start, pairs, n = graph
    names = [f"s{i}" for i in range(n)]
    edges: dict[str, set[str]] = {}
    for a, b in pairs:
        edges.setdefault(names[a], set()).add(names[b])
    led_to = {b for targets in edges.values() for b in targets}
    sources = [name for name in names if name == names[start] or name not in led_to]
    story = SimpleNamespace(scenes=dict.fromkeys(names), manifest=SimpleNamespace(start=names[start]))
    dominance = Dominance(story, edges)  # type: ignore[arg-type]
    for a in names:
        for b in names:
            expected = a == b or not _reaches(edges, sources, b, None) or not _reaches(edges, sources, b, a)
            assert dominance.dominates(a, b) == expected, (a, b)
