"""The cleaning splice sets: real host articles with passages of other texts, boilerplate lines and hard negatives.

Three sets with the same recipe and disjoint texts (data/cleaning/splits; training/cleaning_splits.py):
``train`` (every text no list names), ``calibration`` and ``test``. The test set alone uses the test-only donor
sources (MEANTIME, PTC, the Readability pages, the helper-written test donors), the frozen test boilerplate
families and the test hard negatives. Recipe (fixed before any model was fitted on these sets):

* each host gets 0, 1, 2 or 3 off-topic passages (weights 0.2, 0.5, 0.2, 0.1) after its first two paragraphs;
* a passage's donor is, in equal shares, an AllSides article of the host's topic (wire hosts: a wire of the same
  day), other news (AllSides of other topics, wires, CASE snippets or the set's other-story news; test: MEANTIME
  and PTC instead of CASE) or another genre (the helper-written genres, web pages);
* two passages in three are 1-3 whole donor paragraphs (a third of the longer ones run together into one
  block), one in three is a run of 1-3 donor sentences as one block;
* 0-5 boilerplate units (a line, or one time in seven a multi-line block, each line its own gold unit), bylines
  and datelines mostly at the top, bios, copyright, tags, related links and comment notices mostly at the end;
* 0-2 hard negatives: article sentences that look like boilerplate, which must be kept;
* half of the hosts with a headline carry it as their first line (scraped AllSides texts do), as article text.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import InputError
from newsledger.evaluate.splice import Insert, SpliceCase
from newsledger.evaluate.splice_sources import (
    Text,
    host_paragraphs,
    is_prose,
    read_source,
    read_split_file,
    round_ids,
    sentences,
    usable_host,
)

SETS = ("train", "calibration", "test")
SPLICES = {0: 0.2, 1: 0.5, 2: 0.2, 3: 0.1}
BOILERPLATE_UNITS = {0: 0.1, 1: 0.2, 2: 0.25, 3: 0.2, 4: 0.15, 5: 0.1}
NEGATIVES = {0: 0.5, 1: 0.35, 2: 0.15}
TITLE_LINE_SHARE = 0.5
BLOCK_SHARE = 1 / 7
SENTENCE_SHARE = 1 / 3
MERGED_SHARE = 1 / 3
MIN_PASSAGE, MAX_PASSAGE, MAX_MERGED = 120, 1500, 3000
# Where a boilerplate unit of a category goes (seven times in ten), by words of its category name.
TOP_WORDS = ("byline", "dateline", "breadcrumb", "reading", "toolbar", "ticker", "nav", "menu")
BOTTOM_WORDS = ("bio", "copyright", "tag", "related", "comment", "correction", "donat", "footer", "legal")
# The genre of the helper-written donors that is other news, not another genre.
NEWS_GENRES = {"near-topic political news", "other_story_news"}
SLOT_RE = re.compile(r"\{(\w+)\}")


@dataclass
class Pools:
    """The texts of one set: hosts, donors by kind and source, boilerplate families and hard negatives."""

    hosts: list[Text]
    same_topic: dict[str, list[Text]]
    other_news: dict[str, list[Text]]
    genres: dict[str, list[Text]]
    families: list[dict[str, Any]]
    negatives: list[dict[str, str]]
    test: bool = False
    skipped: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: dict[int, float]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fill(rng: random.Random, template: str, slots: dict[str, list[str]]) -> str:
    return SLOT_RE.sub(lambda m: rng.choice(slots[m.group(1)]) if m.group(1) in slots else m.group(0), template)


def boilerplate_unit(rng: random.Random, family: dict[str, Any]) -> list[str]:
    """One line, or one time in seven a multi-line block, of a family (training families: slots filled)."""
    if "templates" in family:
        blocks = family.get("blocks") or []
        unit = rng.choice(blocks) if blocks and rng.random() < BLOCK_SHARE else [rng.choice(family["templates"])]
        return [_fill(rng, t, family.get("slots", {})) for t in unit]
    blocks = family.get("multi_line") or []
    return list(rng.choice(blocks)) if blocks and rng.random() < BLOCK_SHARE else [rng.choice(family["lines"])]


def _zone(category: str) -> str:
    c = category.lower()
    return "top" if any(w in c for w in TOP_WORDS) else "bottom" if any(w in c for w in BOTTOM_WORDS) else ""


def _donor_paragraphs(t: Text) -> list[str]:
    skip = 2 if t.id.split(":")[0] in ("allsides", "wire", "ptc") else 0
    return [p for p in t.paragraphs[skip:] if is_prose(p) or (t.id.startswith("case:") and len(p) >= MIN_PASSAGE)]


def passage(rng: random.Random, donor: Text) -> tuple[list[str], str] | None:
    """Paragraphs (one block each) of a passage of the donor, and its granularity (paragraph or sentence)."""
    paras = _donor_paragraphs(donor)
    if not paras:
        return None
    if rng.random() < SENTENCE_SHARE or donor.id.startswith("case:"):
        for _ in range(6):
            sents = sentences(rng.choice(paras))
            i = rng.randrange(len(sents))
            text = " ".join(sents[i:i + rng.choice([1, 2, 3])])
            if MIN_PASSAGE <= len(text) <= MAX_PASSAGE:
                return [text], "sentence"
        return None
    starts = list(range(len(paras)))
    rng.shuffle(starts)
    k = rng.choice([1, 1, 2, 3])
    merged = k > 1 and rng.random() < MERGED_SHARE
    for i in starts[:6]:
        chunk = paras[i:i + k]
        if merged:
            chunk = [" ".join(chunk)]
        if all(MIN_PASSAGE <= len(c) <= (MAX_MERGED if merged else MAX_PASSAGE) for c in chunk):
            return chunk, "paragraph"
    return None


def _donor(rng: random.Random, pools: Pools, host: Text) -> tuple[Text, str, str] | None:
    """A donor text for a host, its kind (same topic, other news, genre) and source."""
    kind = rng.choice(["same topic", "other news", "genre"])
    if kind == "same topic":
        pool = [t for t in pools.same_topic.get(host.topic, [])
                if t.id != host.id and not (t.title and t.title == host.title)]
        if pool:
            return rng.choice(pool), kind, host.id.split(":")[0]
        kind = "other news"
    table = pools.other_news if kind == "other news" else pools.genres
    source = rng.choice(sorted(table))
    pool = [t for t in table[source] if t.id != host.id and (source != "allsides" or t.topic != host.topic)]
    return (rng.choice(pool), kind, source) if pool else None


def build_case(rng: random.Random, pools: Pools, host: Text) -> SpliceCase:
    """One host article with its off-topic passages, boilerplate units and hard negatives inserted."""
    paras = host_paragraphs(host)
    title_line = bool(host.title) and rng.random() < TITLE_LINE_SHARE
    n = len(paras)
    gaps: dict[int, list[tuple[list[str], str, str, str]]] = defaultdict(list)  # gap -> (lines, kind, note, sep)
    free = list(range(2, n + 1))
    for _ in range(_weighted(rng, SPLICES)):
        for _attempt in range(4):
            picked = _donor(rng, pools, host)
            got = passage(rng, picked[0]) if picked else None
            if picked and got:
                donor, kind, source = picked
                note = "/".join([kind, source, got[1], donor.language, donor.genre])
                gap = rng.choice(free)
                gaps[gap].append((got[0], "off_topic", note, "\n\n"))
                break
        else:
            pools.skipped["passage"] = pools.skipped.get("passage", 0) + 1
    for _ in range(_weighted(rng, BOILERPLATE_UNITS)):
        family = rng.choice(pools.families)
        zone = _zone(family["category"]) if rng.random() < 0.7 else ""
        gap = rng.choice([0, 1] if zone == "top" else [n - 1, n] if zone == "bottom" else range(n + 1))
        note = "/".join([family["category"], family["language"], family["family"]])
        gaps[gap].append((boilerplate_unit(rng, family), "boilerplate", note, rng.choice(["\n", "\n\n"])))
    for _ in range(_weighted(rng, NEGATIVES) if pools.negatives else 0):
        neg = rng.choice(pools.negatives)
        gaps[rng.randint(1, n)].append(([neg["line"]], "keep", neg.get("language", ""), "\n\n"))
    text = host.title.strip() if title_line else ""
    inserts: list[Insert] = []
    for g in range(n + 1):
        units = gaps.get(g, [])
        rng.shuffle(units)
        pieces = [(lines, kind, note, sep) for lines, kind, note, sep in units]
        if g < n:
            pieces.append(([paras[g]], "", "", "\n\n"))
        for lines, kind, note, sep in pieces:
            for j, line in enumerate(lines):
                text += ("" if not text else sep if j else "\n\n")
                if kind == "off_topic" and j:
                    inserts[-1].end = len(text) + len(line)  # a passage of several paragraphs is one gold unit
                elif kind:
                    inserts.append(Insert(len(text), len(text) + len(line), kind, note))
                text += line
    return SpliceCase(id=host.id, title=host.title, text=text, inserts=inserts)


def _listed(data: Path) -> dict[str, list[tuple[str, str]]]:
    return {name: read_split_file(data / "splits" / f"{name}.txt")
            for name in ("test", "calibration", "realnews-eval", "realnews-calibration")}


def load_pools(name: str, data: Path, shared: Path) -> Pools:
    """The texts of the ``train``, ``calibration`` or ``test`` set."""
    if name not in SETS:
        raise InputError(name, f"unknown cleaning set; known: {', '.join(SETS)}")
    lists = _listed(data)
    taken = {i for rows in lists.values() for _, i in rows} | round_ids(
        data.parent / "annotations/news-2026-12/split.tsv", ["dev", "test"])
    mine = lists.get(name, [])
    ids = {i for _, i in mine}
    def wanted(t: Text) -> bool:
        return t.id in ids if name != "train" else t.id not in taken

    sources = {"test": ["allsides", "wire", "meantime", "ptc", "readability", "test-donors"],
               "calibration": ["allsides", "wire", "case", "cleaneval", "train-donors"],
               "train": ["allsides", "wire", "case", "cleaneval", "train-donors"]}[name]
    whole = {i for r, i in mine if r == "source"}
    texts = {s: [t for t in read_source(s, shared, data) if s in whole or wanted(t)] for s in sources}
    host_ids = {i for r, i in mine if r == "host"}
    if name == "train":
        hosts = [t for s in ("allsides", "wire") for t in texts[s] if usable_host(t)]
    else:
        hosts = [t for s in ("allsides", "wire") for t in texts[s] if t.id in host_ids]
    same: dict[str, list[Text]] = defaultdict(list)
    for s in ("allsides", "wire"):
        for t in texts[s]:
            same[t.topic].append(t)
    helper = texts["test-donors" if name == "test" else "train-donors"]
    other = {"allsides": texts["allsides"], "wire": texts["wire"],
             "helper": [t for t in helper if t.genre in NEWS_GENRES]}
    if name == "test":
        other.update(meantime=texts["meantime"], ptc=texts["ptc"])
    else:
        other["case"] = texts["case"]
    pages = texts["readability" if name == "test" else "cleaneval"]
    genres = {"helper": [t for t in helper if t.genre not in NEWS_GENRES], "web page": pages}
    families, negatives = _families(name, data, {i for r, i in lists["calibration"] if r in ("family", "negative")})
    return Pools(hosts, dict(same), other, genres, families, negatives, test=name == "test")


def _families(name: str, data: Path, calibration: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The boilerplate families and hard negatives of a set (test: the frozen ones)."""
    if name == "test":
        folder = data / "test-families"
        return (json.loads((folder / "boilerplate_families.json").read_text(encoding="utf-8")),
                json.loads((folder / "hard_negatives.json").read_text(encoding="utf-8")))
    folder = data / "train-families"
    fams = json.loads((folder / "boilerplate_families.json").read_text(encoding="utf-8"))
    lines = json.loads((folder / "article_lines.json").read_text(encoding="utf-8"))
    inside = name == "calibration"
    fams = [f for f in fams if (f["family"] in calibration) == inside]
    lines = [x for i, x in enumerate(lines) if (f"article_lines:{i}" in calibration) == inside]
    if name == "train":  # the supplements (languages the training families lack) train only
        for file, into in (("boilerplate_families_supplement.json", fams), ("article_lines_supplement.json", lines)):
            if (folder / file).exists():
                into += json.loads((folder / file).read_text(encoding="utf-8"))
    return fams, lines


def generate_set(name: str, data: Path, shared: Path, n: int | None = None, seed: int = 0,
                 families: list[dict[str, Any]] | None = None) -> list[SpliceCase]:
    """The spliced articles of a set: every listed host once (calibration, test; ``n`` takes the first n of a
    seeded order), or ``n`` sampled training hosts (default 1,000) for seed ``seed``; ``families`` replaces the set's
    boilerplate families (the line model's extra training articles, training/boilerplate.py)."""
    pools = load_pools(name, data, shared)
    if families is not None:
        pools.families = families
    rng = random.Random(f"{name}-{seed}")
    hosts = sorted(pools.hosts, key=lambda t: t.id)
    rng.shuffle(hosts)
    hosts = hosts[: n if n is not None else (1000 if name == "train" else len(hosts))]
    return [build_case(rng, pools, h) for h in hosts]
