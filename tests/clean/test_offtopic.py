from __future__ import annotations

import pytest

from newsledger.clean.blocks import split_blocks
from newsledger.clean.offtopic import FEATURES, block_features, block_terms, model, stem, title_terms


@pytest.mark.parametrize(("word", "expected"), [("Korean", "korea"), ("Korea", "korea"), ("Russia's", "russi"), ("liberation", "liber")])
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_title_terms() -> None:
    assert title_terms("Port Elnor terminal to open in March") == {"port", "elnor", "termi", "open", "march"}
    assert title_terms(None) == set()


def test_model_matches_features() -> None:
    m = model()
    assert m["features"] == list(FEATURES) and len(m["weights"]) == len(FEATURES)  # type: ignore[arg-type]


def test_lead_is_not_judged_and_rows_have_every_feature(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The harbour authority of Port Elnor said its container terminal will open in March after a dispute "
            "over dredging permits.\nChair Mira Castell said the harbour terminal would double capacity.\n"
            "Oyster farmers fear silt from the harbour channel.\nA court in Velden dismissed the farmers' case.")
    doc = nlp(text)
    items = block_terms(doc, split_blocks(text))
    assert "harbo" in items[0].terms and "elnor" in items[0].entity_terms
    lead_end, rows = block_features(items, "Port Elnor terminal opens")
    assert lead_end >= 1 and len(rows) == len(items) - lead_end
    assert all(len(r) == len(FEATURES) for r in rows)
