"""Build the events stage's distributional word vectors from unlabeled news: PPMI over lemmas, truncated SVD, k-means.

Usage (offline, seeded; needs ../shared and the ml extra for scikit-learn's randomized SVD and k-means):
    python training/wordvecs.py --shared ../shared --lemmas /tmp/wordvecs-lemmas.txt
Reads the AllSides and AFP/Xinhua articles of ``../shared/data/news`` except every document of the annotation
rounds' split files (``--exclude``, by default every ``data/annotations/news-*/split.tsv``; and any article
whose title or opening is one of theirs), lemmatises them with the spaCy model's tagger and lemmatizer only
(cached in ``--lemmas``, one "id<TAB>lemmas" line per article; the exclusion applies to the cache too), counts
co-occurrences of the ``--vocab`` most frequent lemmas in a window of ``--window`` (weighted 1/distance),
takes positive PMI with context-distribution smoothing (0.75), reduces it by randomized truncated SVD to
``--dim`` columns (U * sqrt(S), rows L2-normalised) and clusters the rows with k-means. Writes
src/newsledger/stages/events/models/wordvecs.npz (words, float16 vectors, cluster ids, meta).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from common import PACKAGE, ROOT
from newsledger.evaluate.rounds import read_split

OUT = PACKAGE / "stages" / "events" / "models" / "wordvecs.npz"
ROUNDS = sorted((ROOT / "data" / "annotations").glob("news-*/split.tsv"))  # every round, wherever this runs from
FILES = {"allsides": ("data/news/allsides-articles.jsonl", "ID", "title"),
         "wire": ("data/news/te3_silver_afp_xin.jsonl", "docid", None)}
OPENING = 200  # characters of an article's text that identify a copy of an excluded one


def articles(shared: Path, excluded: set[str]) -> Iterator[tuple[str, str]]:
    """Id and text of the unlabeled articles (no excluded id, no copy of an excluded article's title or opening)."""
    records = []
    for prefix, (rel, key, title) in FILES.items():
        with (shared / rel).open(encoding="utf-8") as fh:
            records += [(f"{prefix}:{rec[key]}", rec, title) for rec in map(json.loads, fh)]
    marks = set()
    for doc_id, rec, title in records:
        if doc_id in excluded:
            marks.add(" ".join(rec["text"][:OPENING].split()))
            if title and rec.get(title):
                marks.add(rec[title].strip())
    kept = 0
    for doc_id, rec, title in records:
        opening = " ".join(rec["text"][:OPENING].split())
        if doc_id in excluded or opening in marks or (title and (rec.get(title) or "").strip() in marks):
            continue
        kept += 1
        yield doc_id, rec["text"]
    print(f"{kept} articles kept of {len(records)}", flush=True)


def lemmatise(texts: Iterator[tuple[str, str]], path: Path) -> None:
    """One line per article: its id, a tab, its lower-cased lemmas of words (letters or hyphens), space-separated."""
    from newsledger.runtime.model import load_model

    nlp = load_model()
    start = time.process_time()
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]), \
            path.open("w", encoding="utf-8") as out:
        for n, (doc, doc_id) in enumerate(nlp.pipe(((text, doc_id) for doc_id, text in texts), batch_size=64, as_tuples=True)):
            words = [t.lemma_.lower() for t in doc if t.is_alpha or ("-" in t.text and any(c.isalpha() for c in t.text))]
            out.write(doc_id + "\t" + " ".join(w for w in words if " " not in w) + "\n")
            if n % 1000 == 0:
                print(f"  {n} articles, {time.process_time() - start:.0f} s CPU", flush=True)


def cooccurrences(lines: list[list[str]], vocab: dict[str, int], window: int) -> object:
    """The symmetric co-occurrence matrix of the vocabulary (scipy CSR), each pair weighted 1/distance."""
    from scipy import sparse

    size = len(vocab)
    total = sparse.csr_matrix((size, size), dtype=np.float64)
    chunk_rows: list[np.ndarray] = []
    chunk_cols: list[np.ndarray] = []
    chunk_vals: list[np.ndarray] = []

    def flush() -> None:
        nonlocal total
        if chunk_rows:
            r, c, w = np.concatenate(chunk_rows), np.concatenate(chunk_cols), np.concatenate(chunk_vals)
            total = total + sparse.coo_matrix((w, (r, c)), shape=(size, size)).tocsr()
            chunk_rows.clear(), chunk_cols.clear(), chunk_vals.clear()

    for k, words in enumerate(lines):
        ids = np.array([vocab[w] for w in words if w in vocab], dtype=np.int32)
        for d in range(1, window + 1):
            if len(ids) <= d:
                break
            a, b = ids[:-d], ids[d:]
            chunk_rows += [a, b]
            chunk_cols += [b, a]
            chunk_vals += [np.full(len(a), 1.0 / d)] * 2
        if k % 500 == 499:
            flush()
    flush()
    return total


def ppmi(counts: object, smoothing: float = 0.75) -> object:
    """Positive PMI of a co-occurrence matrix, the context distribution raised to ``smoothing``."""
    from scipy import sparse

    m = sparse.csr_matrix(counts)
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** smoothing
    total, col_total = row.sum(), col.sum()  # p(w, c) = count / total; p(c) smoothed
    coo = m.tocoo()
    pmi = np.log(coo.data / total) - np.log(row[coo.row] / total) - np.log(col[coo.col] / col_total)
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--exclude", type=Path, nargs="*", default=list(ROUNDS), help="split files whose documents are left out")
    ap.add_argument("--lemmas", type=Path, default=Path("/tmp/wordvecs-lemmas.txt"), help="lemma cache (built when missing)")
    ap.add_argument("--vocab", type=int, default=30000)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--clusters", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not args.exclude:
        ap.error("no split file to exclude: the round documents would be read")
    excluded = {row.id for path in args.exclude for row in read_split(path)}
    print(f"{len(excluded)} round documents excluded", flush=True)
    if not args.lemmas.exists():
        lemmatise(articles(args.shared, excluded), args.lemmas)
    kept = {doc_id for doc_id, _ in articles(args.shared, excluded)}  # a cache built before a new round: left out
    rows = (line.split("\t", 1) for line in args.lemmas.read_text(encoding="utf-8").splitlines())
    lines = [text.split() for doc_id, text in rows if doc_id in kept]
    freq = Counter(w for words in lines for w in words)
    words = [w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[: args.vocab]]
    vocab = {w: i for i, w in enumerate(words)}
    print(f"{len(lines)} articles, {sum(freq.values())} lemmas, vocabulary {len(words)} (min count {freq[words[-1]]})", flush=True)
    matrix = ppmi(cooccurrences(lines, vocab, args.window))
    print(f"PPMI: {matrix.nnz} non-zero cells", flush=True)  # type: ignore[attr-defined]
    from sklearn.cluster import KMeans
    from sklearn.utils.extmath import randomized_svd

    u, s, _ = randomized_svd(matrix, args.dim, n_iter=5, random_state=args.seed)
    vecs = u * np.sqrt(s)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    clusters = KMeans(args.clusters, n_init=1, random_state=args.seed).fit_predict(vecs)
    meta = {"sources": list(FILES), "articles": len(lines), "excluded": sorted(str(p) for p in args.exclude),
            "vocab": len(words), "window": args.window, "dim": args.dim, "clusters": args.clusters, "seed": args.seed,
            "method": "PPMI (1/distance weights, context smoothing 0.75), randomized SVD U*sqrt(S), L2, k-means"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=np.array(words, dtype=str), vectors=vecs.astype(np.float16),
                        clusters=clusters.astype(np.int16), meta=np.array(json.dumps(meta)))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    for probe in ("attack", "criticize", "demand", "meet", "sanction", "arrest", "aid", "protest"):
        if probe in vocab:
            sims = vecs @ vecs[vocab[probe]]
            print(probe, "->", ", ".join(words[j] for j in np.argsort(-sims)[1:9]))


if __name__ == "__main__":
    main()
