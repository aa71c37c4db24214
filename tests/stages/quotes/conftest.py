"""Helpers for the quote tests: run the pipeline up to the quotes stage on one text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.runtime.doctext import DOC_TEXT_KEY
from newsledger.stages.quotes.stage import quote_rows


@pytest.fixture(scope="session")
def quotes_of(pipeline: Pipeline) -> Callable[[str], list[Quote]]:
    """The quotes stage's records (after the learned filter)."""
    upto_quotes = Pipeline(nlp=pipeline.nlp, stages=["quotes"])  # the quotes stage and what it requires

    def run(text: str) -> list[Quote]:
        analysis = upto_quotes.analyze_document(make_document(text))
        assert not analysis.errors, analysis.errors
        return analysis.quotes

    return run


@pytest.fixture(scope="session")
def candidates_of(pipeline: Pipeline) -> Callable[[str], list[Quote]]:
    """Every candidate the finders propose, as records, before the learned filter (tests of the finders)."""
    before = Pipeline(nlp=pipeline.nlp, stages=["entities", "timexes"])

    def run(text: str) -> list[Quote]:
        document = make_document(text)
        doc = before.nlp(document.text)
        doc.user_data[DOC_TEXT_KEY] = document.text
        analysis = before.run_stages(document, doc)
        return [row.quote for row in quote_rows(Context(document=document, doc=doc, analysis=analysis))]

    return run
