"""Score the events stage on parsed round documents with the gold scorer (no second parse), for tuning on dev."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from common.events_docs import RoundDoc
from newsledger.evaluate.gold import score_document
from newsledger.evaluate.gold_report import Report
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.stages.events import stage
from newsledger.stages.events.model import SparseNet


@contextmanager
def using(models: dict[str, SparseNet]) -> Iterator[None]:
    """Run the stage with these models instead of the shipped ones."""
    saved = stage.models
    stage.models = lambda: models
    try:
        yield
    finally:
        stage.models = saved


def score(docs: list[RoundDoc], models: dict[str, SparseNet] | None = None, any_mention: bool = True) -> dict[str, Any]:
    """The gold scorer's event figures over the documents (the ``events`` entry of ``eval gold --json``;
    ``any_mention=False``: the scorer's rule before 2026-12-07, gold events found through their trigger only)."""
    report = Report()
    for rd in docs:
        ctx = copy.copy(rd.ctx)
        ctx.analysis = copy.copy(rd.ctx.analysis)
        ctx.cache = {}
        if models is not None:
            with using(models):
                ctx.analysis.events = stage.extract_events(ctx)
        else:
            ctx.analysis.events = stage.extract_events(ctx)
        report.documents[rd.ctx.document.id] = score_document(ctx.analysis, gold_from_record(rd.gold, ctx.document), any_mention)
    return report.to_dict()["total"]["events"]  # type: ignore[no-any-return]


def headline(ev: dict[str, Any]) -> str:
    """The figures the issue asks for, on one line."""
    keys = ("actor_all", "target_all", "factuality_all", "modality_all", "lead_recall", "lead_recall_untyped")
    parts = [f"F1 {ev['f1']:.3f} (P {ev['precision']:.3f} R {ev['recall']:.3f})",
             f"untyped {ev['type_agnostic']['f1']:.3f}", f"with_optional {ev['with_optional']['f1']:.3f}"]
    parts += [f"{k} {ev[k]['accuracy']:.3f}" for k in keys if k in ev]
    return ", ".join(parts)


def criterion(ev: dict[str, Any], select: str, min_f1: float = 0.0) -> float:
    """Typed F1 ("f1"), or the mean of the issue's five target figures over all gold events ("targets": typed F1,
    actor, target, factuality and lead recall) for a decoding whose typed F1 is at least ``min_f1`` (-1 below)."""
    if select == "f1":
        return float(ev["f1"])
    if ev["f1"] < min_f1:
        return -1.0
    keys = ("actor_all", "target_all", "factuality_all", "lead_recall")
    return float(np.mean([ev["f1"], *(ev[k]["accuracy"] for k in keys)]))
