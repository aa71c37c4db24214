"""Score the clean stage on a splice set: off-topic passage recall, wrongly removed text, boilerplate P/R."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsledger.document import Removed
from newsledger.evaluate.splice import SpliceCase
from newsledger.ingest.text import make_document

# A gold passage counts as found when removals of its kind cover at least this share of its characters.
FOUND_SHARE = 0.5


def _covered(spans: Iterable[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


@dataclass
class RemovalScore:
    """Counts over a splice set."""

    articles: int = 0
    off_found: int = 0
    off_total: int = 0
    off_found_by_note: dict[str, list[int]] = field(default_factory=dict)
    article_chars: int = 0
    wrong_off_chars: int = 0
    wrong_any_chars: int = 0
    bp_found: int = 0
    bp_total: int = 0
    bp_predicted: int = 0
    bp_correct: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, case: SpliceCase, removed: list[Removed]) -> None:
        """Score one spliced article against what the clean stage removed."""
        self.articles += 1
        text = case.text
        inserted = [(i.start, i.end) for i in case.inserts]
        off = [(r.start, r.end) for r in removed if r.kind == "off_topic"]
        bp = [(r.start, r.end) for r in removed if r.kind == "boilerplate"]
        gold_bp = [(i.start, i.end) for i in case.inserts if i.kind == "boilerplate"]
        self.article_chars += len(text) - sum(e - s for s, e in inserted)
        for ins in case.inserts:
            length = ins.end - ins.start
            if ins.kind == "off_topic":
                self.off_total += 1
                hit = _covered(off, ins.start, ins.end) >= FOUND_SHARE * length
                self.off_found += hit
                tally = self.off_found_by_note.setdefault(ins.note or "-", [0, 0])
                tally[0] += hit
                tally[1] += 1
                if not hit:
                    self.misses.append(f"off_topic ({ins.note}): {text[ins.start:ins.end][:120]}")
            else:
                self.bp_total += 1
                hit = _covered(bp, ins.start, ins.end) >= FOUND_SHARE * length
                self.bp_found += hit
                if not hit:
                    self.misses.append(f"boilerplate: {text[ins.start:ins.end][:120]}")
        for r in removed:
            wrong = (r.end - r.start) - _covered(inserted, r.start, r.end)
            if wrong > 0:
                self.wrong_any_chars += wrong
                if r.kind == "off_topic":
                    self.wrong_off_chars += wrong
            if r.kind == "boilerplate":
                self.bp_predicted += 1
                ok = _covered(gold_bp, r.start, r.end) >= FOUND_SHARE * (r.end - r.start)
                self.bp_correct += ok
            else:
                ok = wrong <= (r.end - r.start) * (1 - FOUND_SHARE)
            if not ok:
                self.false_alarms.append(f"{r.kind} ({r.reason}): {text[r.start:r.end][:120]}")

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "articles": self.articles,
            "off_topic_passages": self.off_total,
            "off_topic_recall": ratio(self.off_found, self.off_total),
            "off_topic_recall_by_donor": {k: ratio(v[0], v[1]) for k, v in sorted(self.off_found_by_note.items())},
            "article_chars_wrongly_removed_off_topic": ratio(self.wrong_off_chars, self.article_chars),
            "article_chars_wrongly_removed_any": ratio(self.wrong_any_chars, self.article_chars),
            "boilerplate_lines": self.bp_total,
            "boilerplate_recall": ratio(self.bp_found, self.bp_total),
            "boilerplate_precision": ratio(self.bp_correct, self.bp_predicted),
        }


def evaluate_cases(cases: Iterable[SpliceCase], pipeline: Any | None = None, accurate: bool = False) -> RemovalScore:
    """Run the clean stage over the cases (one spaCy pass each; accurate: the MiniLM mode) and score it."""
    from newsledger.pipeline import Failure, Pipeline

    pipe = pipeline or Pipeline(stages=["clean"], accurate=accurate)
    case_list = list(cases)
    docs = [make_document(c.text, id=c.id, title=c.title or None) for c in case_list]
    score = RemovalScore()
    for case, result in zip(case_list, pipe.analyze_many(docs), strict=True):
        if isinstance(result, Failure):
            continue
        score.add(case, result.removed)
    return score
