"""Column mapping for tabular corpora (CSV, JSONL): which source column fills which Document field."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

FIELDS = ("id", "text", "published", "outlet", "url", "title")
# Column names tried for each field when no mapping is given (common names in public news corpora).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "ID", "doc_id", "article_id", "uuid"),
    "text": ("text", "body", "content", "article", "maintext", "full_text", "story"),
    "published": ("published", "date", "publication_date", "pubdate", "published_at", "date_publish", "datetime", "dct"),
    "outlet": ("outlet", "source", "publisher", "publication", "site", "source_name", "domain"),
    "url": ("url", "link", "source_url", "href"),
    "title": ("title", "headline", "heading"),
}
ENV = "NEWSLEDGER_COLUMNS"


def parse_mapping(spec: str | None) -> dict[str, str]:
    """Parse ``field=column,field=column`` (e.g. ``text=body,published=date``); raises ValueError."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or field not in FIELDS or not column:
            raise ValueError(f"bad column mapping {part!r}: use field=column with field one of {', '.join(FIELDS)}")
        out[field] = column
    return out


_CURRENT: dict[str, str] | None = None


def set_mapping(mapping: Mapping[str, str] | str | None) -> None:
    """Set the process-wide mapping (a dict or a ``field=column,...`` string); None resets to $NEWSLEDGER_COLUMNS."""
    global _CURRENT
    _CURRENT = parse_mapping(mapping) if isinstance(mapping, str) else (dict(mapping) if mapping else None)


def current_mapping() -> dict[str, str]:
    """The explicit mapping in force (set_mapping, else $NEWSLEDGER_COLUMNS, else empty)."""
    if _CURRENT is not None:
        return dict(_CURRENT)
    return parse_mapping(os.environ.get(ENV))


def pick(record: Mapping[str, Any], mapping: Mapping[str, str] | None = None) -> tuple[dict[str, Any], set[str]]:
    """(field -> value, columns used) for one record: explicit mapping first, then the default names."""
    mapping = current_mapping() if mapping is None else mapping
    values: dict[str, Any] = {}
    used: set[str] = set()
    for field in FIELDS:
        names = (mapping[field],) if field in mapping else DEFAULT_COLUMNS[field]
        for name in names:
            if record.get(name) not in (None, ""):
                values[field] = record[name]
                used.add(name)
                break
    return values, used
