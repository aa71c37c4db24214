"""Parquet partitions of a distributed run: read them back and load them into the ledger (needs only pyarrow)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, analysis_from_dict
from newsledger.errors import NewsledgerError

PARTITION_SUFFIX = ".parquet"


def iter_partition_rows(paths: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Rows of every partition under the given files or folders (local paths or fsspec URLs), in name order.

    Raises NewsledgerError (one line) for a path that does not exist, holds no partition, or is not a
    Parquet partition of ``analyze --dask``."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    for raw in paths:
        fs, root = fsspec.core.url_to_fs(raw)
        if not fs.exists(root):
            raise NewsledgerError(f"{raw}: no such file or directory")
        files = [root] if fs.isfile(root) else sorted(f for f in fs.find(root) if f.endswith(PARTITION_SUFFIX))
        if not files:
            raise NewsledgerError(f"{raw}: no {PARTITION_SUFFIX} partitions in this folder; write them with"
                                  " `newsledger analyze ... --dask local -o FOLDER`")
        for f in files:
            try:
                with fs.open(f, "rb") as fh:
                    table = pq.read_table(fh)
            except (pa.ArrowException, OSError) as exc:
                reason = (str(exc).splitlines() or [type(exc).__name__])[0].split(". ")[0][:160]
                raise NewsledgerError(f"{f}: not a Parquet partition of `newsledger analyze --dask` ({reason})") from None
            missing = sorted({"status", "record", "source", "error"} - set(table.column_names))
            if missing:
                raise NewsledgerError(f"{f}: a Parquet file, but not a newsledger partition (no column {', '.join(missing)})")
            yield from table.to_pylist()


def ingest_partitions(paths: Iterable[str], db: str | Path, batch: int = 256) -> tuple[int, int]:
    """Load partitions into the ledger (idempotent: a document replaces its earlier records)."""
    from newsledger.ledger import Ledger

    stored = failed = 0
    pending: list[Analysis] = []
    with Ledger(db) as ledger:
        for row in iter_partition_rows(paths):
            if row["status"] != "ok":
                ledger.record_failure(row["source"] or "?", row["error"] or "failed")
                failed += 1
                continue
            pending.append(analysis_from_dict(json.loads(row["record"])))
            if len(pending) >= batch:
                ledger.store_many(pending)
                stored += len(pending)
                pending.clear()
        if pending:
            ledger.store_many(pending)
            stored += len(pending)
    return stored, failed
