"""`archer check` takes transcripts as witnesses: what a replayed transcript reaches is proven reachable."""

from __future__ import annotations

import argparse

import yaml

from game.tools.check import add_witnesses
from game.tools.coverage import unreached
from game.tools.explore import explore

from .conftest import MINI_STORY, MINI_TRANSCRIPTS, archer


def _never(story, exploration) -> set[str]:
    """What one case's sampled exploration reports as not reached, named as the check names each place."""
    names = set()
    for word, ident, _ in unreached(story, exploration).places():
        if word == "choice":
            scene, choice = ident.split(".", 1)
            names.add(f"choice '{choice}' in scene '{scene}'")
        else:
            names.add(f"{word} '{ident}'")
    return names


def test_what_a_transcript_reaches_is_never_reported_unreached(mini, capsys) -> None:
    # A search cut short after two states, with no random playthroughs, reaches almost nothing.
    explorations = {case: explore(mini, case, 2, walks=0) for case in mini.cases}
    before = _never(mini, explorations["nabil_case"])
    assert {"scene 'office'", "ending 'end_solved'"} <= before
    args = argparse.Namespace(transcript=[str(MINI_TRANSCRIPTS / "nabil_case.yaml")], branch=[])
    add_witnesses(mini, explorations, args)
    after = _never(mini, explorations["nabil_case"])
    assert capsys.readouterr().err == "witnessed by 1 transcript(s)\n"
    witnessed = {"scene 'office'", "scene 'roof'", "choice 'search' in scene 'opening'", "choice 'look' in scene "
                 "'roof'", "choice 'back' in scene 'roof'", "choice 'office' in scene 'opening'",
                 "choice 'note' in scene 'office'", "ending 'end_solved'"}
    assert not after & witnessed
    # The scenes it reached are now known, so the choices there that it did not take are reported.
    assert "choice 'rude' in scene 'office'" in after
    # The search found no solve; the transcript that solves the case is one, its path exactly as replayed.
    assert explorations["june_case"].solve_path is None
    solved = explorations["nabil_case"].solve_path
    assert solved is not None and solved[-1].startswith("accuse nabil ")
    assert len(solved) == len(yaml.safe_load((MINI_TRANSCRIPTS / "nabil_case.yaml").read_text())["steps"])


def test_a_transcript_of_another_story_is_said_and_skipped(mini, tmp_path, capsys) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("story: elsewhere\ncase: june_case\nsteps: []\n", encoding="utf-8")
    explorations = {case: explore(mini, case, 2, walks=0) for case in mini.cases}
    add_witnesses(mini, explorations, argparse.Namespace(transcript=[str(other)], branch=[]))
    assert capsys.readouterr().err.splitlines()[0].endswith(
        "other.yaml: not a transcript of this story; not used as a witness")


def test_cli_takes_a_packs_own_transcripts() -> None:
    done = archer("check", str(MINI_STORY), "--transcript", str(MINI_TRANSCRIPTS / "june_case.yaml"))
    assert "witnessed by 1 transcript(s)\n" in done.stderr
