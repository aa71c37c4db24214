"""Stages declare the annotations they read; the pipeline runs only the components that produce them."""

from __future__ import annotations

import pytest

from newsledger import registry
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline, required_annotations


@pytest.fixture()
def ents_only_stage(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry.registered()))

    @registry.register("test_ent_count", key="entities", needs=("ents",))
    def count(ctx: registry.Context) -> list[object]:
        assert not ctx.doc.has_annotation("DEP")  # the parser did not run
        return [e.text for e in ctx.doc.ents]

    return "test_ent_count"


def test_pipeline_runs_only_needed_components(nlp, ents_only_stage: str) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline(nlp=nlp, stages=[ents_only_stage])
    assert pipe.components == ["ner"]
    doc = make_document("Dana Whitfield flew from Port Elm to Velmora on Friday.")
    analysis = pipe.analyze_document(doc)
    assert not analysis.errors
    assert "Dana Whitfield" in analysis.entities
    # the shared model is left as it was: every component is enabled again and parses
    assert "parser" in nlp.pipe_names and "tok2vec" in nlp.pipe_names
    assert nlp(doc.text).has_annotation("DEP")


def test_undeclared_stage_needs_everything() -> None:
    from newsledger.runtime.model import ALL_ANNOTATIONS

    undeclared = registry.Stage(name="x", key="entities", func=lambda ctx: [])
    declared = registry.Stage(name="y", key="entities", func=lambda ctx: [], needs=frozenset({"ents"}))
    assert required_annotations([declared]) == {"tokens", "ents"}
    assert required_annotations([declared, undeclared]) == ALL_ANNOTATIONS


def test_timings_per_step(nlp) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline(nlp=nlp)
    pipe.analyze_document(make_document("The mayor said the pier would reopen."))
    assert set(pipe.timings) == {"spacy", "offsets", *(s.name for s in pipe.stages)}  # offsets: the safety net
    assert all(v >= 0 for v in pipe.timings.values())
