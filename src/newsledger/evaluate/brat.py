"""Score quotes against brat attribution standoff (PolNeAR): content, speaker and cue figures."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, Document, Quote
from newsledger.errors import InputError
from newsledger.stages.quotes.cues import load_lexicon

# Token Jaccard from which a predicted content counts as the gold one (the threshold).
JACCARD_MATCH = 0.5
_WORD = re.compile(r"\w+")
# Words dropped before comparing contents: the complementizer is in or out of the span by convention.
_COMPLEMENTIZERS = {"that"}
# Gold cues that are punctuation only (":" or a dash introducing a quote) are speech.
_PUNCT_CUE = re.compile(r"^[\W_]*$")

Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    """One attribution with character spans (gold: possibly discontinuous fragments)."""

    content: Spans
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    cue_text: str = ""
    speech: bool = True


@dataclass
class BratDoc:
    """An article with its gold attributions."""

    name: str
    text: str
    gold: list[Attribution]
    annotator: str
    published: date | None = None
    outlet: str | None = None


def _spans(field_text: str) -> Spans:
    out: Spans = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(ann: str, text: str) -> list[Attribution]:
    """Attributions (E lines) of one .ann file with their Source/Cue/Content text-bound spans."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _label, _, offs = parts[1].partition(" ")
            spans[parts[0]] = _spans(offs)
        elif parts[0].startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split()[1:]:
                role, _, tid = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(tid)
            events.append(roles)
    lex = load_lexicon()
    out: list[Attribution] = []
    for roles in events:
        content = [s for t in roles.get("Content", []) for s in spans.get(t, [])]
        if not content:
            continue
        cue = [s for t in roles.get("Cue", []) for s in spans.get(t, [])]
        cue_text = " ".join(text[a:b] for a, b in cue)
        out.append(
            Attribution(
                content=content,
                source=[s for t in roles.get("Source", []) for s in spans.get(t, [])],
                cue=cue,
                cue_text=cue_text,
                speech=_is_speech(cue_text, lex.cue_class(cue_text)),
            )
        )
    return out


def _is_speech(cue_text: str, cls: str | None) -> bool:
    """Speech cue: a speech lemma of the lexicon, "according to", or punctuation introducing a quote."""
    return cls == "speech" or bool(_PUNCT_CUE.match(cue_text))


def _metadata(directory: Path) -> dict[str, dict[str, str]]:
    for candidate in (directory / "metadata.tsv", directory.parent / "metadata.tsv"):
        if candidate.exists():
            with candidate.open(encoding="utf-8", newline="") as fh:
                return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}
    return {}


def load_corpus(directory: Path, limit: int | None = None) -> list[BratDoc]:
    """Read ``DIR/text/*.txt`` + ``DIR/attributions/*.ann``; of several annotators the first id in sort order."""
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(str(directory), "expected text/ and attributions/ folders (a PolNeAR compartment such as data/dev)")
    meta = _metadata(directory)
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    docs: list[BratDoc] = []
    for txt in sorted(text_dir.glob("*.txt")):
        if txt.stem not in anns:
            continue
        ann = anns[txt.stem][0]  # deterministic: lowest annotator id
        text = txt.read_text(encoding="utf-8")
        row = meta.get(txt.stem, {})
        pub = row.get("publication_date") or ""
        docs.append(
            BratDoc(
                name=txt.stem,
                text=text,
                gold=parse_ann(ann.read_text(encoding="utf-8"), text),
                annotator=ann.stem.rsplit("_", 1)[1],
                published=date.fromisoformat(pub) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub) else None,
                outlet=row.get("publisher") or None,
            )
        )
        if limit is not None and len(docs) >= limit:
            break
    return docs


def predicted(quotes: Iterable[Quote]) -> list[Attribution]:
    """Our quotes as attributions; the parts of a split quote (same cue) are one attribution."""
    lex = load_lexicon()
    groups: dict[tuple[int, int] | int, Attribution] = {}
    for q in quotes:
        key: tuple[int, int] | int = (q.cue.start, q.cue.end) if q.cue is not None else q.content.start
        src = [(q.speaker.start, q.speaker.end)] if q.speaker and q.speaker.start is not None and q.speaker.end is not None else []
        cue = [(q.cue.start, q.cue.end)] if q.cue is not None else []
        cue_text = q.cue.text if q.cue is not None else ""
        if key in groups:
            groups[key].content.append((q.content.start, q.content.end))
            continue
        speech = _is_speech(cue_text, lex.cue_class(cue_text)) or q.kind != "indirect"
        groups[key] = Attribution([(q.content.start, q.content.end)], src, cue, cue_text, speech)
    return list(groups.values())


def words(text: str, spans: Spans) -> frozenset[int]:
    """Start offsets of the word tokens inside the spans (minus a leading complementizer)."""
    out: set[int] = set()
    for a, b in spans:
        toks = [(m.start(), m.group().lower()) for m in _WORD.finditer(text, a, b)]
        if toks and toks[0][1] in _COMPLEMENTIZERS:
            toks = toks[1:]
        out.update(pos for pos, _ in toks)
    return frozenset(out)


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


@dataclass
class Counts:
    """Counts of one scoring view (all attributions, or speech only)."""

    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0
    cue_ok: int = 0
    cue_n: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        def prf(hit: int) -> dict[str, float]:
            p = hit / self.pred if self.pred else 0.0
            r = hit / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}

        return {
            "gold": self.gold,
            "pred": self.pred,
            "content_exact": prf(self.exact),
            "content_jaccard": prf(self.overlap),
            "speaker_accuracy": round(self.speaker_ok / self.speaker_n, 4) if self.speaker_n else None,
            "speaker_n": self.speaker_n,
            "cue_accuracy": round(self.cue_ok / self.cue_n, 4) if self.cue_n else None,
            "cue_n": self.cue_n,
        }


def score(text: str, gold: list[Attribution], pred: list[Attribution]) -> tuple[Counts, list[tuple[int, int]]]:
    """One-to-one matching by descending token Jaccard (>= JACCARD_MATCH); returns counts and pairs."""
    c = Counts(gold=len(gold), pred=len(pred))
    gw = [words(text, g.content) for g in gold]
    pw = [words(text, p.content) for p in pred]
    pairs: list[tuple[float, int, int]] = []
    for i, g in enumerate(gw):
        for j, p in enumerate(pw):
            inter = len(g & p)
            if inter:
                jac = inter / len(g | p)
                if jac >= JACCARD_MATCH:
                    pairs.append((jac, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _jac, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matched.append((i, j))
        c.overlap += 1
        c.exact += gw[i] == pw[j]
        if gold[i].source:
            c.speaker_n += 1
            c.speaker_ok += _overlaps(gold[i].source, pred[j].source)
        if gold[i].cue:
            c.cue_n += 1
            c.cue_ok += _overlaps(gold[i].cue, pred[j].cue)
    return c, matched


@dataclass
class BratReport:
    """Figures over a corpus, on all attributions and on speech only."""

    documents: int
    all: Counts
    speech: Counts
    details: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents, "all": self.all.figures(), "speech": self.speech.figures()}
        if self.details:
            out["details"] = self.details
        return out


def evaluate_docs(docs: list[BratDoc], analyses: Iterable[Analysis], details: bool = False) -> BratReport:
    """Score analyses (in the order of ``docs``) against their gold attributions."""
    report = BratReport(len(docs), Counts(), Counts())
    for bd, analysis in zip(docs, analyses, strict=True):
        pred = predicted(analysis.quotes)
        c_all, matched = score(bd.text, bd.gold, pred)
        c_sp, _ = score(bd.text, [g for g in bd.gold if g.speech], [p for p in pred if p.speech])
        report.all.add(c_all)
        report.speech.add(c_sp)
        if details:
            report.details.append(_doc_details(bd, pred, matched))
    return report


def _doc_details(bd: BratDoc, pred: list[Attribution], matched: list[tuple[int, int]]) -> dict[str, Any]:
    def show(spans: Spans) -> str:
        return " … ".join(bd.text[a:b] for a, b in spans)

    mg = {i for i, _ in matched}
    mp = {j for _, j in matched}
    return {
        "name": bd.name,
        "missed": [{"cue": g.cue_text, "speech": g.speech, "source": show(g.source), "content": show(g.content)} for i, g in enumerate(bd.gold) if i not in mg],
        "false": [{"cue": p.cue_text, "speech": p.speech, "source": show(p.source), "content": show(p.content)} for j, p in enumerate(pred) if j not in mp],
        "inexact": [
            {"gold": show(bd.gold[i].content), "ours": show(pred[j].content)}
            for i, j in matched
            if words(bd.text, bd.gold[i].content) != words(bd.text, pred[j].content)
        ],
        "wrong_speaker": [
            {"gold": show(bd.gold[i].source), "ours": show(pred[j].source), "content": show(bd.gold[i].content)[:120]}
            for i, j in matched
            if bd.gold[i].source and not _overlaps(bd.gold[i].source, pred[j].source)
        ],
    }


def evaluate_dir(directory: Path, limit: int | None = None, details: bool = False) -> BratReport:
    """Run the pipeline over a brat folder and score its quotes."""
    from newsledger.pipeline import Pipeline

    docs = load_corpus(directory, limit)
    pipeline = Pipeline(stages=["quotes"])  # the quotes stage and the stages it requires
    documents = [Document(id=d.name, text=d.text, published=d.published, outlet=d.outlet) for d in docs]
    analyses: list[Analysis] = []
    for result in pipeline.analyze_many(documents):
        analyses.append(result if isinstance(result, Analysis) else Analysis(document=Document(id=result.source, text="")))
    return evaluate_docs(docs, analyses, details=details)


def print_brat_report(report: BratReport, console: Any) -> None:
    """A table of the figures on all attributions and on speech only."""
    from rich.table import Table

    table = Table(title=f"Quotes vs brat attributions ({report.documents} documents)")
    for col in ("view", "gold", "pred", "exact P/R/F1", "Jaccard>=0.5 P/R/F1", "speaker acc", "cue acc"):
        table.add_column(col)
    for name, counts in (("all", report.all), ("speech", report.speech)):
        f = counts.figures()
        ex, ov = f["content_exact"], f["content_jaccard"]
        table.add_row(
            name,
            str(f["gold"]),
            str(f["pred"]),
            f"{ex['p']:.3f}/{ex['r']:.3f}/{ex['f1']:.3f}",
            f"{ov['p']:.3f}/{ov['r']:.3f}/{ov['f1']:.3f}",
            f"{f['speaker_accuracy']:.3f} (n={f['speaker_n']})" if f["speaker_accuracy"] is not None else "-",
            f"{f['cue_accuracy']:.3f} (n={f['cue_n']})" if f["cue_accuracy"] is not None else "-",
        )
    console.print(table)
