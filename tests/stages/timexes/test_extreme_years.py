"""Publication dates at the ends of the calendar (years 1 and 9999) never make the timex stage fail."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.stages.timexes.stage import find_timexes

TEXT = ("The bridge was finished last year and will be painted next month. Talks resume tomorrow, in two weeks, "
        "and again next spring; the treaty agreed three years ago runs until the next century.")


@pytest.mark.parametrize(
    ("published", "last_year"),
    [(date(1, 1, 1), "XXXX"), (date(1, 12, 31), "XXXX"), (date(999, 6, 1), "XXXX"), (date(9999, 12, 31), "XXXX"),
     (date(9000, 1, 1), "XXXX"), (date(2024, 5, 14), "2023"), (date(1000, 1, 1), "0999")],
)
def test_relative_dates_are_anchored_only_inside_the_range(published: date, last_year: str) -> None:
    timexes = {t.text: t.value for t in find_timexes(TEXT, published)}
    assert timexes["last year"] == last_year
    assert timexes["two weeks"] == "P2W"


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_pipeline_runs_every_stage(pipeline: Pipeline, published: str) -> None:
    result = pipeline.analyze_document(make_document(TEXT + " In 9999 the next year was planned.", published=published))
    assert not result.errors  # type: ignore[union-attr]
    assert result.timexes  # type: ignore[union-attr]
