"""`archer play --plain`: the line protocol that screen readers, pipes and tools rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path

TRANSCRIPT = Path(__file__).resolve().parent / "fixtures" / "mini_solve.transcript"
SOLVE = ["1", "2", "1", "2", "1", "1", "1", "2", "present log june_alibi", "accuse june envy thread rose log"]
FIRST_SCREEN = """\
-- Monday, morning · Studio A · standing 3/5 --

Class ends. June is stretching at the barre [left side]. You have not met.

1. Talk to June.
2. Search the roof.
3. Go to the office.
4. Walk away. [ends the story]
> """
HINT = "Type a choice number, or 'help' for the commands."
TRUTH_OFFER = "Type 'truth' to see what really happened (the answer), or Enter to finish."
TRUTH_HEADING = "--- What really happened ---"


def plain(archer, story: Path, lines: list[str], *extra: str, case: str = "june_case"):
    return archer("play", "--plain", "--story", str(story), "--seed", "1", "--case", case, *extra,
                  stdin="".join(f"{line}\n" for line in lines))


def test_a_piped_playthrough_reaches_the_solved_ending(archer, mini_dir):
    done = plain(archer, mini_dir, SOLVE)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == TRANSCRIPT.read_text(encoding="utf-8")
    assert done.stdout.endswith("\n*** ENDING: Solved ***\n")


def test_protocol_shape(archer, mini_dir):
    done = plain(archer, mini_dir, SOLVE)
    out = done.stdout
    assert out.startswith(FIRST_SCREEN)
    # One prompt before each command read, none after the ending.
    assert out.count("\n> ") + out.startswith("> ") == len(SOLVE)
    for screen in out.split("> ")[:-1]:
        numbers = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. \S", screen, re.MULTILINE)]
        assert numbers == list(range(1, len(numbers) + 1))
        assert screen.endswith("\n")
    assert re.search(r"^\*\*\* ENDING: Solved \*\*\*$", out, re.MULTILINE)


def test_end_of_input_exits_cleanly(archer, mini_dir):
    done = plain(archer, mini_dir, [])
    assert done.returncode == 0
    assert done.stdout == FIRST_SCREEN + "\n"
    assert done.stderr == ""


def test_bad_input_gets_the_hint_and_the_prompt_again(archer, mini_dir):
    done = plain(archer, mini_dir, ["dance", "", "9", "0"])
    assert done.returncode == 0
    rest = done.stdout[len(FIRST_SCREEN):]
    assert rest == (f"{HINT}\n> {HINT}\n> There is no choice 9. Pick 1 to 4.\n> "
                    "There is no choice 0. Pick 1 to 4.\n> \n")


def test_walking_away_is_an_ending_and_exit_0(archer, mini_dir):
    done = plain(archer, mini_dir, ["4", "1"])
    assert done.returncode == 0
    assert done.stdout == FIRST_SCREEN + f"\nYou leave.\n\n*** ENDING: Gone ***\n\n{TRUTH_OFFER}\n> \n"


def test_an_ending_short_of_a_solve_tells_the_answer_only_when_asked(archer, mini_dir):
    ending = "\nYou leave.\n\n*** ENDING: Gone ***\n\n" + TRUTH_OFFER + "\n> \n"
    asked = plain(archer, mini_dir, ["4", "truth", "1"])
    assert asked.returncode == 0
    assert asked.stdout == FIRST_SCREEN + ending + TRUTH_HEADING + "\n\nIt was June.\n\n"
    skipped = plain(archer, mini_dir, ["4", "", "truth"])
    assert skipped.stdout == FIRST_SCREEN + ending


def test_an_ending_reached_in_plain_mode_is_counted_in_the_profile(archer, mini_dir, tmp_path):
    assert plain(archer, mini_dir, ["4", ""]).returncode == 0
    assert json.loads((tmp_path / "saves" / "profile.json").read_text())["endings"] == ["end_walked"]


def test_quit(archer, mini_dir):
    done = plain(archer, mini_dir, ["quit", "1"])
    assert done.returncode == 0
    assert done.stdout == FIRST_SCREEN


def test_help_lists_the_commands(archer, mini_dir):
    out = plain(archer, mini_dir, ["help"]).stdout
    for command in ("notes", "undo", "save NAME", "load NAME", "quit", "help", "accuse"):
        assert command in out


def test_notes_and_undo(archer, mini_dir):
    out = plain(archer, mini_dir, ["notes", "2", "notes", "undo", "notes"]).stdout
    assert "Your notebook is empty." in out
    assert "Physical:\n- A thread [thread]: A grey thread.\n" in out
    after_undo = out.split("Undone.\n")[1]
    assert after_undo.startswith("\n-- Monday, morning · Studio A")
    assert after_undo.endswith("Your notebook is empty.\n> \n")


def test_undo_with_nothing_to_undo(archer, mini_dir):
    assert "Nothing to undo." in plain(archer, mini_dir, ["undo"]).stdout


def test_a_refused_command_says_why(archer, mini_dir):
    out = plain(archer, mini_dir, ["present log june_alibi"]).stdout
    assert "Can't do that: you don't have 'log'." in out


def test_save_then_load_in_a_new_process(archer, mini_dir):
    first = plain(archer, mini_dir, ["1", "2", "save mine"])
    assert first.returncode == 0
    assert "Saved as 'mine'." in first.stdout
    second = archer("play", "--plain", "--story", str(mini_dir), "--load", "mine", stdin="")
    assert second.returncode == 0, second.stderr
    assert "-- Monday, morning · The front office · standing 3/5 --" in second.stdout
    leave = "3. Leave.\nYou can also make an accusation here: type 'accuse' to see how.\n> "
    assert "1. Read the log.\n2. Be rude. [standing -1]\n" + leave in second.stdout


def test_load_of_a_missing_save_is_one_clear_line(archer, mini_dir):
    done = archer("play", "--plain", "--story", str(mini_dir), "--load", "missing", stdin="1\n")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("archer: ") and "missing" in lines[0]


def test_unknown_case_is_a_usage_error(archer, mini_dir):
    done = archer("play", "--plain", "--story", str(mini_dir), "--case", "nope")
    assert done.returncode == 2
    assert done.stderr == "archer: unknown case 'nope'; the cases are: june_case, nabil_case\n"


def test_a_story_with_errors_is_not_played(archer, tmp_path, mini_dir):
    done = archer("play", "--plain", "--story", str(tmp_path / "nowhere"), stdin="1\n")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "AR007 error: story folder not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_same_seed_plays_the_same_game(archer, mini_dir):
    lines = ["2", "1", "3"]
    first = archer("play", "--plain", "--story", str(mini_dir), "--seed", "42", stdin="\n".join(lines) + "\n")
    second = archer("play", "--plain", "--story", str(mini_dir), "--seed", "42", stdin="\n".join(lines) + "\n")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_digits_that_are_not_numbers_get_the_hint(archer, mini_dir):
    """`'²'.isdigit()` is true but int('²') fails: such input must get the hint, not end the game."""
    done = plain(archer, mini_dir, ["²", "4"])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.stdout.endswith(f"*** ENDING: Gone ***\n\n{TRUTH_OFFER}\n> \n")


def test_from_a_scene_with_dev_starts_there_and_its_choices_work(archer, mini_dir):
    done = plain(archer, mini_dir, ["1", "2", "quit"], "--dev", "--from", "roof")
    assert done.returncode == 0, done.stderr
    screens = done.stdout.split("> ")
    assert screens[0].endswith("-- Monday, morning · The dormitory roof · standing 3/5 --\n\n"
                               "Wind. A thread on the rail. Nerve 0.\n\n1. Look closer.\n2. Go down.\n3. Sleep.\n")
    assert "Wind. A thread on the rail. Nerve 1." in screens[1]  # `look` ran its effects
    assert "Class ends. June is stretching at the barre" in screens[2]  # `back` went down to the opening


def test_from_needs_dev_and_a_known_scene(archer, mini_dir):
    done = plain(archer, mini_dir, ["quit"], "--from", "roof")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "archer play: --from starts a test game at a scene; add --dev (see docs/authoring.md)\n"
    done = plain(archer, mini_dir, ["quit"], "--dev", "--from", "rooof")
    assert done.returncode == 2
    assert done.stderr == "archer: unknown scene 'rooof'; did you mean 'roof'? (an ending cannot be a starting point)\n"
