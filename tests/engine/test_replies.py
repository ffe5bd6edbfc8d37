"""Every choice has its own reply before the story moves on; a return to a scene does not reprint its opening."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.engine import act, replay, start, view
from game.world import load_story
from game.world.story import Story

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
TALK = ('      - {id: talk, text: "Talk to June.", do: ["set flag.met_june", "trust.june += 1", "hear june_alibi"], '
        'goto: opening, once: true}')


def _story(tmp_path: Path, *edits: tuple[str, str]) -> Story:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    scenes = root / "story" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    scenes.write_text(text, encoding="utf-8")
    result = load_story(root / "story")
    assert result.story is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.story


def _reply_talk(reply: str = "She nods. \"{name.june}.\"") -> tuple[str, str]:
    return TALK, TALK.replace("goto: opening", f"reply: '{reply}', goto: opening")


def test_a_reply_is_shown_first_and_a_return_does_not_reprint_the_opening(tmp_path: Path) -> None:
    story = _story(tmp_path, _reply_talk())
    first = view(story, start(story, 1, "june_case"))
    assert first.reply == "" and first.text.startswith("Class ends.")
    after = view(story, replay(story, 1, "june_case", ["talk"]).state)
    assert after.reply == 'She nods. "June."'
    assert after.text == ""  # the same slot: a return, and the reply answers the choice
    assert [c.id for c in after.choices] == ["search", "office", "leave"]


def test_the_reply_goes_with_the_next_move(tmp_path: Path) -> None:
    story = _story(tmp_path, _reply_talk())
    state = replay(story, 1, "june_case", ["talk", "office"]).state
    shown = view(story, state)
    assert shown.reply == "" and shown.text == "The office. Officer chairs."


def test_a_return_without_a_reply_shows_the_text_again(mini_story: Story) -> None:
    mini = mini_story
    shown = view(mini, replay(mini, 1, "june_case", ["talk"]).state)
    assert shown.reply == "" and shown.text.startswith("Class ends.")


def test_again_text_and_reprint(tmp_path: Path) -> None:
    again = ("    people: [june]\n    text: |\n      Class ends.",
             "    people: [june]\n    again: \"{name.june} is still here.\"\n    text: |\n      Class ends.")
    story = _story(tmp_path, _reply_talk(), again)
    shown = view(story, replay(story, 1, "june_case", ["talk"]).state)
    assert (shown.reply, shown.text) == ('She nods. "June."', "June is still here.")
    reprint = ("    people: [june]\n    text: |\n      Class ends.",
               "    people: [june]\n    reprint: true\n    text: |\n      Class ends.")
    story = _story(tmp_path / "b", _reply_talk(), reprint)
    shown = view(story, replay(story, 1, "june_case", ["talk"]).state)
    assert shown.reply == 'She nods. "June."' and shown.text.startswith("Class ends.")


def test_a_new_slot_is_a_new_visit(mini_story: Story) -> None:
    mini = mini_story
    state = replay(mini, 1, "june_case", ["search", "back"]).state  # back to the opening a slot later
    assert state.scene == "opening" and not state.returned
    assert view(mini, state).text.startswith("Class ends.")


def test_a_reply_before_an_ending_and_across_a_day(tmp_path: Path) -> None:
    leave = '      - {id: leave, text: "Walk away.", goto: end_walked}'
    story = _story(tmp_path, (leave, leave.replace("goto:", "reply: \"You pick up your bag.\", goto:")))
    state = act(story, start(story, 1, "june_case"), "leave").state
    shown = view(story, state)
    assert shown.ending is not None and shown.reply == "You pick up your bag." and shown.text == "You leave."
