"""Bounded decompression: caps on size and ratio, truncation reported, a gzip bomb read in little memory."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest import read_paths
from newsledger.ingest.limits import GzipStream, Truncated
from tests.hostile_inputs import gzip_bomb, truncated_warc

SRC = str(Path(__file__).resolve().parents[2] / "src")
ROOT = str(Path(__file__).resolve().parents[2])
GIB = 1024**3


def _read_all(stream: GzipStream, size: int = 1000) -> bytes:
    out = []
    while chunk := stream.read(size):
        out.append(chunk)
    return b"".join(out)


@pytest.mark.parametrize("members", [1, 3])
def test_inflates_single_and_multi_member_files(members: int) -> None:
    parts = [f"record {i}\n".encode() * 500 for i in range(members)]
    raw = b"".join(gzip.compress(p) for p in parts) + b"\0" * 16  # some writers pad with zeros
    assert _read_all(GzipStream(io.BytesIO(raw), "x.gz")) == b"".join(parts)


@pytest.mark.parametrize("cut", [5, 40, 400])
def test_a_cut_is_raised_after_the_data_before_it(cut: int) -> None:
    whole = gzip.compress(b"a" * 100) + gzip.compress(os.urandom(4000))  # the cut falls in the second member
    stream = GzipStream(io.BytesIO(whole[:-cut]), "cut.gz")
    got = b""
    with pytest.raises(Truncated, match="cut short"):
        while chunk := stream.read(64):
            got += chunk
    assert got.startswith(b"a" * 100)


def test_ratio_cap_stops_a_bomb_early() -> None:
    raw = zlib.compress(b"\0" * (64 << 20), 9)  # zlib header, like gzip for the inflater
    stream = GzipStream(io.BytesIO(raw), "bomb.gz")
    with pytest.raises(InputError, match="decompression bomb"):
        _read_all(stream, 1 << 16)
    assert stream.compressed_offset <= len(raw)


def test_size_cap() -> None:
    raw = gzip.compress(os.urandom(200_000))  # incompressible: the ratio cap never fires
    with pytest.raises(InputError, match="inflates beyond 100,000 bytes"):
        _read_all(GzipStream(io.BytesIO(raw), "big.gz", max_bytes=100_000))


def test_truncated_warc_names_file_and_byte(tmp_path: Path) -> None:
    path = truncated_warc(tmp_path / "cut.warc.gz", pages=3, cut=25)
    items = list(read_paths([path]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if not isinstance(i, Document)]
    assert len(docs) == 2 and len(errors) == 1
    assert errors[0].source == str(path) and f"byte {path.stat().st_size:,}" in errors[0].message


@pytest.mark.slow
def test_gzip_bomb_stays_under_1_gib(tmp_path: Path) -> None:
    """A 300 KB gzip of 300 MB of zeros, read by the reader in a child process whose peak RSS is checked."""
    bomb = gzip_bomb(tmp_path / "bomb.warc.gz", prefix=b"WARC/1.0\r\nWARC-Type: response\r\n")
    assert bomb.stat().st_size < 400_000
    # the child's own peak: VmHWM belongs to its address space (new at exec), while Linux keeps ru_maxrss across exec,
    # so a large forking pytest process would count (ru_maxrss only where /proc is missing)
    code = ("import json, resource, sys\nfrom pathlib import Path\nfrom newsledger.ingest import read_paths\n"
            "items = [(type(i).__name__, getattr(i, 'message', '')) for i in read_paths([sys.argv[1]])]\n"
            "status = Path('/proc/self/status')\n"
            "hwm = [int(x.split()[1]) for x in status.read_text().splitlines() if x.startswith('VmHWM:')] if status.exists() else []\n"
            "rss = (hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024\n"
            "print(json.dumps({'items': items, 'rss': rss}))")
    out = subprocess.run([sys.executable, "-c", code, str(bomb)], env={**os.environ, "PYTHONPATH": f"{SRC}:{ROOT}"},
                         capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(out.stdout.splitlines()[-1])
    print(f"gzip bomb: peak RSS {report['rss'] / 2**20:.0f} MiB")  # shown with pytest -s (docs/safety.md)
    assert report["rss"] < GIB
    assert [kind for kind, _ in report["items"]] == ["ReadFailure"] and "decompression bomb" in report["items"][0][1]
