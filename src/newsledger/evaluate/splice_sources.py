"""Texts for the cleaning splice sets: host articles and donor passages, read in place by id.

Every text has an id ``source:key``: ``allsides:<ID>`` and ``wire:<docid>`` (AllSides and AFP/Xinhua, the
prefixes of the annotation rounds), ``case:<id>`` (CASE 2021 snippets), ``meantime:<file stem>``,
``ptc:<article id>``, ``cleaneval:<page>`` and ``readability:<page>`` (gold texts of ../shared/data/html),
``timeml:<file stem>`` (TimeBank + AQUAINT) and ``train-donors:<n>`` / ``test-donors:<n>`` (the helper-written
donors of data/cleaning/donors). The split files of data/cleaning/splits list which ids each set uses.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import InputError

# A paragraph counts as running prose when it is at least this long and ends like a sentence.
MIN_PROSE_CHARS = 80
PROSE_END_RE = re.compile(r"[.?!…][\"”’')»]*\s*$")
# Lines of the scraped hosts that are their own site furniture (credits, prompts): left out of every host, so that
# the only boilerplate of a generated article is the inserted one. Fixed here, independent of the clean stage.
HOST_FURNITURE_RE = re.compile(
    r"contributed to (?:this|the) report|all rights reserved|^\(?(?:reporting|writing|editing) by|sign up|subscribe|"
    r"click here|^read (?:more|also)|^follow |newsletter|this (?:story|article) (?:was|has been) (?:updated|corrected)|"
    r"^(?:photo|image|file photo|caption)\b|getty images|\bAP Photo\b|^copyright|originally (?:appeared|published)",
    re.IGNORECASE)
# A photo caption of a scraped host (short, ending on a full date or carrying a picture credit), left out too.
CAPTION_RE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, (?:19|20)\d\d\.?\W*$|"
    r"\((?:[^()]*/)?[^()]*\b(?:photo|images?|reuters|ap|afp|epa|getty|pool)\b[^()]*\)\W*$", re.IGNORECASE)
MAX_CAPTION_CHARS = 300
HOST_CHARS = (1500, 12000)
HOST_PARAGRAPHS = 6
SENTENCE_RE = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[\"“«(]?[A-ZÀ-ÖØ-ÞА-ЯЁ0-9])")


@dataclass(frozen=True)
class Text:
    """One article or donor: its id, headline, paragraphs, AllSides topic (wires: the date), language and genre."""

    id: str
    paragraphs: tuple[str, ...]
    title: str = ""
    topic: str = ""
    language: str = "en"
    genre: str = "news"


def is_prose(paragraph: str) -> bool:
    """A paragraph of running prose (long enough, ends like a sentence, opens with a letter, digit or quote)."""
    p = paragraph.strip()
    return (len(p) >= MIN_PROSE_CHARS and PROSE_END_RE.search(p) is not None
            and (p[0].isalnum() or p[0] in "\"“‘'«¿¡"))


def host_paragraphs(text: Text) -> list[str]:
    """The prose paragraphs of a host article without its own site furniture."""
    return [p for p in text.paragraphs if is_prose(p) and not HOST_FURNITURE_RE.search(p)
            and not (len(p) <= MAX_CAPTION_CHARS and CAPTION_RE.search(p))]


def usable_host(text: Text) -> bool:
    """Long enough for a lead and a body of prose, and not too long (1,500-12,000 characters, 6 prose paragraphs)."""
    chars = sum(len(p) + 1 for p in text.paragraphs)
    return HOST_CHARS[0] <= chars <= HOST_CHARS[1] and len(host_paragraphs(text)) >= HOST_PARAGRAPHS


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (a punctuation rule; enough to cut donor passages at sentence boundaries)."""
    return [s.strip() for s in SENTENCE_RE.split(paragraph) if s.strip()]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("\n") if p.strip())


def allsides(shared: Path) -> Iterator[Text]:
    """AllSides articles (one paragraph per line)."""
    with (shared / "data/news/allsides-articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield Text(f"allsides:{rec['ID']}", _lines(rec.get("text") or ""), rec.get("title") or "",
                       str(rec.get("topic") or ""))


def wires(shared: Path) -> Iterator[Text]:
    """AFP and Xinhua wires of the TempEval-3 silver corpus (blank-line paragraphs); the topic is the date."""
    with (shared / "data/news/te3_silver_afp_xin.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield Text(f"wire:{rec['docid']}", _lines(rec.get("text") or ""), "", str(rec.get("dct") or ""))


def case_snippets(shared: Path) -> Iterator[Text]:
    """CASE 2021 task 2 event snippets (one to three sentences of news each)."""
    path = shared / "data/case2021/task2/test_dataset/test_set_final_release_with_labels.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield Text(f"case:{rec['id']}", (rec["EventSnippet"].strip(),), topic=rec.get("SubType") or "")


def meantime(shared: Path) -> Iterator[Text]:
    """MEANTIME Wikinews articles (headline and date lines dropped, sentences grouped two by two)."""
    from newsledger.evaluate.meantime import read_cat

    for path in sorted((shared / "data/meantime").rglob("*.xml")):
        lines = read_cat(path).text.split("\n")[2:]
        paras = tuple(" ".join(lines[i:i + 2]) for i in range(0, len(lines), 2))
        yield Text(f"meantime:{path.stem}", paras, genre="news")


def ptc(shared: Path) -> Iterator[Text]:
    """PTC (SemEval-2020 task 11) news articles (the first line is the headline)."""
    for path in sorted((shared / "data/ptc/train-articles").glob("article*.txt")):
        lines = _lines(path.read_text(encoding="utf-8"))
        yield Text(f"ptc:{path.stem.removeprefix('article')}", lines[1:], lines[0] if lines else "")


def _page_paragraphs(raw: str) -> tuple[str, ...]:
    """Paragraphs of a gold page: the <p> elements of an HTML gold, or CleanEval's <p>/<h>/<l> marked blocks."""
    if re.search(r"<(?:div|p|section|article)\b[^>]*>", raw):
        import lxml.html

        try:
            root = lxml.html.fromstring(raw)
        except Exception:  # noqa: BLE001 - malformed gold: no paragraphs
            return ()
        return tuple(" ".join(p.text_content().split()) for p in root.iter("p") if p.text_content().strip())
    body = raw.split("\n", 1)[1] if raw.startswith("URL:") else raw
    return tuple(" ".join(b.split()) for b in re.split(r"<[phl]>|\n\s*\n", body) if b.strip())


def html_pages(shared: Path, subset: str) -> Iterator[Text]:
    """Gold texts of the CleanEval-dev or Readability pages of ../shared/data/html (many genres of the web)."""
    for path in sorted((shared / "data/html" / subset / "GoldStandard").glob("*.txt")):
        yield Text(f"{subset}:{path.stem}", _page_paragraphs(path.read_text(encoding="utf-8", errors="replace")),
                   genre="web page")


def helper_donors(path: Path) -> Iterator[Text]:
    """Donor passages written by helper sessions (data/cleaning/donors/*.json), ids ``<file stem>:<index>``."""
    for i, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        yield Text(f"{path.stem}:{i}", tuple(item["paragraphs"]), language=item.get("language", "en"),
                   genre=item.get("genre", ""))


def timeml(shared: Path) -> Iterator[Text]:
    """TimeBank + AQUAINT documents (their plain TEXT, blank-line paragraphs)."""
    from newsledger.evaluate.timeml import read_dir

    for d in read_dir(shared / "data/timebank"):
        yield Text(f"timeml:{d.name}", tuple(p.strip() for p in re.split(r"\n\s*\n", d.text) if p.strip()))


SOURCES = {"allsides": allsides, "wire": wires, "case": case_snippets, "meantime": meantime, "ptc": ptc,
           "timeml": timeml}


def read_source(name: str, shared: Path, data: Path) -> list[Text]:
    """All texts of one source (``cleaneval``/``readability`` pages, helper donor files by their stem)."""
    if name in ("cleaneval", "readability"):
        folder = "cleaneval-dev" if name == "cleaneval" else name
        return [Text(t.id.replace(f"{folder}:", f"{name}:", 1), t.paragraphs, genre=t.genre)
                for t in html_pages(shared, folder)]
    if name in ("train-donors", "test-donors"):
        return list(helper_donors(data / "donors" / f"{name}.json"))
    if name not in SOURCES:
        raise InputError(name, f"unknown text source; known: {', '.join([*SOURCES, 'cleaneval', 'readability'])}")
    path_hint = shared / "data"
    if not path_hint.exists():
        raise InputError(str(shared), "shared folder not found; pass --shared pointing at it")
    return list(SOURCES[name](shared))


def read_split_file(path: Path) -> list[tuple[str, str]]:
    """(role, id) rows of a split file (``role<TAB>id``; ``#`` comments)."""
    if not path.exists():
        raise InputError(str(path), "split file not found; write it with training/cleaning_splits.py")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise InputError(str(path), f"line {n}: expected 'role<TAB>id'")
        rows.append((parts[0], parts[1]))
    return rows


def round_ids(split_tsv: Path, splits: Iterable[str]) -> set[str]:
    """Ids of an annotation round's documents in the given splits (e.g. dev and test: never trained on)."""
    wanted = set(splits)
    with split_tsv.open(encoding="utf-8", newline="") as fh:
        return {r["id"] for r in csv.DictReader(fh, delimiter="\t") if r["split"] in wanted}
