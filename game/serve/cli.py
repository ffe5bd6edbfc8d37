"""The arguments of `archer serve` (game/cli.py lists the command and imports this module only to run it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.serve.options import DEFAULT_HOST, DEFAULT_MAX_VISITORS, DEFAULT_PORT, ServeOptions


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        description="Serve the game to web browsers, one game process per visitor. Only this machine can connect "
        "unless --host names another address; then each visitor gets a private save space.",
        epilog="Exit codes: 0 stopped with Ctrl+C; 1 the address cannot be listened on; 2 usage error.",
    )
    parser.add_argument("--story", metavar="DIR", help="story folder (default: the shipped story)")
    parser.add_argument("--branch", metavar="PATH", action="append", default=[],
                        help="load a branch pack (repeatable)")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 is every "
                        "network address)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on (default: 8000)")
    parser.add_argument("--saves", metavar="DIR",
                        help="save folder; with private saves, the folder that holds each visitor's own")
    parser.add_argument("--hosted", action="store_true",
                        help="private saves for each visitor even on 127.0.0.1 (for a reverse proxy in front)")
    parser.add_argument("--max-visitors", metavar="N", type=int, default=DEFAULT_MAX_VISITORS,
                        help=f"games running at once (default: {DEFAULT_MAX_VISITORS})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """`archer serve`: check the arguments, then serve until Ctrl+C."""
    if not 1 <= args.port <= 65535:
        print(f"archer serve: --port {args.port} is not a port; use 1 to 65535.", file=sys.stderr)
        return 2
    if args.max_visitors < 1:
        print("archer serve: --max-visitors must be at least 1.", file=sys.stderr)
        return 2
    from game.serve.server import serve

    return serve(
        ServeOptions(
            host=args.host,
            port=args.port,
            story=Path(args.story).resolve() if args.story else None,
            branches=tuple(Path(b).resolve() for b in args.branch),
            saves=Path(args.saves).expanduser().resolve() if args.saves else None,
            hosted=args.hosted,
            max_visitors=args.max_visitors,
        )
    )
