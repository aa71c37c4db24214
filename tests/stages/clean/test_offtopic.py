from __future__ import annotations

import numpy as np
import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.offtopic import (
    CONTEXT_FEATURES,
    FEATURES,
    PROTECT_FEATURES,
    STYLE_FEATURES,
    VECTOR_FEATURES,
    block_features,
    block_terms,
    idf_table,
    is_digest,
    model,
    model_features,
    paragraph_scores,
    stem,
    title_terms,
    with_context,
)
from newsledger.stages.clean.offtopic_context import context_rows
from newsledger.stages.clean.offtopic_protect import protect_rows
from newsledger.stages.clean.offtopic_vectors import vector_rows
from newsledger.stages.clean.trees import TreeEnsemble

HARBOUR = [
    "The harbour authority of Port Elnor said its container terminal will open in March after a dispute over "
    "dredging permits delayed the works for two years.",
    "Chair Mira Castell said the harbour terminal would double the port's capacity and bring jobs to the district.",
    "Oyster farmers in Port Elnor fear silt from the dredged harbour channel will smother their beds.",
    "A court in Velden dismissed the oyster farmers' complaint about the dredging in January.",
    "Castell promised to monitor water in the harbour for five years and to pay the oyster farmers if harvests fall.",
]
# A passage of another story: its people are named by surname alone and never appear in the harbour story.
OTHER = ("But Halvorsen told the committee that the rail tender had been rigged, and Brandt, the transport "
         "minister, rejected his account of the bidding for the northern line.")


@pytest.mark.parametrize(("scores", "sizes", "listed", "expected"), [
    ([3.0, 2.0, 2.5, 1.9, 4.0, 2.2, -1.0], [20] * 7, [False] * 7, True),  # six paragraphs near or over the threshold: a digest
    ([3.0, 2.0, 2.5, 1.9, 4.0, -1.0, -1.0], [20] * 7, [False] * 7, False),  # five: an article with passages pasted in
    ([3.0, 2.0, 2.5, 1.9, 4.0, 2.2], [20, 20, 20, 20, 20, 5], [False] * 6, False),  # a short paragraph is not judged
    ([3.0, 2.0, 2.5, 1.9, 4.0, 2.2], [20] * 6, [False] * 5 + [True], False),  # nor is a list item
    ([1.5, 1.6, 1.2, 1.1, 1.9, 1.4], [20] * 6, [False] * 6, False),  # all far under the threshold
])
def test_is_digest(scores: list[float], sizes: list[int], listed: list[bool], expected: bool) -> None:
    assert is_digest(scores, sizes, listed, limit=2.75) is expected


@pytest.mark.parametrize(("word", "expected"), [("Korean", "korea"), ("Korea", "korea"), ("Russia's", "russi"), ("liberation", "liber")])
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_title_terms() -> None:
    assert title_terms("Port Elnor terminal to open in March") == {"port", "elnor", "termi", "open", "march"}
    assert title_terms(None) == set()


def test_model_matches_features() -> None:
    m = model()
    width = len(m["features"])
    assert m["features"] in (list(model_features()), list(model_features(context=False)), list(model_features(wordvecs=False)),
                             list(model_features(protect=False)))
    assert list(model_features()) == list(FEATURES + STYLE_FEATURES + PROTECT_FEATURES + VECTOR_FEATURES + CONTEXT_FEATURES)
    if "ensemble" in m:  # gradient-boosted trees (training/offtopic.py --learner gbdt)
        assert int(m["ensemble"].feature.max()) < width
        assert m["ensemble"].raw(np.zeros((3, width))).shape == (3,)
    else:
        assert m["mlps"] and all(net["W1"].shape[0] == width == len(net["mean"]) for net in m["mlps"])


def _stump(feature: int, split: float, low: float, high: float) -> TreeEnsemble:
    """One tree of one split: ``feature`` <= ``split`` (or missing, NaN) -> ``low``, else ``high``."""
    return TreeEnsemble(np.array([[feature, 0, 0]], dtype=np.int16), np.array([[split, 0, 0]]),
                        np.array([[1, -1, -1]], dtype=np.int16), np.array([[2, -1, -1]], dtype=np.int16),
                        np.array([[True, False, False]]), np.array([[0, low, high]], dtype=np.float32), baseline=0.0)


def test_scores_of_trees_mlps_and_both() -> None:
    from newsledger.stages.clean.offtopic import mlp_scores

    # one stump: feature 0 <= 0.5 -> -1.0, else +3.0; one MLP whose output is 2 * tanh(x0) (unit scaling)
    stump = _stump(0, 0.5, -1.0, 3.0)
    net = {"mean": np.zeros(1), "scale": np.ones(1), "W1": np.ones((1, 1)), "b1": np.zeros(1), "W2": np.array([2.0]), "b2": 0.0}
    rows = np.array([[0.0], [1.0]])
    assert mlp_scores(rows, {"ensemble": stump}).tolist() == [-1.0, 3.0]
    assert mlp_scores(rows, {"mlps": [net]}).tolist() == pytest.approx([0.0, 2 * np.tanh(1.0)])
    assert mlp_scores(rows, {"ensemble": stump, "mlps": [net]}).tolist() == pytest.approx([-0.5, (3.0 + 2 * np.tanh(1.0)) / 2])


@pytest.mark.parametrize(("rows", "expected"), [
    ([], []),
    ([[1.0]], [[None, 1.0, None]]),
    ([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
     [[None, None, 1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [3.0, 4.0, 5.0, 6.0, None, None]]),
])
def test_with_context(rows: list[list[float]], expected: list[list[float | None]]) -> None:
    got = [[None if np.isnan(v) else v for v in r] for r in with_context(rows)]
    assert got == expected


def test_with_context_two_each_side() -> None:
    got = [[None if np.isnan(v) else v for v in r] for r in with_context([[1.0], [2.0], [3.0]], span=2)]
    assert got == [[None, None, 1.0, 2.0, 3.0], [None, 1.0, 2.0, 3.0, None], [1.0, 2.0, 3.0, None, None]]


def test_context_model_reads_the_neighbours_rows(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsledger.stages.clean import offtopic

    text = "\n".join(HARBOUR)
    items = block_terms(nlp(text), split_blocks(text))
    position = FEATURES.index("position")
    # one stump on the NEXT block's position feature (a missing next block goes left): +1 when there is a next
    # block whose position exceeds -1 (always), -1 for the last block
    stump = _stump(2 * len(model_features(protect=False)) + position, -1.0, -1.0, 1.0)
    monkeypatch.setattr(offtopic, "model", lambda accurate=False: {"context": 1, "ensemble": stump})
    lead_end, scores = paragraph_scores(items, "Port Elnor terminal to open in March")
    assert len(scores) == len(items) - lead_end >= 2
    assert scores.tolist() == [1.0] * (len(scores) - 1) + [-1.0]


def test_members_union_takes_the_largest_margin() -> None:
    from newsledger.stages.clean.offtopic import model_scores

    rows = [[0.0], [1.0], [0.0]]
    plain = {"ensemble": _stump(0, 0.5, -2.0, 2.0), "threshold": 1.0}  # margins -3, 1, -3
    # reads the NEXT row (index 2 of the widened row): margins 1 (next is 1.0), -1, -1 (no next: NaN goes left)
    context = {"ensemble": _stump(2, 0.5, 0.0, 2.0), "context": 1, "threshold": 1.0}
    assert model_scores(rows, {"members": [plain]}).tolist() == [-3.0, 1.0, -3.0]
    assert model_scores(rows, {"members": [plain, context]}).tolist() == [1.0, 1.0, -1.0]


def test_context_member_with_trees_and_mlps_averages_them_over_the_widened_rows() -> None:
    from newsledger.stages.clean.offtopic import model_scores

    rows = [[0.0], [1.0], [0.0]]
    # both parts read the widened rows (previous, own, next): the stump splits on the own value (index 1), the
    # MLP (2 * tanh) on the next one (index 2), which is NaN for the last row and reads as the mean, 0
    net = {"mean": np.zeros(3), "scale": np.ones(3), "W1": np.array([[0.0], [0.0], [1.0]]), "b1": np.zeros(1),
           "W2": np.array([2.0]), "b2": 0.0}
    member = {"ensemble": _stump(1, 0.5, -1.0, 3.0), "mlps": [net], "context": 1, "threshold": 0.5}
    expected = np.array([(-1.0 + 2 * np.tanh(1.0)) / 2, 3.0 / 2, -1.0 / 2]) - 0.5
    assert np.allclose(model_scores(rows, {"members": [member]}), expected)


def test_member_with_columns_reads_only_the_leading_features() -> None:
    from newsledger.stages.clean.offtopic import model_scores

    # two features per row; the member's MLP (2 * tanh(x0 + x1)) is given only the first: the second (a style
    # column the member was not fitted on) must not reach it
    net = {"mean": np.zeros(1), "scale": np.ones(1), "W1": np.ones((1, 1)), "b1": np.zeros(1), "W2": np.array([2.0]), "b2": 0.0}
    member = {"mlps": [net], "columns": 1, "threshold": 0.0}
    rows = [[0.0, 5.0], [1.0, -5.0]]
    assert np.allclose(model_scores(rows, {"members": [member]}), [0.0, 2 * np.tanh(1.0)])


def test_model_with_keep_reads_only_the_kept_columns() -> None:
    from newsledger.stages.clean.offtopic import model_scores

    # three features per row; the model left out the middle one ("unused": a kind-of-text feature dropped for
    # generalisation), so its nets read columns 0 and 2 only, and a wild value in column 1 changes nothing
    net = {"mean": np.zeros(2), "scale": np.ones(2), "W1": np.array([[1.0], [-1.0]]), "b1": np.zeros(1),
           "W2": np.array([2.0]), "b2": 0.0}
    m = {"mlps": [net], "keep": np.array([0, 2])}
    rows = [[1.0, 99.0, 0.0], [0.0, -99.0, 1.0]]
    assert np.allclose(model_scores(rows, m), [2 * np.tanh(1.0), 2 * np.tanh(-1.0)])
    assert len(model_scores([], m)) == 0


def test_idf_weighs_rare_terms_higher() -> None:
    table, unseen = idf_table()
    assert table["the"] < table["presi"] < table["harbo"] < unseen


def test_lead_is_not_judged_and_rows_have_every_feature(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(HARBOUR[:2] + [HARBOUR[3]])
    items = block_terms(nlp(text), split_blocks(text))
    assert "harbo" in items[0].terms and "elnor" in items[0].entity_terms
    lead_end, rows = block_features(items, "Port Elnor terminal opens")
    assert lead_end >= 1 and len(rows) == len(items) - lead_end
    assert all(len(r) == len(FEATURES) for r in rows)


def test_surnames_and_openers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(HARBOUR[:3] + [OTHER] + HARBOUR[3:])
    doc = nlp(text)
    items = block_terms(doc, split_blocks(text))
    spliced = items[3]
    assert spliced.opener and not items[2].opener
    assert {"halvo", "brand"} & spliced.surnames
    lead_end, rows = block_features(items, "Port Elnor terminal to open in March")
    orphans = FEATURES.index("orphan_surnames")
    known = FEATURES.index("idf_known_share")
    by_block = {lead_end + k: r for k, r in enumerate(rows)}
    assert by_block[3][orphans] > 0 and by_block[3][known] < by_block[4][known]
    title = "Port Elnor terminal to open in March"
    _, scores = paragraph_scores(items, title, protect=lambda end: protect_rows(doc, items, end, title),
                                 wordvecs=lambda end: vector_rows(doc, items, end, title),
                                 context=lambda end: context_rows(doc, items, end))
    assert int(np.argmax(scores)) + lead_end == 3


def test_encyclopedia_gloss_paragraph_is_removed_whatever_the_model_says(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.stages.clean.offtopic import REASON_GLOSS, find_off_topic

    gloss = ("The Elnor Strait (ES; Greek: Στενό Έλνορ; lit. 'narrow water') is a channel of the northern sea, "
             "charted in 1821 and dredged for the first time in 1902 by the harbour authority of Port Elnor.")
    text = "\n".join(HARBOUR[:3] + [gloss] + HARBOUR[3:])
    removed = find_off_topic(nlp(text), split_blocks(text), "Port Elnor terminal to open in March")
    glossed = [r for r in removed if r.reason == REASON_GLOSS]
    assert [(r.start, r.kind, r.score) for r in glossed] == [(text.index(gloss), "off_topic", 1.0)]
    assert text[glossed[0].start:glossed[0].end] == gloss
    # the same paragraph without its gloss shares the harbour's words and is left to the model
    plain = gloss.replace(" (ES; Greek: Στενό Έλνορ; lit. 'narrow water')", "")
    text = "\n".join(HARBOUR[:3] + [plain] + HARBOUR[3:])
    assert all(r.reason != REASON_GLOSS for r in find_off_topic(nlp(text), split_blocks(text), "Port Elnor terminal"))
