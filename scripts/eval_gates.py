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
    # the annotation round's dev split (tuned on: regression floors only; the blind test is scored by the lead)
    "round_dev": ["gold", "--round", "data/annotations/news-2026-12", "--split", "dev", "--shared", "{shared}", "--json"],
    # round_test .. round_test3: blind tests scored once (docs/evaluation.md), retired to training at round fifteen
    # (data/annotations/retired.tsv): their gates are now floors on training documents, not blind figures
    "round_test": ["gold", "--round", "data/annotations/news-2026-12", "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    # the blind test of rounds news-2026-12b and -12c (80 documents, scored once on 2026-12-07 at 0fd1df8)
    "round_test2": ["gold", "--round", "data/annotations/news-2026-12b", "--round", "data/annotations/news-2026-12c",
                    "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    "round_test3": ["gold", "--round", "data/annotations/news-2026-12d", "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    # news-2026-12e (48 documents), scored once at the end of round fourteen, default and accurate mode; from round
    # fifteen a second dev set (not trained on)
    "round_test4": ["gold", "--round", "data/annotations/news-2026-12e", "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    "round_test4_accurate": ["gold", "--round", "data/annotations/news-2026-12e", "--split", "test", "--blind", "--shared", "{shared}",
                             "--json", "--accurate"],
    # news-2026-12f (48 documents), scored once at the end of round fifteen, default and accurate mode; retired to
    # training at round sixteen (its gates are floors on training documents from then on)
    "round_test5": ["gold", "--round", "data/annotations/news-2026-12f", "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    "round_test5_accurate": ["gold", "--round", "data/annotations/news-2026-12f", "--split", "test", "--blind", "--shared", "{shared}",
                             "--json", "--accurate"],
    # news-2026-12g (100 documents), the blind test of round sixteen, scored once at its end (c9e087f); retired to
    # training at round seventeen (floors on training documents from then on)
    "round_test6": ["gold", "--round", "data/annotations/news-2026-12g", "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    "round_test6_accurate": ["gold", "--round", "data/annotations/news-2026-12g", "--split", "test", "--blind", "--shared", "{shared}",
                             "--json", "--accurate"],
    # news-2026-12h (100 documents), the blind test of round seventeen, scored once at its end (5bbc56e)
    "round_test7": ["gold", "--round", "data/annotations/news-2026-12h", "--split", "test", "--blind", "--shared", "{shared}", "--json"],
    "round_test7_accurate": ["gold", "--round", "data/annotations/news-2026-12h", "--split", "test", "--blind", "--shared", "{shared}",
                             "--json", "--accurate"],
    # places-2026-12c (164 place mentions of news-2026-12f), scored once at the end of round fifteen
    "places_test": ["places", "data/annotations/places-2026-12c/test.jsonl", "--shared", "{shared}"],
    # the cleaning test splice set (test donor sources and frozen test families; docs/clean.md) and unspliced real news
    "cleaning": ["cleaning", "--set", "test", "--shared", "{shared}", "--json"],
    "cleaning_real": ["cleaning", "--set", "real", "--shared", "{shared}", "--json"],
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
    # are its example figures minus a margin of 0.05: 0.489 / 0.616 at first; with the word-vector trigger model
    # (third round, dev typed F1 0.429 -> 0.443) 0.432 type-aware (P 0.347, R 0.571), 0.600 type-agnostic.
    Gate("gold", "event F1 type-aware, examples (smoke floor)", ("total", "events", "f1"), 0.38),
    Gate("gold", "event F1 type-agnostic, examples (smoke floor)", ("total", "events", "type_agnostic", "f1"), 0.55),
    # issue #20 (speakers): quote F1 0.882 -> 0.944, speaker accuracy 0.931 -> 0.914, wrong named speakers 0.052 -> 0.069
    Gate("gold", "quote F1, examples (regression floor)", ("total", "quotes", "f1"), 0.90),
    Gate("gold", "quote speaker accuracy, examples (regression floor)", ("total", "quotes", "speaker", "accuracy"), 0.88),
    Gate("gold", "quotes with a wrong named speaker, examples (max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.10, True),
    Gate("gold", "timex value accuracy, examples (regression floor)", ("total", "timexes", "value", "accuracy"), 0.90),
    Gate("timeml", "TimeBank+AQUAINT relaxed span F1 (target)", (-1, "relaxed_f1"), 0.90),
    # value F1 measured in round 4 (docs/dates.md): both 0.8391, AQUAINT 0.8050, TimeBank 0.8551 (target 0.85 met
    # on TimeBank; floors sit just below the figures; AQUAINT's 0.85 is out of reach, see the ceiling analysis)
    # 2026-12-07: 0.835 / AQUAINT 0.794 with issue 21's boilerplate line model (it removed dated wire datelines and
    # one-sentence wire paragraphs); 0.839 / 0.804 since they are protected (docs/clean.md, round ten): floors restored
    Gate("timeml", "TimeBank+AQUAINT value F1 (regression floor)", (-1, "value_f1"), 0.837),
    # rows of `eval timeml` come in sorted folder order: 0 = AQUAINT, 1 = TimeBank, -1 = both
    Gate("timeml", "AQUAINT value F1 (regression floor)", (0, "value_f1"), 0.803),
    Gate("timeml", "TimeBank value F1 (regression floor)", (1, "value_f1"), 0.853),
    # speech only (issue #20: content F1 0.790, then 0.796 with carried passages; target 0.80 not met; speaker
    # accuracy 0.955, target 0.93 met)
    Gate("brat", "PolNeAR dev speech content F1 J>=0.5 (floor)", ("speech", "content_jaccard", "f1"), 0.785),
    Gate("brat", "PolNeAR dev speech exact content F1 (floor)", ("speech", "content_exact", "f1"), 0.665),
    Gate("brat", "PolNeAR dev speech speaker accuracy (target)", ("speech", "speaker_accuracy"), 0.93),
    Gate("brat", "PolNeAR dev speaker accuracy, all (floor)", ("all", "speaker_accuracy"), 0.92),
    # all attributions (speech, belief, knowledge): 0.614 / 0.513 since the learned quote filter of issue #20 drops
    # beliefs and findings that state no speech (the round's codebook); the old targets 0.75 / 0.62 are not met
    Gate("brat", "PolNeAR dev all content F1 J>=0.5 (regression floor)", ("all", "content_jaccard", "f1"), 0.60),
    Gate("brat", "PolNeAR dev all exact content F1 (regression floor)", ("all", "content_exact", "f1"), 0.50),
    # round news-2026-12 dev (issue #20): quote F1 0.822 -> 0.838, speaker 0.910 -> 0.937, speaker over all gold
    # quotes 0.759 -> 0.811 (target 0.92 not met), wrong named speakers 0.069 -> 0.046 (target 0.03 not met), entity
    # mention recall 0.726 (plain spaCy 0.468)
    Gate("round_dev", "round dev quote F1 (target 0.80)", ("total", "quotes", "f1"), 0.82),
    Gate("round_dev", "round dev speaker accuracy on matches (regression floor)", ("total", "quotes", "speaker", "accuracy"), 0.92),
    Gate("round_dev", "round dev speaker accuracy, all gold quotes (floor)", ("total", "quotes", "speaker_all", "accuracy"), 0.79),
    Gate("round_dev", "round dev quotes with a wrong named speaker (max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.06, True),
    Gate("round_dev", "round dev entity mention recall (regression floor)", ("total", "entities", "recall"), 0.70),
    # cleaning test set, default mode (docs/clean.md, round nine): boilerplate recall 0.924 / precision 0.978,
    # off-topic recall 0.678 at 0.54 %; real news 0.85 %. Targets 0.95 / 0.85 / 0.5 % not met: regression floors.
    # Round seventeen (trees + MLPs, scored once at its end): boilerplate 0.931 / 0.981, off-topic 0.691 at 0.40 %.
    Gate("cleaning", "cleaning test set boilerplate recall (regression floor)", ("boilerplate_recall",), 0.91),
    Gate("cleaning", "cleaning test set boilerplate precision (target)", ("boilerplate_precision",), 0.95),
    Gate("cleaning", "cleaning test set off-topic passage recall (regression floor)", ("off_topic_recall",), 0.67),
    Gate("cleaning", "cleaning test set article chars removed off-topic (target, max)",
         ("article_chars_wrongly_removed_off_topic",), 0.01, True),
    # real news: 0.501 % at round ten, 0.441 % at round twelve (digest rule, speaker margin, word-vector features)
    Gate("cleaning_real", "unspliced real news chars removed off-topic (regression ceiling)",
         ("all", "chars_removed_off_topic"), 0.006, True),
    # round news-2026-12 blind test (120 documents, 40 from held-out outlets, 20 from 1997 wires), scored once on
    # 2026-12-07 at bcfa5c4: floors are those figures less 0.02 (ceilings plus 0.02). Targets of issues 19/20 not met.
    Gate("round_test", "blind test event F1 type-aware (0.392; target 0.65)", ("total", "events", "f1"), 0.37),
    Gate("round_test", "blind test event F1 type-agnostic (0.533)", ("total", "events", "type_agnostic", "f1"), 0.51),
    Gate("round_test", "blind test event actor, all gold events (0.410; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.39),
    Gate("round_test", "blind test event target, all gold events (0.237; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.21),
    Gate("round_test", "blind test event factuality, all gold events (0.463; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.44),
    Gate("round_test", "blind test lead-event recall (0.456; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.43),
    Gate("round_test", "blind test quote F1 (0.816; target 0.80)", ("total", "quotes", "f1"), 0.80),
    Gate("round_test", "blind test speaker, all gold quotes (0.760; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.74),
    Gate("round_test", "blind test wrong named speakers (0.066; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.086, True),
    Gate("round_test", "blind test entity mention recall (0.684)", ("total", "entities", "recall"), 0.66),
    Gate("round_test", "blind test removed passages recall (0.831)", ("total", "removed", "recall"), 0.81),
    Gate("round_test", "blind test characters kept correctly (0.994)", ("total", "removed", "chars_kept_correctly", "accuracy"), 0.99),
    # rounds news-2026-12b/c fresh blind test (80 documents from no earlier round), scored once on 2026-12-07 at
    # 0fd1df8: floors are those figures less about 0.02 (ceilings plus 0.02). Targets of issues 19/20 not met.
    Gate("round_test2", "fresh blind test event F1 type-aware (0.426; target 0.65)", ("total", "events", "f1"), 0.40),
    Gate("round_test2", "fresh blind test event F1 type-agnostic (0.561)", ("total", "events", "type_agnostic", "f1"), 0.54),
    Gate("round_test2", "fresh blind test event actor, all gold events (0.438; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.41),
    Gate("round_test2", "fresh blind test event target, all gold events (0.291; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.27),
    Gate("round_test2", "fresh blind test event factuality, all (0.479; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.45),
    Gate("round_test2", "fresh blind test lead-event recall (0.483; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.46),
    Gate("round_test2", "fresh blind test quote F1 (0.816; target 0.80)", ("total", "quotes", "f1"), 0.80),
    Gate("round_test2", "fresh blind test speaker, all gold quotes (0.763; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.74),
    Gate("round_test2", "fresh blind test wrong named speakers (0.056; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.076, True),
    Gate("round_test2", "fresh blind test entity mention recall (0.707; plain spaCy 0.459)", ("total", "entities", "recall"), 0.68),
    # news-2026-12d (48 documents), scored once at the end of round thirteen: regression floors about 0.02 below
    Gate("round_test3", "blind test 12d event F1 type-aware (0.448; target 0.65)", ("total", "events", "f1"), 0.42),
    Gate("round_test3", "blind test 12d event F1 type-agnostic (0.586)", ("total", "events", "type_agnostic", "f1"), 0.56),
    Gate("round_test3", "blind test 12d event actor, all gold events (0.446; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.42),
    Gate("round_test3", "blind test 12d event target, all gold events (0.278; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.25),
    Gate("round_test3", "blind test 12d event factuality, all (0.486; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.46),
    Gate("round_test3", "blind test 12d lead-event recall (0.592; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.56),
    Gate("round_test3", "blind test 12d quote F1 (0.784; target 0.80)", ("total", "quotes", "f1"), 0.76),
    Gate("round_test3", "blind test 12d speaker, all gold quotes (0.732; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.71),
    Gate("round_test3", "blind test 12d wrong named speakers (0.067; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.09, True),
    Gate("round_test3", "blind test 12d entity mention recall (0.730)", ("total", "entities", "recall"), 0.70),
    # news-2026-12e (48 documents), scored once at the end of round fourteen: regression floors about 0.02 below
    Gate("round_test4", "blind test 12e event F1 type-aware (0.448; target 0.65)", ("total", "events", "f1"), 0.42),
    Gate("round_test4", "blind test 12e event F1 type-agnostic (0.572)", ("total", "events", "type_agnostic", "f1"), 0.55),
    Gate("round_test4", "blind test 12e event actor, all gold events (0.480; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.46),
    Gate("round_test4", "blind test 12e event target, all gold events (0.355; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.33),
    Gate("round_test4", "blind test 12e event factuality, all (0.531; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.51),
    Gate("round_test4", "blind test 12e lead-event recall (0.597; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.57),
    Gate("round_test4", "blind test 12e quote F1 (0.847; target 0.80)", ("total", "quotes", "f1"), 0.80),
    Gate("round_test4", "blind test 12e speaker, all gold quotes (0.811; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.79),
    Gate("round_test4", "blind test 12e wrong named speakers (0.068; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.09, True),
    Gate("round_test4", "blind test 12e entity mention recall (0.731)", ("total", "entities", "recall"), 0.71),
    # the accurate mode's MiniLM trigger tagger (docs/events.md): recall-side figures, floors about 0.02 below
    Gate("round_test4_accurate", "blind test 12e --accurate event actor, all gold events (0.580)", ("total", "events", "actor_all", "accuracy"), 0.56),
    Gate("round_test4_accurate", "blind test 12e --accurate event target, all gold events (0.415)", ("total", "events", "target_all", "accuracy"), 0.39),
    Gate("round_test4_accurate", "blind test 12e --accurate event factuality, all (0.627)", ("total", "events", "factuality_all", "accuracy"), 0.60),
    Gate("round_test4_accurate", "blind test 12e --accurate lead-event recall (0.694)", ("total", "events", "lead_recall", "accuracy"), 0.67),
    Gate("round_test4_accurate", "blind test 12e --accurate event F1 type-aware (0.412)", ("total", "events", "f1"), 0.39),
    # news-2026-12f (48 documents), scored once at the end of round fifteen (main 372fd0d): floors about 0.02 below
    Gate("round_test5", "blind test 12f event F1 type-aware (0.452; target 0.65)", ("total", "events", "f1"), 0.43),
    Gate("round_test5", "blind test 12f event F1 type-agnostic (0.595)", ("total", "events", "type_agnostic", "f1"), 0.57),
    Gate("round_test5", "blind test 12f event actor, all gold events (0.425; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.40),
    Gate("round_test5", "blind test 12f event target, all gold events (0.262; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.24),
    Gate("round_test5", "blind test 12f event factuality, all (0.475; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.45),
    Gate("round_test5", "blind test 12f lead-event recall (0.724; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.70),
    Gate("round_test5", "blind test 12f quote F1 (0.826; target 0.80)", ("total", "quotes", "f1"), 0.80),
    Gate("round_test5", "blind test 12f speaker, all gold quotes (0.782; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.76),
    Gate("round_test5", "blind test 12f wrong named speakers (0.054; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.075, True),
    Gate("round_test5", "blind test 12f entity mention recall (0.736)", ("total", "entities", "recall"), 0.71),
    Gate("round_test5", "blind test 12f characters kept correctly (0.994)", ("total", "removed", "chars_kept_correctly", "accuracy"), 0.99),
    Gate("round_test5_accurate", "blind test 12f --accurate event F1 type-aware (0.454)", ("total", "events", "f1"), 0.43),
    Gate("round_test5_accurate", "blind test 12f --accurate event actor, all gold events (0.541)", ("total", "events", "actor_all", "accuracy"), 0.52),
    Gate("round_test5_accurate", "blind test 12f --accurate event factuality, all (0.581)", ("total", "events", "factuality_all", "accuracy"), 0.56),
    Gate("round_test5_accurate", "blind test 12f --accurate lead-event recall (0.845)", ("total", "events", "lead_recall", "accuracy"), 0.82),
    Gate("round_test6", "blind test 12g event F1 type-aware (0.432; target 0.65)", ("total", "events", "f1"), 0.41),
    Gate("round_test6", "blind test 12g event F1 type-agnostic (0.565)", ("total", "events", "type_agnostic", "f1"), 0.54),
    Gate("round_test6", "blind test 12g event actor, all gold events (0.448; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.42),
    Gate("round_test6", "blind test 12g event target, all gold events (0.291; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.27),
    Gate("round_test6", "blind test 12g event factuality, all (0.541; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.52),
    Gate("round_test6", "blind test 12g lead-event recall (0.618; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.59),
    Gate("round_test6", "blind test 12g quote F1 (0.819; target 0.80)", ("total", "quotes", "f1"), 0.80),
    Gate("round_test6", "blind test 12g speaker, all gold quotes (0.768; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.745),
    Gate("round_test6", "blind test 12g wrong named speakers (0.083; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.10, True),
    Gate("round_test6", "blind test 12g entity mention recall (0.703; plain spaCy 0.478)", ("total", "entities", "recall"), 0.68),
    Gate("round_test6", "blind test 12g characters kept correctly (0.995)", ("total", "removed", "chars_kept_correctly", "accuracy"), 0.99),
    Gate("round_test6_accurate", "blind test 12g --accurate event F1 type-aware (0.425)", ("total", "events", "f1"), 0.40),
    Gate("round_test6_accurate", "blind test 12g --accurate event actor, all gold events (0.566)", ("total", "events", "actor_all", "accuracy"), 0.54),
    Gate("round_test6_accurate", "blind test 12g --accurate event factuality, all (0.687)", ("total", "events", "factuality_all", "accuracy"), 0.66),
    Gate("round_test6_accurate", "blind test 12g --accurate lead-event recall (0.721)", ("total", "events", "lead_recall", "accuracy"), 0.69),
    Gate("round_test7", "blind test 12h event F1 type-aware (0.456; target 0.65)", ("total", "events", "f1"), 0.435),
    Gate("round_test7", "blind test 12h event F1 type-agnostic (0.585)", ("total", "events", "type_agnostic", "f1"), 0.565),
    Gate("round_test7", "blind test 12h event actor, all gold events (0.469; target 0.75)", ("total", "events", "actor_all", "accuracy"), 0.445),
    Gate("round_test7", "blind test 12h event target, all gold events (0.268; target 0.65)", ("total", "events", "target_all", "accuracy"), 0.245),
    Gate("round_test7", "blind test 12h event factuality, all (0.515; target 0.85)", ("total", "events", "factuality_all", "accuracy"), 0.49),
    Gate("round_test7", "blind test 12h lead-event recall (0.715; target 0.85)", ("total", "events", "lead_recall", "accuracy"), 0.69),
    Gate("round_test7", "blind test 12h quote F1 (0.833; target 0.80)", ("total", "quotes", "f1"), 0.81),
    Gate("round_test7", "blind test 12h speaker, all gold quotes (0.796; target 0.92)", ("total", "quotes", "speaker_all", "accuracy"), 0.775),
    Gate("round_test7", "blind test 12h wrong named speakers (0.047; target 0.03, max)", ("total", "quotes", "wrong_named_speaker_share", "accuracy"), 0.065, True),
    Gate("round_test7", "blind test 12h entity mention recall (0.745)", ("total", "entities", "recall"), 0.72),
    Gate("round_test7", "blind test 12h characters kept correctly (0.992)", ("total", "removed", "chars_kept_correctly", "accuracy"), 0.985),
    Gate("round_test7_accurate", "blind test 12h --accurate event F1 type-aware (0.450)", ("total", "events", "f1"), 0.43),
    Gate("round_test7_accurate", "blind test 12h --accurate event actor, all gold events (0.620)", ("total", "events", "actor_all", "accuracy"), 0.60),
    Gate("round_test7_accurate", "blind test 12h --accurate event factuality, all (0.664)", ("total", "events", "factuality_all", "accuracy"), 0.64),
    Gate("round_test7_accurate", "blind test 12h --accurate lead-event recall (0.762)", ("total", "events", "lead_recall", "accuracy"), 0.74),
    Gate("places_test", "blind geocoding accuracy at 161 km, places-2026-12c (0.927; target 0.90)", ("accuracy_at_161km",), 0.90),
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
