"""Fixtures of the runtime tests: stock spaCy, to compare the fast component fronts with."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def original():  # type: ignore[no-untyped-def]
    """The project's spaCy model as spaCy loads it, without newsledger's fronts."""
    import spacy

    from newsledger.runtime.model import available_model

    return spacy.load(available_model())
