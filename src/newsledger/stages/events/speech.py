"""Speech acts the tagger rejects: a verb of speech read as the act itself ("called the plan a disgrace").

The codebook (news-2026-12, section 4) codes "say", "tell", "call", "warn" as DISAPPROVE, DEMAND or THREATEN when
what is said is criticism, a directive or a threat, and as nothing (or STATEMENT) otherwise. The trigger tagger
scores these verbs like any other and mostly rejects them. A small logistic model (``models/speech.json``, fitted
by ``training/events_speech.py`` on the training union) reads the verb, its dependents, the words of its
complement (clause, object, predicate), the tagger's none-probability and best type, and adds a trigger of its
best type when that is probable enough. Default mode only; it reads the one parse.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsledger.stages.events.detect import NONE, Trigger
from newsledger.stages.events.features import DocView
from newsledger.stages.events.model import SparseNet

# Cue list of event_cues.json naming the verbs of speech the model reads.
SPEECH_CUE = "speech_act_verbs"
# Cue list of event_cues.json with words of criticism ("lie", "disgrace").
DISAPPROVAL_CUE = "disapproval_words"
# Dependents of the verb whose whole phrase is read as what is said.
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "oprd", "advcl", "dative", "attr"})
# The model's file beside the stage.
MODEL_FILE = "speech.json"
# Label of "no speech act" in the model.
OTHER = "O"


@dataclass(frozen=True)
class SpeechModel:
    """A multinomial logistic model over string features: one weight row per feature, one column per class."""

    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]
    threshold: float

    def probs(self, feats: dict[str, float]) -> list[float]:
        """Class probabilities of one verb."""
        z = list(self.bias)
        for f, x in feats.items():
            row = self.weights.get(f)
            if row is not None:
                z = [a + x * w for a, w in zip(z, row, strict=True)]
        top = max(z)
        e = [math.exp(a - top) for a in z]
        s = sum(e)
        return [a / s for a in e]


@lru_cache(maxsize=1)
def load_speech_model() -> SpeechModel | None:
    """The shipped speech-act model, or None when its file is absent."""
    path = resources.files("newsledger.stages.events") / "models" / MODEL_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return SpeechModel(list(data["classes"]), dict(data["weights"]), list(data["bias"]), float(data["threshold"]))


def speech_features(v: DocView, i: int, p_none: float, best: str) -> dict[str, float]:
    """Features of the verb of speech at token ``i``: lemma, dependents, content words, the tagger's reading."""
    tok = v.doc[i]
    lemma = v.lemma[i]
    f: dict[str, float] = {f"lem={lemma}": 1.0, f"best={best}": 1.0, f"q={v.in_quote[i]}": 1.0,
                           "pn": p_none, f"pnb={int(p_none * 10)}": 1.0}
    critical = v.lex.cue(DISAPPROVAL_CUE)
    for child in tok.children:
        dep, word = child.dep_, child.lemma_.lower()
        f[f"dep={dep}"] = 1.0
        f[f"dl={dep}|{word}"] = 1.0
        f[f"ld={lemma}|{dep}"] = 1.0
        if dep not in CONTENT_DEPS:
            continue
        for t in child.subtree:
            w = t.lemma_.lower()
            f[f"w={w}"] = 1.0
            if w in critical:
                f["dis"] = 1.0
            if t.dep_ == "aux" and w in ("will", "would"):
                f[f"fut|{dep}"] = 1.0
            if t.dep_ == "aux" and w == "to" and dep == "xcomp":  # "told them to leave": a directive
                f["toinf"] = 1.0
            if t.dep_ == "neg":
                f[f"neg|{dep}"] = 1.0
    return f


def speech_triggers(v: DocView, cands: list[int], probs: np.ndarray, tagger: SparseNet, found: list[Trigger],
                    model: SpeechModel) -> list[Trigger]:
    """Triggers for the verbs of speech the tagger scored and rejected that the model reads as speech acts."""
    taken = {k for t in found for k in range(t.first, t.last + 1)}
    verbs = v.lex.cue(SPEECH_CUE)
    none = tagger.class_index[NONE]
    out = []
    for k, i in enumerate(cands):
        if i in taken or v.pos[i] != "VERB" or v.lemma[i] not in verbs:
            continue
        q = probs[k].copy()
        q[none] = -1.0
        best = tagger.classes[int(q.argmax())]
        p = model.probs(speech_features(v, i, float(probs[k][none]), best))
        j = max((c for c in range(len(p)) if model.classes[c] != OTHER), key=lambda c: p[c])
        if p[j] >= model.threshold:
            out.append(Trigger(i, i, i, model.classes[j], float(p[j])))
    return out
