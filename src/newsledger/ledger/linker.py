"""A learned cross-document linker: a fourth, gated pass that joins reports of one happening told in one story.

The three rule passes (``match``, ``rejoin``, ``context``) need the same trigger word or a shared participant
with a place or a day. Reports of one happening in articles of one story often have neither ("checked into
rehab" / "entered a treatment centre"). This pass scores a pair of event records of *different* documents
with a small logistic model over what the ledger already has (``FEATURES``):

* the trigger: the same lemma, the same trigger class, the word-vector cosine of the two trigger words and
  whether they share a word-vector cluster (``stages/events/models/wordvecs.npz``);
* the type: the same PLOVER type, or a wildcard on either side (gold mentions carry none);
* the documents: the TF-IDF cosine of the two articles (``context.DocIndex``) and their publication-day gap;
* the arguments (``match``'s checks): a shared resolved participant, the same actor, the same target, the same
  place, both dates compatible, both dating it to the day themselves, one side undated;
* the position and mode: both reports in their article's lead, one dating the happening in its own clause,
  both with the same modality; and the content-word overlap (Jaccard) of the two evidence sentences.

The weights (``models/linker.json``) are fitted by ``training/linker.py`` on ECB+ pairs (docs/ledgerweb.md says
which topics). Two clusters join when some pair of their reports, in articles of one story (the context pass's
blocking), scores at least the model's threshold, that pair's participants do not clash and no report of one
cluster contradicts one of the other (``rejoin.conflict``): the hard conflicts still keep events apart.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsledger.ledger import when as W
from newsledger.ledger.context import DocIndex, anchored, in_lead
from newsledger.ledger.event_features import EventFeatures, trigger_classes
from newsledger.ledger.match import WILDCARD_TYPES, date_context, participants_clash, same_place, same_trigger
from newsledger.ledger.rejoin import conflict

FEATURES = ("same_lemma", "same_class", "trigger_cosine", "same_vector_cluster", "same_type", "wildcard_type",
            "doc_cosine", "day_gap", "shared_participant", "same_actor", "same_target", "same_place",
            "dates_compatible", "same_own_day", "one_undated", "both_in_lead", "anchored", "same_modality",
            "sentence_overlap")
# A publication gap is counted in days up to this many (the story window is 3 days; farther is "far").
MAX_GAP_DAYS = 7
# At most this many candidate clusters are tried per cluster, and this many reports of each side compared.
MAX_LINK_CANDIDATES = 40
MAX_LINK_REPORTS = 30
# Trailing letters the crude lemma strips ("announc" -> "announce", "sentenc" -> "sentence").
_ENDINGS = ("", "e", "ed", "s", "ing")

Said = Callable[[EventFeatures], frozenset[str]]


class LinkerError(ValueError):
    """The linker weights are missing or malformed."""


@dataclass(frozen=True)
class LinkModel:
    """Logistic weights over ``FEATURES`` and the probability at which two reports are one happening."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: list[float]) -> float:
        """The model's probability that the two reports are one happening."""
        z = self.bias + sum(w * f for w, f in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def score(self, x: EventFeatures, y: EventFeatures, features: list[float]) -> float:
        """The probability for one pair of reports (a trainer's cross-validation picks its fold's model here)."""
        return self.probability(features)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> LinkModel:
        """Read weights written by training/linker.py (feature names must match FEATURES, in order)."""
        names, weights = data.get("features"), data.get("weights")
        if not isinstance(names, list) or names != list(FEATURES) or not isinstance(weights, list) or len(weights) != len(FEATURES):
            raise LinkerError(f"linker weights are for features {names!r}, expected {list(FEATURES)!r}")
        return cls(tuple(float(w) for w in weights), float(data.get("bias", 0.0)),  # type: ignore[arg-type]
                   float(data.get("threshold", 1.0)))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        """The JSON form (the feature names travel with the weights)."""
        return {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights], "bias": round(self.bias, 6),
                "threshold": self.threshold}


@lru_cache(maxsize=1)
def load_model() -> LinkModel:
    """The shipped weights (``ledger/models/linker.json``), read once per process."""
    path = resources.files("newsledger.ledger").joinpath("models", "linker.json")
    try:
        return LinkModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise LinkerError(f"linker weights ({path}) could not be read ({exc}); refit them with python training/linker.py") from exc


@lru_cache(maxsize=8192)
def trigger_vector(word: str) -> tuple[np.ndarray | None, int]:
    """The unit word vector and word-vector cluster of a trigger lemma (None, -1 when the table lacks it)."""
    from newsledger.stages.events.wordvecs import load_wordvecs  # read once per process, shared with events

    table = load_wordvecs()
    for ending in _ENDINGS:
        row = table.row.get(word + ending)
        if word and row is not None:
            return table.vectors[row], table.cluster(row)
    return None, -1


def trigger_cosine(a: str, b: str) -> tuple[float, bool]:
    """Word-vector cosine of two trigger lemmas (0 when either is unknown) and whether they share a cluster."""
    (va, ca), (vb, cb) = trigger_vector(a), trigger_vector(b)
    if va is None or vb is None:
        return 0.0, False
    return float(va @ vb), ca == cb


def pair_features(x: EventFeatures, y: EventFeatures, doc_cosine: float, said: Said | None = None) -> list[float]:
    """The FEATURES of two event records of different documents, in order."""
    cos, cluster = trigger_cosine(x.lemma, y.lemma)
    tx, ty = x.type.split(".")[0], y.type.split(".")[0]
    wild = tx in WILDCARD_TYPES or ty in WILDCARD_TYPES
    px, py = W.interval(x.published), W.interval(y.published)
    gap = min(px.gap_days(py), MAX_GAP_DAYS) / MAX_GAP_DAYS if px and py else 0.5
    allowed, own_day, _ = date_context(x, y)
    both_dated = bool(W.interval(x.date) and W.interval(y.date))
    wx, wy = (said(x), said(y)) if said else (frozenset(), frozenset())
    return [
        float(bool(x.lemma) and x.lemma == y.lemma),
        float(bool(x.lemma) and trigger_classes().get(x.lemma, "?") == trigger_classes().get(y.lemma, "!")
              or same_trigger(x.lemma, y.lemma)),
        cos, float(cluster), float(not wild and tx == ty), float(wild), doc_cosine, gap,
        float(bool(x.resolved() & y.resolved())),
        float(bool(x.actor) and x.actor == y.actor and (x.actor or "").startswith("c")),
        float(bool(x.target) and x.target == y.target and (x.target or "").startswith("c")),
        float(same_place(x, y) is True),
        float(both_dated and allowed), float(own_day), float(not both_dated and bool(x.date or y.date)),
        float(in_lead(x) and in_lead(y)), float(anchored(x) or anchored(y)), float(x.modality == y.modality),
        len(wx & wy) / len(wx | wy) if wx and wy else 0.0,
    ]


def scored_pairs(a: list[EventFeatures], b: list[EventFeatures], index: DocIndex, model: LinkModel,
                 said: Said | None = None) -> list[tuple[float, EventFeatures, EventFeatures]]:
    """Pairs of reports of the two clusters in different articles of one story, with the model's score, best first."""
    out = []
    for x in a[-MAX_LINK_REPORTS:]:
        for y in b[-MAX_LINK_REPORTS:]:
            if x.doc_id != y.doc_id and index.same_story(x.doc_id, y.doc_id):
                out.append((model.score(x, y, pair_features(x, y, index.cosine(x.doc_id, y.doc_id), said)), x, y))
    return sorted(out, key=lambda t: -t[0])


def learned_join(a: list[EventFeatures], b: list[EventFeatures], index: DocIndex, model: LinkModel,
                 said: Said | None = None) -> bool:
    """The two clusters are one happening by the model, and nothing conflicts (see the module docstring): some pair
    scores at least the threshold without a participant clash, and no report of one contradicts one of the other."""
    if model.threshold > 1.0:
        return False  # the pass is off
    linked = any(p >= model.threshold and not participants_clash(x, y) for p, x, y in scored_pairs(a, b, index, model, said))
    return linked and not conflict(a, b)
