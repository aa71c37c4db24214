from __future__ import annotations

import math

import pytest

from newsledger.stages.clean.blocks import Block, split_blocks
from newsledger.stages.clean.boilerplate import EMBEDDED_POST_RE, classify, find_boilerplate
from newsledger.stages.clean.boilerplate_model import (
    BITS,
    MAX_MODEL_CHARS,
    block_feature_ids,
    shape,
    shipped_line_model,
)

# An article written for these tests; each case puts one line between its second and third paragraph.
PARAGRAPHS = [
    "The harbour authority of Port Elnor opened its new container terminal on Monday after a two-year dispute "
    "over dredging permits with the oyster farmers of the northern shore.",
    "Chair Mira Castell said the terminal would double the capacity of the port and bring three hundred jobs to "
    "the district by the end of next year.",
    "The farmers fear that silt from the dredged channel will smother their beds, and they asked the court in "
    "Velden on Tuesday to order new water tests before the first ships arrive.",
    "A spokesman for the authority said the tests would start in April and that their results would be published "
    "every month on the authority's website.",
]


def _removed(line: str) -> bool:
    text = "\n\n".join([*PARAGRAPHS[:2], line, *PARAGRAPHS[2:]])
    start = text.index(line)
    return any(r.start <= start < r.end for r in find_boilerplate(text, split_blocks(text)))


@pytest.mark.parametrize("line", [
    "Folgen Sie dem Hafenblatt auf Mastodon",
    "Suivez-nous sur Bluesky et Instagram",
    "Advertisement",
    "Sign up for the Harbour Desk newsletter and get the port news in your inbox every morning.",
    "Comments are closed for this story.",
    "Deel dit artikel",
    "Photo: Ana Ruiz / Coastline Images",
    "Lees ook: Staking in de haven gaat door",
])
def test_boilerplate_lines_in_an_article_are_removed(line: str) -> None:
    assert _removed(line)


@pytest.mark.parametrize("line", [
    "Subscriptions to the harbour ferry doubled in May, the operator said, after fares were cut by a third.",
    "Die Zahl der Abonnenten des städtischen Fahrradverleihs hat sich im Sommer verdoppelt, teilte die Stadt mit.",
    "Castell shared a video of the first crane arriving at the quay, which was watched thousands of times.",
    "“We will follow the tests closely,” said Aron Lindqvist, who chairs the farmers' cooperative.",
])
def test_article_sentences_in_an_article_are_kept(line: str) -> None:
    assert not _removed(line)


def test_embedded_post_is_kept_as_a_quote() -> None:
    line = "The terminal is a gift to Port Elnor. — Mira Castell (@miracastell) March 3, 2025"
    assert EMBEDDED_POST_RE.search(line)
    assert not _removed(line)


def test_features_are_stable_and_bounded() -> None:
    blocks = [Block(0, 12, "Share this story"), Block(14, 40, "Folgen Sie uns auf Mastodon")]
    shapes = [shape(b.text, classify(b.text)) for b in blocks]
    ids, n_lexical = block_feature_ids(blocks, 1, shapes)
    assert (ids, n_lexical) == block_feature_ids(blocks, 1, shapes)
    assert all(0 <= i < 1 << BITS for i in ids) and 0 < n_lexical < len(ids)
    assert ids != block_feature_ids(blocks, 0, shapes)[0]


def test_shipped_model_scores_and_skips_long_blocks() -> None:
    model = shipped_line_model()
    assert model is not None and model.weights.shape == (1 << BITS,)
    long_text = "word " * (MAX_MODEL_CHARS // 4)
    blocks = [Block(0, 16, "Share this story"), Block(20, 20 + len(long_text), long_text)]
    z = model.logits(blocks, [classify(b.text) for b in blocks])
    assert z[0] > model.threshold and z[1] == -math.inf


def test_removals_carry_a_score_and_a_reason() -> None:
    text = "\n\n".join([*PARAGRAPHS[:2], "Folgen Sie dem Hafenblatt auf Mastodon", *PARAGRAPHS[2:]])
    removed = find_boilerplate(text, split_blocks(text))
    assert len(removed) == 1
    assert 0.5 < (removed[0].score or 0) <= 1 and removed[0].reason


def test_unfinished_last_paragraph_after_a_prompt_is_kept() -> None:
    last = "The first ships are expected in April. Dredging will stop during the oyster spawning season"
    text = "\n\n".join([*PARAGRAPHS, "Follow the Harbour Desk on Telegram and Facebook!", last])
    removed = find_boilerplate(text, split_blocks(text))
    assert [text[r.start:r.end] for r in removed] == ["Follow the Harbour Desk on Telegram and Facebook!"]
