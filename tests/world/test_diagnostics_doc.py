"""docs/diagnostics.md documents every diagnostic code exactly once, and names no code that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from game.world.diagnostics import CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "diagnostics.md"
HEADING = re.compile(r"^## (AR\d{3}): (.+)$", re.MULTILINE)
ANY_CODE = re.compile(r"\bAR\d{3}\b")


def entries() -> dict[str, str]:
    """Each entry's code -> its text, from its heading to the next."""
    text = DOC.read_text(encoding="utf-8")
    found = list(HEADING.finditer(text))
    return {m.group(1): text[m.start(): found[i + 1].start() if i + 1 < len(found) else len(text)]
            for i, m in enumerate(found)}


def test_every_code_has_exactly_one_entry():
    codes = HEADING.findall(DOC.read_text(encoding="utf-8"))
    listed = [code for code, _ in codes]
    assert len(listed) == len(set(listed)), "a code is documented twice"
    assert set(listed) == set(CODES)


def test_entries_are_in_code_order():
    listed = [code for code, _ in HEADING.findall(DOC.read_text(encoding="utf-8"))]
    assert listed == sorted(listed)


def test_every_entry_names_a_real_code_with_its_title():
    for code, title in HEADING.findall(DOC.read_text(encoding="utf-8")):
        assert code in CODES, f"{code} is documented but not registered"
        assert title == CODES[code].title


def test_every_entry_states_the_severity_cause_fix_and_example():
    for code, body in entries().items():
        assert f"**Severity:** {CODES[code].severity}\n" in body, code
        assert "**What triggers it:**" in body, code
        assert "**How to fix it:**" in body, code
        assert "**Example" in body, code


def test_every_example_line_has_the_diagnostic_shape():
    line = re.compile(r"^\S+:(\d+|LINE):(\d+|COL): (AR\d{3}) (error|warning): .+$", re.MULTILINE)
    for code, body in entries().items():
        shown = line.findall(body)
        assert shown, f"{code} has no example diagnostic line"
        for _, _, shown_code, severity in shown:
            assert shown_code == code, f"the example under {code} shows {shown_code}"
            assert severity == CODES[code].severity


def test_every_code_mentioned_anywhere_is_real():
    for code in set(ANY_CODE.findall(DOC.read_text(encoding="utf-8"))):
        assert code in CODES, code
