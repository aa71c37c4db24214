"""Validation at the reader boundary: each field coerced or the record rejected with a one-line error."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from newsledger.errors import InputError
from newsledger.ingest.record import MAX_FIELD_CHARS, MAX_ID_CHARS, validate_fields
from newsledger.ingest.text import make_document

TEXT = "The ferry to the islands runs twice a day again."


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("outlet", {"id": None, "name": "Harbour Times"}, "Harbour Times"),
        ("outlet", {"id": "ht", "name": "  Harbour\tTimes "}, "Harbour Times"),
        ("title", 2024, "2024"),
        ("title", 3.5, "3.5"),
        ("title", ["Ferry", "Islands"], "Ferry; Islands"),
        ("title", "Line one\nline two\x1b[2J", "Line one line two [2J"),
        ("title", "Broken \ud83d title", "Broken \ufffd title"),
        ("title", "", None),
        ("url", None, None),
        ("id", 1234, "1234"),
        ("id", 77.0, "77"),
        ("id", "wire/2024/05/ferry", "wire/2024/05/ferry"),
        ("id", "with\nnewline\x07", "with_newline_"),
        ("id", "lone \udfff", "lone \ufffd"),
        ("published", "2024-05-14T09:30:00+02:00", date(2024, 5, 14)),
        ("published", "Tue, 14 May 2024 09:30:00 GMT", date(2024, 5, 14)),
        ("published", datetime(2024, 5, 14, 23, 59), date(2024, 5, 14)),
        ("published", "0001-01-01", date(1, 1, 1)),
        ("published", "9999-12-31", date(9999, 12, 31)),
        ("published", "", None),
    ],
)
def test_fields_are_coerced(field: str, value: Any, expected: Any) -> None:
    assert getattr(validate_fields("src", text=TEXT, **{field: value}), field) == expected


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"text": 31337}, "text: expected the article as a string, got a number"),
        ({"text": None}, "text: expected the article as a string, got nothing"),
        ({"text": {"body": "x"}}, "text: expected the article as a string, got an object"),
        ({"text": "   "}, "text: empty"),
        ({"text": TEXT, "title": {"headline": "no name key"}}, "title: expected text, got an object without a 'name'"),
        ({"text": TEXT, "outlet": True}, "outlet: expected text, got true/false"),
        ({"text": TEXT, "outlet": float("nan")}, "outlet: expected text, got the number nan"),
        ({"text": TEXT, "url": [1, 2]}, "url: expected text, got a list of number"),
        ({"text": TEXT, "id": {"a": 1}}, "id: expected a string or an integer, got an object"),
        ({"text": TEXT, "id": 1.5}, "id: expected a string or an integer, got a number"),
        ({"text": TEXT, "published": "2024-02-30"}, "published: '2024-02-30' is not a real date"),
        ({"text": TEXT, "published": "0000-01-01"}, "published: '0000-01-01' is out of range (years 1 to 9999)"),
        ({"text": TEXT, "published": "yesterday"}, "published: 'yesterday' is not YYYY-MM-DD"),
        ({"text": TEXT, "published": 20240514}, "published: expected YYYY-MM-DD, got a number"),
        ({"text": 5, "title": [{}]}, "text: expected the article as a string, got a number; title: expected text, got a list of object"),
    ],
)
def test_bad_fields_reject_the_record_in_one_line(fields: dict[str, Any], words: str) -> None:
    with pytest.raises(InputError) as info:
        validate_fields("feed.jsonl:7", **fields)
    assert info.value.source == "feed.jsonl:7"
    assert words in info.value.message and "\n" not in info.value.message


def test_text_as_paragraph_list_and_surrogates_keep_offsets() -> None:
    doc = make_document(["First \ud83d paragraph.", "Second paragraph."])
    assert doc.text == "First \ufffd paragraph.\n\nSecond paragraph."
    assert len("First \ud83d paragraph.") == len("First \ufffd paragraph.")


def test_meta_is_strict_json() -> None:
    doc = make_document(TEXT, meta={"score": float("nan"), "big": float("-inf"), "tags": ("a", "\ud800"), 3: "x"})
    assert doc.meta == {"score": None, "big": None, "tags": ["a", "\ufffd"], "3": "x"}


def test_long_fields_are_cut_and_long_ids_stay_distinct() -> None:
    title = "word " * MAX_FIELD_CHARS
    a = validate_fields("s", text=TEXT, title=title, id="x" * 500 + "a")
    b = validate_fields("s", text=TEXT, id="x" * 500 + "b")
    assert a.title is not None and len(a.title) == MAX_FIELD_CHARS and a.title.endswith("…")
    assert a.id is not None and b.id is not None and len(a.id) == len(b.id) == MAX_ID_CHARS and a.id != b.id


def test_huge_value_gives_a_short_message() -> None:
    with pytest.raises(InputError) as info:
        make_document(TEXT, published="x" * 10_000_000)
    assert len(str(info.value)) < 400
