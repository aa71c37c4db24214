from __future__ import annotations

import multiprocessing

import numpy as np
import pytest

from newsledger.stages.clean.offtopic_embed import (
    LINK_FEATURES,
    STORY_FEATURES,
    link_features,
    link_pairs,
    story_features,
)
from tests.ml import needs_ml

needs_minilm = needs_ml

# A headline and lead written for these tests, an on-story paragraph, and one of another story on a
# related subject (ports), the case the scorer is for.
TITLE = "Port Elnor container terminal to open in March after dredging dispute"
LEAD = ("The harbour authority of Port Elnor said on Tuesday that its new container terminal will open in March, "
        "after a two-year dispute over dredging permits delayed construction of the quay.")
ON_STORY = ("The court in Velden dismissed the oyster farmers' complaint against the dredging in January, ruling "
            "that the authority's environmental study had met the conditions of its terminal permit.")
OTHER_STORY = ("In the final round of the chess championship in Kraslava, grandmaster Tomas Vilks sacrificed a "
               "knight on move 23 and forced his opponent to resign, taking the title on tie-break points.")


@pytest.mark.parametrize(("logits", "expected_z"), [
    ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),  # all alike: no spread, no z
    ([2.0, 2.0, -2.0], [0.56, 0.56, -1.12]),  # std 1.886 + smoothing 0.5
])
def test_story_features(logits: list[float], expected_z: list[float]) -> None:
    rows = story_features(np.array(logits))
    assert all(len(r) == len(STORY_FEATURES) for r in rows)
    assert [r[0] for r in rows] == logits
    assert [round(r[1], 2) for r in rows] == expected_z


def test_story_features_empty() -> None:
    assert story_features(np.zeros(0)) == []


@pytest.mark.parametrize(("first", "n", "expected"), [
    (1, 4, [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)]),
    (2, 4, [(1, 2), (2, 3), (1, 3)]),
    (1, 2, [(0, 1)]),  # the only judged block is the last: no next, no skip
    (3, 3, []),
])
def test_link_pairs(first: int, n: int, expected: list[tuple[int, int]]) -> None:
    assert link_pairs(first, n) == expected


def test_link_features() -> None:
    # block 1 breaks both its links while 0 -> 2 holds (a splice); block 3 is last (no next: its links are prev's)
    logits = {(0, 1): 3.0, (1, 2): -2.0, (2, 3): 4.0, (0, 2): 5.0, (1, 3): 1.0}
    rows = link_features(1, 4, logits)
    assert all(len(r) == len(LINK_FEATURES) for r in rows)
    assert [r[:5] for r in rows] == [[3.0, -2.0, 5.0, -2.0, 7.0], [-2.0, 4.0, 1.0, -2.0, 3.0], [4.0, 4.0, 4.0, 4.0, 0.0]]
    assert [round(r[5], 2) for r in rows] == [-0.6, -0.6, 1.2]  # lows -2, -2, 4: mean 0, std 2.83 + 0.5


def test_link_features_without_scores() -> None:
    assert link_features(1, 3, {}) == [[0.0] * len(LINK_FEATURES)] * 2


def _score_in_child() -> tuple[list[float], int, str]:
    """Story log-odds of the two paragraphs, then the link scorer's for the lead followed by each, the
    round-tripped file's layer count, and a bad file's error."""
    import tempfile
    from pathlib import Path

    from newsledger.stages.clean.offtopic_story import (
        StoryModel,
        StoryModelError,
        shipped_link_scorer,
        shipped_story_scorer,
    )

    logits = shipped_story_scorer().logits(TITLE, LEAD, [ON_STORY, OTHER_STORY]).tolist()
    logits += shipped_link_scorer().pair_logits([LEAD, ON_STORY, OTHER_STORY], [(0, 1), (0, 2)]).tolist()
    with tempfile.TemporaryDirectory() as tmp:
        from importlib import resources

        model = StoryModel.from_bytes(resources.files("newsledger.stages.clean").joinpath("models/offtopic-story.npz").read_bytes())
        path = Path(tmp) / "m.npz"
        model.save(str(path))
        layers = len(StoryModel.from_bytes(path.read_bytes()).layer_indices())
        model.weights["pooler.dense.weight"] = np.zeros((2, 2), dtype=np.float32)
        try:
            model.layer_indices()
            error = ""
        except StoryModelError as exc:
            error = str(exc)
    return logits, layers, error


@needs_minilm
def test_shipped_scorer_prefers_the_story() -> None:
    # torch is loaded in a spawned child (see tests/stages/clean/test_offtopic_embed.py)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        (on, off, link_on, link_off), layers, error = pool.apply(_score_in_child)
    assert on > off
    assert link_on > link_off
    assert layers >= 1
    assert "retrain" in error
