"""Score the clean stage on the cleaning splice sets and on unspliced real news (newsledger eval cleaning).

Splice sets (evaluate/splice_sets.py): an off-topic passage is found when removals of kind ``off_topic`` cover at
least half of its characters; a boilerplate line is found when ``boilerplate`` removals cover half of it; each
line of a boilerplate removal is correct when at least half of it lies in inserted boilerplate (precision); the
wrongly removed share counts the host article's own characters only (inserted hard negatives are reported apart).
Real news (data/cleaning/splits/realnews-*.txt): every off-topic removal is wrong; each one is listed.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsledger.document import Analysis, Document, Removed
from newsledger.evaluate.splice import SpliceCase
from newsledger.ingest.text import make_document

if TYPE_CHECKING:
    from newsledger.pipeline import Failure

FOUND_SHARE = 0.5
LINE_RE = re.compile(r"[^\n]+")


def _covered(spans: Iterable[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


@dataclass
class CleaningScore:
    """Counts over a splice set, with recall broken down by the facets of each gold unit's note."""

    articles: int = 0
    article_chars: int = 0
    wrong_off_chars: int = 0
    wrong_any_chars: int = 0
    off: dict[str, list[int]] = field(default_factory=dict)
    bp: dict[str, list[int]] = field(default_factory=dict)
    bp_lines: int = 0
    bp_correct: int = 0
    keep: list[int] = field(default_factory=lambda: [0, 0, 0])  # hard negatives: total, removed as bp, as off-topic
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @staticmethod
    def _tally(table: dict[str, list[int]], keys: Iterable[str], hit: bool) -> None:
        for key in keys:
            row = table.setdefault(key, [0, 0])
            row[0] += hit
            row[1] += 1

    def add(self, case: SpliceCase, removed: list[Removed]) -> None:
        """Score one spliced article against what the clean stage removed."""
        self.articles += 1
        text = case.text
        off = [(r.start, r.end) for r in removed if r.kind == "off_topic"]
        bp = [(r.start, r.end) for r in removed if r.kind == "boilerplate"]
        inserted = [(i.start, i.end) for i in case.inserts]
        gold_bp = [(i.start, i.end) for i in case.inserts if i.kind == "boilerplate"]
        self.article_chars += sum(len(m.group()) for m in LINE_RE.finditer(text)) - sum(e - s for s, e in inserted)
        for ins in case.inserts:
            length = ins.end - ins.start
            if ins.kind == "off_topic":
                hit = _covered(off, ins.start, ins.end) >= FOUND_SHARE * length
                kind, source, unit, language, genre = (ins.note.split("/") + [""] * 5)[:5]
                self._tally(self.off, ["all", f"donor:{kind}", f"source:{source}", f"unit:{unit}",
                                       f"language:{'en' if language == 'en' else 'other'}"], hit)
                if not hit:
                    self.misses.append(f"off_topic ({ins.note}): {text[ins.start:ins.end][:160]}")
            elif ins.kind == "boilerplate":
                hit = _covered(bp, ins.start, ins.end) >= FOUND_SHARE * length
                category, language = (ins.note.split("/") + ["", ""])[:2]
                self._tally(self.bp, ["all", f"category:{category}", f"language:{language}"], hit)
                if not hit:
                    self.misses.append(f"boilerplate ({ins.note}): {text[ins.start:ins.end][:160]}")
            else:
                self.keep[0] += 1
                self.keep[1] += _covered(bp, ins.start, ins.end) > 0
                self.keep[2] += _covered(off, ins.start, ins.end) > 0
        for r in removed:
            wrong = (r.end - r.start) - _covered(inserted, r.start, r.end)
            wrong -= text.count("\n", r.start, r.end)  # line breaks are no article text
            wrong = max(0, wrong)
            self.wrong_any_chars += wrong
            if r.kind == "off_topic":
                self.wrong_off_chars += wrong
                if wrong > 0.5 * (r.end - r.start):
                    self.false_alarms.append(f"off_topic {r.score:.2f}: {text[r.start:r.end][:160]}")
                continue
            for m in LINE_RE.finditer(text, r.start, r.end):
                s, e = m.start(), min(m.end(), r.end)
                if not text[s:e].strip():
                    continue
                self.bp_lines += 1
                ok = _covered(gold_bp, s, e) >= FOUND_SHARE * (e - s)
                self.bp_correct += ok
                if not ok:
                    self.false_alarms.append(f"boilerplate ({r.reason}): {text[s:e][:160]}")

    def figures(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        off_all, bp_all = self.off.get("all", [0, 0]), self.bp.get("all", [0, 0])
        return {
            "articles": self.articles,
            "off_topic_passages": off_all[1],
            "off_topic_recall": _ratio(*off_all),
            "off_topic_recall_by": {k: _ratio(*v) for k, v in sorted(self.off.items()) if k != "all"},
            "off_topic_passages_by": {k: v[1] for k, v in sorted(self.off.items()) if k != "all"},
            "article_chars_wrongly_removed_off_topic": _ratio(self.wrong_off_chars, self.article_chars),
            "article_chars_wrongly_removed_any": _ratio(self.wrong_any_chars, self.article_chars),
            "boilerplate_lines": bp_all[1],
            "boilerplate_recall": _ratio(*bp_all),
            "boilerplate_precision": _ratio(self.bp_correct, self.bp_lines),
            "boilerplate_recall_by": {k: _ratio(*v) for k, v in sorted(self.bp.items()) if k != "all"},
            "hard_negatives": self.keep[0],
            "hard_negatives_removed_as_boilerplate": self.keep[1],
            "hard_negatives_removed_as_off_topic": self.keep[2],
        }


def analyses(docs: list[Document], accurate: bool = False, cache: Path | None = None) -> Iterator[Analysis | Failure]:
    """The clean stage's analyses of the documents; with ``cache`` (a folder) their spaCy parses are kept there as a
    DocBin keyed by the texts, so that scoring another model of the stage needs no new parse."""
    from newsledger.pipeline import Pipeline
    from newsledger.runtime.model import MAX_LENGTH

    pipe = Pipeline(stages=["clean"], accurate=accurate)
    if cache is None or any(len(d.text) > MAX_LENGTH for d in docs):
        yield from pipe.analyze_many(docs)
        return
    from spacy.tokens import DocBin

    path = cache / f"clean-docs-{len(docs)}-{zlib.crc32(chr(0).join(d.text for d in docs).encode('utf-8'))}.spacy"
    if path.exists():
        parsed = list(DocBin().from_disk(path).get_docs(pipe.nlp.vocab))
    else:
        with pipe.nlp.select_pipes(enable=pipe.components):
            parsed = list(pipe.nlp.pipe((d.text for d in docs), batch_size=16))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed).to_disk(path)
    for d, doc in zip(docs, parsed, strict=True):
        yield pipe.run_stages(d, doc)


def evaluate_cases(cases: Iterable[SpliceCase], accurate: bool = False, cache: Path | None = None) -> CleaningScore:
    """Run the clean stage over spliced articles (one spaCy pass each, or their cached parses) and score it."""
    case_list = list(cases)
    docs = [make_document(c.text, id=c.id, title=c.title or None) for c in case_list]
    from newsledger.pipeline import Failure

    score = CleaningScore()
    for case, result in zip(case_list, analyses(docs, accurate, cache), strict=True):
        if not isinstance(result, Failure):
            score.add(case, result.removed)
    return score


def real_documents(ids: list[str], shared: Path) -> list[Document]:
    """The unspliced documents of a real-news list, in list order (AllSides, wires, TimeBank + AQUAINT)."""
    from newsledger.evaluate.rounds import load_documents
    from newsledger.evaluate.timeml import read_dir

    docs = load_documents(shared, [i for i in ids if not i.startswith("timeml:")])
    if any(i.startswith("timeml:") for i in ids):
        for d in read_dir(shared / "data/timebank"):
            docs[f"timeml:{d.name}"] = Document(id=f"timeml:{d.name}", text=d.text, published=d.dct)
    return [docs[i] for i in ids if i in docs]


def real_news(docs: list[Document], accurate: bool = False,
              cache: Path | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Characters removed as off-topic (and as boilerplate) per corpus (id prefix) of unspliced real news, and every
    removal of either kind (off-topic ones first in each document; each carries its ``kind``)."""
    from newsledger.pipeline import Failure

    totals: dict[str, list[int]] = {}
    removals: list[dict[str, Any]] = []
    for a in analyses(docs, accurate, cache):
        if isinstance(a, Failure):
            continue
        corpus = a.document.id.split(":")[0]
        row = totals.setdefault(corpus, [0, 0, 0, 0, 0])  # documents, chars, off-topic chars, with removal, bp chars
        off = [r for r in a.removed if r.kind == "off_topic"]
        row[0] += 1
        row[1] += len(a.document.text)
        row[2] += sum(r.end - r.start for r in off)
        row[3] += bool(off)
        row[4] += sum(r.end - r.start for r in a.removed if r.kind == "boilerplate")
        removals += [{"doc": a.document.id, "kind": r.kind, "start": r.start, "end": r.end, "score": r.score,
                      "reason": r.reason, "text": a.document.text[r.start:r.end]}
                     for r in sorted(a.removed, key=lambda r: (r.kind != "off_topic", r.start))]
    figures: dict[str, Any] = {"accurate": accurate}
    for corpus, (n, chars, off_chars, with_off, bp_chars) in sorted(totals.items()):
        figures[corpus] = {"documents": n, "with_off_topic_removal": with_off,
                           "chars_removed_off_topic": _ratio(off_chars, chars),
                           "chars_removed_boilerplate": _ratio(bp_chars, chars)}
    n_chars = sum(v[1] for v in totals.values())
    figures["removals"] = {kind: sum(r["kind"] == kind for r in removals) for kind in ("off_topic", "boilerplate")}
    figures["all"] = {"documents": sum(v[0] for v in totals.values()),
                      "with_off_topic_removal": sum(v[3] for v in totals.values()),
                      "chars_removed_off_topic": _ratio(sum(v[2] for v in totals.values()), n_chars)}
    return figures, removals


def write_report(path: Path, figures: dict[str, Any], removals: list[dict[str, Any]]) -> None:
    """Every removal of a real-news run, off-topic ones first, then boilerplate, for reading (Markdown; holds the
    removed text, keep it out of the repository), or only their offsets and scores when ``path`` ends in .tsv."""
    ordered = sorted(removals, key=lambda r: r.get("kind", "off_topic") != "off_topic")
    if path.suffix == ".tsv":
        rows = ["doc\tkind\tstart\tend\tscore\treason"] + [
            f"{r['doc']}\t{r.get('kind', 'off_topic')}\t{r['start']}\t{r['end']}\t{r['score']}\t{r['reason']}"
            for r in ordered]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return
    lines = ["# Removals on unspliced real news", "", "```", *(f"{k}: {v}" for k, v in figures.items()), "```", ""]
    for r in ordered:
        lines += [f"## {r.get('kind', 'off_topic')} {r['doc']} [{r['start']}:{r['end']}] score {r['score']}", "",
                  f"_{r['reason']}_", "", "> " + r["text"].replace("\n", "\n> "), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
