"""Run the registered stages over documents: one spaCy pass per document, per-document errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from newsledger import chunking
from newsledger.document import Analysis, Document, StageError
from newsledger.errors import StageFailure
from newsledger.offsets import enforce
from newsledger.registry import Context, Stage, ordered
from newsledger.runtime.batching import component_cfg
from newsledger.runtime.doctext import prepare, release
from newsledger.runtime.model import ALL_ANNOTATIONS, components_for, load_model
from newsledger.sanitize import one_line
from newsledger.stages import builtin as _builtin  # noqa: F401  (registers the built-in stages)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# Documents go to nlp.pipe in batches of this many. Measured on 200 AllSides articles (one process, all
# stages): batches of 8 peak at 0.49 GiB RSS against 0.93 GiB for 32, in the same time (60.4 s vs 59.8 s),
# so small batches keep a worker under 1 GiB without costing throughput.
BATCH_SIZE = 8
# Our own short text that reaches every stage (a dateline, a quote, entities, places, an event); see warm_up.
WARM_UP_TEXT = ("HARWICK, Texas (Wire) - Mayor Jane Ode said on Tuesday that the council would vote on the levee plan "
                "next week. \"We will not wait,\" she told reporters. Police arrested two protesters in Paris on Monday.")


# Record types that must not come from removed passages (boilerplate, off-topic splices); a safety net
# behind the stages' own ctx.removed_at checks.
FILTERED_KEYS = frozenset({"quotes", "events", "framing"})


def _in_removed(ctx: Context, record: object) -> bool:
    """True when the record's anchor span (quote content, event trigger, framing span) is in a removed passage."""
    span = getattr(record, "content", None) or getattr(record, "trigger", None) or record
    start, end = getattr(span, "start", None), getattr(span, "end", None)
    return isinstance(start, int) and isinstance(end, int) and ctx.removed_at(start, end)


@dataclass
class Failure:
    """A document that could not be analysed at all (message: one short line)."""

    source: str
    message: str

    def __post_init__(self) -> None:
        self.message = one_line(self.message)


class Pipeline:
    """The analysis pipeline: a spaCy model plus the registered stages in dependency order."""

    def __init__(self, nlp: Language | None = None, stages: Iterable[str] | None = None, accurate: bool = False) -> None:
        self.nlp = nlp if nlp is not None else load_model()
        # opt-in slower modes of the stages that have one (MiniLM; docs/minilm.md), seen as ctx.accurate
        if accurate:
            from newsledger.runtime.minilm import require

            require()  # without the ml extra: stop now, naming the install command
        self.accurate = accurate
        self.stages: list[Stage] = ordered(stages)
        self.needs = required_annotations(self.stages)
        # spaCy components run for these stages; the others are skipped for every document.
        self.components = components_for(self.nlp, self.needs)
        # Seconds spent per step ("spacy" and each stage name), summed over documents (for benchmarks).
        self.timings: dict[str, float] = {}

    def run_stages(self, document: Document, doc: Doc) -> Analysis:
        """Run every stage on an already parsed document; a failing stage is recorded, not raised."""
        analysis = Analysis(document=document)
        # the Doc was made from this very text; its sentences are made once for every stage (runtime/doctext.py)
        prepare(doc, document.text)
        ctx = Context(document=document, doc=doc, analysis=analysis, accurate=self.accurate)
        try:
            self._run(ctx)
        finally:
            release(doc)  # the cached sentences refer to the Doc: let it go when the caller drops it
        t0 = time.perf_counter()
        enforce(analysis)  # the offset invariant holds whatever a stage did (offsets.py)
        self.timings["offsets"] = self.timings.get("offsets", 0.0) + time.perf_counter() - t0
        return analysis

    def _run(self, ctx: Context) -> None:
        """The stages in order, each filling its key of ``ctx.analysis`` (a failing one records an error)."""
        analysis, timings = ctx.analysis, self.timings
        for stage in self.stages:
            t0 = time.perf_counter()
            try:
                records = stage.func(ctx)
            except Exception as exc:  # noqa: BLE001 - one stage must not sink the document
                log.exception("stage %s failed on %s", stage.name, ctx.document.id)
                analysis.errors.append(StageError(stage=stage.name, message=one_line(f"{type(exc).__name__}: {exc}")))
                continue
            finally:
                timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - t0
            if stage.key in FILTERED_KEYS and analysis.removed:
                records = [r for r in records if not _in_removed(ctx, r)]
            setattr(analysis, stage.key, records)
            if stage.key == "removed":
                ctx.reset_removed_index()

    def warm_up(self) -> None:
        """Run every stage once on a short built-in text, so that lazily loaded lexicons and models are loaded.

        The batch runner calls it in the parent before forking its workers, which then share what was
        loaded instead of each loading it on its first document. The timings start from zero afterwards.
        """
        list(self.analyze_many([Document(id="newsledger-warm-up", text=WARM_UP_TEXT)]))
        self.timings.clear()

    def analyze_document(self, document: Document) -> Analysis | Failure:
        """Analyse one document (a Failure when it cannot be analysed at all)."""
        return next(iter(self.analyze_many([document])))

    def analyze_many(self, documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[Analysis | Failure]:
        """Analyse documents in order, yielding an Analysis or a Failure for each."""
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _parse(self, texts: list[str]) -> list[Doc | Exception]:
        """One spaCy pass over the texts; when the batch fails, each text alone (so one bad text fails alone)."""
        t0 = time.perf_counter()
        try:
            with self.nlp.select_pipes(enable=self.components):
                try:
                    # the whole batch for the parser and NER, small batches for the encoders (runtime/batching.py)
                    return list(self.nlp.pipe(texts, batch_size=max(1, len(texts)), component_cfg=component_cfg(self.nlp)))
                except Exception:  # noqa: BLE001 - find the culprit below
                    log.warning("spaCy failed on a batch of %d; parsing its texts one by one", len(texts))
                out: list[Doc | Exception] = []
                for text in texts:
                    try:
                        out.append(self.nlp(text))
                    except Exception as exc:  # noqa: BLE001
                        out.append(exc)
                return out
        finally:
            self.timings["spacy"] = self.timings.get("spacy", 0.0) + time.perf_counter() - t0

    def _batch(self, batch: list[Document]) -> Iterator[Analysis | Failure]:
        short = [d for d in batch if len(d.text) <= chunking.CHUNK_CHARS]
        docs = iter(self._parse([d.text for d in short]))
        for document in batch:
            try:
                if len(document.text) > chunking.CHUNK_CHARS:
                    yield self._chunked(document)
                    continue
                doc = next(docs)
                if isinstance(doc, Exception):
                    yield Failure(document.id, one_line(f"spaCy could not parse the text: {type(doc).__name__}: {doc}"))
                    continue
                yield self.run_stages(document, doc)
            except Exception as exc:  # noqa: BLE001
                log.exception("document %s failed", document.id)
                yield Failure(document.id, one_line(f"{type(exc).__name__}: {exc}"))

    def _chunked(self, document: Document) -> Analysis | Failure:
        """A long document analysed piece by piece (memory of one piece; see chunking.py)."""
        parts: list[tuple[int, Analysis]] = []
        for offset, piece in chunking.pieces(document):
            doc = self._parse([piece.text])[0]
            if isinstance(doc, Exception):
                return Failure(document.id, one_line(f"spaCy could not parse the piece at {offset:,}: {doc}"))
            parts.append((offset, self.run_stages(piece, doc)))
        merged = chunking.merge(document, parts)
        enforce(merged)  # the safety net once more, over the merged offsets
        return merged


def required_annotations(stages: Iterable[Stage]) -> frozenset[str]:
    """The union of the annotations the stages declare; every annotation when one stage declares none."""
    out: set[str] = {"tokens"}
    for stage in stages:
        if stage.needs is None:
            return ALL_ANNOTATIONS
        out |= stage.needs
    return frozenset(out)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide pipeline with every stage (loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def analyze(
    text: str,
    published: date | str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str | None = None,
) -> Analysis:
    """Analyse one article text and return its typed record."""
    from newsledger.ingest.text import make_document

    document = make_document(text, id=id, published=published, outlet=outlet, url=url, title=title)
    result = default_pipeline().analyze_document(document)
    if isinstance(result, Failure):
        raise StageFailure(f"{result.source}: {result.message}")
    return result
