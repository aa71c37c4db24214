"""Geometry of the SVG timeline chart; static/timeline.js zooms and pans it (the chart works without JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from newsledger.ledger.datelabel import date_label
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
# The first view leaves out stray items: it spans the central share of the items (by start date) unless
# that drops less than this share of the whole span; zooming out shows everything.
FOCUS_SHARE = 0.9


@dataclass
class Shape:
    """One item drawn on the chart: a dot or a bar, with its tooltip and link; s/e are day ordinals for the zoom."""

    x: float
    y: float
    w: float
    kind: str
    bar: bool
    label: str
    href: str
    css: str
    s: int = 0
    e: int = 0
    hidden: bool = False


@dataclass
class Chart:
    """Everything the SVG template draws; lo/hi is the first view, full_lo/full_hi every item (day ordinals)."""

    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    lanes: list[tuple[float, str]] = field(default_factory=list)
    undated: int = 0
    lo: int = 0
    hi: int = 0
    full_lo: int = 0
    full_hi: int = 0
    outside: int = 0


def focus(starts: list[int], ends: list[int]) -> tuple[int, int]:
    """The first view: the central FOCUS_SHARE of item starts when the full span is much wider (a 1954 outlier
    among 2017 reports), else the full span; padded by a day on each side."""
    lo, hi = min(starts), max(ends)
    ordered = sorted(starts)
    k = int(len(ordered) * (1 - FOCUS_SHARE) / 2)
    if len(ordered) >= 10:
        flo, fhi = ordered[k], max(e for s, e in zip(starts, ends, strict=True) if s <= ordered[-1 - k])
        if (fhi - flo + 1) * 4 < hi - lo + 1:
            return flo - 1, fhi + 1
    return lo - 1, hi + 1


def build(items: list[dict[str, Any]], href: str = "/documents/{doc_id}#{anchor}") -> Chart:
    """Lay out timeline items (TimelineItem dicts) on a date axis, one lane per kind."""
    dated = [i for i in items if i.get("start") and i.get("end")]
    chart = Chart(WIDTH, TOP + LANE_HEIGHT * len(LANES) + 24, undated=len(items) - len(dated))
    chart.lanes = [(TOP + LANE_HEIGHT * k + LANE_HEIGHT / 2, name + "s") for k, name in enumerate(LANES)]
    if not dated:
        return chart
    spans = [(date.fromisoformat(i["start"]).toordinal(), date.fromisoformat(i["end"]).toordinal()) for i in dated]
    chart.full_lo, chart.full_hi = min(s for s, _ in spans) - 1, max(e for _, e in spans) + 1
    chart.lo, chart.hi = focus([s for s, _ in spans], [e for _, e in spans])
    scale = (WIDTH - 2 * MARGIN_X) / max(chart.hi - chart.lo + 1, 1)
    for i, (s, e) in zip(dated, spans, strict=True):
        x0, w = MARGIN_X + (s - chart.lo) * scale, (e - s + 1) * scale
        lane = LANES.index(i["kind"]) if i["kind"] in LANES else 0
        y = TOP + LANE_HEIGHT * lane + LANE_HEIGHT / 2
        link = href.format(doc_id=quote(str(i["doc_id"]), safe=""), anchor=anchor(i["kind"], i["record_id"]))
        css = f"tl-{i['kind']}" + (" tl-pub" if i.get("date_source") == "publication" else "")
        source = "publication date" if i.get("date_source") == "publication" else (i.get("precision") or "date")
        label = f"{date_label(i['date'])} ({source}) {i['label']} — {i['outlet']}"
        bar = e > s and w >= MIN_BAR  # a single day is always a dot
        hidden = e < chart.lo or s > chart.hi
        chart.outside += hidden
        x = x0 if bar else x0 + w / 2
        chart.shapes.append(Shape(round(x, 1), y, round(max(w, MIN_BAR), 1), i["kind"], bar, label, link, css, s, e, hidden))
    chart.ticks = ticks(chart.lo, chart.hi, lambda d: MARGIN_X + (d.toordinal() - chart.lo) * scale)
    return chart


def ticks(lo_ord: int, hi_ord: int, x_of: Any) -> list[tuple[float, str]]:
    """Year ticks for long spans, month ticks for months, day ticks for short spans (at most ~12)."""
    lo, hi = date.fromordinal(max(lo_ord, 1)), date.fromordinal(max(hi_ord, 1))
    days = (hi - lo).days
    out: list[tuple[float, str]] = []
    if days > 730:
        step = max(1, (hi.year - lo.year) // 10)
        out = [(x_of(date(y, 1, 1)), str(y)) for y in range(lo.year + 1, hi.year + 1, step)]
    elif days > 62:
        y, m = lo.year, lo.month
        while date(y, m, 1) <= hi:
            if date(y, m, 1) >= lo:
                out.append((x_of(date(y, m, 1)), date(y, m, 1).strftime("%b %Y")))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out = out[:: max(1, len(out) // 12)]
    else:
        step = max(1, days // MAX_DAY_TICKS)
        for k in range(0, days + 1, step):
            d = date.fromordinal(lo.toordinal() + k)
            out.append((x_of(d), f"{d.day} {d.strftime('%b')}" + (f" {d.year}" if k == 0 else "")))
    return [(round(x, 1), label) for x, label in out]
