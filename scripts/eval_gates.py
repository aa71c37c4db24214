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
    ceiling: bool = False  # the figure must stay at or below ``floor`` instead


def _dig(data: Any, path: tuple[str | int, ...]) -> float:
    for key in path:
        data = data[key]
    return float(data)


# group -> command arguments after `newsledger eval`, with {shared} substituted
COMMANDS: dict[str, list[str]] = {
    "gold": ["gold", "{shared}/examples", "--json"],
    "timeml": ["timeml", "{shared}/data/timebank", "--json"],
    "brat": ["brat", "{shared}/data/polnear/data/dev", "--json"],
    "removal": ["removal", "--source", "{shared}/data/news/allsides-articles.jsonl", "--n", "300", "--seed", "14", "--json"],
    "ptc": ["ptc", "{shared}/data/ptc", "--json"],
    # the opt-in MiniLM framing tagger (needs the ml extra)
    "ptc_accurate": ["ptc", "{shared}/data/ptc", "--json", "--accurate"],
}

# Floors: an issue's "done when" target where it is met ("target"), otherwise the measured figure less a
# small margin, so that a change that makes things worse fails CI ("regression floor").
GATES: list[Gate] = [
    Gate("gold", "entity mention recall, examples (target)", ("total", "entities", "recall"), 0.85),
    Gate("gold", "entity alias grouping, examples (target)", ("total", "entities", "alias_grouping", "accuracy"), 0.80),
    Gate("gold", "removed passages F1, examples", ("total", "removed", "f1"), 0.99),
    # The examples are a smoke test, never a tuning target: the learned events stage (issue 19) is tuned on the
    # round's dev split (newsledger eval gold --round data/annotations/news-2026-12 --split dev); these floors
    # are its example figures (0.489 type-aware, 0.616 type-agnostic) minus a margin of 0.05.
    Gate("gold", "event F1 type-aware, examples (smoke floor)", ("total", "events", "f1"), 0.44),
    Gate("gold", "event F1 type-agnostic, examples (smoke floor)", ("total", "events", "type_agnostic", "f1"), 0.56),
    Gate("gold", "quote F1, examples (regression floor)", ("total", "quotes", "f1"), 0.87),
    Gate("gold", "timex value accuracy, examples (regression floor)", ("total", "timexes", "value", "accuracy"), 0.90),
    Gate("timeml", "TimeBank+AQUAINT relaxed span F1 (target)", (-1, "relaxed_f1"), 0.90),
    # value F1 measured in round 4 (docs/dates.md): both 0.8391, AQUAINT 0.8050, TimeBank 0.8551 (target 0.85 met
    # on TimeBank; floors sit just below the figures; AQUAINT's 0.85 is out of reach, see the ceiling analysis)
    Gate("timeml", "TimeBank+AQUAINT value F1 (regression floor)", (-1, "value_f1"), 0.837),
    # rows of `eval timeml` come in sorted folder order: 0 = AQUAINT, 1 = TimeBank, -1 = both
    Gate("timeml", "AQUAINT value F1 (regression floor)", (0, "value_f1"), 0.803),
    Gate("timeml", "TimeBank value F1 (regression floor)", (1, "value_f1"), 0.853),
    # speech-only targets 0.75 / 0.62 / 0.85 are met (0.788 / 0.666 / 0.932 in round 2): floors follow the figures
    Gate("brat", "PolNeAR dev speech content F1 J>=0.5 (floor)", ("speech", "content_jaccard", "f1"), 0.78),
    Gate("brat", "PolNeAR dev speech exact content F1 (floor)", ("speech", "content_exact", "f1"), 0.655),
    Gate("brat", "PolNeAR dev speaker accuracy, all (floor)", ("all", "speaker_accuracy"), 0.90),
    # all attributions (speech, belief, knowledge): targets 0.75 / 0.62 not met yet (0.655 / 0.533)
    Gate("brat", "PolNeAR dev all content F1 J>=0.5 (regression floor)", ("all", "content_jaccard", "f1"), 0.645),
    Gate("brat", "PolNeAR dev all exact content F1 (regression floor)", ("all", "content_exact", "f1"), 0.525),
    Gate("removal", "splice set boilerplate recall (target)", ("boilerplate_recall",), 0.95),
    Gate("removal", "splice set boilerplate precision (target)", ("boilerplate_precision",), 0.95),
    Gate("removal", "splice set off-topic recall (regression floor)", ("off_topic_recall",), 0.79),
    Gate("removal", "article characters wrongly removed (target, max)", ("article_chars_wrongly_removed_off_topic",), 0.01, True),
    Gate("ptc", "PTC held-out Loaded_Language span F1 (regression floor)", ("techniques", "Loaded_Language", "f1"), 0.25),
    Gate("ptc", "PTC held-out Name_Calling span F1 (regression floor)", ("techniques", "Name_Calling,Labeling", "f1"), 0.22),
    Gate("ptc", "PTC held-out span identification F1 (regression floor)", ("span_identification", "f1"), 0.27),
    # accurate mode (MiniLM tagger, docs/framing.md): 0.326 / 0.278 / 0.342 measured; target LL 0.45 not met
    Gate("ptc_accurate", "PTC held-out Loaded_Language F1, --accurate (regression floor)", ("techniques", "Loaded_Language", "f1"), 0.31),
    Gate("ptc_accurate", "PTC held-out Name_Calling F1, --accurate (regression floor)", ("techniques", "Name_Calling,Labeling", "f1"), 0.26),
    Gate("ptc_accurate", "PTC held-out span identification F1, --accurate (floor)", ("span_identification", "f1"), 0.33),
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
            ok = value <= gate.floor if gate.ceiling else value >= gate.floor
            failed += not ok
            bound = "max" if gate.ceiling else "floor"
            print(f"{'PASS' if ok else 'FAIL'} {gate.group:8} {gate.label:58} {value:.3f} ({bound} {gate.floor:.2f})")
        print(f"     {group} took {time.time() - t0:.0f}s")
    print(f"gates: {len([g for g in GATES if g.group in groups]) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
