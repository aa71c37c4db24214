"""TempEval-3 Task A timex scoring of the timexes stage against TimeML (.tml) files."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.errors import InputError

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')
_DCT = re.compile(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


@dataclass(frozen=True)
class GoldTimex:
    """One annotated TIMEX3 of a TimeML file (character offsets into the plain TEXT)."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    """The plain text of a TimeML file's TEXT element, its DCT and its gold timexes (DCT excluded)."""

    name: str
    text: str
    dct: date
    timexes: list[GoldTimex]
    group: str = ""  # the sub-folder it was read from (e.g. TimeBank, AQUAINT)
    ignore: list[tuple[int, int]] = field(default_factory=list)  # spans not scored (a DCT inside the text)


def parse_tml(path: Path) -> TimeMLDoc:
    """Read one .tml file: strip the inline tags from TEXT and keep the TIMEX3 offsets."""
    raw = path.read_text(encoding="utf-8")
    m_dct = _DCT.search(raw)
    m_text = _TEXT.search(raw)
    if m_dct is None or m_text is None:
        raise InputError(str(path), "not a TimeML file with a DCT and a TEXT element; pass a folder of .tml files")
    body = m_text.group(1)
    parts: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if closing:
            if open_timex:
                start, a = open_timex.pop()
                if a.get("functionInDocument") != "CREATION_TIME":
                    text = "".join(parts)[start:length]
                    timexes.append(GoldTimex(start, length, text, a.get("type", ""), a.get("value", "")))
        elif not m.group(4):
            open_timex.append((length, dict(_ATTR.findall(attrs))))
    parts.append(html.unescape(body[pos:]))
    return TimeMLDoc(path.stem, "".join(parts), date.fromisoformat(m_dct.group(1)), timexes)


_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "'s", "n't", ")", "'", "%", "?", "!", "'re", "'ve", "'ll", "'d", "'m"})
_NO_SPACE_AFTER = frozenset({"(", "$", "``"})


def parse_cat(path: Path) -> TimeMLDoc:
    """Read one CAT XML file (NewsReader MEANTIME): tokens joined into text, TIMEX3 markables by token."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    spans: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    length, prev_sent, prev_tok = 0, None, ""
    for tok in root.iter("token"):
        word = tok.text or ""
        sep = "" if not parts else "\n" if tok.get("sentence") != prev_sent else "" if word in _NO_SPACE_BEFORE or prev_tok in _NO_SPACE_AFTER else " "
        parts.append(sep + word)
        length += len(sep)
        spans[tok.get("t_id", "")] = (length, length + len(word))
        length += len(word)
        prev_sent, prev_tok = tok.get("sentence"), word
    text = "".join(parts)
    dct: date | None = None
    timexes: list[GoldTimex] = []
    ignore: list[tuple[int, int]] = []
    all_tx = list(root.iter("TIMEX3"))
    dct_id = next((tx.get("m_id") for tx in all_tx if tx.get("functionInDocument") == "CREATION_TIME"), None)
    if dct_id is None:  # some files do not mark the DCT: it is the timex the others are anchored on
        refs = Counter(tx.get("anchorTimeID") for tx in all_tx if tx.get("anchorTimeID"))
        dct_id = refs.most_common(1)[0][0] if refs else None
    for tx in all_tx:
        anchors = [spans[a.get("t_id", "")] for a in tx.iter("token_anchor") if a.get("t_id") in spans]
        value = tx.get("value", "")
        if tx.get("m_id") == dct_id:
            dct = date.fromisoformat(value[:10])
            if anchors:
                ignore.append((anchors[0][0], anchors[-1][1]))
            continue
        if anchors:
            s, e = anchors[0][0], anchors[-1][1]
            timexes.append(GoldTimex(s, e, text[s:e], tx.get("type", ""), value))
    if dct is None:
        raise InputError(str(path), "no DCT (CREATION_TIME TIMEX3) found; pass CAT files with a DCT")
    # MEANTIME annotates events and times only in the first sentences of an article: text after the
    # last sentence with an event or a timex is not scored
    sent_of = {t.get("t_id"): t.get("sentence") for t in root.iter("token")}
    marked = {sent_of.get(a.get("t_id")) for tag in ("EVENT_MENTION", "TIMEX3") for m in root.iter(tag) for a in m.iter("token_anchor")}
    last_end = max((spans[t.get("t_id", "")][1] for t in root.iter("token") if t.get("sentence") in marked), default=len(text))
    if last_end < len(text):
        ignore.append((last_end, len(text)))
    return TimeMLDoc(path.stem, text, dct, sorted(timexes, key=lambda t: t.start), ignore=ignore)


def read_dir(directory: Path) -> list[TimeMLDoc]:
    """Every .tml (TimeML) or .xml (CAT, e.g. MEANTIME) file under ``directory``, sorted by path."""
    paths = sorted([*directory.rglob("*.tml"), *directory.rglob("*.xml")])
    if not paths:
        raise InputError(str(directory), "no .tml files found; pass a folder of TimeML files (e.g. ../shared/data/timebank)")
    out = []
    seen: set[str] = set()
    for p in paths:
        if p.stem in seen:  # the same document in two folders (e.g. a test copy) counts once
            continue
        seen.add(p.stem)
        doc = parse_tml(p) if p.suffix == ".tml" else parse_cat(p)
        rel = p.relative_to(directory)
        doc.group = rel.parts[0] if len(rel.parts) > 1 else directory.name
        out.append(doc)
    return out


@dataclass
class Scores:
    """Counts and TempEval-3 Task A figures for a set of documents."""

    name: str
    docs: int = 0
    gold: int = 0
    system: int = 0
    relaxed_gold: int = 0  # gold timexes overlapped by a system timex
    relaxed_system: int = 0  # system timexes overlapping a gold timex
    strict: int = 0  # exact span matches
    value_ok: int = 0  # relaxed matches (one per gold) with the right value
    value_pairs: int = 0
    type_ok: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for f in ("docs", "gold", "system", "relaxed_gold", "relaxed_system", "strict", "value_ok", "value_pairs", "type_ok"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.errors.extend(other.errors)

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        rp = self.relaxed_system / self.system if self.system else 0.0
        rr = self.relaxed_gold / self.gold if self.gold else 0.0
        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        acc = self.value_ok / self.value_pairs if self.value_pairs else 0.0
        tacc = self.type_ok / self.value_pairs if self.value_pairs else 0.0
        rf = self._f(rp, rr)
        return {
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "strict_p": sp, "strict_r": sr, "strict_f1": self._f(sp, sr),
            "value_accuracy": acc, "value_f1": rf * acc, "type_accuracy": tacc, "type_f1": rf * tacc,
        }  # fmt: skip

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "docs": self.docs, "gold": self.gold, "system": self.system}
        out.update({k: round(v, 4) for k, v in self.figures().items()})
        if details:
            out["errors"] = self.errors
        return out


_WEEK = re.compile(r"-W(\d)(?!\d)")


def canonical_value(value: str) -> str:
    """A TIMEX3 value with the ISO week zero-padded ('2000-W7' and '2000-W07' are the same week)."""
    return _WEEK.sub(r"-W0\1", value)


def score_doc(gold: TimeMLDoc, system: Iterable[Any], name: str = "") -> Scores:
    """Score one document; ``system`` holds objects with start, end, text, type and value."""
    sys_list = sorted(
        (t for t in system if not any(a < t.end and t.start < b for a, b in gold.ignore)), key=lambda t: (t.start, t.end)
    )
    s = Scores(name=name or gold.name, docs=1, gold=len(gold.timexes), system=len(sys_list))
    matched_sys: set[int] = set()
    for g in gold.timexes:
        overlaps = [i for i, t in enumerate(sys_list) if t.start < g.end and g.start < t.end]
        if not overlaps:
            s.errors.append({"doc": gold.name, "kind": "miss", "text": g.text, "gold": g.value, "start": g.start, "end": g.end})
            continue
        s.relaxed_gold += 1
        matched_sys.update(overlaps)
        best = max(overlaps, key=lambda i: min(sys_list[i].end, g.end) - max(sys_list[i].start, g.start))
        t = sys_list[best]
        s.strict += int(t.start == g.start and t.end == g.end)
        s.value_pairs += 1
        s.type_ok += int(t.type == g.type)
        if canonical_value(t.value) == canonical_value(g.value):
            s.value_ok += 1
        else:
            s.errors.append({
                "doc": gold.name, "kind": "value", "text": g.text, "system_text": t.text, "gold": g.value, "system": t.value,
                "gold_type": g.type, "system_type": t.type, "start": g.start, "end": g.end,
            })  # fmt: skip
        if (t.start, t.end) != (g.start, g.end):
            s.errors.append({"doc": gold.name, "kind": "span", "text": g.text, "system_text": t.text})
    s.relaxed_system = len(matched_sys)
    for i, t in enumerate(sys_list):
        if i not in matched_sys:
            s.errors.append({"doc": gold.name, "kind": "false_alarm", "text": t.text, "system": t.value, "start": t.start, "end": t.end})
    return s


def _documents(docs: list[TimeMLDoc]) -> Iterator[Document]:
    for d in docs:
        yield Document(id=d.name, text=d.text, published=d.dct)


def evaluate_dir(directory: Path, pipeline: Any = None) -> list[Scores]:
    """Score the timexes stage on every .tml file under ``directory``.

    Returns one Scores per immediate sub-folder holding .tml files (e.g. TimeBank, AQUAINT), then
    the total over all of them.
    """
    from newsledger.pipeline import Failure, Pipeline

    docs = read_dir(directory)
    pipe = pipeline if pipeline is not None else Pipeline(stages=["timexes"])
    groups: dict[str, Scores] = {}
    total = Scores(name="all")
    for d, result in zip(docs, pipe.analyze_many(_documents(docs)), strict=True):
        if isinstance(result, Failure):
            raise InputError(result.source, result.message)
        s = score_doc(d, result.timexes)
        groups.setdefault(d.group, Scores(name=d.group)).add(s)
        total.add(s)
    return [*groups.values(), total] if len(groups) > 1 else [total]



def print_report(results: list[Scores], console: Any, details: bool = False) -> None:
    """A rich table of the figures (one row per folder, then all), optionally followed by the errors."""
    from rich.table import Table

    table = Table(title="TempEval-3 Task A (timexes; DCT excluded)")
    cols = ["docs", "gold", "system", "strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "value_accuracy", "value_f1", "type_accuracy"]
    table.add_column("set")
    for c in cols:
        table.add_column(c, justify="right")
    for r in results:
        d = r.to_dict()
        table.add_row(r.name, *(str(d[c]) if isinstance(d[c], int) else f"{d[c]:.3f}" for c in cols))
    console.print(table)
    if details:
        for e in results[-1].errors:
            console.print(e, markup=False, highlight=False)
