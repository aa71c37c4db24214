"""Geometry of the inline-SVG timeline chart (no JavaScript, no external assets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from newsledger.web.highlight import anchor

# Drawing size in SVG user units; the chart scales to the page width through its viewBox.
WIDTH = 900
LANE_HEIGHT = 34
MARGIN_X = 40
TOP = 28
# Items narrower than this are drawn as a dot (day precision); wider ones as a bar over their interval.
MIN_BAR = 6
LANES = ("event", "quote")
# Day ticks on short spans: about this many, so that labels never overlap at the drawing width.
MAX_DAY_TICKS = 7


@dataclass
class Shape:
    """One item drawn on the chart: a dot or a bar, with its tooltip and link."""

    x: float
    y: float
    w: float
    kind: str
    bar: bool
    label: str
    href: str
    css: str


@dataclass
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    lanes: list[tuple[float, str]] = field(default_factory=list)
    undated: int = 0


def build(items: list[dict[str, Any]], href: str = "/documents/{doc_id}#{anchor}") -> Chart:
    """Lay out timeline items (TimelineItem dicts) on a date axis, one lane per kind."""
    dated = [i for i in items if i.get("start") and i.get("end")]
    chart = Chart(WIDTH, TOP + LANE_HEIGHT * len(LANES) + 24, undated=len(items) - len(dated))
    chart.lanes = [(TOP + LANE_HEIGHT * k + LANE_HEIGHT / 2, name + "s") for k, name in enumerate(LANES)]
    if not dated:
        return chart
    lo = min(date.fromisoformat(i["start"]) for i in dated)
    hi = max(date.fromisoformat(i["end"]) for i in dated)
    span = max((hi - lo).days + 1, 1)
    scale = (WIDTH - 2 * MARGIN_X) / span

    def x_of(d: date) -> float:
        return MARGIN_X + (d - lo).days * scale

    for i in dated:
        s, e = date.fromisoformat(i["start"]), date.fromisoformat(i["end"])
        x0, w = x_of(s), ((e - s).days + 1) * scale
        lane = LANES.index(i["kind"]) if i["kind"] in LANES else 0
        y = TOP + LANE_HEIGHT * lane + LANE_HEIGHT / 2
        link = href.format(doc_id=quote(str(i["doc_id"]), safe=""), anchor=anchor(i["kind"], i["record_id"]))
        css = f"tl-{i['kind']}" + (" tl-pub" if i.get("date_source") == "publication" else "")
        label = f"{i['date']} ({i.get('precision') or '?'}, {i.get('date_source')}) {i['label']} — {i['outlet']}"
        bar = (e - s).days >= 1 and w >= MIN_BAR  # a single day is always a dot
        x = x0 if bar else x0 + w / 2
        chart.shapes.append(Shape(round(x, 1), y, round(max(w, MIN_BAR), 1), i["kind"], bar, label, link, css))
    chart.ticks = _ticks(lo, hi, x_of)
    return chart


def _ticks(lo: date, hi: date, x_of: Any) -> list[tuple[float, str]]:
    """Year ticks for long spans, month ticks for months, day ticks for short spans (at most ~12)."""
    days = (hi - lo).days
    out: list[tuple[float, str]] = []
    if days > 730:
        step = max(1, (hi.year - lo.year) // 10)
        out = [(x_of(date(y, 1, 1)), str(y)) for y in range(lo.year + 1, hi.year + 1, step)]
    elif days > 62:
        y, m = lo.year, lo.month
        while date(y, m, 1) <= hi:
            if date(y, m, 1) >= lo:
                out.append((x_of(date(y, m, 1)), f"{y}-{m:02d}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out = out[:: max(1, len(out) // 12)]
    else:
        step = max(1, days // MAX_DAY_TICKS)
        out = []
        for k in range(0, days + 1, step):
            d = date.fromordinal(lo.toordinal() + k)
            out.append((x_of(d), d.isoformat() if k == 0 else d.strftime("%m-%d")))
    return [(round(x, 1), label) for x, label in out]
