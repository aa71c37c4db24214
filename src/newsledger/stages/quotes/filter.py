"""The learned quote filter: is a candidate attribution a statement the ledger should record?

The finders propose every cue with a content (PolNeAR's broad notion of attribution: "announced the
deployment", "praised the crews", "X fears ..."); the annotation round's codebook records statements only
(speech and writing, with their content, not beliefs nor acts named by a cue verb). A logistic model over
the candidate's cue word, its word-vector cluster and likeness to "say" (so that an unseen cue such as "characterized" is
scored like the speech verbs near it), how its content was found (``Candidate.frame``), mode, kind, speaker
kind and the shape of the content scores each candidate; below ``threshold`` it is dropped (with the parts that share its
cue). Weights: ``models/quote_filter.json``, written by ``training/quote_filter.py`` from the round's train
split (threshold chosen on cross-validated train scores).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from newsledger.document import Speaker
from newsledger.runtime.doctext import expand_tokens
from newsledger.runtime.tokcols import token_columns
from newsledger.stages.quotes.base import Candidate

MODEL = "models/quote_filter.json"
SPEECH_PROTOTYPE = "say"  # the cue whose word vector the others are compared with
CUE_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "NN", "NNS")


@dataclass(frozen=True)
class QuoteFilter:
    """Weights by feature name, a bias and the keep threshold on the probability."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, feats: dict[str, float]) -> bool:
        return self.probability(feats) >= self.threshold


@lru_cache(maxsize=1)
def shipped_filter() -> QuoteFilter | None:
    """The model file beside the stage, or None when there is none (every candidate is kept)."""
    path = resources.files("newsledger.stages.quotes").joinpath(MODEL)
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return QuoteFilter({k: float(v) for k, v in raw["weights"].items()}, float(raw["bias"]), float(raw["threshold"]))


def cue_lemma(cand: Candidate) -> str:
    """The cue word as a lemma ("say", "according", ":" for a colon label, "-" for a dash byline)."""
    if cand.cue is None:
        return "none"
    root = cand.cue.root
    if root.is_punct:
        return ":" if root.text == ":" else "-"
    return root.lemma_.lower()


def features(cand: Candidate, speaker: Speaker | None, speaker_type: str | None, mode: str, doc: Doc,
             text: str) -> dict[str, float]:
    """The named features of one candidate (see the module docstring)."""
    lemma = cue_lemma(cand)
    frame = cand.frame or "none"
    out: dict[str, float] = {f"frame={frame}": 1.0, f"lemma={lemma}": 1.0, f"lf={lemma}|{frame}": 1.0,
                             f"mode={mode}": 1.0, f"kind={cand.kind}": 1.0,
                             f"spk={speaker.kind if speaker is not None else 'none'}": 1.0}
    if speaker_type:
        out[f"spk_type={speaker_type}"] = 1.0
    content = text[cand.start : cand.end]
    words = content.split()
    out["content_words"] = math.log1p(len(words))
    if len(words) < 4:
        out["content_short"] = 1.0
    if content[:3].lower() == "to ":
        out["content_to"] = 1.0
    if any(ch in content for ch in "\"“”"):
        out["content_quoted"] = 1.0
    toks = expand_tokens(doc, cand.start, cand.end)
    pos = token_columns(doc).pos
    if toks is not None and not any(pos[i] in ("VERB", "AUX") for i in toks):
        out["content_np"] = 1.0
    if cand.cue is not None:
        root = cand.cue.root
        if root.tag_ in CUE_TAGS:
            out[f"cue_tag={root.tag_}"] = 1.0
        if any(c.dep_ == "auxpass" for c in root.children):
            out["cue_passive"] = 1.0
        first_break = text.find("\n")
        if first_break < 0 or root.idx < first_break:
            out["first_line"] = 1.0  # a headline glued to the text
    if cand.inherit_from is not None:
        out["inherit"] = 1.0
    out.update(cue_vector_features(lemma, frame))
    return out


@lru_cache(maxsize=4096)
def cue_vector_features(lemma: str, frame: str) -> dict[str, float]:
    """The cue lemma's word-vector cluster (alone and with the frame) and its cosine to "say"."""
    if not lemma[:1].isalpha():
        return {}
    from newsledger.stages.events.wordvecs import load_wordvecs  # (read once per process, shared with events)

    wv = load_wordvecs()
    row, say = wv.rows_of([lemma, SPEECH_PROTOTYPE])
    cluster = wv.cluster(row)
    if cluster < 0:
        return {"cue_cluster=unknown": 1.0}
    return {f"cue_cluster={cluster}": 1.0, f"cue_cluster_frame={cluster}|{frame}": 1.0,
            "cue_like_say": float(wv.vectors[row] @ wv.vectors[say])}
