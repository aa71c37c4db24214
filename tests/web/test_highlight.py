"""Document layout: records laid over the text without losing or reordering a character."""

from __future__ import annotations

from newsledger.web.highlight import anchor, layout
from tests.ledger.corpus import corpus


def test_segments_rebuild_the_text_and_carry_classes() -> None:
    record = corpus()[0].to_dict()
    lay = layout(record)
    assert "".join(s.text for s in lay.segments) == record["text"]
    by_text = {s.text: s for s in lay.segments}
    assert "event" in by_text["launch"].classes and by_text["launch"].rec == anchor("event", "v1")
    assert "timex" in by_text["April 26, 2025"].classes
    quote = by_text["The drills show our readiness"]
    assert "quote" in quote.classes and "spk-0" in quote.classes
    removed = next(s for s in lay.segments if "removed" in s.classes)
    assert removed.badge and "newsletter call to action" in removed.badge


def test_speakers_get_distinct_colours() -> None:
    record = corpus()[2].to_dict()
    record["quotes"].append({**record["quotes"][0], "id": "q2", "speaker": {"name": "Other", "entity": None, "start": None, "end": None}})
    assert len(set(layout(record).speakers.values())) == 2


def test_out_of_range_spans_are_ignored() -> None:
    record = corpus()[0].to_dict()
    record["timexes"].append({"start": 5, "end": 10_000, "text": "x", "type": "DATE", "value": "2025", "precision": "year"})
    assert "".join(s.text for s in layout(record).segments) == record["text"]


def test_anchor_is_safe() -> None:
    assert anchor("quote", 'q"><script>') == "rec-quote-q___script_"
