"""Distributed runs on Dask: one task per input shard, one Parquet partition per shard, one model per worker."""

from __future__ import annotations

import glob
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from newsledger.distributed.batch import PipelineSpec, worker_pipeline
from newsledger.distributed.lifeline import tie_to_parent
from newsledger.distributed.partitions import PARTITION_SUFFIX, ingest_partitions, iter_partition_rows
from newsledger.distributed.split import is_piece, iter_piece, split_shards
from newsledger.document import Analysis, Document
from newsledger.errors import InputError
from newsledger.ingest import ReadFailure, read_paths
from newsledger.pipeline import Failure

if TYPE_CHECKING:
    import pyarrow as pa

# Columns of a partition: one row per input document; ``record`` is the contract JSON (newsledger/1).
COLUMNS = ("id", "content_hash", "source", "status", "published", "outlet", "title", "url", "words",
           "n_entities", "n_timexes", "n_quotes", "n_events", "n_framing", "record", "error")
# Pieces a run aims at (large JSONL files are split): a few per local worker so a slow piece does not leave the
# others idle; on a remote cluster, whose size the client does not know in advance, a fixed number.
TASKS_PER_WORKER = 3
REMOTE_TASKS = 16
# Documents per nlp.pipe call inside a shard task (same default as the local runner).
SHARD_BATCH = 32


def _schema() -> pa.Schema:
    import pyarrow as pa

    ints = {"words", "n_entities", "n_timexes", "n_quotes", "n_events", "n_framing"}
    return pa.schema([(c, pa.int64() if c in ints else pa.string()) for c in COLUMNS])


def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def expand_shards(paths: Iterable[str]) -> list[str]:
    """Input shards: files, directories (recursive), globs, or fsspec URLs (s3://, gs://, http://, ...)."""
    from newsledger.ingest.dispatch import _walk, reader_for

    out: list[str] = []
    for raw in paths:
        if _is_url(raw):
            import fsspec

            fs, _, found = fsspec.get_fs_token_paths(raw)
            protocol = fs.protocol[0] if isinstance(fs.protocol, tuple) else fs.protocol
            out.extend(sorted(f if "://" in f else f"{protocol}://{f}" for f in found))
            continue
        raw = raw.removeprefix("file://")
        matches = sorted(glob.glob(raw)) if glob.has_magic(raw) else [raw]
        if not matches:
            raise InputError(raw, "no input matches this pattern")
        for m in matches:
            p = Path(m)
            if not p.exists():
                raise InputError(m, "no such file or directory")
            out.extend(str(f) for f in _walk(p) if reader_for(f) is not None)
    return out


def partition_name(shard: str) -> str:
    """The partition file of a shard: its stem plus a hash of its full path (stable across runs)."""
    digest = hashlib.sha1(shard.encode("utf-8")).hexdigest()[:10]
    stem = PurePosixPath(shard.split("://", 1)[-1]).name.split(".")[0] or "shard"
    return f"part-{stem}-{digest}{PARTITION_SUFFIX}"


def _read_shard(shard: str) -> Iterator[Document | ReadFailure]:
    if is_piece(shard):
        yield from iter_piece(shard)
        return
    if not _is_url(shard):
        yield from read_paths([shard])
        return
    import fsspec

    suffix = "".join(PurePosixPath(shard.split("://", 1)[1]).suffixes)
    with tempfile.TemporaryDirectory(prefix="newsledger-shard-") as tmp:
        local = Path(tmp) / f"shard{suffix}"
        with fsspec.open(shard, "rb") as src, local.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        for item in read_paths([local]):
            if isinstance(item, Document):
                item.meta["source"] = str(item.meta.get("source", "")).replace(str(local), shard)
            yield item


def _row(result: Analysis | Failure | ReadFailure) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    if isinstance(result, Analysis):
        d = result.document
        row.update(id=d.id, content_hash=d.content_hash, source=str(d.meta.get("source", d.id)), status="ok",
                   published=d.published.isoformat() if d.published else None, outlet=d.outlet, title=d.title,
                   url=d.url, words=len(d.text.split()), n_entities=len(result.entities),
                   n_timexes=len(result.timexes), n_quotes=len(result.quotes), n_events=len(result.events),
                   n_framing=len(result.framing), record=result.to_json(),
                   error="; ".join(f"{e.stage}: {e.message}" for e in result.errors) or None)
    else:
        row.update(source=result.source, status="failed", error=result.message)
    return row


@dataclass
class ShardSummary:
    """What one shard task did."""

    shard: str
    partition: str
    analysed: int
    failed: int
    skipped: bool = False


def analyze_shard(shard: str, out_dir: str, spec: PipelineSpec, network: tuple[bool, bool] | None = None) -> ShardSummary:
    """Analyse one shard into one Parquet partition (written to a temporary name, then renamed).

    ``network`` is the client's (fetch, allow_private) policy (ingest/netguard.py), applied in the worker."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsledger.ingest.netguard import set_policy

    if network is not None:
        set_policy(*network)

    pipeline = worker_pipeline(spec)
    rows: list[dict[str, Any]] = []
    docs: list[Document] = []
    for item in _read_shard(shard):
        if isinstance(item, ReadFailure):
            rows.append(_row(item))
        else:
            docs.append(item)
    rows.extend(_row(r) for r in pipeline.analyze_many(docs, batch_size=SHARD_BATCH))
    table = pa.Table.from_pylist(rows, schema=_schema())
    fs, root = fsspec.core.url_to_fs(out_dir)
    fs.makedirs(root, exist_ok=True)
    final = f"{root.rstrip('/')}/{partition_name(shard)}"
    tmp = f"{final}.tmp-{os.getpid()}"
    with fs.open(tmp, "wb") as fh:
        pq.write_table(table, fh)
    fs.mv(tmp, final)
    ok = sum(1 for r in rows if r["status"] == "ok")
    return ShardSummary(shard, final, ok, len(rows) - ok)


@dataclass
class RunSummary:
    """Totals of a distributed run."""

    shards: int
    skipped: int
    analysed: int
    failed: int


class ModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """Dask worker plugin: loads the pipeline once when a worker starts (tasks then reuse it)."""

    name = "newsledger-model"

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec

    def setup(self, worker: Any) -> None:
        tie_to_parent()  # the worker process goes when its nanny (or the client of a local cluster) goes
        worker_pipeline(self.spec)


def run_on_dask(paths: Iterable[str], out_dir: str, address: str = "local", spec: PipelineSpec | None = None,
                n_workers: int = 2, resume: bool = False, progress: bool = False,
                network: tuple[bool, bool] | None = None) -> RunSummary:
    """Analyse every shard on a Dask cluster, writing one partition per shard into ``out_dir``.

    With ``resume``, shards whose partition already exists are skipped (partitions appear atomically).
    """
    import fsspec
    from distributed import Client, LocalCluster, as_completed

    spec = spec or PipelineSpec()
    # one large JSONL file becomes several pieces, so that every worker has work (docs/scale.md)
    shards = split_shards(expand_shards(paths), TASKS_PER_WORKER * n_workers if address == "local" else REMOTE_TASKS)
    fs, root = fsspec.core.url_to_fs(out_dir)
    todo = [s for s in shards if not (resume and fs.exists(f"{root.rstrip('/')}/{partition_name(s)}"))]
    summary = RunSummary(len(shards), len(shards) - len(todo), 0, 0)
    if not todo:
        return summary
    cluster = (
        LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
        if address == "local" else None
    )
    try:
        with Client(cluster if cluster is not None else address) as client:
            client.register_plugin(ModelPlugin(spec))
            futures = client.map(analyze_shard, todo, out_dir=out_dir, spec=spec, network=network, pure=False)
            with _shard_progress(progress, len(todo)) as advance:
                for future in as_completed(futures):
                    done: ShardSummary = future.result()
                    summary.analysed += done.analysed
                    summary.failed += done.failed
                    advance()
    finally:
        if cluster is not None:
            cluster.close()
    return summary


@contextmanager
def _shard_progress(show: bool, total: int) -> Iterator[Callable[[], None]]:
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("shards"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("shards", total=total)
        yield lambda: bar.advance(task)


__all__ = ["PARTITION_SUFFIX", "expand_shards", "ingest_partitions", "iter_partition_rows", "partition_name", "run_on_dask"]
