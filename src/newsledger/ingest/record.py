"""Validation at the reader boundary: every input record's fields are coerced or rejected with a clear error.

Every reader builds its documents through ``ingest.text.make_document``, which runs the fields through
``InputRecord`` (pydantic). The rules, per field:

- ``text``: a string, or a list of strings (paragraphs, joined by a blank line); anything else rejects the
  record. Lone surrogates become U+FFFD (one character for one, so offsets stay valid).
- ``title``, ``outlet``, ``url``: a string, a number (written out), a list of strings (joined by "; "),
  or an object with a ``name`` (a news-API ``source`` such as ``{"id": null, "name": "BBC"}`` becomes
  ``BBC``); control characters become spaces; longer than MAX_FIELD_CHARS is cut. Other shapes reject
  the record, naming the field.
- ``id``: a string or an integer; control characters become ``_``; longer than MAX_ID_CHARS is cut and
  given a hash suffix (so two long ids stay distinct).
- ``published``: a date, a datetime, ``YYYY-MM-DD`` (or an ISO timestamp), or an RFC 2822 date
  (``Tue, 14 May 2024 09:00:00 GMT``); years 1 to 9999; anything else rejects the record.
- ``meta``: made strict-JSON safe (NaN and infinities become null, lone surrogates replaced).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from newsledger.errors import InputError
from newsledger.sanitize import clean_text, drop_controls, json_safe, preview

MAX_FIELD_CHARS = 2000
MAX_ID_CHARS = 200
ISO_DATE_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "object"
    return "list" if isinstance(value, list) else type(value).__name__


def _describe(value: Any) -> str:
    """'a number', 'an object', 'a list of number, text' (for error messages)."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return f"a list of {', '.join(sorted({_kind(v) for v in value})) or 'nothing'}"
    kind = _kind(value)
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _as_string(value: Any) -> str | None:
    """A metadata value as one cleaned line of text, or None; raises ValueError for shapes we cannot read."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        raise ValueError("expected text, got true/false")
    elif isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"expected text, got the number {value}")
        text = str(value)
    elif isinstance(value, Mapping) and isinstance(value.get("name"), str):
        text = value["name"]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = "; ".join(v.strip() for v in value if v.strip())
    elif isinstance(value, Mapping):
        raise ValueError("expected text, got an object without a 'name'")
    else:
        raise ValueError(f"expected text, got {_describe(value)}")
    text = " ".join(drop_controls(clean_text(text)).split())
    if len(text) > MAX_FIELD_CHARS:
        text = text[: MAX_FIELD_CHARS - 1] + "…"
    return text or None


def _as_id(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool | float | Mapping | list):
        raise ValueError(f"expected a string or an integer, got {_describe(value)}")
    text = None if value is None else drop_controls(clean_text(str(value)).strip(), "_", keep_whitespace=False)
    if text and len(text) > MAX_ID_CHARS:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        text = f"{text[: MAX_ID_CHARS - 11]}~{digest}"
    return text or None


def _as_text(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = "\n\n".join(value)
    if not isinstance(value, str):
        raise ValueError(f"expected the article as a string, got {_describe(value)}")
    if not value.strip():
        raise ValueError("empty: nothing to analyse")
    return clean_text(value)


def as_date(value: Any) -> date | None:
    """A publication date from a date, datetime, ISO or RFC 2822 string; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected YYYY-MM-DD, got {_describe(value)}")
    m = ISO_DATE_RE.match(value)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= year <= 9999:
            raise ValueError(f"{preview(value)} is out of range (years 1 to 9999)")
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{preview(value)} is not a real date ({exc})") from None
    try:
        return parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ValueError(f"{preview(value)} is not YYYY-MM-DD") from None


class InputRecord(BaseModel):
    """The fields of one input record after coercion (see the module docstring for the rules)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: Annotated[str, BeforeValidator(_as_text)]
    id: Annotated[str | None, BeforeValidator(_as_id)] = None
    published: Annotated[date | None, BeforeValidator(as_date)] = None
    outlet: Annotated[str | None, BeforeValidator(_as_string)] = None
    url: Annotated[str | None, BeforeValidator(_as_string)] = None
    title: Annotated[str | None, BeforeValidator(_as_string)] = None
    meta: Annotated[dict[str, Any], BeforeValidator(lambda v: json_safe(dict(v or {})))] = {}


def _summary(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(x) for x in e["loc"]) or "record"
        msg = str(e.get("ctx", {}).get("error") or e["msg"]).removeprefix("Value error, ")
        parts.append(f"{field}: {msg}")
    return "record rejected: " + "; ".join(parts)


def validate_fields(source: str, **fields: Any) -> InputRecord:
    """The coerced fields of one record, or InputError naming the bad field(s) in one line."""
    try:
        return InputRecord.model_validate(fields)
    except ValidationError as exc:
        raise InputError(source, _summary(exc)) from None
