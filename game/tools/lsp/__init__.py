"""`archer lsp`: a language server for the story format, over stdio, for any editor that speaks the Language
Server Protocol (set-up for VS Code, Neovim and Helix: docs/editors.md).

The server (game.tools.lsp.server) is imported only when the command runs, so that building the command line
does not load pygls.
"""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lsp",
        description="Run the language server for story and branch-pack YAML over stdin and stdout: diagnostics "
        "as you type (and the mystery checks on save), completion of ids, go-to-definition, find-references, "
        "hover documentation and the outline of a file. Editors start it themselves; see docs/editors.md.",
        epilog="Exit codes: 0 when the editor shuts the server down.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until the editor says exit."""
    from game.tools.lsp.server import build_server

    build_server().start_io()
    return 0
