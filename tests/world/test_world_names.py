"""The names an expression can use are declared once (game.world.names): the compiler, the evaluator and the
docs table all follow that declaration."""

from __future__ import annotations

import re
from pathlib import Path

from game.engine import evaluate
from game.world import expr_compiler
from game.world.names import BARE, NAMESPACES, names_table

DOCS = Path(__file__).resolve().parents[2] / "docs" / "format.md"


def test_the_docs_table_is_generated_from_the_declaration():
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- names: [^\n]*-->\n(.*?)<!-- /names -->", text, re.S)
    assert found is not None, "docs/format.md lost its generated names table"
    assert found.group(1) == names_table()


def test_the_table_has_one_row_per_declared_name():
    rows = names_table().splitlines()[2:]
    assert [row.split("`")[1].split(".")[0] for row in rows] == [*NAMESPACES, *BARE]


def test_the_evaluator_reads_every_declared_name_and_nothing_else():
    assert set(evaluate._GET) == set(NAMESPACES)
    assert set(evaluate._BARE) == set(BARE)


def test_the_compiler_uses_the_declaration():
    assert expr_compiler.NAMESPACES is NAMESPACES and expr_compiler.BARE is BARE
