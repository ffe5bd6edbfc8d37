"""`archer replay`: transcripts replayed through plain mode's own text, diffs, --update and --record."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from game.engine import start
from game.tools.transcript import Transcript, auto_snippets, closest, normalize
from game.tools.transcript_play import Player
from game.tools.transcript_write import dump_transcript

from .conftest import MINI_STORY, MINI_TRANSCRIPTS, archer, edit


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    """A writable copy of the nabil_case transcript, pointing at the mini story."""
    path = tmp_path / "nabil_case.yaml"
    shutil.copy(MINI_TRANSCRIPTS / "nabil_case.yaml", path)
    edit(path, "story_dir: ../story", f"story_dir: {MINI_STORY}")
    return path


def test_every_mini_case_has_a_passing_transcript(mini) -> None:
    files = sorted(MINI_TRANSCRIPTS.glob("*.yaml"))
    cases = {yaml.safe_load(f.read_text(encoding="utf-8"))["case"] for f in files}
    assert cases == set(mini.cases)
    done = archer("replay", *map(str, files))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "ok tests/fixtures/mini/transcripts/june_case.yaml: 8 steps, 15 snippets, ending end_solved",
        "ok tests/fixtures/mini/transcripts/nabil_case.yaml: 9 steps, 14 snippets, ending end_solved",
    ]


def test_the_text_compared_is_plain_modes(mini) -> None:
    player = Player(mini, start(mini, 1, "june_case"))
    opening = player.opening()
    assert opening.startswith("-- Monday, morning · Studio A · standing 3/5 --\n\nClass ends.")
    assert "1. Talk to June.\n" in opening
    applied, text = player.do("talk")
    assert applied
    assert text.startswith("\nStatement recorded, June: I was in the studio.\n")
    refused, why = player.do("fly")
    assert not refused and why == "there is no choice 'fly' here"


def test_choice_numbers_resolve_to_ids(mini) -> None:
    player = Player(mini, start(mini, 1, "june_case"))
    assert player.resolve(2) == "search"
    assert player.resolve("present log x") == "present log x"
    with pytest.raises(ValueError, match="there is no choice 9 here; there are 4"):
        player.resolve(9)


def test_auto_snippets() -> None:
    shown = ("\nClue found: A thread.\n\n-- Monday, night · The roof · standing 3/5 --\n\n"
             "Wind. A thread on the rail, caught where the paint has flaked, and more text after.\n\n1. Back.\n")
    assert auto_snippets(shown) == [
        "Clue found: A thread.", "Wind. A thread on the rail, caught where the paint has flaked, and more text after."]
    # Plain mode wraps long lines; an expectation is still the whole first sentence, across the wrap.
    wrapped = ("\nClue found: Cassie's rehearsal score, with the last page\nmarked in pencil. June was "
               "there.\n\n-- Tuesday, afternoon · Studio B · standing 5/10 --\n\nThe radiator knocks. June waits "
               "by the\nmirror, counting under her breath, and does not turn round. Then she\nspeaks.\n\n1. Go.\n")
    assert auto_snippets(wrapped) == [
        "Clue found: Cassie's rehearsal score, with the last page marked in pencil.",
        "The radiator knocks."]
    assert auto_snippets("\nYou were right.\n\n*** ENDING: Solved ***\n") == ["You were right.",
                                                                             "*** ENDING: Solved ***"]


def test_closest_aligns_the_snippet() -> None:
    paragraph, aligned, ratio = closest("A thred on the rail", "-- x --\n\nWind. A thread on the rail. Nerve 0.\n")
    assert paragraph == "Wind. A thread on the rail. Nerve 0."
    assert aligned == "A thread on the rail."
    assert ratio > 0.8


def test_normalize() -> None:
    assert normalize("  a\n  b\t\tc ") == "a b c"


def test_dump_round_trips() -> None:
    original = Transcript(story="mini", story_dir="../story", case="june_case", seed=4,
                          expect_start=['Say "hi"'], steps=[{"do": "yes", "expect": ["a: b", "#x"]},
                                                            {"do": "accuse june envy a b c"}], ending="end_solved")
    text = dump_transcript(original, "# head\n")
    assert text.startswith("# head\nstory: mini\n")
    assert '  - do: "yes"\n' in text  # YAML would read a bare yes as true
    assert "  - do: accuse june envy a b c\n" in text
    assert Transcript.model_validate(yaml.safe_load(text)) == original


def test_mismatch_prints_a_diff(transcript: Path) -> None:
    edit(transcript, "Nabil looks away.", "Nabil glances away.")
    done = archer("replay", str(transcript))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == f"FAIL {transcript}:19:14: step 6 (do: present log nabil_alibi): expected text not shown"
    assert lines[1:4] == ["  --- expected", "  +++ actual (nearest text shown)", "  - Nabil glances away."]
    assert "  + Contradiction caught (their statement is broken): Nabil looks away." in lines
    assert "  the text shown after step 6 (do: present log nabil_alibi):" in lines
    # Presenting leaves the player where they were: only what changed is shown, never the scene again.
    assert lines[-1] == "  | Contradiction caught (their statement is broken): Nabil looks away."
    assert not any(line.startswith("  | -- ") for line in lines)


def test_wrong_ending_is_a_diff(transcript: Path) -> None:
    edit(transcript, "ending: end_solved", "ending: end_weak")
    done = archer("replay", str(transcript))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"FAIL {transcript}:26:9: the ending differs", "  --- expected",
                                        "  +++ actual", "  -ending: end_weak", "  +ending: end_solved"]


def test_refused_step_stops_the_replay(transcript: Path) -> None:
    edit(transcript, "do: office", "do: library")
    done = archer("replay", str(transcript))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"FAIL {transcript}:14:9: step 4 (do: library): the story refused it: there is no choice 'library' here",
        "  at scene 'opening'; choices offered: talk, search, office, leave"]


def test_update_rewrites_failing_snippets_only(transcript: Path) -> None:
    edit(transcript, "  - do: look\n", "  # a comment inside the steps\n  - do: look   # and one after a step\n")
    edit(transcript, "    expect: \"1. Talk to June.\"", "    expect: '1. Talk to Juno.'")
    edit(transcript, "Nabil looks away.", "Nabil glances away.")
    edit(transcript, "ending: end_solved", "ending: end_weak")
    before = transcript.read_text(encoding="utf-8")
    done = archer("replay", "--update", str(transcript))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"updated {transcript}: 3 expectation(s) rewritten\n"
    after = transcript.read_text(encoding="utf-8")
    # Only the three lines that no longer matched change; every comment, quote and layout stays.
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new]
    assert changed == [("    expect: '1. Talk to Juno.'", "    expect: '1. Talk to June.'"),
                       ('    expect: ["Nabil glances away."]', '    expect: ["Nabil looks away."]'),
                       ("ending: end_weak", "ending: end_solved")]
    assert archer("replay", str(transcript)).returncode == 0


def test_record_from_a_piped_session(tmp_path: Path) -> None:
    out = tmp_path / "recorded.yaml"
    session = "1\n1\n1\n1\n2\n1\npresent log june_alibi\naccuse june envy thread rose log\n"
    done = archer("replay", "--record", str(out), "--story", str(MINI_STORY), "--case", "june_case", "--seed", "7",
                  stdin=session)
    assert done.returncode == 0, done.stderr
    assert "*** ENDING: Solved ***" in done.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [s["do"] for s in data["steps"]] == ["talk", "search", "look", "back", "office", "note",
                                                "present log june_alibi", "accuse june envy thread rose log"]
    assert data["case"] == "june_case" and data["seed"] == 7 and data["ending"] == "end_solved"
    assert Path(tmp_path, data["story_dir"]).resolve() == MINI_STORY
    assert data["steps"][1]["expect"] == ["Clue found: A thread.", "Wind. A thread on the rail."]
    assert archer("replay", str(out)).returncode == 0
    again = archer("replay", "--record", str(out), "--story", str(MINI_STORY), stdin="")
    assert again.returncode == 1
    assert again.stderr == f"archer replay: {out} already exists; choose a new file name (recording never " \
                           "overwrites)\n"


@pytest.mark.parametrize(("content", "message"), [
    ("story: mini\ncase: [unclosed\n", "archer replay: {f}:3:1: YAML syntax error: "),
    ("- just\n- a list\n", "archer replay: {f}:1:1: a transcript is a mapping with story, case and steps"),
    ("story: mini\ncase: june_case\nsteps:\n  - do: talk\n    expct: [x]\n",
     "archer replay: {f}:5:5: unknown field 'expct'"),
    ("story: mini\nstory_dir: STORY\ncase: nobody\nsteps: []\n",
     "archer replay: {f}:3:7: unknown case 'nobody'; the cases are: june_case, nabil_case"),
    ("story: other\nstory_dir: STORY\ncase: june_case\n",
     "archer replay: {f}: recorded on story 'other', but STORY holds 'mini'"),
])
def test_bad_transcripts_are_one_clean_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(content.replace("STORY", str(MINI_STORY)), encoding="utf-8")
    done = archer("replay", str(path))
    assert done.returncode == 1
    assert done.stderr.startswith(message.format(f=path).replace("STORY", str(MINI_STORY)))
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_missing_file(tmp_path: Path) -> None:
    done = archer("replay", str(tmp_path / "none.yaml"))
    assert done.returncode == 1
    assert done.stderr == f"archer replay: {tmp_path / 'none.yaml'}:1:1: cannot read file: No such file or directory\n"


def test_usage_errors() -> None:
    done = archer("replay", "x.yaml", "--case", "june_case")
    assert done.returncode == 2
    assert "--case and --seed go with --record" in done.stderr
    assert archer("replay").returncode == 2
    assert archer("replay", "--help").returncode == 0


def test_the_format_example_in_the_docs_replays(tmp_path: Path) -> None:
    doc = (MINI_STORY.parents[3] / "docs" / "transcripts.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example.replace("story_dir: ../story ", f"story_dir: {MINI_STORY}"), encoding="utf-8")
    done = archer("replay", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"ok {path}: 10 steps, 9 snippets, ending end_solved\n"


def test_the_diff_example_in_the_docs_is_real(transcript: Path) -> None:
    doc = (MINI_STORY.parents[3] / "docs" / "transcripts.md").read_text(encoding="utf-8")
    shown = doc.split("```\nFAIL ", 1)[1].split("  | ...", 1)[0].splitlines()[1:]
    edit(transcript, "Nabil looks away.", "Nabil glances away.")
    done = archer("replay", str(transcript))
    assert done.stdout.splitlines()[1:len(shown) + 1] == shown


def test_a_transcript_runs_investigation_commands_and_expects_their_text(transcript: Path) -> None:
    edit(transcript, "  - do: look\n", "  - do: notes\n    expect: [\"- A thread [thread]: A red thread.\"]\n"
                                       "  - do: suspects\n"
                                       "    expect: [\"Nabil [nabil] (not met yet, your mark: none, trust 1): "
                                       "Grieving, blamed.\"]\n"
                                       "  - do: board\n    expect: [\"Clues: thread\"]\n"
                                       "  - do: accuse\n    expect: [\"Accusations left: 2.\"]\n"
                                       "  - do: look\n")
    done = archer("replay", str(transcript))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"ok {transcript}: 13 steps, 18 snippets, ending end_solved\n"
    edit(transcript, "Nabil [nabil] (not met yet, your mark: none, trust 1)",
         "Nabil [nabil] (not met yet, your mark: suspect, trust 1)")
    done = archer("replay", str(transcript))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == f"FAIL {transcript}:13:14: step 3 (do: suspects): expected text not shown"
    assert "  | Nabil [nabil] (not met yet, your mark: none, trust 1): Grieving, blamed." in done.stdout.splitlines()


def test_witnesses_are_what_a_replayed_transcript_reaches(mini) -> None:
    from game.tools.transcript_play import find_transcripts, witnesses

    paths = find_transcripts([MINI_TRANSCRIPTS])
    assert [p.name for p in paths] == ["june_case.yaml", "nabil_case.yaml"]
    found, notes = witnesses(mini, paths)
    assert notes == []
    nabil = found["nabil_case"]
    assert nabil.scenes == {"opening", "roof", "office"}
    assert nabil.choices == {"opening.search", "roof.look", "roof.back", "opening.office", "office.note"}
    assert nabil.endings == {"end_solved"} and {"thread", "rose", "log"} <= nabil.clues
