"""Analyses serialised in the worker that made them: the JSON line and the ledger rows, not the object tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.document import Analysis, Document, StageError
from newsledger.ledger.rows import DocumentRows, analysis_rows
from newsledger.sanitize import dumps


@dataclass(frozen=True)
class Want:
    """What the parent needs of each analysis."""

    json: bool = True  # the contract as one JSON line
    rows: bool = False  # the ledger rows
    analysis: bool = False  # the typed Analysis itself (for --format json / table)


@dataclass
class Encoded:
    """One analysed document as the batch runner's parent uses it.

    Unpickling a tree of record objects and serialising it again in the parent cost the parent about as
    much CPU as a stage, and the parent shares the cores with the workers; a string and flat row tuples
    travel and unpickle cheaply.
    """

    document: Document
    errors: list[StageError] = field(default_factory=list)
    json: str | None = None  # Analysis.to_json(), one line
    rows: DocumentRows | None = None
    analysis: Analysis | None = None


def encode(analysis: Analysis, want: Want) -> Encoded:
    """Serialise one analysis as ``want`` says (the JSON is the same text ``Analysis.to_json`` writes)."""
    line = None
    if want.json or want.rows:
        line = dumps(analysis.to_dict())  # what Analysis.to_json writes (strict JSON; sanitize.dumps)
    return Encoded(
        document=analysis.document,
        errors=list(analysis.errors),
        json=line if want.json else None,
        rows=analysis_rows(analysis, line) if want.rows else None,
        analysis=analysis if want.analysis else None,
    )
