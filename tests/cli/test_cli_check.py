"""`archer check`: exit codes, the file:line:col report, and the JSON formats."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<code>AR\d{3}) (?P<severity>error|warning): .+$")
INT_KEYS = ("scenes", "words", "choices", "clues", "deductions", "statements", "endings", "locations", "days",
            "characters")


def broken_copy(source: Path, tmp_path: Path) -> Path:
    """A copy of the mini fixture with a typo in a goto and a YAML boolean for an id."""
    root = tmp_path / "broken"
    shutil.copytree(source.parent, root)
    scenes = root / "story" / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("goto: roof, time: 1}", "goto: rooof, time: 1}"))
    mystery = root / "story" / "mystery.yaml"
    mystery.write_text(mystery.read_text().replace('{id: envy, text: "Envy"}', '{id: on, text: "Envy"}'))
    return root / "story"


def test_a_clean_story_exits_0(archer, clean_dir):
    done = archer("check", str(clean_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.endswith("0 error(s), 0 warning(s)\n")


def test_a_broken_copy_exits_1_with_file_line_col_lines(archer, mini_dir, tmp_path):
    story = broken_copy(mini_dir, tmp_path)
    done = archer("check", "story", cwd=story.parent)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if not line.startswith("    hint: ")]
    assert lines and all(LINE.match(line) for line in lines), done.stdout
    text = (story / "scenes.yaml").read_text()
    index = text.index("rooof")
    line = text.count("\n", 0, index) + 1
    col = index - text.rfind("\n", 0, index)
    assert f"story/scenes.yaml:{line}:{col}: AR031 error: unknown scene or ending 'rooof'" in lines
    assert "    hint: did you mean 'roof'?" in done.stdout
    assert any(line.startswith("story/mystery.yaml:") and " AR012 error: " in line for line in lines)
    assert re.search(r"\d+ error\(s\), \d+ warning\(s\)\n$", done.stderr)


def test_mystery_rules_failing_exit_1(archer, mini_dir):
    done = archer("check", str(mini_dir))
    assert done.returncode == 1
    assert " AR060 error: case 'june_case': only 1 obtainable item(s) carry means against june (thread)" in done.stdout


def test_a_missing_folder_exits_1_with_one_line(archer, tmp_path):
    done = archer("check", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == f"{tmp_path / 'nowhere'}:1:1: AR007 error: story folder not found"
    assert "Traceback" not in done.stderr


def test_usage_error_exits_2(archer, clean_dir):
    assert archer("check", str(clean_dir), "--max-states", "lots").returncode == 2


def test_json_format_parses(archer, mini_dir, tmp_path):
    story = broken_copy(mini_dir, tmp_path)
    done = archer("check", "--format", "json", str(story))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert report["errors"] == sum(1 for d in report["diagnostics"] if d["severity"] == "error")
    assert report["warnings"] == len(report["diagnostics"]) - report["errors"]
    for diagnostic in report["diagnostics"]:
        assert set(diagnostic) == {"code", "severity", "path", "line", "col", "message", "hint"}
        assert isinstance(diagnostic["line"], int) and isinstance(diagnostic["col"], int)
        assert re.fullmatch(r"AR\d{3}", diagnostic["code"])
    assert any(d["code"] == "AR031" and "rooof" in d["message"] for d in report["diagnostics"])


def test_json_of_a_clean_story(archer, clean_dir):
    done = archer("check", "--format", "json", str(clean_dir))
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "ok": True, "errors": 0, "warnings": 0, "diagnostics": [],
        # The shortest argument: one piece per point, and the clue that breaks June's alibi on top.
        "shortest_argument": {"only_case": {"cited": ["rosin", "diary", "camera"], "breaks": "june_alibi",
                                            "with": "sign_in", "clues": ["camera", "diary", "rosin", "sign_in"],
                                            "size": 4, "days": [0]}},
    }


def test_stats_json_has_integer_counts(archer, clean_dir):
    done = archer("check", "--stats", "--format", "json", str(clean_dir))
    assert done.returncode == 0
    report = json.loads(done.stdout)
    for key in INT_KEYS:
        assert type(report[key]) is int, key
    assert report["scenes"] == 1 and report["clues"] == 10 and report["endings"] == 4 and report["days"] == 1
    assert report["cases"] == {"only_case": {"culprit": "june", "motive": "envy", "crime": None,
                                             "shortest_solve": report["shortest_solve"]["only_case"]}}
    assert type(report["shortest_solve"]["only_case"]) is int
    assert type(report["states_explored"]["only_case"]) is int
    assert report["ok"] is True


def test_stats_as_text(archer, clean_dir):
    done = archer("check", "--stats", str(clean_dir))
    assert done.returncode == 0
    assert "scenes: 1\n" in done.stdout and "clues: 10\n" in done.stdout
    solve = json.loads(archer("check", "--stats", "--format", "json", str(clean_dir)).stdout)["shortest_solve"]
    assert f"case only_case: june (envy); no crime declared; shortest solve {solve['only_case']} actions\n" in (
        done.stdout)
    assert ("shortest argument, case only_case: camera, diary, rosin, sign_in (cites rosin, diary, camera; breaks "
            "june_alibi with sign_in)\n") in done.stdout


def test_quick_skips_exploration(archer, clean_dir):
    done = archer("check", "--quick", str(clean_dir))
    assert done.returncode == 0
    assert "explored" not in done.stderr


def test_exhaustive_check_proves_what_the_sample_only_warns_about(archer, mini_dir, tmp_path):
    """With --exhaustive the mini story's whole state space is searched: no coverage warning, and a choice that
    can never be offered is reported as never taken without the 'sampled' caveat."""
    copy = tmp_path / "mini"
    shutil.copytree(mini_dir.parent, copy)
    scenes = copy / "story" / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace(
        '{id: rude, text: "Be rude.", do: ["standing -= 1"], goto: office}',
        '{id: rude, text: "Be rude.", do: ["standing -= 1"], goto: office, when: "standing > 9"}'))
    done = archer("check", str(copy / "story"), "--exhaustive", "--format", "json")
    report = json.loads(done.stdout)
    codes = [d["code"] for d in report["diagnostics"]]
    assert "AR075" not in codes
    [never] = [d for d in report["diagnostics"] if d["code"] == "AR073"]
    assert never["message"] == "choice 'rude' in scene 'office' is never taken in any case"
