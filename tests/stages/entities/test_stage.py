"""The entities stage end to end on our own sentences: records, ids, offsets, API, removed spans."""

from __future__ import annotations

import json

import pytest

from newsledger.document import Analysis, Document, Entity, Removed
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.stages.entities.stage import entity_at, entity_by_id, extract_entities, resolve_pronoun
from tests.conftest import shared_path


def run(pipeline: Pipeline, text: str) -> Analysis:
    a = pipeline.analyze_document(make_document(text, id="t"))
    assert not [e for e in a.errors if e.stage == "entities"], a.errors
    return a


def by_name(a: Analysis, name: str) -> Entity:
    found = [e for e in a.entities if e.name == name]
    assert found, f"{name!r} not among {[e.name for e in a.entities]}"
    return found[0]


def context(pipeline: Pipeline, text: str, removed: list[Removed] | None = None) -> Context:
    doc = Document(id="t", text=text)
    analysis = Analysis(document=doc, removed=removed or [])
    return Context(document=doc, doc=pipeline.nlp(text), analysis=analysis)


ARTICLE = (
    "Foreign Minister Helga Brandt of Norway met Ukrainian officials in Kyiv on Monday. "
    "Brandt said the European Union (EU) would keep its support. She added that the EU had a plan."
)


def test_ids_follow_first_mention_and_offsets_slice(pipeline: Pipeline) -> None:
    a = run(pipeline, ARTICLE)
    assert [e.id for e in a.entities] == [f"E{i}" for i in range(1, len(a.entities) + 1)]
    firsts = [min(m.start for m in e.mentions) for e in a.entities]
    assert firsts == sorted(firsts)
    for e in a.entities:
        for m in e.mentions:
            assert a.document.text[m.start : m.end] == m.text


def test_one_record_per_entity(pipeline: Pipeline) -> None:
    a = run(pipeline, ARTICLE)
    brandt = by_name(a, "Helga Brandt")
    assert {"Brandt", "She"} <= {m.text for m in brandt.mentions}
    eu = by_name(a, "European Union")
    assert [m.text for m in eu.mentions if m.kind == "acronym"].count("EU") == 2  # (plus "the EU" phrases)
    assert by_name(a, "Norway").country == "NOR"
    assert by_name(a, "Kyiv").country == "UKR"


def test_output_is_json_and_validates(pipeline: Pipeline) -> None:
    from newsledger.document import validate

    record = run(pipeline, ARTICLE).to_dict()
    validate(json.loads(json.dumps(record)))


def test_entity_at_prefers_the_best_overlapping_mention(pipeline: Pipeline) -> None:
    text = "North Korean leader Kim Jong Un visited a factory. The DPRK leader praised the workers."
    a = run(pipeline, text)
    s = text.index("The DPRK leader")
    assert entity_at(a, s, s + len("The DPRK leader")).name == "Kim Jong Un"  # type: ignore[union-attr]
    d = text.index("DPRK")
    assert entity_at(a, d, d + 4).name == "North Korea"  # type: ignore[union-attr]
    assert entity_at(a, text.index("factory"), text.index("factory") + 7) is None
    assert entity_by_id(a, "E1") is a.entities[0]


def test_resolve_pronoun_through_the_context(pipeline: Pipeline) -> None:
    text = "Senator Rosa Ibarra rejected the budget. She called it reckless."
    ctx = context(pipeline, text)
    ctx.analysis.entities = extract_entities(ctx)
    she = next(t for t in ctx.doc if t.text == "She")
    assert resolve_pronoun(ctx, she).name == "Rosa Ibarra"  # type: ignore[union-attr]
    assert resolve_pronoun(ctx, ctx.doc[0]) is None
    assert entity_at(ctx, she.idx, she.idx + 3).name == "Rosa Ibarra"  # type: ignore[union-attr]


def test_mentions_in_removed_spans_are_excluded(pipeline: Pipeline) -> None:
    text = "Greece protested on Friday.\nRead about Portugal and Spain in our archive."
    cut = text.index("Read")
    ctx = context(pipeline, text, [Removed(start=cut, end=len(text), kind="boilerplate", reason="test")])
    names = {e.name for e in extract_entities(ctx)}
    assert "Greece" in names
    assert not names & {"Portugal", "Spain"}


@pytest.mark.parametrize(
    ("name", "type_", "mention"),
    [
        ("Kim Jong Un", "PERSON", "The DPRK leader"),
        ("Valery Gerasimov", "PERSON", "Gerasimov"),
        ("Vladimir Putin", "PERSON", "Vladimir Putin"),
        ("Maria Zakharova", "PERSON", "Maria Zakharova"),
        ("North Korea", "GPE", "DPRK"),
        ("North Korea", "GPE", "Democratic People's Republic of Korea"),
        ("Kursk region", "GPE", "Kursk region"),
        ("Armed Forces of Ukraine", "ORG", "AFU"),
    ],
)
def test_example_article(pipeline: Pipeline, name: str, type_: str, mention: str) -> None:
    text = shared_path("examples", "pravda-2025-04-28-kursk.txt").read_text(encoding="utf-8")
    a = run(pipeline, text)
    e = by_name(a, name)
    assert e.type == type_
    assert mention in {m.text for m in e.mentions}
    assert not [x for x in a.entities if x.name in ("Subscribe", "Hancha") or x.type == "PRODUCT"]
