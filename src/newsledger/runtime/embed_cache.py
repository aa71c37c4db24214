"""Cache the embedding layer of spaCy's CNN encoders per distinct token (same vectors, computed once).

The first half of a ``Tok2Vec`` encoder (``MultiHashEmbed``: hash embeddings of a few lexical attributes,
then a Maxout layer with LayerNorm) gives each token a vector that depends only on that token's attribute
values (NORM, PREFIX, SUFFIX, SHAPE, ...), not on its neighbours. News text repeats its tokens (on AllSides
articles one token in ten is a new combination after the first hundred articles), so each distinct
combination is computed once, by the model's own layers, and looked up afterwards. The contextual CNN that
follows runs as before. Every row the layers compute depends on that row's input alone, so the vectors,
and therefore the annotations, are the same as without the cache (tensors and annotations compared bit for
bit in ``tests/runtime/test_embed_cache.py``; ``analyze`` JSONL byte-identical on 200 AllSides articles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language

# Names of the layers that make up a MultiHashEmbed, in order (thinc flattens chains): exact names, or
# prefixes ending in "(".
EMBED_LAYERS = ("extract_features", "list2ragged", "with_array(", "with_array(maxout", "ragged2list")
# Distinct tokens kept per encoder (96 floats each: 38 MB at this size); the cache starts over when full.
MAX_CACHE = 100_000
_CACHED = "newsledger_embed_cache"


class EmbedCache:
    """The embedding rows of one encoder, keyed by the raw bytes of a token's attribute values."""

    def __init__(self, layers: list[Any]) -> None:
        self.extract, _, self.hash_embed, self.mix, _ = layers
        self.index: dict[bytes, int] = {}
        self.rows = np.zeros((0, 0), dtype="float32")

    def __call__(self, docs: list[Any]) -> list[Any]:
        """The embedding of every token of ``docs``, as the MultiHashEmbed layers return it (one array per doc)."""
        feats = self.extract.predict(docs)
        lengths = [len(f) for f in feats]
        if sum(lengths) == 0:
            return self._embed(feats, lengths)
        allf = np.ascontiguousarray(np.concatenate(feats))
        keys = allf.view(np.dtype((np.void, allf.dtype.itemsize * allf.shape[1]))).ravel()
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        index = self.index
        where = np.fromiter((index.get(k, -1) for k in uniq.tolist()), dtype=np.int64, count=len(uniq))
        missing = np.flatnonzero(where < 0)
        if len(missing):
            if len(index) + len(missing) > MAX_CACHE:
                index.clear()
                self.rows = self.rows[:0]
                where[:] = -1
                missing = np.arange(len(uniq))
            ids = allf[first[missing]]
            new = self.mix.predict(self.hash_embed.predict(_ragged(ids, [len(ids)]))).data
            start = len(index)
            self._grow(start, start + len(new), new.shape[1], new.dtype)
            self.rows[start:start + len(new)] = new
            for offset, k in enumerate(uniq[missing].tolist()):
                index[k] = start + offset
            where[missing] = np.arange(start, start + len(new))
        out = self.rows[where[inverse.ravel()]]
        return np.split(out, np.cumsum(lengths)[:-1]) if len(lengths) > 1 else [out]

    def _embed(self, feats: list[Any], lengths: list[int]) -> list[Any]:
        """The embedding computed by the layers themselves (no token to cache)."""
        out = self.mix.predict(self.hash_embed.predict(_ragged(np.concatenate(feats), lengths))).data
        return np.split(out, np.cumsum(lengths)[:-1]) if len(lengths) > 1 else [out]

    def _grow(self, used: int, needed: int, width: int, dtype: Any) -> None:
        """Make room for ``needed`` rows, keeping the first ``used``."""
        if self.rows.shape[0] >= needed and self.rows.shape[1] == width:
            return
        grown = np.zeros((max(needed, 2 * self.rows.shape[0], 1024), width), dtype=dtype)
        if used:
            grown[:used] = self.rows[:used]
        self.rows = grown


def _ragged(data: Any, lengths: list[int]) -> Any:
    """thinc's Ragged of ``data`` rows split into ``lengths``."""
    from thinc.types import Ragged

    sizes: Any = np.array(lengths, dtype="int32")
    return Ragged(data, sizes)


def _is_embed(layers: list[Any]) -> bool:
    """True when ``layers`` start with the layers of a MultiHashEmbed."""
    if len(layers) < len(EMBED_LAYERS) or "hashembed" not in layers[2].name:
        return False
    return all(layer.name == want or ("(" in want and layer.name.startswith(want))
               for layer, want in zip(layers, EMBED_LAYERS, strict=False))


def _encoders(model: Any) -> list[Any]:
    """Every chain in ``model`` whose first layers are a MultiHashEmbed (without static vectors)."""
    found = []
    for node in model.walk():
        if node.name.startswith("extract_features>>") and _is_embed(node.layers):
            found.append(node)
    return found


def cache_embeddings(nlp: Language) -> list[str]:
    """Put an embedding cache in front of every MultiHashEmbed encoder of ``nlp``; returns the components."""
    changed = []
    for name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None:
            continue
        for chain in _encoders(model):
            if chain.attrs.get(_CACHED):
                continue
            chain.attrs[_CACHED] = True
            chain._func = _cached_forward(chain._func, EmbedCache(chain.layers[:len(EMBED_LAYERS)]))
            changed.append(name)
    return changed


def _cached_forward(forward: Any, cache: EmbedCache) -> Any:
    """A chain forward that takes the embedding from the cache and runs the rest of the chain as before."""

    def cached(model: Any, docs: Any, is_train: bool) -> Any:
        if is_train:
            return forward(model, docs, is_train)
        X = cache(list(docs))
        for layer in model.layers[len(EMBED_LAYERS):]:
            X = layer.predict(X)

        def backprop(dY: Any) -> Any:  # pragma: no cover - prediction only
            raise NotImplementedError("cached embeddings are for prediction only")

        return X, backprop

    return cached
