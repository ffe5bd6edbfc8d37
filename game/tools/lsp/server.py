"""The language server: pygls over stdio, answering from a `Project`.

Diagnostics: the story is loaded with the editor's unsaved texts a moment after each change (load-level
diagnostics, as `archer check --quick` reports them before the mystery rules), and on save the mystery checks of
`archer check --quick` run too. Completion, go-to-definition, find-references, hover and the outline work on the
text of the file, with the ids of the last story that loaded.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from game import __version__
from game.tools.lsp.context import Spot, field_doc, is_transcript, root_model, spot_at
from game.tools.lsp.project import Definition, Project, occurrences, resolved, word_at
from game.tools.lsp.symbols import Symbol, outline
from game.world.diagnostics import Diagnostic
from game.world.names import NAMESPACES

CHANGE_DELAY = 0.15
"""Seconds of quiet after a change before the story is loaded again: typing is not slowed by a load per key."""
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
ITEM_KINDS = {"node": lsp.CompletionItemKind.Class, "choice": lsp.CompletionItemKind.Method,
              "clue": lsp.CompletionItemKind.Value, "statement": lsp.CompletionItemKind.Text,
              "flag": lsp.CompletionItemKind.Constant, "var": lsp.CompletionItemKind.Variable,
              "character": lsp.CompletionItemKind.Reference, "place": lsp.CompletionItemKind.Folder}
SYMBOL_KINDS = {"scene": lsp.SymbolKind.Class, "ending": lsp.SymbolKind.Class, "choice": lsp.SymbolKind.Method,
                "clue": lsp.SymbolKind.Constant, "deduction": lsp.SymbolKind.Constant,
                "statement": lsp.SymbolKind.String, "hook": lsp.SymbolKind.Event}


class StoryServer(LanguageServer):
    """The server with its project, made on `initialized` from the workspace folder."""

    def __init__(self) -> None:
        super().__init__("archer", __version__)
        self.project: Project | None = None
        self.published: set[str] = set()
        self.pending: asyncio.TimerHandle | None = None

    def get_project(self) -> Project:
        if self.project is None:
            root = self.workspace.root_path
            self.project = Project(Path(root) if root else Path.cwd())
        return self.project

    def texts(self) -> dict[Path, str]:
        """The open documents, as the editor has them."""
        return {Path(to_fs_path(uri) or uri): doc.source for uri, doc in self.workspace.text_documents.items()}

    def check(self, mystery: bool) -> None:
        """Load the story and publish every diagnostic, clearing files that have none left."""
        project = self.get_project()
        diagnostics = project.load(self.texts(), mystery)
        by_uri: dict[str, list[lsp.Diagnostic]] = {}
        for diagnostic in diagnostics:
            path = resolved(diagnostic.path)
            uri = from_fs_path(str(path)) or str(path)
            by_uri.setdefault(uri, []).append(self._diagnostic(diagnostic, path))
        # Files that had diagnostics and have none now are cleared; so are open files, so the editor knows
        # they were checked.
        for uri in (self.published | set(self.workspace.text_documents)) - set(by_uri):
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri, found in by_uri.items():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=found))
        self.published = set(by_uri)

    def _diagnostic(self, diagnostic: Diagnostic, path: Path) -> lsp.Diagnostic:
        line, col = max(diagnostic.line - 1, 0), max(diagnostic.col - 1, 0)
        text = self._text_of(path)
        word = word_at(text, line, col) if text is not None else None
        end = word[2] if word and word[1] == col else col + 1
        message = f"{diagnostic.message}\nhint: {diagnostic.hint}" if diagnostic.hint else diagnostic.message
        return lsp.Diagnostic(
            range=lsp.Range(start=lsp.Position(line=line, character=col), end=lsp.Position(line=line, character=end)),
            message=message, severity=SEVERITY.get(diagnostic.severity, lsp.DiagnosticSeverity.Error),
            code=diagnostic.code, source="archer")

    def _text_of(self, path: Path) -> str | None:
        uri = from_fs_path(str(path))
        if uri and uri in self.workspace.text_documents:
            return self.workspace.text_documents[uri].source
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def schedule_check(self) -> None:
        if self.pending is not None:
            self.pending.cancel()
        self.pending = asyncio.get_running_loop().call_later(CHANGE_DELAY, self.check, False)

    # ---------------------------------------------------------------------------------------- answers

    @staticmethod
    def spot(text: str, line: int, character: int) -> Spot:
        return spot_at(text, line, character, transcript=is_transcript(text))

    def definitions_at(self, uri: str, position: lsp.Position) -> tuple[str, list[Definition]]:
        """The id under the cursor and where it is defined, using what the field or expression expects."""
        text = self.workspace.get_text_document(uri).source
        found = word_at(text, position.line, position.character)
        if found is None:
            return "", []
        word = found[0]
        spot = self.spot(text, position.line, found[1])
        index = self.get_project().index
        definitions = index.find(word, spot.kinds or None)
        if not definitions and spot.kinds:
            definitions = index.find(word)
        if not definitions:
            definitions = [d for key, d in index.ids.get("choice", {}).items() if key.endswith("." + word)]
        return word, definitions

    def references(self, word: str, definitions: list[Definition]) -> list[lsp.Location]:
        """Every place `word` stands for one of `definitions`: where a field or an expression expects an id of
        their kind, and the definitions themselves (the same word in prose, or naming another kind, is not)."""
        kinds = {d.kind for d in definitions}
        defined_at = {(d.path, d.line - 1, d.col - 1) for d in definitions}
        open_texts = self.texts()
        project = self.get_project()
        locations: list[lsp.Location] = []
        for path in [*project.files(), *(p for p in open_texts if p not in project.files())]:
            text = open_texts.get(path)
            if text is None:
                text = self._text_of(path)
            if text is None:
                continue
            lines = text.splitlines()
            transcript = is_transcript(text)
            for line, col in occurrences(text, word):
                if (path, line, col) not in defined_at:
                    spot = spot_at(text, line, col, transcript)
                    # In an expression, a word after an unknown `name.` names nothing; any other word there
                    # (a string compared with `at.june`, say) may be the id.
                    loose = spot.in_expression and not spot.kinds and not lines[line][:col].endswith(".")
                    if not (set(spot.kinds) & kinds or loose):
                        continue
                locations.append(lsp.Location(uri=from_fs_path(str(path)) or str(path), range=lsp.Range(
                    start=lsp.Position(line=line, character=col),
                    end=lsp.Position(line=line, character=col + len(word)))))
        return locations


def _labels(kind: str, ids: dict[str, Definition]) -> dict[str, list[Definition]]:
    """What completion offers for a kind of id, with the definitions behind each label: a choice is offered by
    its own id (the index keeps it as `scene.choice`), once for all the scenes that have one of that id."""
    labels: dict[str, list[Definition]] = {}
    for ident, definition in sorted(ids.items()):
        labels.setdefault(ident.rpartition(".")[2] if kind == "choice" else ident, []).append(definition)
    return labels


def _item(kind: str, label: str, definitions: list[Definition]) -> lsp.CompletionItem:
    detail = definitions[0].summary if len(definitions) == 1 else \
        f"{kind} in {', '.join(d.ident.partition('.')[0] for d in definitions)}"
    return lsp.CompletionItem(label=label, kind=ITEM_KINDS.get(kind, lsp.CompletionItemKind.Value), detail=detail,
                              sort_text=label)


def _location(definition: Definition) -> lsp.Location:
    at = lsp.Position(line=definition.line - 1, character=definition.col - 1)
    return lsp.Location(uri=from_fs_path(str(definition.path)) or str(definition.path),
                        range=lsp.Range(start=at, end=at))


def _symbol(symbol: Symbol) -> lsp.DocumentSymbol:
    def pos(at: tuple[int, int]) -> lsp.Position:
        return lsp.Position(line=at[0], character=at[1])

    return lsp.DocumentSymbol(
        name=symbol.name, detail=symbol.kind, kind=SYMBOL_KINDS.get(symbol.kind, lsp.SymbolKind.Object),
        range=lsp.Range(start=pos(symbol.start), end=pos(symbol.end)),
        selection_range=lsp.Range(start=pos(symbol.name_at), end=pos(symbol.name_at)),
        children=[_symbol(child) for child in symbol.children] or None)


def build_server() -> StoryServer:
    """The server with every feature registered."""
    server = StoryServer()

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: StoryServer, params: lsp.InitializedParams) -> None:
        ls.get_project()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: StoryServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.check(mystery=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: StoryServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule_check()

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: StoryServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if ls.pending is not None:
            ls.pending.cancel()
        ls.check(mystery=True)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[".", " ", "[", ","]))
    def completion(ls: StoryServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        text = ls.workspace.get_text_document(params.text_document.uri).source
        spot = ls.spot(text, params.position.line, params.position.character)
        index = ls.get_project().index
        items = [_item(kind, ident, definitions) for kind in spot.kinds
                 for ident, definitions in _labels(kind, index.ids.get(kind, {})).items()]
        if spot.in_expression and not spot.kinds:
            items = [lsp.CompletionItem(label=name, kind=lsp.CompletionItemKind.Module,
                                        detail=f"{name}.ID: ids of {ns.keys}s")
                     for name, ns in sorted(NAMESPACES.items())]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: StoryServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        _, found = ls.definitions_at(params.text_document.uri, params.position)
        return [_location(d) for d in found]

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: StoryServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        word, found = ls.definitions_at(params.text_document.uri, params.position)
        if not found:
            return []
        locations = ls.references(word, found)
        if not params.context.include_declaration:
            declared = {(_location(d).uri, d.line - 1, d.col - 1) for d in found}
            locations = [loc for loc in locations
                         if (loc.uri, loc.range.start.line, loc.range.start.character) not in declared]
        return locations

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: StoryServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        text = ls.workspace.get_text_document(uri).source
        found = word_at(text, params.position.line, params.position.character)
        if found is None:
            return None
        spot = ls.spot(text, params.position.line, found[1])
        at = lsp.Range(start=lsp.Position(line=params.position.line, character=found[1]),
                       end=lsp.Position(line=params.position.line, character=found[2]))
        if spot.on_key and not spot.kinds:
            doc = field_doc(root_model(Path(to_fs_path(uri) or uri), text), spot.keys)
            if doc is None:
                return None
            return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=doc), range=at)
        word, definitions = ls.definitions_at(uri, params.position)
        if not definitions:
            return None
        value = "\n\n".join(f"`{word}`: {d.summary}" for d in definitions)
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=value), range=at)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: StoryServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        uri = params.text_document.uri
        text = ls.workspace.get_text_document(uri).source
        return [_symbol(s) for s in outline(Path(to_fs_path(uri) or uri), text)]

    return server
