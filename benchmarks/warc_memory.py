"""Peak memory of streaming a large generated WARC through the WARC reader (not part of the test suite).

Usage: PYTHONPATH=src python benchmarks/warc_memory.py --size-mb 1024 --pages 1000 [--gzip] [--keep DIR]
Writes a WARC of about --size-mb MB (article pages interleaved with large binary responses and a few
oversized HTML records), then reads it in a child process and reports documents, seconds and peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One binary filler record of this size keeps generation fast while reaching the target size.
FILLER_BYTES = 4 * 1024 * 1024
# A few HTML records above the reader's cap (20 MB) must be skipped without being held in memory.
OVERSIZE_RECORDS = 3
OVERSIZE_BYTES = 24 * 1024 * 1024

PARAGRAPH = ("The harbour authority said on {day} that container traffic through berth {n} rose for the "
             "{k}th month in a row, while dredging of the outer channel continued under the new permit.")


def page(n: int) -> bytes:
    paras = "".join(f"<p>{PARAGRAPH.format(day='Tuesday', n=n, k=k)}</p>" for k in range(4, 40))
    return (f"<html><head><title>Harbour report {n}</title><meta property='og:site_name' content='Bench Courier'>"
            f"<meta property='article:published_time' content='2024-05-14'></head><body><nav>Home News</nav>"
            f"<article><h1>Harbour report {n}</h1>{paras}</article><footer>Contact</footer></body></html>").encode()


def write_warc(path: Path, size_mb: int, pages: int, gz: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    target = size_mb * 1024 * 1024
    filler = os.urandom(FILLER_BYTES)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def rec(url: str, body: bytes, ctype: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

        for k in range(OVERSIZE_RECORDS):
            rec(f"https://bench.example/huge/{k}", b"<html><body>" + b"<p>x</p>" * (OVERSIZE_BYTES // 8) + b"</body></html>", "text/html")
        n = 0
        while fh.tell() < target:
            for _ in range(max(1, pages // max(1, target // FILLER_BYTES))):
                if n < pages:
                    rec(f"https://bench.example/2024/05/14/report-{n}", page(n), "text/html; charset=utf-8")
                    n += 1
            rec(f"https://bench.example/img/{fh.tell()}.jpg", filler, "image/jpeg")
        while n < pages:
            rec(f"https://bench.example/2024/05/14/report-{n}", page(n), "text/html; charset=utf-8")
            n += 1
    return path.stat().st_size


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from newsledger.document import Document
from newsledger.ingest import read_paths
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import trafilatura, warcio  # noqa: F401  (count library import in the baseline)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
docs = fails = 0
for item in read_paths([Path(sys.argv[1])]):
    if isinstance(item, Document):
        docs += 1
    else:
        fails += 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"documents": docs, "failures": fails, "seconds": round(time.perf_counter() - t, 1),
                  "baseline_rss_mb": round(base / 1024, 1), "peak_rss_mb": round(peak / 1024, 1)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the WARC in")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="warcbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("bench.warc.gz" if args.gzip else "bench.warc")
    t = time.perf_counter()
    size = write_warc(path, args.size_mb, args.pages, args.gzip)
    written = time.perf_counter() - t
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result.update({"warc_bytes": size, "warc_mb": round(size / 1024 / 1024, 1), "write_seconds": round(written, 1)})
    print(json.dumps(result))
    if args.keep is None:
        path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
