"""Opt-in contextual trigger tagger (``ctx.accurate``): all-MiniLM-L6-v2 with its top layers and a token head
fine-tuned on the annotated rounds' train splits, one softmax over the trigger model's classes per token.

Only the fine-tuned top layers and the head ship (``models/trigger-minilm.npz``, float16, the file format of
the framing MiniLM tagger); they replace those layers in a private copy of the packaged MiniLM, so the shared
encoder stays untouched. Tokens are the spaCy tokens of ``ctx.doc``, packed by sentence into the framing
tagger's windows and read at their first wordpiece. In accurate mode the stage averages these probabilities
with the sparse trigger model's on its candidates (weight ``mix``), adds the other candidate tokens the tagger
alone reads as triggers (none-probability under ``extra``), and decodes with the thresholds stored in the file.
Training: training/events_minilm.py.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from newsledger.stages.events.detect import NONE
from newsledger.stages.events.model import EventModelError, SparseNet

if TYPE_CHECKING:
    from newsledger.registry import Context
    from newsledger.stages.events.features import DocView
    from newsledger.stages.framing.minilm import MiniLMTaggerModel

MODEL_RESOURCE = "models/trigger-minilm.npz"
# Keys of the file's meta that override the sparse trigger model's decoding thresholds.
DECODING_KEYS = ("threshold", "lead_threshold", "lexicon_threshold", "type_thresholds")
# Windows per forward pass (as the framing tagger).
BATCH_WINDOWS = 16


class TriggerTagger:
    """The packaged MiniLM with private copies of the tuned layers and the trigger head."""

    def __init__(self, model: MiniLMTaggerModel) -> None:
        import torch

        from newsledger.runtime.minilm import load_minilm
        from newsledger.runtime.minilm_layers import tuned_layers, with_own_layers

        base = load_minilm()
        self.model = model
        self.tokenizer = base.tokenizer
        own = tuned_layers(model.weights, EventModelError, "the trigger tagger")
        self.encoder = with_own_layers(base.model, own)
        self.first = min(own)
        self.top = list(self.encoder.encoder.layer[self.first :])
        state = {k: torch.from_numpy(v) for k, v in model.weights.items()}
        if self.encoder.load_state_dict(state, strict=False).unexpected_keys:
            raise EventModelError("the MiniLM trigger model has weights the encoder lacks; retrain it (training/events_minilm.py)")
        self.classes = list(model.techniques)

    def probabilities(self, ctx: Context) -> np.ndarray:
        """(n_tokens, n_classes) softmax probabilities; tokens without wordpieces get the none class. The lower
        layers' pass is shared with the framing tagger through ``ctx.cache``."""
        import torch

        from newsledger.stages.framing.minilm import shared_windows, top_states
        from newsledger.stages.framing.model import TokenView

        view = TokenView.from_doc(ctx.doc)
        out = np.zeros((len(view), len(self.classes)), dtype=np.float32)
        out[:, self.classes.index(NONE)] = 1.0
        windows = shared_windows(view, self.first, ctx.cache)
        for b in range(0, len(windows), BATCH_WINDOWS):
            chunk = windows[b : b + BATCH_WINDOWS]
            with torch.inference_mode():
                states = top_states(self.top, chunk).numpy()
            logits = states @ self.model.head_weight.T + self.model.head_bias
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            out[[i for w, _ in chunk for i in w.tokens]] = p / p.sum(axis=1, keepdims=True)
        return out


@lru_cache(maxsize=1)
def shipped_trigger_tagger() -> TriggerTagger:
    """The packaged MiniLM trigger tagger (loaded once per process; needs the ml extra)."""
    from newsledger.runtime.minilm import require
    from newsledger.stages.framing.minilm import MiniLMTaggerModel

    require()
    try:
        data = resources.files("newsledger.stages.events").joinpath(MODEL_RESOURCE).read_bytes()
    except FileNotFoundError as exc:
        raise EventModelError(f"{MODEL_RESOURCE} is missing; re-create it with training/events_minilm.py") from exc
    return TriggerTagger(MiniLMTaggerModel.from_bytes(data))


def tagger_output(ctx: Context) -> tuple[np.ndarray, list[str], dict[str, object]]:
    """The shipped tagger's per-token class probabilities of the document, its classes and its file's meta."""
    tagger = shipped_trigger_tagger()
    return tagger.probabilities(ctx), tagger.classes, tagger.model.meta


def decoding_model(model: SparseNet, meta: dict[str, object]) -> SparseNet:
    """The sparse trigger model with the tagger file's decoding thresholds (a shallow copy: same weights)."""
    out = copy.copy(model)
    out.meta = {**model.meta, **{k: meta[k] for k in DECODING_KEYS if k in meta}}
    return out


def mixed_scores(v: DocView, cands: list[int], probs: np.ndarray, tagger_probs: np.ndarray, classes: list[str],
                 meta: dict[str, object]) -> tuple[list[int], np.ndarray]:
    """Candidates and class probabilities mixing the sparse model's (``cands``/``probs``) and the tagger's."""
    w = float(meta.get("mix", 1.0))  # type: ignore[arg-type]
    extra = float(meta.get("extra", 0.0))  # type: ignore[arg-type]
    none = classes.index(NONE)
    row = {i: k for k, i in enumerate(cands)}
    out_c: list[int] = []
    out_p: list[np.ndarray] = []
    for i in v.candidates(None):
        pm = tagger_probs[i]
        if i in row:
            out_c.append(i)
            out_p.append(w * pm + (1.0 - w) * probs[row[i]])
        elif pm[none] < extra:
            out_c.append(i)
            out_p.append(pm)
    return out_c, np.vstack(out_p) if out_p else np.zeros((0, len(classes)), dtype=np.float32)


def accurate_triggers(ctx: Context, v: DocView, model: SparseNet) -> tuple[list[int], np.ndarray, SparseNet]:
    """Candidates, mixed probabilities and the decoding model of the accurate mode."""
    from newsledger.stages.events.detect import score_tokens

    tagger_probs, classes, meta = tagger_output(ctx)
    if classes != model.classes:
        raise EventModelError("the MiniLM trigger model's classes differ from trigger.npz's; retrain it (training/events_minilm.py)")
    cands, probs = score_tokens(v, model)
    cands, probs = mixed_scores(v, cands, probs, tagger_probs, classes, meta)
    return cands, probs, decoding_model(model, meta)
