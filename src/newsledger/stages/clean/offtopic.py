"""Off-topic passages: paragraphs that share too little vocabulary and too few entities with the story."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from newsledger.document import Removed
from newsledger.stages.clean.blocks import Block
from newsledger.stages.clean.offtopic_context import CONTEXT_FEATURES, context_rows
from newsledger.stages.clean.offtopic_embed import (
    EMBED_FEATURES,
    LINK_FEATURES,
    STORY_FEATURES,
    ArticleVectors,
    article_vectors,
    embed_features,
    link_features,
    link_pairs,
    story_features,
)
from newsledger.stages.clean.offtopic_features import (
    FEATURES,
    BlockTerms,
    block_features,
    block_terms,
    set_idf,
    stem,
    title_terms,
)
from newsledger.stages.clean.offtopic_protect import (
    PROTECT_FEATURES,
    list_items,
    protect_rows,
    protected_flags,
    speaker_flags,
)
from newsledger.stages.clean.offtopic_style import STYLE_FEATURES, has_encyclopedia_gloss, style_features
from newsledger.stages.clean.offtopic_vectors import VECTOR_FEATURES, vector_rows
from newsledger.stages.clean.trees import TreeEnsemble

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CONTEXT_FEATURES", "EMBED_FEATURES", "FEATURES", "LINK_FEATURES", "PROTECT_FEATURES", "STORY_FEATURES", "STYLE_FEATURES", "VECTOR_FEATURES", "MIN_TERMS", "model_features", "block_features", "block_terms", "find_off_topic", "is_digest", "model", "model_scores", "paragraph_scores",
           "stem", "title_terms", "with_context"]

# A block needs this many content terms before it may be judged: a one-line paragraph carries too little
# evidence either way.
MIN_TERMS = 8
# Model (an ensemble of small MLPs over FEATURES, then STYLE_FEATURES: house style, stages/clean/offtopic_style.py)
# fitted by training/offtopic.py, and the corpus document frequencies of terms it weighs words by.
MODEL = "models/offtopic_model.json"
# The accurate mode's model: the same FEATURES followed by EMBED_FEATURES (MiniLM; stages/clean/offtopic_embed.py),
# STORY_FEATURES and LINK_FEATURES (the fine-tuned story and link scorers, stages/clean/offtopic_story.py), then
# STYLE_FEATURES.
ACCURATE_MODEL = "models/offtopic_model_accurate.json"
IDF_TABLE = "models/offtopic_idf.tsv"


# A digest (a morning briefing, a news summary) is several stories by design: when this many of its judged paragraphs
# score within DIGEST_BAND log-odds of the threshold, the model removes none of them (glosses still go). No article of
# the calibration splice set has more than 5 such paragraphs; the two digests of the real-news eval list have 7.
# Default mode only (placed on its model's scores).
DIGEST_BLOCKS = 6
# A quote or attribution of a speaker the story names elsewhere needs this much more than the protect margin (log-odds,
# default mode): such quote paragraphs were the largest class of the real-news eval list's removals; on the calibration
# splice set it costs 1 of 346 passages and none of the real-news calibration list's removals.
SPEAKER_MARGIN = 1.0
DIGEST_BAND = 1.0


REASON = "little lexical or entity overlap with the story"
REASON_ACCURATE = "little lexical, entity or meaning (MiniLM) overlap with the story"
REASON_GLOSS = "encyclopedia text: a labelled gloss in a non-Latin script, e.g. (Korean: ...)"


class OffTopicModelError(ValueError):
    """The shipped off-topic model does not match the code; refit it with training/offtopic.py."""


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """Term weights log(N / (1 + df)) from the shipped document-frequency table, and the weight of an unseen term."""
    ref = resources.files("newsledger.stages.clean").joinpath(IDF_TABLE)
    docs, table = 0, {}
    for line in ref.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        term, df = line.split("\t")
        if term == "@documents":
            docs = int(df)
        else:
            table[term] = int(df)
    n = max(docs, 2)
    return {t: math.log(n / (1 + df)) for t, df in table.items()}, math.log(n / 2)


def model_features(accurate: bool = False, protect: bool = True, wordvecs: bool = True, context: bool = True) -> tuple[str, ...]:
    """The feature names of the default or the accurate model, in row order (the default model also reads the
    protection and voice features of offtopic_protect.py, then the word-vector features of offtopic_vectors.py and
    then the context features of offtopic_context.py, last; a default model fitted before them does not)."""
    if accurate:
        return FEATURES + EMBED_FEATURES + STORY_FEATURES + LINK_FEATURES + STYLE_FEATURES
    vectors = protect and wordvecs
    return (FEATURES + STYLE_FEATURES + (PROTECT_FEATURES if protect else ()) + (VECTOR_FEATURES if vectors else ())
            + (CONTEXT_FEATURES if vectors and context else ()))


def reads_protect(m: dict[str, Any]) -> bool:
    """Whether a loaded model's rows carry the PROTECT_FEATURES (after the style features)."""
    return PROTECT_FEATURES[0] in m.get("features", ())


def reads_vectors(m: dict[str, Any]) -> bool:
    """Whether a loaded model's rows carry the VECTOR_FEATURES (after the protection features)."""
    return VECTOR_FEATURES[0] in m.get("features", ())


def reads_context(m: dict[str, Any]) -> bool:
    """Whether a loaded model's rows end with the CONTEXT_FEATURES."""
    return CONTEXT_FEATURES[0] in m.get("features", ())


@lru_cache(maxsize=2)
def model(accurate: bool = False) -> dict[str, Any]:
    """The shipped model (default or accurate mode): an MLP ensemble (feature scaling and weights of each), a
    gradient-boosted tree ensemble (key "trees": the file it is in, loaded into "ensemble") or both, and the threshold;
    with "context" (a number of neighbours) it reads each row widened by with_context(); "members": models of
    these kinds, each with its own threshold, whose union decides (see model_scores)."""
    name = ACCURATE_MODEL if accurate else MODEL
    ref = resources.files("newsledger.stages.clean").joinpath(name)
    data = json.loads(ref.read_text(encoding="utf-8"))
    known = [list(model_features(accurate, protect=p, wordvecs=w, context=c)) for p in (True, False) for w in (True, False)
             for c in (True, False)]
    if list(data["features"]) not in known:
        flag = " --accurate" if accurate else ""
        raise OffTopicModelError(f"{name} was fitted on other features; refit with training/offtopic.py{flag}")
    set_idf(*idf_table())
    if data.get("unused"):  # features the nets do not read (left out for generalisation; training/offtopic_gcv.py)
        data["keep"] = np.array([k for k, f in enumerate(data["features"]) if f not in set(data["unused"])])
    for part in [data, *data.get("members", [])]:
        if "trees" in part:
            part["ensemble"] = TreeEnsemble.from_bytes(resources.files("newsledger.stages.clean").joinpath(part["trees"]).read_bytes())
        for net in part.get("mlps", []):
            for key in ("mean", "scale", "W1", "b1", "W2"):
                net[key] = np.asarray(net[key], dtype=float)
    return dict(data)


def with_context(rows: Sequence[Sequence[float]], span: int = 1) -> list[list[float]]:
    """Each judged block's row widened with the rows of the ``span`` judged blocks before and after it (NaN past
    the ends), in order: a model reading these sees a block's neighbours as they see their own neighbours. A
    passage of two spliced paragraphs needs this: each of its blocks has one neighbour (the other) that tells
    the same story, so its own comparisons with the blocks around it look coherent, while its neighbour's row
    looks out of place too."""
    if not rows:
        return []
    pad = [math.nan] * len(rows[0])
    return [[v for j in range(k - span, k + span + 1) for v in (rows[j] if 0 <= j < len(rows) else pad)]
            for k in range(len(rows))]


def mlp_scores(rows: np.ndarray, m: dict[str, Any]) -> np.ndarray:
    """Log-odds that each feature row is an off-topic paragraph: the mean of the MLPs', the tree ensemble's, or
    (a model with both) the mean of the two."""
    parts = []
    if "ensemble" in m:
        parts.append(np.asarray(m["ensemble"].raw(rows)))
    if m.get("mlps"):
        out = np.zeros(len(rows))
        for net in m["mlps"]:
            z = np.nan_to_num((rows - net["mean"]) / net["scale"])  # a missing neighbour (NaN) reads as the mean
            out += np.tanh(z @ net["W1"] + net["b1"]) @ net["W2"] + float(net["b2"])
        parts.append(out / len(m["mlps"]))
    return np.asarray(np.mean(parts, axis=0))


def paragraph_scores(items: list[BlockTerms], title: str | None, vectors: ArticleVectors | None = None,
                     story: Callable[[int], np.ndarray] | None = None,
                     link: Callable[[list[tuple[int, int]]], np.ndarray] | None = None,
                     protect: Callable[[int], list[list[float]]] | None = None,
                     wordvecs: Callable[[int], list[list[float]]] | None = None,
                     context: Callable[[int], list[list[float]]] | None = None) -> tuple[int, np.ndarray]:
    """(index of the first judged block, log-odds of each judged block); with the blocks' MiniLM vectors,
    ``story`` (lead_end -> the story scorer's log-odds of the blocks from lead_end on) and ``link`` (block index
    pairs -> the link scorer's log-odds) the accurate model scores them; either mode's rows end with the blocks'
    house-style features (offtopic_style.style_features), the default mode's then with ``protect(lead_end)`` (the
    PROTECT_FEATURES rows of offtopic_protect.protect_rows) and, when the model reads them, ``wordvecs(lead_end)``
    (the VECTOR_FEATURES rows of offtopic_vectors.vector_rows) and ``context(lead_end)`` (CONTEXT_FEATURES,
    offtopic_context.context_rows)."""
    m = model(vectors is not None)
    lead_end, rows = block_features(items, title)
    if not rows:
        return lead_end, np.empty(0)
    if vectors is not None:
        logits = story(lead_end) if story is not None else np.zeros(len(rows))
        pairs = link_pairs(lead_end, len(items))
        links = dict(zip(pairs, link(pairs) if link is not None else np.zeros(len(pairs)), strict=True))
        rows = [r + e + s + k for r, e, s, k in zip(rows, embed_features(vectors, lead_end), story_features(logits),
                                                    link_features(lead_end, len(items), links), strict=True)]
    rows = [r + h for r, h in zip(rows, style_features([it.block.text for it in items], lead_end), strict=True)]
    if vectors is None and reads_protect(m):
        if protect is None:
            raise ValueError("the default model reads the protection features: pass protect")
        rows = [r + p for r, p in zip(rows, protect(lead_end), strict=True)]
        if reads_vectors(m):
            if wordvecs is None:
                raise ValueError("the default model reads the word-vector features: pass wordvecs")
            rows = [r + v for r, v in zip(rows, wordvecs(lead_end), strict=True)]
        if reads_context(m):
            if context is None:
                raise ValueError("the default model reads the context features: pass context")
            rows = [r + c for r, c in zip(rows, context(lead_end), strict=True)]
    return lead_end, model_scores(rows, m)


def model_scores(rows: list[list[float]], m: dict[str, Any]) -> np.ndarray:
    """Log-odds of the judged blocks' rows under a model; a model with "members" gives each block the largest
    margin of a member over its own threshold (a block goes when any member would remove it); a member with
    "columns" reads only that many leading features of each row, one with "keep" only those columns."""
    if "members" in m:
        return np.asarray(np.max([model_scores(rows, mem) - float(mem["threshold"]) for mem in m["members"]], axis=0))
    if m.get("columns"):  # a member that reads only the first columns of each row
        rows = [list(r[:int(m["columns"])]) for r in rows]
    if m.get("context"):
        rows = with_context(rows, int(m["context"]))
    x = np.asarray(rows, dtype=float)
    if not len(x):
        return np.empty(0)
    return mlp_scores(x[:, m["keep"]] if "keep" in m else x, m)


def is_digest(scores: Sequence[float] | np.ndarray, sizes: Sequence[float], listed: Sequence[bool], limit: float) -> bool:
    """Whether DIGEST_BLOCKS or more judged paragraphs (with MIN_TERMS terms, no list items) score within DIGEST_BAND
    of the threshold ``limit``: the text reports several unrelated stories by design (a digest), not one with a
    passage pasted in."""
    near = sum(1 for z, n, li in zip(scores, sizes, listed, strict=True) if z >= limit - DIGEST_BAND and n >= MIN_TERMS and not li)
    return near >= DIGEST_BLOCKS


def find_off_topic(doc: Doc, blocks: list[Block], title: str | None = None, accurate: bool = False) -> list[Removed]:
    """Paragraphs that the coherence model scores as not belonging to the story (accurate: with MiniLM
    sentence embeddings as well; needs the ml extra)."""
    items = block_terms(doc, blocks)
    if len(items) < 3:
        return []
    vectors = None
    story = None
    link = None
    if accurate:
        from newsledger.runtime.minilm import load_minilm
        from newsledger.stages.clean.offtopic_story import shipped_link_scorer, shipped_story_scorer

        vectors = article_vectors(load_minilm(), doc, blocks, title)

        def story(lead_end: int) -> np.ndarray:
            lead = "\n\n".join(it.block.text for it in items[:lead_end])
            return shipped_story_scorer().logits(title, lead, [it.block.text for it in items[lead_end:]])

        def link(pairs: list[tuple[int, int]]) -> np.ndarray:
            return shipped_link_scorer().pair_logits([it.block.text for it in items], pairs)
    cache: dict[int, list[list[float]]] = {}

    def protect(lead_end: int) -> list[list[float]]:
        if lead_end not in cache:
            cache[lead_end] = protect_rows(doc, items, lead_end, title)
        return cache[lead_end]

    def wordvecs(lead_end: int) -> list[list[float]]:
        return vector_rows(doc, items, lead_end, title)

    def context(lead_end: int) -> list[list[float]]:
        return context_rows(doc, items, lead_end)

    lead_end, scores = paragraph_scores(items, title, vectors, story, link, protect, wordvecs, context)
    m = model(accurate)
    limit = float(m["threshold"])
    # a block that carries a quote, names an actor of the story or continues the paragraph before it needs a score
    # this much higher (log-odds; placed with the threshold on the calibration sets)
    margin = float(m.get("protect_margin", 0.0))
    flags = protected_flags(protect(lead_end)) if margin else [False] * len(scores)
    # a quote of a story speaker needs SPEAKER_MARGIN more whatever the placed margin (0 for the round-13 model)
    speakers = speaker_flags(protect(lead_end)) if not accurate and reads_protect(m) else [False] * len(scores)
    listed = list_items([it.block.text for it in items])[lead_end:]
    digest = not accurate and is_digest(scores, [items[lead_end + k].size for k in range(len(scores))], listed, limit)
    out = []
    for k, z in enumerate(scores):
        it = items[lead_end + k]
        b = it.block
        need = limit + (margin if flags[k] else 0.0) + (SPEAKER_MARGIN if speakers[k] else 0.0)
        if has_encyclopedia_gloss(b.text):  # pasted encyclopedia text, whatever the model says (no news splices have it)
            out.append(Removed(b.start, b.end, "off_topic", REASON_GLOSS, 1.0))
        elif z >= need and it.size >= MIN_TERMS and not listed[k] and not digest:
            reason = REASON_ACCURATE if accurate else REASON
            if speakers[k]:
                reason += "; protected (a quote of a story speaker): needed a much higher score"
            elif flags[k]:
                reason += "; protected (quote, story actor or continuation): needed a higher score"
            out.append(Removed(b.start, b.end, "off_topic", reason,
                               round(1.0 / (1.0 + math.exp(-1.0 - (float(z) - need))), 3)))
    return out
