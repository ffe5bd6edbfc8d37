"""The shipped story's prose after the edit pass (issue 18 point 3): the tics the players counted stay at most half
as frequent as they were, one register (contractions), and no passage written twice.

Rates are per 10,000 words of everything a player reads (game.tools.prose.passages), measured before the pass as:
"the way" 19.1, "as if" 17.0, "like a/an" 12.8, uncontracted "does not"-forms 20.6, "which is worse" 4 in all.
"""

from __future__ import annotations

import re

import pytest

from game.paths import story_dir
from game.tools.prose import WORD, duplicated_passages, passages
from game.world import Story, load_story

BEFORE = {"the way": 19.1, "as if": 17.0, "like a": 12.8}
TICS = {
    "the way": re.compile(r"\bthe way\b", re.I),
    "as if": re.compile(r"\bas if\b", re.I),
    "like a": re.compile(r"\blike an?\b", re.I),
}
UNCONTRACTED = re.compile(
    r"\b(?:does|do|did|is|are|was|were|has|have|had|could|would|should|will) not\b|\bcannot\b", re.I)


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(story_dir())
    assert result.story is not None
    return result.story


@pytest.fixture(scope="module")
def prose(story: Story) -> str:
    return "\n".join(text for _label, _pos, text in passages(story))


def per_10k(pattern: re.Pattern[str], text: str) -> float:
    return len(pattern.findall(text)) * 10_000 / len(WORD.findall(text))


@pytest.mark.parametrize("tic", sorted(TICS))
def test_each_tic_is_at_most_half_as_frequent_as_before_the_edit_pass(prose: str, tic: str) -> None:
    rate = per_10k(TICS[tic], prose)
    assert rate <= BEFORE[tic] / 2, f"{tic!r}: {rate:.1f} per 10,000 words"


def test_nothing_gentle_which_is_worse(prose: str) -> None:
    found = [line for line in prose.splitlines() if "which is worse" in line.lower()]
    assert len(found) == 0, found[:3]


def test_one_register_contractions_in_narration_and_dialogue(prose: str) -> None:
    """A few uncontracted forms stay where a voice needs the weight (Madame Dubois's polish, a denial)."""
    rate = per_10k(UNCONTRACTED, prose)
    assert rate <= 3.0, f"{rate:.1f} per 10,000 words"


def test_no_passage_of_forty_words_is_written_twice(story: Story) -> None:
    assert [d.message for d in duplicated_passages(story)] == []
