from __future__ import annotations

import multiprocessing

import numpy as np

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.offtopic import (
    EMBED_FEATURES,
    FEATURES,
    LINK_FEATURES,
    STORY_FEATURES,
    STYLE_FEATURES,
    find_off_topic,
    model,
    model_features,
)
from newsledger.stages.clean.offtopic_embed import ArticleVectors, block_sentences, embed_features
from tests.ml import needs_ml

# A story about a harbour, written for these tests: lead, body, a background paragraph on the same harbour's
# history (it belongs), and slots for a spliced paragraph.
TITLE = "Port Elnor container terminal to open in March after dredging dispute"
STORY = [
    "The harbour authority of Port Elnor said on Tuesday that its new container terminal will open in March, "
    "after a two-year dispute over dredging permits delayed construction of the quay.",
    "Authority chair Mira Castell told reporters that the terminal would double the port's capacity and bring "
    "about 400 jobs to the district, which has lost most of its shipyard work since the 1990s.",
    "Oyster farmers in the bay fear that silt stirred up by dredging the harbour channel will smother their "
    "beds, and they asked the regional court to halt the works last spring.",
    "The court in Velden dismissed the farmers' complaint in January, ruling that the authority's environmental "
    "study had met the conditions of its permit.",
    "Castell promised to monitor water quality in the harbour for five years and to compensate the oyster "
    "farmers if their harvests fall because of the dredging.",
    "Shipping lines have already booked berths at the terminal for the first months, the authority said, and "
    "the first container ship is expected to dock at the new quay on March 12.",
    "The district council welcomed the opening but said the road to the port needs widening before lorries "
    "start carrying containers from the terminal to the motorway.",
]
# Background on the same subject: the harbour's own history.
BACKGROUND = ("Port Elnor's harbour was dug in the 1880s for the herring fleet, and its channel was last "
              "dredged in 1974, when the old ferry quay was built for ships sailing to the islands.")
# Unrelated subject: a chess tournament in another country.
UNRELATED = ("In the final round of the chess championship in Kraslava, grandmaster Tomas Vilks sacrificed a "
             "knight on move 23 and forced his opponent to resign, taking the title on tie-break points.")


def test_block_sentences_clip_to_blocks(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "First sentence here. Second one follows.\nA new paragraph starts. It has two sentences."
    sents = block_sentences(nlp(text), split_blocks(text))
    assert sents == [["First sentence here.", "Second one follows."], ["A new paragraph starts.", "It has two sentences."]]


def test_embed_features_rows_and_signal() -> None:
    rng = np.random.default_rng(0)
    topic = rng.normal(size=384)

    def unit(v: np.ndarray) -> np.ndarray:
        return v / np.linalg.norm(v)

    on = [np.stack([unit(topic + rng.normal(scale=0.5, size=384)) for _ in range(2)]) for _ in range(6)]
    off = np.stack([unit(rng.normal(size=384)) for _ in range(2)])
    blocks = on[:3] + [off] + on[3:]
    rows = embed_features(ArticleVectors(unit(topic), blocks), 1)
    assert len(rows) == len(blocks) - 1 and all(len(r) == len(EMBED_FEATURES) for r in rows)
    far = EMBED_FEATURES.index("emb_far")
    spliced = rows[2][far]
    assert all(spliced < r[far] for k, r in enumerate(rows) if k != 2)


needs_minilm = needs_ml


@needs_minilm
def test_accurate_model_matches_features() -> None:
    m = model(accurate=True)
    assert m["features"] == list(model_features(True)) == list(
        FEATURES + EMBED_FEATURES + STORY_FEATURES + LINK_FEATURES + STYLE_FEATURES)
    for part in m.get("members", [m]):  # a union of models: each reads the rows its own way
        columns = int(part.get("columns") or len(m["features"]))  # a member may read only the leading columns
        width = columns * (1 + 2 * int(part.get("context", 0)))  # with_context: neighbours' rows too
        assert "ensemble" in part or part.get("mlps")
        if "ensemble" in part:  # gradient-boosted trees: every split reads one of the features
            assert int(part["ensemble"].feature.max()) < width
            assert part["ensemble"].raw(np.zeros((2, width))).shape == (2,)
        assert all(net["W1"].shape[0] == width for net in part.get("mlps", []))  # with trees: both averaged


def _accurate_removals(texts: list[str]) -> list[list[int]]:
    """Start offsets of the accurate mode's off-topic removals in each text (run in a child process)."""
    from newsledger.runtime.model import load_model

    nlp = load_model()
    return [[r.start for r in find_off_topic(nlp(t), split_blocks(t), TITLE, accurate=True)] for t in texts]


@needs_minilm
def test_accurate_mode_removes_unrelated_keeps_background() -> None:
    # torch and MiniLM are loaded in a spawned child: in the test process they would make every process
    # forked later (tests/distributed/test_batch.py workers) start with a much larger resident set
    texts = ["\n\n".join(STORY[:4] + [extra] + STORY[4:]) for extra in (UNRELATED, BACKGROUND)]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        unrelated, background = pool.apply(_accurate_removals, (texts,))
    assert unrelated == [texts[0].index(UNRELATED)]  # the spliced paragraph, and nothing of the story
    assert background == []
