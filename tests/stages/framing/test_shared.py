"""Framing on shared data (skipped without ../shared): PTC held-aside smoke figures and the Kursk example."""

from __future__ import annotations

import json

import pytest

from tests.conftest import shared_path

pytestmark = pytest.mark.shared


def test_ptc_heldout_sample() -> None:
    from newsledger.evaluate.ptc import evaluate_ptc

    report = evaluate_ptc(shared_path("data", "ptc"), part="heldout", limit=6)
    assert report.articles == 6
    ll = report.per_technique["Loaded_Language"]
    assert ll.p_den > 0 and ll.precision > 0.1


def test_kursk_example_voices(pipeline) -> None:  # type: ignore[no-untyped-def]
    from newsledger.ingest.text import make_document

    txt = shared_path("examples", "pravda-2025-04-28-kursk.txt")
    gold = json.loads(shared_path("examples", "pravda-2025-04-28-kursk.gold.json").read_text(encoding="utf-8"))
    doc = make_document(txt.read_text(encoding="utf-8"), outlet=gold.get("outlet"))
    analysis = pipeline.analyze_document(doc)
    text = analysis.document.text
    required = [g for g in gold["framing"] if not g.get("optional")]
    wrong_voice = []
    for g in required:
        start = text.find(g["text"])
        hits = [f for f in analysis.framing if f.start < start + len(g["text"]) and start < f.end]
        assert hits, (g["text"], [f.text for f in analysis.framing])
        expected = g.get("attributed_to") or "outlet"
        if not any(expected.split()[-1] in f.voice for f in hits):
            wrong_voice.append((g["text"], expected, [f.voice for f in hits]))
    # Known disagreement (docs/framing.md): the gold gives "invading" in "According to him, ... the invading
    # forces" to the outlet, while our rule gives every span inside a quote record to its speaker.
    assert [w[0] for w in wrong_voice] in ([], ["invading"]), wrong_voice
