"""`archer lsp`: a real LSP client (pygls's) starts the server process over pipes and talks to it about a copy of
the mini story with its branch pack, as an editor would."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from .conftest import ROOT

WAIT = 60.0
"""Seconds a test waits for the server before failing (the machine may be busy; nothing here is timed)."""


class Editor:
    """The client side: open documents, and the diagnostics the server has published per file."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.published: dict[str, list[lsp.Diagnostic]] = {}
        self.changed = asyncio.Event()
        self.versions: dict[str, int] = {}
        self.copy: Any = None
        """The StoryCopy the workspace is (tests/conftest.py), to edit before opening files."""

    def uri(self, relative: str) -> str:
        return from_fs_path(str(self.root / relative))

    async def wait_for(self, condition: Callable[[], bool]) -> None:
        async def loop() -> None:
            while not condition():
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(loop(), WAIT)

    def open(self, relative: str) -> str:
        uri = self.uri(relative)
        self.versions[uri] = 1
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
            uri=uri, language_id="yaml", version=1, text=(self.root / relative).read_text(encoding="utf-8"))))
        return uri

    def change(self, relative: str, text: str) -> None:
        uri = self.uri(relative)
        self.versions[uri] += 1
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))

    def messages(self, relative: str) -> list[tuple[int, int, str, str]]:
        return [(d.range.start.line, d.range.start.character, str(d.code), d.message)
                for d in self.published.get(self.uri(relative), [])]

    def at(self, relative: str, line: int, character: int) -> dict[str, object]:
        """The text document and position fields of a request."""
        return {"text_document": lsp.TextDocumentIdentifier(uri=self.uri(relative)),
                "position": lsp.Position(line=line, character=character)}


@pytest.fixture
async def editor(copy_story) -> AsyncIterator[Editor]:
    copy = copy_story()
    root = copy.root
    client = LanguageClient("archer-test", "1")
    session = Editor(client, root)
    session.copy = copy

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: lsp.PublishDiagnosticsParams) -> None:
        session.published[params.uri] = list(params.diagnostics)
        session.changed.set()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.start_io(sys.executable, "-m", "game", "lsp", cwd=str(root), env=env)
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(root)),
        workspace_folders=[lsp.WorkspaceFolder(uri=from_fs_path(str(root)), name="mini")]))
    client.initialized(lsp.InitializedParams())
    yield session
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


async def test_diagnostics_as_you_type_then_cleared(editor: Editor) -> None:
    editor.open("story/scenes.yaml")
    await editor.wait_for(lambda: editor.uri("story/scenes.yaml") in editor.published)
    assert [m for m in editor.messages("story/scenes.yaml") if m[2].startswith("AR0") and "error" in m[3]] == []
    text = (editor.root / "story/scenes.yaml").read_text(encoding="utf-8")
    editor.change("story/scenes.yaml", text.replace("goto: roof, time: 1", "goto: rooof, time: 1"))
    await editor.wait_for(lambda: any(m[2] == "AR031" for m in editor.messages("story/scenes.yaml")))
    [found] = [m for m in editor.messages("story/scenes.yaml") if m[2] == "AR031"]
    assert found[:3] == (9, 53, "AR031")  # the 0-based line and column of `rooof`
    assert found[3].startswith("unknown scene or ending 'rooof'")
    editor.change("story/scenes.yaml", text)
    await editor.wait_for(lambda: not any(m[2] == "AR031" for m in editor.messages("story/scenes.yaml")))


async def test_mystery_checks_run_on_save(editor: Editor) -> None:
    uri = editor.open("story/mystery.yaml")
    # Opening a file runs the mystery checks too: with the pack's variant of `rose`, the mini story is short of
    # evidence in both cases, its arguments are three pieces long, and nothing clears the innocent.
    await editor.wait_for(lambda: uri in editor.published)
    assert {m[2] for m in editor.messages("story/mystery.yaml")} == {"AR060", "AR068", "AR069"}
    path = editor.root / "story/mystery.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("carries: [{point: means, against: june}]", "carries: []")
    path.write_text(broken, encoding="utf-8")
    editor.change("story/mystery.yaml", broken)
    editor.client.text_document_did_save(lsp.DidSaveTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    means = "case 'june_case': only 0 obtainable item(s) carry means against june"
    await editor.wait_for(lambda: any(m[3].startswith(means) for m in editor.messages("story/mystery.yaml")))
    assert [m[:3] for m in editor.messages("story/mystery.yaml") if m[3].startswith(means)] == [(5, 9, "AR060")]


async def test_completion_of_ids_where_a_field_or_expression_expects_one(editor: Editor) -> None:
    editor.open("story/scenes.yaml")
    await editor.wait_for(lambda: editor.uri("story/scenes.yaml") in editor.published)

    async def labels(line: str, character: int | None = None) -> set[str]:
        text = (editor.root / "story/scenes.yaml").read_text(encoding="utf-8") + line + "\n"
        editor.change("story/scenes.yaml", text)
        number = len(text.splitlines()) - 1
        result = await editor.client.text_document_completion_async(lsp.CompletionParams(
            **(editor.at("story/scenes.yaml", number, len(line) if character is None else character))))
        return {item.label for item in result.items}

    scenes_and_endings = {"opening", "roof", "office", "tue_start", "retry", "last_call", "attic_room",
                          "end_solved", "end_weak", "end_wrong", "end_expelled", "end_walked", "end_timeout"}
    assert await labels("      - {id: x, text: X, goto: ") >= scenes_and_endings
    assert "june" in await labels("    people: [")
    assert "studio" in await labels("    location: ")
    assert await labels('      - {id: y, text: Y, when: "flag.') == {"met_june", "attic_seen"}
    assert "nerve" in await labels('      - {id: y, text: Y, do: ["var.')
    assert {"thread", "rose", "log"} <= await labels('      - {id: y, text: Y, do: ["clue ')
    assert {"june_alibi", "nabil_alibi"} <= await labels('      - {id: y, text: Y, when: "heard.')


async def test_definition_references_and_hover_across_the_story_and_the_pack(editor: Editor) -> None:
    editor.open("pack/attic.yaml")
    await editor.wait_for(lambda: editor.uri("pack/attic.yaml") in editor.published)
    # `goto: opening` in the pack (line 7) leads to the scene in the story.
    line = (editor.root / "pack/attic.yaml").read_text(encoding="utf-8").splitlines()[6]
    column = line.index("opening") + 2
    [target] = await editor.client.text_document_definition_async(
        lsp.DefinitionParams(**(editor.at("pack/attic.yaml", 6, column))))
    assert (target.uri, target.range.start.line, target.range.start.character) == (
        editor.uri("story/scenes.yaml"), 1, 8)
    found = await editor.client.text_document_references_async(lsp.ReferenceParams(
        **(editor.at("pack/attic.yaml", 6, column)), context=lsp.ReferenceContext(include_declaration=True)))
    places = {(r.uri.rsplit("/", 2)[-2] + "/" + r.uri.rsplit("/", 1)[-1], r.range.start.line) for r in found}
    assert {("story/scenes.yaml", 1), ("story/scenes.yaml", 18), ("pack/attic.yaml", 6),
            ("pack/branch.yaml", 8)} <= places
    hover = await editor.client.text_document_hover_async(
        lsp.HoverParams(**(editor.at("pack/attic.yaml", 6, column))))
    assert hover.contents.value == "`opening`: scene at studio: Class ends. {name.june} is stretching at the barre " \
                                   "[left side]."
    # On a field's key: its documentation from the models.
    hover = await editor.client.text_document_hover_async(
        lsp.HoverParams(**(editor.at("pack/attic.yaml", 2, 6))))
    assert hover.contents.value == "**location** (Scene): A place id from the canon."


async def test_hover_on_a_clue_and_the_outline(editor: Editor) -> None:
    uri = editor.open("story/scenes.yaml")
    await editor.wait_for(lambda: uri in editor.published)
    line = (editor.root / "story/scenes.yaml").read_text(encoding="utf-8").splitlines()[14]
    hover = await editor.client.text_document_hover_async(
        lsp.HoverParams(**(editor.at("story/scenes.yaml", 14, line.index("thread") + 1))))
    assert hover.contents.value.startswith("`thread`: clue (")
    symbols = await editor.client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert [s.name for s in symbols][:6] == ["opening", "roof", "office", "tue_start", "retry", "last_call"]
    assert [c.name for c in symbols[0].children] == ["talk", "search", "office", "leave"]
    assert (symbols[0].range.start.line, symbols[0].range.end.line) == (1, 11)
    assert (symbols[-1].name, symbols[-1].detail) == ("end_timeout", "ending")


def test_the_workspace_layout_keeps_only_the_packs_of_its_story(tmp_path: Path) -> None:
    from game.tools.lsp.project import find_layout

    def pack(folder: str, text: str) -> Path:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "branch.yaml").write_text(text, encoding="utf-8")
        return tmp_path / folder

    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "story.yaml").write_text("id: tale\n", encoding="utf-8")
    mine = pack("packs/mine", "id: mine\nrequires: {story: tale, version: '1'}\n")
    pack("packs/zz_copy", "id: mine\nrequires: {story: tale, version: '1'}\n")
    pack("tests/fixture", "id: other\nrequires: {story: elsewhere, version: '1'}\n")
    broken = pack("packs/half_written", "id: [\n")
    pack(".hidden/pack", "id: hidden\nrequires: {story: tale, version: '1'}\n")
    assert find_layout(tmp_path) == (tmp_path / "story", [broken, mine])


async def complete_after(editor: Editor, relative: str, line: str) -> set[str]:
    """The labels offered at the end of `line`, written as a new last line of the file (then taken back)."""
    original = (editor.root / relative).read_text(encoding="utf-8")
    text = original + line + "\n"
    editor.change(relative, text)
    result = await editor.client.text_document_completion_async(lsp.CompletionParams(
        **(editor.at(relative, len(text.splitlines()) - 1, len(line)))))
    editor.change(relative, original)
    return {item.label for item in result.items}


def spots(locations: list[lsp.Location]) -> set[tuple[str, int, int]]:
    """(folder/file, line, column) of each location."""
    return {("/".join(loc.uri.rsplit("/", 2)[-2:]), loc.range.start.line, loc.range.start.character)
            for loc in locations}


async def test_a_packs_own_characters_places_and_vars(editor: Editor) -> None:
    editor.copy.give_the_pack_people()
    uri = editor.open("pack/attic.yaml")
    await editor.wait_for(lambda: uri in editor.published)
    assert editor.messages("pack/attic.yaml") == []
    characters = {"attic_mistress", "june", "nabil", "neveah", "topher"}
    places = {"attic", "office", "roof", "studio"}
    assert await complete_after(editor, "pack/attic.yaml", "    people: [") == characters
    assert await complete_after(editor, "pack/attic.yaml", "    location: ") == places
    assert await complete_after(editor, "pack/attic.yaml", "  attic_mistress: {schedule: {night: ") == places
    assert await complete_after(editor, "pack/attic.yaml", '      - {id: y, text: Y, when: "trust.') == characters
    assert await complete_after(editor, "pack/attic.yaml", '      - {id: y, text: Y, do: ["var.') == {"dust", "nerve"}

    lines = (editor.root / "pack/attic.yaml").read_text(encoding="utf-8").splitlines()

    async def definition(number: int, needle: str) -> set[tuple[str, int, int]]:
        found = await editor.client.text_document_definition_async(
            lsp.DefinitionParams(**(editor.at("pack/attic.yaml", number, lines[number].index(needle) + 1))))
        return spots(found)

    assert lines[9] == "    people: [attic_mistress]" and lines[8] == "    location: attic"
    assert await definition(9, "attic_mistress") == {("pack/attic.yaml", 1, 9)}
    assert await definition(8, "attic") == {("pack/attic.yaml", 3, 9)}
    assert await definition(13, "dust") == {("pack/branch.yaml", 14, 2)}
    assert await definition(13, "attic_mistress") == {("pack/attic.yaml", 1, 9)}
    hover = await editor.client.text_document_hover_async(
        lsp.HoverParams(**(editor.at("pack/attic.yaml", 9, lines[9].index("attic_mistress") + 1))))
    assert hover.contents.value == "`attic_mistress`: character: Mrs Vell, Keeps costumes."
    hover = await editor.client.text_document_hover_async(
        lsp.HoverParams(**(editor.at("pack/attic.yaml", 8, lines[8].index("attic") + 1))))
    assert hover.contents.value == "`attic`: place: The attic, Under the roof."
    # References: where a field or an expression takes a place, not the word in prose ("The attic", "Go back down
    # to the attic stairs.", the pack's own id `attic` in branch.yaml).
    found = await editor.client.text_document_references_async(lsp.ReferenceParams(
        **(editor.at("pack/attic.yaml", 8, 15)), context=lsp.ReferenceContext(include_declaration=True)))
    assert spots(found) == {("pack/attic.yaml", 3, 9), ("pack/attic.yaml", 5, 47), ("pack/attic.yaml", 8, 14)}
    # Hover on the parts only a pack's file has, and on a key inside a flow mapping.
    hover = await editor.client.text_document_hover_async(lsp.HoverParams(**(editor.at("pack/attic.yaml", 0, 3))))
    assert hover.contents.value == ("**characters** (PackFile): Characters the pack adds: usable in `people:`, "
                                    "conditions (`trust.X`) and effects like the canon's.")
    column = lines[1].index("portrait") + 2
    hover = await editor.client.text_document_hover_async(
        lsp.HoverParams(**(editor.at("pack/attic.yaml", 1, column))))
    assert hover.contents.value == "**portrait** (Character): One line that says who they are."
    symbols = await editor.client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert [(s.name, s.detail) for s in symbols] == [("attic_mistress", "character"), ("attic", "place"),
                                                     ("attic_room", "scene")]


async def test_a_transcript_completes_choice_ids_and_the_arguments_of_actions(editor: Editor) -> None:
    relative = "transcripts/june_case.yaml"
    path = editor.root / relative
    path.write_text(path.read_text(encoding="utf-8").replace("ending: end_solved\n", ""), encoding="utf-8")
    uri = editor.open(relative)
    await editor.wait_for(lambda: uri in editor.published)
    choices = {"attic_door", "back", "down", "give_up", "go_on", "leave", "look", "note", "office", "rude", "search",
               "sleep", "talk"}
    assert await complete_after(editor, relative, "  - do: ") == choices
    assert await complete_after(editor, relative, "  - do: se") == choices  # the editor filters by what is typed
    assert await complete_after(editor, relative, "  - do: present ") == {"thread", "rose", "log", "on_roof"}
    assert await complete_after(editor, relative, "  - do: present log ") == {"june_alibi", "nabil_alibi"}
    assert await complete_after(editor, relative, "  - do: accuse june ") == {"envy", "fear"}
    assert await complete_after(editor, relative, "  - do: accuse june envy thread ") == {
        "thread", "rose", "log", "on_roof"}
    assert await complete_after(editor, relative, "case: ") == {"june_case", "nabil_case"}
    # `do: search` leads to the choice in its scene; hover says where it goes; the key's documentation.
    lines = (editor.root / relative).read_text(encoding="utf-8").splitlines()
    number = lines.index("  - do: search")
    found = await editor.client.text_document_definition_async(
        lsp.DefinitionParams(**(editor.at(relative, number, 10))))
    assert spots(found) == {("story/scenes.yaml", 9, 8)}
    hover = await editor.client.text_document_hover_async(lsp.HoverParams(**(editor.at(relative, number, 10))))
    assert hover.contents.value == "`search`: choice in opening, to roof"
    hover = await editor.client.text_document_hover_async(lsp.HoverParams(**(editor.at(relative, 4, 1))))
    assert hover.contents.value.startswith("**case** (Transcript)")
