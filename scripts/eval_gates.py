"""Evaluation gates for CI: run the evaluators on ../shared data and fail when a figure drops below its floor.

Floors are the issues' "done when" targets where we meet them (see the README's evaluation table).
Usage: python scripts/eval_gates.py --shared ../shared [--only gold,timeml]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Gate:
    """One figure of one evaluation command, with its floor."""

    group: str
    label: str
    path: tuple[str | int, ...]
    floor: float


def _dig(data: Any, path: tuple[str | int, ...]) -> float:
    for key in path:
        data = data[key]
    return float(data)


# group -> (command arguments after `newsledger eval`, with {shared} substituted)
COMMANDS: dict[str, list[str]] = {
    "gold": ["gold", "{shared}/examples", "--json"],
}

GATES: list[Gate] = [
    Gate("gold", "entity mention recall (examples)", ("total", "entities", "recall"), 0.85),
    Gate("gold", "entity alias grouping (examples)", ("total", "entities", "alias_grouping", "accuracy"), 0.80),
]


def run_group(group: str, shared: Path, runner: Callable[[list[str]], str]) -> dict[str, Any]:
    args = [a.format(shared=shared) for a in COMMANDS[group]]
    return json.loads(runner(args))


def _cli(args: list[str]) -> str:
    out = subprocess.run([sys.executable, "-m", "newsledger", "eval", *args], check=True, capture_output=True, text=True)
    return out.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--only", default="", help="comma-separated groups to run")
    ns = ap.parse_args()
    groups = [g for g in COMMANDS if not ns.only or g in ns.only.split(",")]
    failed = 0
    for group in groups:
        t0 = time.time()
        data = run_group(group, ns.shared, _cli)
        for gate in (g for g in GATES if g.group == group):
            value = _dig(data, gate.path)
            ok = value >= gate.floor
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'} {gate.group:8} {gate.label:45} {value:.3f} (floor {gate.floor:.2f})")
        print(f"     {group} took {time.time() - t0:.0f}s")
    print(f"gates: {len([g for g in GATES if g.group in groups]) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
