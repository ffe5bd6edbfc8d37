"""`make bench`: every figure of the performance issue, each with its ratio to a floor measured in this run.

Prints a table and writes bench/results.json. Nothing here is asserted: benchmarks measure, tests test.
Run a subset with `python -m bench startup load step keypress check memory saves lsp hosted peer`.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

from bench import figures, hosted, lsp, peer

ORDER = ("startup", "load", "step", "keypress", "check", "memory", "saves", "lsp", "hosted", "peer")
EXTRA = {"lsp": lsp.lsp, "hosted": hosted.hosted, "peer": peer.peer}
"""Figures measured by modules of their own."""


def main(argv: list[str]) -> int:
    wanted = [name for name in argv if name in ORDER] or list(ORDER)
    results: list[dict] = []
    began = time.perf_counter()
    for name in wanted:
        print(f"# {name} ...", file=sys.stderr, flush=True)
        for row in EXTRA[name]() if name in EXTRA else getattr(figures, name)():
            results.append(row)
            _print(row)
    out = Path(__file__).parent / "results.json"
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": _cpus(), "platform": platform.platform()},
        "seconds": round(time.perf_counter() - began, 1),
        "figures": results,
    }, indent=2) + "\n")
    print(f"\nwrote {out}", file=sys.stderr)
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _print(row: dict) -> None:
    ratio = f"{row['ratio']:.3f}" if row.get("ratio") is not None else "-"
    verdict = {True: "ok", False: "MISSED", None: ""}[row.get("met")]
    spread = f"  (rounds {row['spread'][0]:.2f} to {row['spread'][1]:.2f})" if row.get("spread") else ""
    print(f"{row['name']:<44} {row['value']:>10.3f} {row['unit']:<3} floor {row['floor']:>9.3f}  "
          f"ratio {ratio:>7}  target {row['target']:<12} {verdict}{spread}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
