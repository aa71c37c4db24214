"""Helpers for the quote tests: run the pipeline up to the quotes stage on one text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline


@pytest.fixture(scope="session")
def quotes_of(pipeline: Pipeline) -> Callable[[str], list[Quote]]:
    upto_quotes = Pipeline(nlp=pipeline.nlp, stages=["quotes"])  # the quotes stage and what it requires

    def run(text: str) -> list[Quote]:
        analysis = upto_quotes.analyze_document(make_document(text))
        assert not analysis.errors, analysis.errors
        return analysis.quotes

    return run
