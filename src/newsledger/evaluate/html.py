"""Article-body extraction scored like the ScrapingHub benchmark: token P/R/F1 against the gold text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOKEN_RE = re.compile(r"\w+")
GOLD_MARK_RE = re.compile(r"^\s*<[phl]>\s*", re.MULTILINE)
# Shingle length of the ScrapingHub article-extraction-benchmark's string_shingle_matching.
SHINGLE_N = 4

Extractor = Callable[[bytes], str]


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return TOKEN_RE.findall(text.lower())


def shingles(toks: list[str], n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Bag of word n-grams (a text shorter than n is one shingle)."""
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def gold_text(raw: str) -> str:
    """The gold body: CleanEval's URL line and <p>/<h>/<l> markers dropped, HTML gold reduced to its text."""
    lines = raw.splitlines()
    if lines and lines[0].startswith("URL:"):
        lines = lines[1:]
    text = "\n".join(lines)
    if re.search(r"<(?:div|p|section|article|span|h\d)\b[^>]*>", text):
        import lxml.html

        try:
            return lxml.html.fromstring(text).text_content()
        except Exception:  # noqa: BLE001 - malformed gold: use the raw text
            return text
    return GOLD_MARK_RE.sub("", text)


@dataclass
class Counts:
    """True/false positive and false negative counts of one system."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    f1s: list[float] = field(default_factory=list)

    def add(self, gold: Counter[Any], pred: Counter[Any]) -> None:
        tp = sum((gold & pred).values())
        fp = sum((pred - gold).values())
        fn = sum((gold - pred).values())
        self.tp += tp
        self.fp += fp
        self.fn += fn
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        self.f1s.append(2 * p * r / (p + r) if p + r else 0.0)

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        macro = sum(self.f1s) / len(self.f1s) if self.f1s else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "macro_f1": round(macro, 4)}


def pages(root: Path) -> Iterator[tuple[Path, Path]]:
    """(input HTML, gold text) pairs under ``root`` (folders with input/ and GoldStandard/)."""
    for inp in sorted(root.rglob("input")):
        gold_dir = inp.parent / "GoldStandard"
        if not gold_dir.is_dir():
            continue
        for page in sorted(inp.glob("*.htm*")):
            gold = gold_dir / (page.stem + ".txt")
            if gold.exists():
                yield page, gold


def trafilatura_body(data: bytes) -> str:
    """Plain trafilatura with its default settings (the baseline)."""
    import trafilatura

    return trafilatura.extract(data) or ""


def newsledger_body(data: bytes) -> str:
    """What newsledger keeps as the article: the HTML reader's body minus boilerplate lines (as the clean stage does
    for a document of format html)."""
    from newsledger.ingest.html import extract_body
    from newsledger.stages.clean.blocks import split_blocks
    from newsledger.stages.clean.boilerplate import find_boilerplate

    body = extract_body(data) or ""
    removed = find_boilerplate(body, split_blocks(body), page=True)
    out, pos = [], 0
    for r in removed:
        out.append(body[pos:r.start])
        pos = r.end
    out.append(body[pos:])
    return "".join(out)


SYSTEMS: dict[str, Extractor] = {"newsledger": newsledger_body, "trafilatura": trafilatura_body}


def evaluate_html(root: Path, systems: dict[str, Extractor] | None = None) -> dict[str, Any]:
    """Score each system on every page under ``root``; per dataset folder and overall."""
    systems = systems or SYSTEMS
    token_counts: dict[tuple[str, str], Counts] = {}
    shingle_counts: dict[tuple[str, str], Counts] = {}
    n_pages: Counter[str] = Counter()
    for page, gold_path in pages(root):
        dataset = page.parent.parent.name
        n_pages[dataset] += 1
        gold_tokens = tokens(gold_text(gold_path.read_text(encoding="utf-8", errors="replace")))
        data = page.read_bytes()
        for name, extract in systems.items():
            try:
                pred = extract(data)
            except Exception:  # noqa: BLE001 - an extractor crash scores as an empty extraction
                pred = ""
            pred_tokens = tokens(pred)
            for key in ((name, dataset), (name, "all")):
                token_counts.setdefault(key, Counts()).add(Counter(gold_tokens), Counter(pred_tokens))
                shingle_counts.setdefault(key, Counts()).add(shingles(gold_tokens), shingles(pred_tokens))
    report: dict[str, Any] = {"pages": dict(n_pages), "tokens": {}, "shingles": {}}
    for (name, dataset), c in sorted(token_counts.items()):
        report["tokens"].setdefault(name, {})[dataset] = c.figures()
    for (name, dataset), c in sorted(shingle_counts.items()):
        report["shingles"].setdefault(name, {})[dataset] = c.figures()
    return report
