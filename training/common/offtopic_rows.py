"""Feature rows of generated splice sets for training/offtopic.py, with per-seed caches."""

from __future__ import annotations

import json
import math
import re
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from common import PACKAGE
from newsledger.evaluate.splice import SpliceCase, generate, load_articles, prose_paragraphs
from newsledger.stages.clean import offtopic_embed
from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.boilerplate import find_boilerplate
from newsledger.stages.clean.offtopic import FEATURES, MIN_TERMS
from newsledger.stages.clean.offtopic_embed import (
    ArticleVectors,
    article_vectors,
    embed_features,
    story_features,
)
from newsledger.stages.clean.offtopic_features import block_features, block_terms, stem
from newsledger.stages.clean.offtopic_style import STYLE_FEATURES, style_features

# Terms seen in fewer documents than this are left out of the table (they get the unseen-term weight).
MIN_DF = 2
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# Passages are traced to their donor article by their first characters.
PREFIX = 60


def document_frequencies(path: Path) -> tuple[int, Counter[str]]:
    """Documents and stem document frequencies of a JSONL news corpus (field "text")."""
    df: Counter[str] = Counter()
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            n += 1
            df.update({stem(w) for w in WORD_RE.findall(json.loads(line).get("text") or "") if len(w) > 1})
    return n, df


def write_idf(path: Path, n: int, df: Counter[str], source: str) -> tuple[dict[str, float], float]:
    kept = sorted((t, c) for t, c in df.items() if c >= MIN_DF)
    lines = [f"# Document frequencies of term stems (first 5 letters, lower case) in {source}, {n} documents;",
             "# written by training/offtopic.py. Weight of a term: log(documents / (1 + df)).",
             f"@documents\t{n}"] + [f"{t}\t{c}" for t, c in kept]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {t: math.log(n / (1 + c)) for t, c in kept}, math.log(n / 2)


def _rows(items: list[Any], title: str, chars: int, offs: list[tuple[int, int, str]], clean: bool) -> dict[str, Any]:
    art: dict[str, Any] = {"chars": chars, "passages": offs, "clean": clean, "rows": [], "y": [], "spans": [],
                           "judged": []}
    if len(items) >= 3:
        lead_end, rows = block_features(items, title)
        art["style"] = style_features([it.block.text for it in items], lead_end)
        for k, row in enumerate(rows):
            b = items[lead_end + k]
            art["rows"].append(row)
            art["spans"].append((b.block.start, b.block.end))
            art["y"].append(float(any(s <= b.block.start and b.block.end <= e for s, e, _ in offs)))
            art["judged"].append(b.size >= MIN_TERMS)
    return art


def article_rows(case: SpliceCase, doc: Any) -> list[dict[str, Any]]:
    """Feature rows of one spliced article (after boilerplate, as the stage sees it) with labels and spans, and
    of the same article without its spliced passage: most real articles have none, and a model that only
    ever saw spliced articles learns to remove each article's least typical paragraph."""
    text = case.text
    blocks = split_blocks(text)
    taken = [(r.start, r.end) for r in find_boilerplate(text, blocks, [(s.start_char, s.end_char) for s in doc.sents])]
    rest = [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]
    items = block_terms(doc, rest)
    offs = [(i.start, i.end, i.note) for i in case.inserts if i.kind == "off_topic"]
    chars = len(text) - sum(i.end - i.start for i in case.inserts)
    kept = [it for it in items if not any(s < it.block.end and it.block.start < e for s, e, _ in offs)]
    return [_rows(items, case.title, chars, offs, False), _rows(kept, case.title, chars, [], True)]


def article_index(source: Path) -> dict[str, str]:
    """Opening characters of every prose paragraph -> id of its article (to trace a passage to its donor)."""
    index: dict[str, str] = {}
    for i, rec in enumerate(load_articles(source)):
        for p in prose_paragraphs(rec.get("text") or ""):
            index.setdefault(p[:PREFIX], str(rec.get("ID", i)))
    return index


def _donor(case: SpliceCase, index: dict[str, str]) -> str | None:
    return next((index.get(case.text[i.start:i.start + PREFIX]) for i in case.inserts if i.kind == "off_topic"), None)


def held_out(source: Path, seeds: list[int], n: int, index: dict[str, str]) -> set[str]:
    """Ids of the articles used as base or donor in the held-out seeds' splice sets."""
    ids: set[str] = set()
    for seed in seeds:
        for case in generate(source, n=n, seed=seed):
            ids.add(case.id)
            donor = _donor(case, index)
            if donor:
                ids.add(donor)
    return ids


def collect(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str]) -> list[dict[str, Any]]:
    """Feature rows of one seed's splice set, without cases whose base or donor is a held-out article."""
    from newsledger.pipeline import Pipeline

    pipe = Pipeline(stages=["clean"])
    cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
    with pipe.nlp.select_pipes(enable=pipe.components):
        return [a for c, d in zip(cases, pipe.nlp.pipe(c.text for c in cases), strict=True) for a in article_rows(c, d)]


def _rest_blocks(case: SpliceCase, doc: Any) -> list[Any]:
    text = case.text
    blocks = split_blocks(text)
    taken = [(r.start, r.end) for r in find_boilerplate(text, blocks, [(s.start_char, s.end_char) for s in doc.sents])]
    return [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]


def collect_vectors(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str],
                    path: Path) -> list[tuple[ArticleVectors, list[int]]]:
    """MiniLM vectors of the blocks of each case collect() keeps (same order), with the indices of the blocks
    its unspliced copy keeps; cached in ``path`` (float16 matrix + per-case layout)."""
    if path.exists():
        data = np.load(path)
        vecs, layout = data["vecs"].astype(np.float32), json.loads(str(data["layout"]))
    else:
        from newsledger.pipeline import Pipeline
        from newsledger.runtime.minilm import load_minilm

        encoder = load_minilm()
        pipe = Pipeline(stages=["clean"])
        cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
        chunks, layout = [], []
        with pipe.nlp.select_pipes(enable=pipe.components):
            for c, d in zip(cases, pipe.nlp.pipe(c.text for c in cases), strict=True):
                rest = _rest_blocks(c, d)
                av = article_vectors(encoder, d, rest, c.title)
                offs = [(i.start, i.end) for i in c.inserts if i.kind == "off_topic"]
                kept = [k for k, b in enumerate(rest) if not any(s < b.end and b.start < e for s, e in offs)]
                layout.append({"sizes": [len(b) for b in av.blocks], "title": av.title is not None, "kept": kept})
                chunks.extend(av.blocks)
                if av.title is not None:
                    chunks.append(av.title[None, :])
        vecs = np.concatenate(chunks).astype(np.float32)
        np.savez_compressed(path, vecs=vecs.astype(np.float16), layout=json.dumps(layout))
    out, k = [], 0
    for lay in layout:
        blocks = []
        for size in lay["sizes"]:
            blocks.append(vecs[k:k + size])
            k += size
        title = None
        if lay["title"]:
            title = vecs[k]
            k += 1
        out.append((ArticleVectors(title, blocks), lay["kept"]))
    return out


def add_embedding_rows(arts: list[dict[str, Any]], vectors: list[tuple[ArticleVectors, list[int]]]) -> None:
    """Append the embedding features to the rows of each (spliced, unspliced) pair of collect()."""
    if len(arts) != 2 * len(vectors):
        sys.exit("embedding cache does not match the feature rows; delete both caches")
    for k, (av, kept) in enumerate(vectors):
        for art, v in ((arts[2 * k], av), (arts[2 * k + 1], av.subset(kept))):
            if not art["rows"]:
                continue
            lead_end = len(v.blocks) - len(art["rows"])
            art["rows"] = [r + e for r, e in zip(art["rows"], embed_features(v, lead_end), strict=True)]


def collect_story(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str],
                  arts: list[dict[str, Any]], path: Path) -> list[np.ndarray]:
    """The story scorer's log-odds (stages/clean/offtopic_story.py) of the judged blocks of each spliced case of
    collect() (same order; context: the headline and the blocks before the first judged one), cached in ``path``."""
    if path.exists():
        data = np.load(path)
        flat, sizes = data["logits"], data["sizes"]
        return [flat[a:b] for a, b in zip(np.cumsum(sizes) - sizes, np.cumsum(sizes), strict=True)]
    from newsledger.stages.clean.offtopic_story import shipped_story_scorer

    scorer = shipped_story_scorer()
    cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
    if len(arts) != 2 * len(cases):
        sys.exit("story scores: the cases do not match the feature rows; delete the caches")
    out = []
    for c, art in zip(cases, arts[::2], strict=True):
        if not art["spans"]:
            out.append(np.zeros(0))
            continue
        first = art["spans"][0][0]
        lead = "\n\n".join(b.text for b in split_blocks(c.text) if b.end <= first)
        out.append(scorer.logits(c.title, lead, [c.text[s:e] for s, e in art["spans"]]))
    np.savez_compressed(path, logits=np.concatenate(out) if out else np.zeros(0), sizes=np.array([len(o) for o in out]))
    return out


def add_story_rows(arts: list[dict[str, Any]], logits: list[np.ndarray]) -> None:
    """Append the story features to the rows of each (spliced, unspliced) pair of collect(): the unspliced copy
    keeps the log-odds of its blocks, z-scored among them."""
    for k, lg in enumerate(logits):
        by_span = dict(zip(map(tuple, arts[2 * k]["spans"]), lg, strict=True))
        for art in (arts[2 * k], arts[2 * k + 1]):
            vals = np.array([by_span[tuple(sp)] for sp in art["spans"]])
            art["rows"] = [r + f for r, f in zip(art["rows"], story_features(vals), strict=True)]


def _link_sequence(case: SpliceCase, spans: list[tuple[int, int]], clean: bool) -> list[tuple[int, int]]:
    """The row blocks of one article (spliced, or its unspliced copy) with the block before the first of them
    (the lead's last block: inserted boilerplate, and for the copy the splice, left out as the stage does)."""
    if not spans:
        return []
    drop = [(i.start, i.end) for i in case.inserts if i.kind == "boilerplate" or (clean and i.kind == "off_topic")]
    before = [(b.start, b.end) for b in split_blocks(case.text)
              if b.end <= spans[0][0] and not any(s < b.end and b.start < e for s, e in drop)]
    return before[-1:] + [tuple(sp) for sp in spans]  # type: ignore[misc]


def collect_link(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str],
                 arts: list[dict[str, Any]], path: Path) -> list[dict[tuple[tuple[int, int], tuple[int, int]], float]]:
    """The link scorer's log-odds (stages/clean/offtopic_story.py LINK_RESOURCE) of the block pairs that the link features
    of each spliced case of collect() and of its unspliced copy need, keyed by the two blocks' spans; cached."""
    if path.exists():
        data = np.load(path)
        quads, flat, sizes = data["pairs"], data["logits"], data["sizes"]
        out, k = [], 0
        for size in sizes:
            out.append({((int(q[0]), int(q[1])), (int(q[2]), int(q[3]))): float(v)
                        for q, v in zip(quads[k:k + size], flat[k:k + size], strict=True)})
            k += size
        return out
    from newsledger.stages.clean.offtopic_story import shipped_link_scorer

    scorer = shipped_link_scorer()
    cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
    if len(arts) != 2 * len(cases):
        sys.exit("link scores: the cases do not match the feature rows; delete the caches")
    out = []
    for c, spliced, copy in zip(cases, arts[::2], arts[1::2], strict=True):
        wanted: set[tuple[tuple[int, int], tuple[int, int]]] = set()
        for art in (spliced, copy):
            seq = _link_sequence(c, art["spans"], art["clean"])
            wanted |= {(seq[i], seq[j]) for i, j in offtopic_embed.link_pairs(1, len(seq))}
        order = sorted(wanted)
        spans = sorted({sp for pair in order for sp in pair})
        where = {sp: k for k, sp in enumerate(spans)}
        logits = scorer.pair_logits([c.text[a:b] for a, b in spans], [(where[x], where[y]) for x, y in order])
        out.append(dict(zip(order, map(float, logits), strict=True)))
    quads = [[*x, *y] for d in out for x, y in d]
    np.savez_compressed(path, pairs=np.array(quads, dtype=np.int64).reshape(-1, 4),
                        logits=np.array([v for d in out for v in d.values()]), sizes=np.array([len(d) for d in out]))
    return out


def add_link_rows(arts: list[dict[str, Any]], cases: list[SpliceCase],
                  links: list[dict[tuple[tuple[int, int], tuple[int, int]], float]]) -> None:
    """Append the link features to the rows of each (spliced, unspliced) pair of collect()."""
    for k, (case, logits) in enumerate(zip(cases, links, strict=True)):
        for art in (arts[2 * k], arts[2 * k + 1]):
            seq = _link_sequence(case, art["spans"], art["clean"])
            pairs = offtopic_embed.link_pairs(1, len(seq))
            values = {(i, j): logits[(seq[i], seq[j])] for i, j in pairs}
            art["rows"] = [r + f for r, f in zip(art["rows"], offtopic_embed.link_features(1, len(seq), values), strict=True)]


def seed_rows(source: Path, n: int, seed: int, hold_out: list[int], ids: set[str], index: dict[str, str],
              cache_dir: Path, accurate: bool) -> list[dict[str, Any]]:
    """One seed's articles (spliced and unspliced copy) with their feature rows in the model's column order,
    labels and spans; the rows, embeddings and scorer outputs are cached in ``cache_dir``."""
    tag = f"{n}-{seed}-{'-'.join(map(str, hold_out))}"
    cache = cache_dir / f"offtopic-rows-{len(FEATURES)}-s{len(STYLE_FEATURES)}-{tag}.json"
    if cache.exists():
        part = list(json.loads(cache.read_text()))
    else:
        t0 = time.time()
        part = collect(source, n, seed, ids, index)
        cache.write_text(json.dumps(part))
        print(f"seed {seed}: {len(part)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
    if accurate:
        t0 = time.time()
        vectors = collect_vectors(source, n, seed, ids, index, cache_dir / f"offtopic-minilm-{tag}.npz")
        print(f"seed {seed}: vectors of {len(vectors)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
        add_embedding_rows(part, vectors)
        t0 = time.time()
        story_file = PACKAGE / "stages" / "clean" / "models" / "offtopic-story.npz"
        version = zlib.crc32(story_file.read_bytes()) if story_file.exists() else 0  # a refit scorer needs new scores
        logits = collect_story(source, n, seed, ids, index, part, cache_dir / f"offtopic-story-{tag}-{version}.npz")
        print(f"seed {seed}: story scores of {len(logits)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
        add_story_rows(part, logits)
        t0 = time.time()
        link_file = PACKAGE / "stages" / "clean" / "models" / "offtopic-link.npz"
        version = zlib.crc32(link_file.read_bytes()) if link_file.exists() else 0
        links = collect_link(source, n, seed, ids, index, part, cache_dir / f"offtopic-link-{tag}-{version}.npz")
        cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
        add_link_rows(part, cases, links)
        print(f"seed {seed}: link scores of {len(links)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
    for a in part:  # house style (offtopic_style.py) comes last in either model's rows
        a["rows"] = [r + h for r, h in zip(a["rows"], a.pop("style", []), strict=True)]
    return part
