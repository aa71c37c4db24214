"""Fuzz the readers and analyze() with N seeded random inputs (not part of the test suite).

Usage: PYTHONPATH=src python benchmarks/fuzz_inputs.py --n 10000 --seed 23 [--model blank:en]

Each input is one of: a .txt file (UTF-8, UTF-16 or broken bytes, with or without a date header), JSONL or
JSON records with hostile field values (objects, numbers, NaN, lone surrogates, extreme dates), CSV/TSV
with stray quotes, an HTML page, an RSS feed (fetching off), a WARC or WARC.gz (sometimes cut short), random
bytes under a random suffix, or a direct analyze() call. Every file goes through ``read_paths``, every
document through the full pipeline. Reported: inputs, documents, read failures, analysis failures, stage
errors, uncaught exceptions (must be 0), offset violations (must be 0), spans the offset safety net had to
repair (a stage bug made visible), seconds.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from newsledger.document import Analysis, Document
from newsledger.errors import InputError, StageFailure
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest.netguard import set_policy
from newsledger.offsets import violations
from newsledger.pipeline import Failure, Pipeline

SENTENCES = ("The harbour board of Port Elm said on Tuesday that the ferry would resume service next week .",
             '" We will not accept this , " Mayor Dana Whitfield told reporters in Brackley on March 3, 2026 .',
             "Police arrested two men after protesters blocked the bridge ; the ministry denied the claims last year .")
WORDS = [w for sentence in SENTENCES for w in sentence.split(" ")]
ODD = ["\ud83d", "\udc00", "\x00", "\x1b[31m", "\x07", "\u202e", "\ufeff", "\r", "\t", "\n\n", '"', "'", ",", "<script>",
       "&amp;", "9999-12-31", "0001-01-01", "2024-02-30", "NaN", "∞", "🌊", "ß", "İ", "\u0301", "x" * 300]
DATES = ["2024-05-14", "0001-01-01", "9999-12-31", "2024-02-30", "0000-00-00", "Tue, 14 May 2024 09:00:00 GMT",
         "2024-05-14T09:00:00Z", "yesterday", "", "20240514", "99999-01-01"]


def rand_text(rng: random.Random, n: int = 40) -> str:
    out = []
    for _ in range(rng.randint(1, n)):
        r = rng.random()
        out.append(rng.choice(WORDS) if r < 0.75 else rng.choice(ODD) if r < 0.9 else
                   "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 6))))
    return " ".join(out)


def rand_value(rng: random.Random, depth: int = 0) -> object:
    r = rng.random()
    if depth < 2 and r < 0.15:
        return [rand_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 2 and r < 0.3:
        return {rng.choice(["id", "name", "x", rand_text(rng, 2)]): rand_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return rng.choice([None, True, rng.randint(-2**70, 2**70), rng.random() * 1e6, float("nan"), float("inf"),
                       rand_text(rng, 8), rng.choice(DATES)])


def rand_record(rng: random.Random) -> dict[str, object]:
    rec: dict[str, object] = {"text": rand_text(rng) if rng.random() < 0.85 else rand_value(rng)}
    for key in ("id", "title", "outlet", "source", "url", "published", "publishedAt", "date", "meta"):
        if rng.random() < 0.5:
            rec[key] = rng.choice(DATES) if key in ("published", "date") and rng.random() < 0.7 else rand_value(rng)
    return rec


def _warc(rng: random.Random, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for k in range(rng.randint(1, 3)):
        body = f"<html><head><title>{rand_text(rng, 5)}</title></head><body><p>{rand_text(rng)}</p></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", rng.choice(["text/html", "image/png"]))], protocol="HTTP/1.1")
        payload = io.BytesIO(body.encode("utf-8", "replace"))
        writer.write_record(writer.create_warc_record(f"https://fuzz.example/{k}", "response", payload=payload, http_headers=headers))
    data = buf.getvalue()
    return data[: rng.randint(0, len(data))] if rng.random() < 0.3 else data


def rand_file(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["txt", "jsonl", "json", "csv", "tsv", "html", "rss", "warc", "warc.gz", "bytes"])
    if kind == "txt":
        text = (f"date {rng.choice(DATES)}\n" if rng.random() < 0.4 else "") + rand_text(rng)
        return ".txt", text.encode(rng.choice(["utf-8", "utf-16", "utf-32"]), "surrogatepass") if rng.random() < 0.9 else \
            text.encode("latin-1", "replace")
    if kind in ("jsonl", "json"):
        recs = [rand_record(rng) for _ in range(rng.randint(1, 4))]
        body = "\n".join(json.dumps(r) for r in recs) if kind == "jsonl" else json.dumps(recs if len(recs) > 1 else recs[0])
        data = body.encode("utf-8")
        if rng.random() < 0.2:
            data = data[: rng.randint(0, len(data))]
        return f".{kind}", data
    if kind in ("csv", "tsv"):
        sep = "," if kind == "csv" else "\t"
        rows = [sep.join(["id", "text", "title", "published"])] + [
            sep.join(rng.choice(['"', "", rand_text(rng, 3)]) + rand_text(rng, 10) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 4))]
        return f".{kind}", "\n".join(rows).encode("utf-8", "surrogatepass")
    if kind == "html":
        page = (f"<html><head><title>{rand_text(rng, 6)}</title><meta property='article:published_time' "
                f"content='{rng.choice(DATES)}'></head><body><article>"
                + "".join(f"<p>{rand_text(rng)}</p>" for _ in range(rng.randint(0, 5))) + "</article></body></html>")
        return ".html", page.encode("utf-8", "surrogatepass")[: rng.randint(0, 4000)]
    if kind == "rss":
        items = "".join(f"<item><title>{rand_text(rng, 5)}</title><link>http://127.0.0.1/{k}</link><description>{rand_text(rng)}"
                        f"</description><pubDate>{rng.choice(DATES)}</pubDate></item>" for k in range(rng.randint(0, 3)))
        return ".rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode(
            "utf-8", "surrogatepass")
    if kind.startswith("warc"):
        return f".{kind}", _warc(rng, kind.endswith("gz"))
    return rng.choice([".txt", ".jsonl", ".csv", ".xml", ".warc.gz", ".html"]), rng.randbytes(rng.randint(0, 800))


class _Repairs(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "set to their slice" in record.getMessage():
            self.count += int(record.args[1]) if isinstance(record.args, tuple) else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--model", default=None, help="spaCy model (default: the full model); blank:en for readers only")
    args = ap.parse_args()
    set_policy(fetch=False)  # never touch the network
    logging.getLogger("newsledger").setLevel(logging.CRITICAL)  # stage tracebacks are counted, not printed
    repairs = _Repairs()
    offsets_log = logging.getLogger("newsledger.offsets")
    offsets_log.setLevel(logging.INFO)
    offsets_log.propagate = False
    offsets_log.addHandler(repairs)
    from newsledger.runtime.model import load_model

    pipeline = Pipeline(nlp=load_model(args.model)) if args.model else Pipeline()
    rng = random.Random(args.seed)
    stats = dict.fromkeys(["inputs", "documents", "read_failures", "analysis_failures", "stage_errors", "uncaught",
                           "offset_violations"], 0)
    examples: list[str] = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.n):
            stats["inputs"] += 1
            try:
                if rng.random() < 0.1:
                    import newsledger

                    try:
                        results: list[Analysis | Failure] = [newsledger.analyze(
                            rand_text(rng), published=rng.choice(DATES + [None]), title=rand_value(rng),  # type: ignore[arg-type]
                            outlet=rand_value(rng))]  # type: ignore[arg-type]
                    except (InputError, StageFailure):
                        stats["read_failures"] += 1
                        continue
                else:
                    suffix, data = rand_file(rng)
                    path = Path(tmp) / f"in{i}{suffix}"
                    path.write_bytes(data)
                    docs = []
                    for item in read_paths([path]):
                        if isinstance(item, ReadFailure):
                            stats["read_failures"] += 1
                        else:
                            docs.append(item)
                    path.unlink()
                    results = list(pipeline.analyze_many(docs))
                for r in results:
                    if isinstance(r, Failure):
                        stats["analysis_failures"] += 1
                        continue
                    stats["documents"] += 1
                    stats["stage_errors"] += len(r.errors)
                    bad = violations(r)
                    stats["offset_violations"] += len(bad)
                    json.dumps(r.to_dict(), allow_nan=False).encode("utf-8")
                    assert isinstance(r.document, Document)
            except Exception:  # noqa: BLE001 - what this benchmark counts
                stats["uncaught"] += 1
                if len(examples) < 5:
                    examples.append(traceback.format_exc(limit=6))
            if (i + 1) % 1000 == 0:
                print(f"{i + 1} inputs, {time.perf_counter() - t0:.0f} s: {stats}", file=sys.stderr, flush=True)
    report = {**stats, "repaired_spans": repairs.count, "seconds": round(time.perf_counter() - t0, 1), "seed": args.seed,
              "model": args.model or "default", "uncaught_examples": examples}
    print(json.dumps(report, indent=2, ensure_ascii=True))


if __name__ == "__main__":
    main()
