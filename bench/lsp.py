"""`python -m bench lsp`: the story language server on the shipped story, driven by a real LSP client.

Two figures: the time to answer a completion (after `goto: ` in a scene file; target 200 ms) and the time from a
change to the load-level diagnostics it causes (target 1 s; this includes the server's wait for typing to stop).
Each is the median of several tries; the floor is a bare YAML parse of the same files, measured in this run.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from bench.figures import ROOT, _yaml_baseline, row

TRIES = 7


async def _measure(story: Path) -> tuple[float, float]:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    client = LanguageClient("archer-bench", "1")
    arrived = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: lsp.PublishDiagnosticsParams) -> None:
        arrived.set()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.start_io(sys.executable, "-m", "game", "lsp", cwd=str(story), env=env)
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                       root_uri=from_fs_path(str(story))))
    client.initialized(lsp.InitializedParams())
    scene_file = sorted(p for p in story.rglob("*.yaml") if "scenes:" in p.read_text(encoding="utf-8"))[0]
    uri = from_fs_path(str(scene_file))
    text = scene_file.read_text(encoding="utf-8")
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="yaml", version=1, text=text)))
    await asyncio.wait_for(arrived.wait(), 120)
    lines = text.splitlines()
    goto = next(i for i, line in enumerate(lines) if line.strip().startswith("goto:"))
    column = lines[goto].index("goto:") + len("goto: ")
    completions, diagnostics = [], []
    for version in range(2, 2 + TRIES):
        began = time.perf_counter()
        await client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=goto, character=column)))
        completions.append(time.perf_counter() - began)
        arrived.clear()
        changed = text if version % 2 else text.replace("goto:", "goto: ", 1)
        began = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=changed)]))
        await asyncio.wait_for(arrived.wait(), 120)
        diagnostics.append(time.perf_counter() - began)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return statistics.median(completions), statistics.median(diagnostics)


def lsp() -> list[dict]:
    """Completion latency and change-to-diagnostics time of `archer lsp` on the shipped story."""
    from game.paths import story_dir

    story = story_dir()
    completion, diagnostics = asyncio.run(_measure(story))
    base = min(_yaml_baseline(story) for _ in range(3))
    return [row("lsp completion after goto: (s)", completion, "s", base, "<= 0.2 s", completion <= 0.2),
            row("lsp change to diagnostics (s)", diagnostics, "s", base, "<= 1 s", diagnostics <= 1.0)]
