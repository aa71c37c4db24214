"""Property tests (hypothesis, derandomised for CI): readers and analyze() on arbitrary input.

Readers yield only Documents and ReadFailures (never raise), and every Document is clean: UTF-8-encodable
text and fields, an id without control characters, strict-JSON metadata. analyze() raises nothing but
InputError (bad input) or StageFailure, and every record's offsets lie inside the text and slice to its text.
The 10,000-input run of the same properties is benchmarks/fuzz_inputs.py."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.document import Analysis, Document
from newsledger.errors import InputError, StageFailure
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest.text import make_document
from newsledger.offsets import violations
from newsledger.pipeline import Failure, Pipeline

FAST = settings(derandomize=True, max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(derandomize=True, max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SUFFIXES = [".txt", ".jsonl", ".json", ".csv", ".tsv", ".html", ".xml", ".warc", ".warc.gz"]
FIELDS = ["id", "text", "title", "outlet", "source", "url", "published", "date", "publishedAt", "body", "extra"]

# text with what hostile input holds: lone surrogates, controls, escapes, quotes, bidi marks, long words
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=200) | st.sampled_from(
    ["", " ", "\ud83d", "\x1b[31mred", '"', "a,\"b\nc", "\u202eevil", "9999-12-31", "0001-01-01", "NaN"])
scalars = st.none() | st.booleans() | st.integers() | st.floats() | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=12)
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=7) | st.fixed_dictionaries(
    {"text": texts, "id": scalars, "source": values, "title": values, "published": values})


def _check_document(doc: Document) -> None:
    assert isinstance(doc.text, str) and doc.text.strip()
    doc.text.encode("utf-8")
    assert isinstance(doc.id, str) and doc.id and not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in doc.id)
    for value in (doc.id, doc.title, doc.outlet, doc.url):
        assert value is None or isinstance(value, str)
        (value or "").encode("utf-8")
    json.dumps(doc.meta, allow_nan=False).encode("utf-8")


def _read(content: bytes, suffix: str) -> list[Document | ReadFailure]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(content)
        items = list(read_paths([path]))
    assert items, "a file must give a document or a failure"
    for item in items:
        assert isinstance(item, Document | ReadFailure)
        if isinstance(item, Document):
            _check_document(item)
        else:
            assert "\n" not in item.message and len(item.message) <= 300
    return items


@FAST
@given(content=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES))
def test_readers_take_any_bytes(content: bytes, suffix: str) -> None:
    _read(content, suffix)


@FAST
@given(lines=st.lists(records, min_size=1, max_size=5))
def test_jsonl_takes_any_records(lines: list[dict[str, Any]]) -> None:
    body = "\n".join(json.dumps(rec, allow_nan=True) for rec in lines).encode("utf-8")
    items = _read(body, ".jsonl")
    assert len(items) == len(lines)  # one item per record: a document or that record's failure


@FAST
@given(rows=st.lists(st.lists(texts, min_size=1, max_size=4), min_size=1, max_size=5), sep=st.sampled_from([",", "\t"]))
def test_tables_take_any_cells(rows: list[list[str]], sep: str) -> None:
    header = sep.join(["id", "text", "title"][: max(len(r) for r in rows)])
    body = "\n".join([header] + [sep.join(r) for r in rows])
    _read(body.encode("utf-8", "surrogatepass"), ".tsv" if sep == "\t" else ".csv")


@SLOW
@given(text=texts.filter(lambda t: bool(t.strip())) | st.lists(texts, min_size=1, max_size=5).map(". ".join),
       published=st.none() | st.dates(), title=values, outlet=values)
def test_analyze_keeps_its_contract(pipeline: Pipeline, text: str, published: date | None, title: Any, outlet: Any) -> None:
    try:
        document = make_document(text, published=published, title=title, outlet=outlet)
    except InputError:
        return  # bad input is refused with the documented error
    result = pipeline.analyze_document(document)
    if isinstance(result, Failure):
        pytest.fail(f"analysis failed: {result.message}")
    assert isinstance(result, Analysis) and not violations(result)
    assert not result.errors, result.errors
    json.dumps(result.to_dict(), allow_nan=False).encode("utf-8")


@SLOW
@given(text=st.text(max_size=120))
def test_public_analyze_raises_only_documented_errors(text: str) -> None:
    import newsledger

    try:
        result = newsledger.analyze(text, published="9999-12-31")
    except (InputError, StageFailure):
        return
    assert not violations(result)
