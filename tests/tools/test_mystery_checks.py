"""The mystery checks, one broken copy of the clean fixture story per diagnostic, with the exact lines reported;
and the checker's shortest argument against what the judge accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.tools.mystery_checks import (
    arguments,
    check_case,
    check_mystery,
    giveaway,
    given_clues,
    heard_statements,
    unlisted_contradictions,
)
from game.tools.prose import duplicated_passages
from game.world import Story, load_story

CLEAN = Path(__file__).resolve().parents[1] / "cli" / "fixtures" / "clean"


def clean_copy(tmp_path: Path, *edits: tuple[str, str]) -> Story:
    """The clean story with each (old, new) replaced once in its mystery.yaml, loaded."""
    root = tmp_path / "clean"
    shutil.copytree(CLEAN, root)
    mystery = root / "story" / "mystery.yaml"
    text = mystery.read_text()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    mystery.write_text(text)
    result = load_story(root / "story")
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def reported(story: Story, root: Path) -> list[str]:
    found, _ = check_mystery(story)
    return [d.format().replace(str(root / "clean") + "/", "") for d in found]


def test_the_clean_story_passes_and_its_shortest_argument_is_four_pieces(tmp_path):
    story = clean_copy(tmp_path)
    assert reported(story, tmp_path) == []
    best = arguments(story, "only_case", given_clues(story), heard_statements(story))
    assert {len(a.clues) for a in best} == {4}
    assert all(a.broken == "june_alibi" and a.breaker == "sign_in" for a in best)
    assert best[0].cited == ("rosin", "diary", "camera")


ONLY_CONTRADICTION = 'contradictions:\n  - {statement: june_alibi, clue: sign_in, text: "June goes pale."}'
BROKEN = [
    ("AR067", ("text: A bitter page.", "text: June spiked the drink."),
     "story/mystery.yaml:18:10: AR067 error: case 'only_case': 'diary' names the culprit with the act: “June "
     "spiked the drink.”\n    hint: let the text show a detail that points there only with other evidence; or "
     "mark it `names_culprit: confession` (or `ending_day`) if it is meant to"),
    ("AR068", ("text: A late signature., weights: {june: 2}}",
               "text: A late signature., weights: {june: 2}, carries: [{point: opportunity, against: june}]}"),
     "story/mystery.yaml:6:10: AR068 error: case 'only_case': the shortest argument needs only 3 piece(s) of "
     "evidence (diary, rosin, sign_in; breaking 'june_alibi'); at least 4 are required\n    hint: let a point be "
     "carried only by a deduction, or by evidence other than the clue that breaks the culprit's account"),
    ("AR069", ("weights: {june: 2, nabil: 0}", "weights: {june: 2}"),
     "story/mystery.yaml:6:10: AR069 error: case 'only_case': nothing obtainable clears nabil: no alibi of theirs "
     "is borne out and no secret of theirs explains anything\n    hint: let a clue `confirms:` a true statement of "
     "nabil's, or give them a secret that explains the evidence against them"),
    ("AR065", (ONLY_CONTRADICTION, "contradictions: []"),
     "story/mystery.yaml:6:10: AR065 error: case 'only_case': june has no account of the night (an alibi or "
     "sighting) that the player hears and can break with obtainable evidence\n    hint: give june a false alibi "
     "in this case, record it with `hear`, and a contradiction"),
    ("AR060", ("text: Torn tape., weights: {june: 2}, carries: [{point: means, against: june}]",
               "text: Torn tape., weights: {june: 2}"),
     "story/mystery.yaml:6:10: AR060 error: case 'only_case': only 2 obtainable item(s) carry means against june "
     "(rosin, shoe)\n    hint: add `carries: [{point: means, against: june}]` to evidence that reads differently "
     "in this case"),
]


@pytest.mark.parametrize(("code", "edit", "line"), BROKEN, ids=[code for code, _, _ in BROKEN])
def test_each_broken_copy_reports_exactly_its_diagnostic(tmp_path, code, edit, line):
    story = clean_copy(tmp_path, edit)
    assert reported(story, tmp_path) == [line]


def test_ar067_spares_a_clue_marked_as_a_confession(tmp_path):
    story = clean_copy(tmp_path, ("text: A bitter page.,", "text: June spiked the drink., names_culprit: confession,"))
    assert reported(story, tmp_path) == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("June spiked the drink.", True),
    ("Someone spiked the drink. June was asleep", False),  # the name and the act in different sentences
    ("June carried a cup to Cassie.", True),
    ("June's locker held a bottle.", False),
    ("Blisters pushed through the foil. June's bottle.", False),
])
def test_the_giveaway_reads_sentence_by_sentence(tmp_path, text, flagged):
    story = clean_copy(tmp_path, ("text: A bitter page.", f"text: {text}"))
    assert (giveaway(story, "only_case", "diary") is not None) is flagged


def test_ar090_an_argument_found_in_too_few_days(mini_story):
    days = {clue: 0 for clue in mini_story.clues}
    found, best = check_case(mini_story, "june_case", given_clues(mini_story), heard_statements(mini_story), days)
    assert [d.format() for d in found if d.code == "AR090"] == [
        "tests/fixtures/mini/story/mystery.yaml:6:10: AR090 warning: case 'june_case': the shortest argument (log, "
        "rose, thread) can be found on 1 day(s) (Monday); at least 2 are required\n    hint: move one of its clues "
        "to a later day, or make a point need evidence found later"]
    days["rose"] = 1
    found, best = check_case(mini_story, "june_case", given_clues(mini_story), heard_statements(mini_story), days)
    assert not [d for d in found if d.code == "AR090"]
    assert best[0].days == (0, 1)


def test_ar091_a_passage_written_twice(mini_copy):
    passage = " ".join(f"word{i}" for i in range(45))
    mini_copy.edit("scenes.yaml", 'text: "Wind. A thread on the rail. Nerve {var.nerve}."',
                   f'text: "Wind. {passage} Nerve {{var.nerve}}."')
    mini_copy.edit("scenes.yaml", 'text: "The office. Officer chairs."', f'text: "The office. {passage}"')
    story = mini_copy.load().story
    [found] = duplicated_passages(story)
    where = mini_copy.where(found)
    assert where == mini_copy.spot("scenes.yaml", "office\n")
    assert found.code == "AR091" and found.severity == "warning"
    assert found.message.startswith("'office' repeats 40+ words of 'roof' (")
    assert found.message.endswith(":13) word for word: “word0 word1 word2 word3 word4 word5 word6 word7 …”")


def test_ar091_covers_replies_and_each_cases_reading_of_a_clue_but_not_statements(mini_copy):
    passage = " ".join(f"word{i}" for i in range(45))
    mini_copy.edit("scenes.yaml", 'goto: roof, once: true}', f'goto: roof, once: true, reply: "{passage}"}}')
    mini_copy.edit("mystery.yaml", "nabil_case: {text: A red thread.,", f'nabil_case: {{text: "Red. {passage}",')
    mini_copy.edit("mystery.yaml", 'text: "I was asleep."', f'text: "Asleep. {passage}"')
    story = mini_copy.load().story
    found = duplicated_passages(story)
    [clue] = found  # one pair: the reply and the clue's reading; the statement repeats neither on purpose
    assert clue.message.startswith("'thread (in nabil_case)' repeats 40+ words of 'roof.look (reply)' (")
    assert mini_copy.where(clue) == mini_copy.spot("mystery.yaml", "thread\n")


def test_ar092_a_clue_whose_times_and_places_break_a_statement_it_is_not_listed_against(mini_copy):
    mini_copy.edit("mystery.yaml", 'true_in: [nabil_case]}',
                   'true_in: [nabil_case], who: june, where: studio, start: "21:00", end: "23:30"}')
    mini_copy.edit("mystery.yaml", "    text: June signed out at ten.\n",
                   '    text: June signed out at ten.\n    places: [{who: june, at: "22:00", away_from: studio}]\n')
    listed = mini_copy.load().story
    assert unlisted_contradictions(listed, "june_case") == []
    mini_copy.edit("mystery.yaml", '  - {statement: june_alibi, clue: log, text: "June goes pale.", composure: 2, '
                                   'reveals: june_secret}\n', "")
    story = mini_copy.load().story
    [found] = unlisted_contradictions(story, "june_case")
    assert mini_copy.where(found) == mini_copy.spot("mystery.yaml", "log\n")
    assert found.format().split(": ", 1)[1] == (
        "AR092 warning: case 'june_case': 'log' puts june away from studio at 22:00, against 'june_alibi' (studio, "
        "21:00-23:30), and no contradiction lists it\n    hint: add a contradiction of 'june_alibi' by 'log' (with "
        "`cases:` if it holds only where the clue reads so), or fix the times")
    # In the Nabil case the log reads otherwise and puts no one anywhere: nothing to report.
    assert unlisted_contradictions(story, "nabil_case") == []
