"""The JSON contract: every record's offsets slice to its text and output validates against the schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newsledger.document import (
    Analysis,
    ClaimedBy,
    Document,
    Entity,
    Event,
    Framing,
    Mention,
    Quote,
    Removed,
    Role,
    Speaker,
    TextSpan,
    Timex,
    When,
    analysis_from_dict,
    load_schema,
    validate,
)
from newsledger.ingest import read_paths
from newsledger.ingest.dispatch import ReadFailure
from newsledger.pipeline import Failure, Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TEXT = 'On 3 May the mayor of Lyon, Anne Morel, said: "We open the bridge today." Subscribe now!'


def _full_analysis() -> Analysis:
    doc = Document(id="t1", text=TEXT, outlet="Test Outlet")
    i = TEXT.index
    return Analysis(
        document=doc,
        removed=[Removed(i("Subscribe"), len(TEXT), "boilerplate", "call to action")],
        entities=[Entity("E1", "Anne Morel", "PERSON", [Mention(i("Anne"), i("Anne") + 10, "Anne Morel")])],
        timexes=[Timex(3, 8, "3 May", "DATE", "XXXX-05-03", "day")],
        quotes=[Quote("Q1", "direct", Speaker("Anne Morel", "E1", i("Anne"), i("Anne") + 10), TextSpan(i("said"), i("said") + 4, "said"),
                      TextSpan(i("We"), i("today") + 6, "We open the bridge today."), "XXXX-05-03")],
        events=[Event("V1", "COOPERATE", TextSpan(i("open"), i("open") + 4, "open"), actor=Role("Anne Morel", "E1"),
                      when=When("XXXX-05-03", "day"), claimed_by=ClaimedBy("Anne Morel", "Q1", "E1"), modality="reported")],
        framing=[Framing(i("bridge"), i("bridge") + 6, "bridge", "Loaded_Language", "Anne Morel", "Q1")],
    )


def iter_spans(record: dict) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    """Every (start, end, text) triple in a serialised record."""
    out = []
    for key in ("removed",):
        for r in record[key]:
            out.append((r["start"], r["end"], None))
    for e in record["entities"]:
        out += [(m["start"], m["end"], m["text"]) for m in e["mentions"]]
    for key in ("timexes", "framing"):
        out += [(r["start"], r["end"], r["text"]) for r in record[key]]
    for q in record["quotes"]:
        out.append((q["content"]["start"], q["content"]["end"], q["content"]["text"]))
        if q["cue"]:
            out.append((q["cue"]["start"], q["cue"]["end"], q["cue"]["text"]))
        if q["speaker"] and q["speaker"]["start"] is not None:
            out.append((q["speaker"]["start"], q["speaker"]["end"], None))
    for e in record["events"]:
        out.append((e["trigger"]["start"], e["trigger"]["end"], e["trigger"]["text"]))
    return out


def assert_offsets(record: dict) -> None:  # type: ignore[type-arg]
    text = record["text"]
    for start, end, s in iter_spans(record):
        assert 0 <= start <= end <= len(text), (start, end)
        if s is not None:
            assert text[start:end] == s, (start, end, s)


def test_full_record_validates_and_round_trips() -> None:
    a = _full_analysis()
    data = a.to_dict()
    validate(data)
    assert_offsets(data)
    assert analysis_from_dict(json.loads(json.dumps(data))).to_dict() == data


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("timexes"),
        lambda d: d.update(schema="newsledger/0"),
        lambda d: d.update(published="28/04/2025"),
        lambda d: d["quotes"][0].update(kind="rumour"),
        lambda d: d["events"][0].update(type="PICNIC"),
        lambda d: d["timexes"][0].update(type="WHENEVER"),
    ],
)
def test_schema_rejects_broken_records(mutate) -> None:  # type: ignore[no-untyped-def]
    data = _full_analysis().to_dict()
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_schema_is_shipped_and_versioned() -> None:
    schema = load_schema()
    assert schema["properties"]["schema"]["const"] == "newsledger/1"
    assert set(schema["required"]) >= {"removed", "entities", "timexes", "quotes", "events", "framing"}


def test_pipeline_output_on_examples_validates_with_true_offsets(pipeline: Pipeline) -> None:
    docs = [d for d in read_paths([EXAMPLES]) if not isinstance(d, ReadFailure)]
    assert len(docs) >= 4
    for result in pipeline.analyze_many(docs):
        assert not isinstance(result, Failure)
        data = result.to_dict()
        validate(data)
        assert_offsets(data)
        assert not result.errors, result.errors
        for key in ("removed", "entities", "timexes", "quotes", "events", "framing"):
            assert isinstance(data[key], list)
