"""Small invented articles for the scale tests (own words; no shared data)."""

from __future__ import annotations

import json
from pathlib import Path

PARAGRAPHS = (
    "The harbour authority of Port Elm said on Tuesday that two cargo ships collided near the northern pier.",
    '"Nobody was hurt," spokeswoman Dana Whitfield told reporters, adding that divers would inspect the hulls.',
    "Mayor Oren Castell announced a review of the pilot rules and promised a report by March 3, 2026.",
    "Fishermen in the town of Brackley accused the authority of ignoring earlier warnings about the channel.",
    "The ministry of transport in Velmora declined to comment, according to a statement released late on Friday.",
)


def article(i: int) -> dict[str, str]:
    """The i-th invented article: a rotation of the paragraphs, with its own id and date."""
    k = i % len(PARAGRAPHS)
    body = " ".join(PARAGRAPHS[k:] + PARAGRAPHS[:k])
    return {"id": f"art-{i:05d}", "text": f"Report {i}. {body}", "published": f"2026-0{1 + i % 9}-1{i % 10}",
            "outlet": ("Elm Gazette", "Velmora Times")[i % 2]}


def write_jsonl(path: Path, start: int, stop: int) -> Path:
    """Write articles start..stop-1 as JSONL."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, stop):
            fh.write(json.dumps(article(i)) + "\n")
    return path
