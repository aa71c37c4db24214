"""PTC (SemEval-2020 Task 11) reader, the fixed held-aside split, and the organisers' SI-style span scoring."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsledger.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

# One article in HELD_OUT_MODULUS is held aside for measuring: those whose crc32(article id) % 5 == 0
# (74 of the 371 train articles, ~20%). The training script never sees them; `newsledger eval ptc` scores them.
HELD_OUT_MODULUS = 5


@dataclass
class PtcArticle:
    """One PTC article with its gold technique spans (start, end, technique)."""

    id: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def is_held_out(article_id: str) -> bool:
    """True for the articles kept aside for measurement (never trained on)."""
    return zlib.crc32(article_id.encode()) % HELD_OUT_MODULUS == 0


def load_ptc(directory: Path, part: str = "all") -> list[PtcArticle]:
    """Read PTC articles + technique labels from ``directory``; part is "all", "train" or "heldout"."""
    art_dir = directory / "train-articles"
    lab_dir = directory / "train-labels-task2-technique-classification"
    if not art_dir.is_dir() or not lab_dir.is_dir():
        raise InputError(str(directory), "not a PTC folder: expected train-articles/ and train-labels-task2-technique-classification/")
    out: list[PtcArticle] = []
    for path in sorted(art_dir.glob("article*.txt")):
        aid = path.stem.removeprefix("article")
        held = is_held_out(aid)
        if (part == "train" and held) or (part == "heldout" and not held):
            continue
        art = PtcArticle(id=aid, text=path.read_text(encoding="utf-8"))
        lab = lab_dir / f"article{aid}.task2-TC.labels"
        if lab.exists():
            for line in lab.read_text(encoding="utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) == 4:
                    art.spans.append((int(cols[2]), int(cols[3]), cols[1]))
        out.append(art)
    return out


def merge_overlapping(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping character spans, as the organisers' scorer does (touching spans stay apart)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


@dataclass
class Prf:
    """Partial-overlap precision/recall/F1 as in the SemEval-2020 SI scorer."""

    p_num: float = 0.0
    p_den: int = 0
    r_num: float = 0.0
    r_den: int = 0

    def add(self, pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> None:
        """Add one article: every (prediction, gold) pair scores |s∩t|/|s| to P and |s∩t|/|t| to R."""
        pred, gold = merge_overlapping(pred), merge_overlapping(gold)
        self.p_den += len(pred)
        self.r_den += len(gold)
        j0 = 0
        for s, e in pred:
            while j0 < len(gold) and gold[j0][1] <= s:
                j0 += 1
            j = j0
            while j < len(gold) and gold[j][0] < e:
                inter = min(e, gold[j][1]) - max(s, gold[j][0])
                if inter > 0:
                    self.p_num += inter / (e - s)
                    self.r_num += inter / (gold[j][1] - gold[j][0])
                j += 1

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p > 0 and r > 0 else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.p_den,
            "gold": self.r_den,
        }


@dataclass
class PtcReport:
    """Figures of one PTC run: technique-agnostic SI, per-technique span scores and their micro average."""

    articles: int
    si: Prf
    per_technique: dict[str, Prf]
    covered: list[str]

    def covered_micro(self) -> Prf:
        """Label-matched partial-overlap scores pooled over the covered techniques."""
        tot = Prf()
        for t in self.covered:
            x = self.per_technique[t]
            tot.p_num += x.p_num
            tot.p_den += x.p_den
            tot.r_num += x.r_num
            tot.r_den += x.r_den
        return tot

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "span_identification": self.si.to_dict(),
            "techniques": {t: x.to_dict() for t, x in sorted(self.per_technique.items())},
            "covered": self.covered,
            "covered_micro": self.covered_micro().to_dict(),
        }


def score(
    articles: list[PtcArticle], predictions: dict[str, list[tuple[int, int, str]]], covered: list[str]
) -> PtcReport:
    """Score predicted (start, end, technique) spans per article against the gold labels."""
    si = Prf()
    per: dict[str, Prf] = defaultdict(Prf)
    techniques = {t for a in articles for _, _, t in a.spans} | set(covered)
    for art in articles:
        pred = predictions.get(art.id, [])
        si.add([(s, e) for s, e, _ in pred], [(s, e) for s, e, _ in art.spans])
        for t in techniques:
            per[t].add([(s, e) for s, e, x in pred if x == t], [(s, e) for s, e, x in art.spans if x == t])
    return PtcReport(articles=len(articles), si=si, per_technique=dict(per), covered=list(covered))


def evaluate_ptc(directory: Path, part: str = "heldout", limit: int | None = None, accurate: bool = False) -> PtcReport:
    """Run the framing stage (with the stages it needs; ``accurate``: the MiniLM tagger) over PTC articles and score it."""
    from newsledger.document import Document
    from newsledger.pipeline import Failure, Pipeline
    from newsledger.stages.framing.lexicon import entries as lexicon_entries
    from newsledger.stages.framing.model import shipped_tagger

    articles = load_ptc(directory, part=part)[:limit]
    pipeline = Pipeline(stages=["framing"], accurate=accurate)
    docs = [Document(id=a.id, text=a.text) for a in articles]  # PTC offsets index the raw text
    predictions: dict[str, list[tuple[int, int, str]]] = {}
    for art, result in zip(articles, pipeline.analyze_many(docs), strict=True):
        if isinstance(result, Failure):
            raise InputError(art.id, f"analysis failed: {result.message}")
        predictions[art.id] = [(f.start, f.end, f.technique) for f in result.framing]
    covered = set(shipped_tagger().model.techniques) | {e.technique for e in lexicon_entries()}
    if accurate:
        from newsledger.stages.framing.minilm import shipped_minilm_tagger

        covered |= set(shipped_minilm_tagger().techniques)
    return score(articles, predictions, covered=sorted(covered))


def print_report(report: PtcReport, console: Console) -> None:
    """Print a PtcReport as tables."""
    from rich.table import Table

    console.print(f"PTC: {report.articles} articles (SemEval-2020 SI partial-overlap scoring)")
    table = Table("technique", "P", "R", "F1", "predicted", "gold")
    rows = [("span identification (any technique)", report.si)]
    rows += [(t + (" *" if t in report.covered else ""), x) for t, x in sorted(report.per_technique.items())]
    rows.append(("micro over covered techniques (*)", report.covered_micro()))
    for name, x in rows:
        table.add_row(name, f"{x.precision:.3f}", f"{x.recall:.3f}", f"{x.f1:.3f}", str(x.p_den), str(x.r_den))
    console.print(table)
