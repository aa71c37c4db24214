"""``newsledger serve`` (REST API + web UI) and ``newsledger link`` (cross-document layer)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsledger.cli.ledger import DbOption, existing_ledger
from newsledger.ledger import Ledger
from newsledger.render import escape
from newsledger.sanitize import dumps
from newsledger.web.cache import DEFAULT_CACHE_MB
from newsledger.web.security import QUERY_TIMEOUT_MS

# Loopback only unless the user asks otherwise: the UI shows whole articles.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
# Most worker processes `serve` starts by default (one per core up to this many; each keeps its own caches).
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Server worker processes when --workers is not given: one per core, at most MAX_DEFAULT_WORKERS."""
    import os

    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def link_ledger(db: Path, ids: Path | None = None, geocode: bool = False) -> str:
    """Bring canonical entities and event clusters up to date (incremental); returns a one-line summary."""
    from newsledger.ledger.canonical import Canonicalizer, load_mapping
    from newsledger.ledger.cluster import update
    from newsledger.ledger.geo_backfill import regeocode

    with Ledger(db) as ledger:
        placed = regeocode(ledger.conn) if geocode else 0
        stats = update(ledger.conn)
        merged = 0
        if ids is not None:
            with ledger.conn:
                merged = Canonicalizer(ledger.conn).apply_mapping(load_mapping(ids))
        n_ent = ledger.conn.execute("SELECT count(*) FROM canonical_entities").fetchone()[0]
        n_clu = ledger.conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
    return (f"linked {stats.documents} new document(s), {stats.events} event(s); {n_ent} canonical entities,"
            f" {n_clu} clusters" + (f"; {merged} merged by external id" if ids else "")
            + (f"; places of {placed} document(s) geocoded again" if geocode else ""))


def register(app: typer.Typer) -> None:
    """Add the serve and link commands to the app."""

    @app.command("link")
    def link_cmd(
        db: DbOption = None,
        ids: Annotated[Path | None, typer.Option("--ids", help="CSV (name,id) or JSON {name: id} mapping names/aliases to external ids such as Wikidata QIDs.")] = None,
        geocode: Annotated[bool, typer.Option("--geocode", help="Geocode the places of every stored document again first (ledgers made before the geo stage).")] = False,
    ) -> None:
        """Link entities and cluster events across documents (incremental).

        Only documents not linked yet (or whose text changed) are processed.

        Example: newsledger link --db newsledger.sqlite --ids wikidata.csv
        """
        Console().print(link_ledger(existing_ledger(db), ids, geocode))

    @app.command("serve")
    def serve_cmd(
        db: DbOption = None,
        host: Annotated[str, typer.Option(help="Interface to listen on (default: loopback only).")] = DEFAULT_HOST,
        port: Annotated[int, typer.Option(help="TCP port.")] = DEFAULT_PORT,
        allow_writes: Annotated[bool, typer.Option("--allow-writes", help="Enable POST /api/documents (off by default).")] = False,
        no_link: Annotated[bool, typer.Option("--no-link", help="Do not link new documents before serving.")] = False,
        workers: Annotated[int | None, typer.Option(min=1, help="Server worker processes (default: one per core, at most 4; 1 serves from this process).")] = None,
        allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help="Another Host name to answer to (repeatable; '*' for any, e.g. behind a proxy that checks it). Localhost names and --host are always allowed.")] = None,
        query_timeout_ms: Annotated[int, typer.Option("--query-timeout-ms", min=100, help="Stop one request's database work after this many milliseconds (503).")] = QUERY_TIMEOUT_MS,
        cache_mb: Annotated[int, typer.Option("--cache-mb", min=0, help="Answer repeated GET requests from a cache of this many MB, emptied whenever the ledger changes (0: off).")] = DEFAULT_CACHE_MB,
        costly_lane: Annotated[bool, typer.Option("--costly-lane/--no-costly-lane", help="Run searches with many words in a separate lower-priority process, one at a time, so that they never slow the other requests.")] = True,
    ) -> None:
        """Serve the web UI and the REST API (docs at /docs) over a ledger.

        Example: newsledger serve --db newsledger.sqlite   # then open http://127.0.0.1:8765/
        """
        import uvicorn

        path = existing_ledger(db)
        console = Console(stderr=True)
        hosts = list(allowed_host or [])
        if not no_link:
            console.print(link_ledger(path))
        if host not in ("127.0.0.1", "localhost", "::1"):
            console.print(f"[yellow]warning:[/yellow] listening on {escape(host)}: the ledger is visible to other machines;"
                          " it answers only to the Host names localhost, 127.0.0.1, ::1, --host and --allowed-host")
        workers = workers or default_workers()
        console.print(f"serving {escape(path)} on http://{host}:{port}/ ({'read-write' if allow_writes else 'read-only'},"
                      f" {workers} worker{'s' if workers > 1 else ''})")
        if workers > 1:
            import os

            os.environ["NEWSLEDGER_SERVE_DB"] = str(path)
            os.environ["NEWSLEDGER_SERVE_WRITES"] = "1" if allow_writes else ""
            os.environ["NEWSLEDGER_SERVE_HOSTS"] = ",".join(hosts)
            os.environ["NEWSLEDGER_SERVE_BIND"] = host
            os.environ["NEWSLEDGER_SERVE_TIMEOUT_MS"] = str(query_timeout_ms)
            os.environ["NEWSLEDGER_SERVE_CACHE_MB"] = str(cache_mb)
            os.environ["NEWSLEDGER_SERVE_LANE"] = "1" if costly_lane else "0"
            uvicorn.run("newsledger.web.app:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning")
        else:
            from newsledger.web.app import create_app, warm

            app = create_app(path, allow_writes, hosts, host, query_timeout_ms, cache_mb, costly_lane)
            warm(app)
            if app.state.lane is not None:
                app.state.lane.start()  # ready before the first costly search (a spawned process takes a second or two)
            uvicorn.run(app, host=host, port=port, log_level="warning")


def register_eval(eval_app: typer.Typer) -> None:
    """Add the cross-document scorers to ``newsledger eval``."""

    @eval_app.command("ecb")
    def ecb_cmd(
        directory: Annotated[Path, typer.Argument(help="ECB+/EventStoryLine folder of topic folders with CAT XML files.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
        split: Annotated[str, typer.Option(help="Topics: all, dev (tune on these), heldout (report only) or train (the others: fit on these).")] = "all",
        roles: Annotated[str, typer.Option(help="Roles of the gold mentions: system (the pipeline's event overlapping each) or nearest (the nearest gold name).")] = "system",
        cache: Annotated[Path | None, typer.Option(help="Keep the pipeline's analyses of the texts here (--roles system; default: a temporary folder).")] = None,
    ) -> None:
        """Score cross-document event clustering on ECB+ (B-cubed and pairwise F1; see docs/ledgerweb.md).

        Example: newsledger eval ecb ../shared/data/ecbplus --split dev
        """
        import tempfile

        from rich.table import Table

        from newsledger.evaluate.ecb import evaluate_dir

        with tempfile.TemporaryDirectory() as tmp:
            try:
                report = evaluate_dir(directory, Path(tmp), split, roles=roles, cache=cache)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="--split/--roles") from exc
        if as_json:
            typer.echo(dumps(report, indent=2, ensure_ascii=True))
            return
        console = Console()
        console.print(f"{report['documents']} documents, {report['topics']} topics, {report['climax_mentions']} scored"
                      f" climax mentions among {report['mentions_clustered']} clustered event mentions")
        table = Table(title="ECB+ event clustering (gold: seminal event of each topic)")
        for col in ("system", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "clusters"):
            table.add_column(col)
        for name, r in report.items():
            if isinstance(r, dict):
                b, p = r["bcubed"], r["pairwise"]
                table.add_row(name, *(f"{x:.3f}" for x in (b["precision"], b["recall"], b["f1"], p["precision"], p["recall"], p["f1"])), str(r["clusters"]))
        console.print(table)

    @eval_app.command("stories")
    def stories_cmd(
        jsonl: Annotated[Path, typer.Argument(help="AllSides articles JSONL (../shared/data/news/allsides-articles.jsonl).")],
        months: Annotated[str, typer.Option(help="Comma-separated YYYY-MM months to analyse.")] = "2014-08,2014-09",
        db: Annotated[Path | None, typer.Option("--db", help="Keep the ledger here (default: a temporary file).")] = None,
        stored: Annotated[bool, typer.Option("--stored", help="Score the articles already analysed in --db (links "
                                             "rebuilt in place with the current rules; pass a copy); JSONL unread.")] = False,
    ) -> None:
        """Group real articles into stories and report multi-outlet stories and topic purity.

        Example: newsledger eval stories ../shared/data/news/allsides-articles.jsonl --months 2014-08,2014-09
        """
        import tempfile

        from newsledger.evaluate.stories import evaluate, evaluate_stored

        if stored:
            if db is None:
                raise typer.BadParameter("--stored needs --db LEDGER")
            try:
                report = evaluate_stored(db)
            except FileNotFoundError as exc:
                raise typer.BadParameter(str(exc)) from exc
        else:
            with tempfile.TemporaryDirectory() as tmp:
                report = evaluate(jsonl, {m.strip() for m in months.split(",") if m.strip()}, db or Path(tmp) / "stories.sqlite")
        typer.echo(dumps(report, indent=2, ensure_ascii=False))


def register_eval_more(eval_app: typer.Typer) -> None:
    """Add the MEANTIME cluster scorer and the geocoding scorer to ``newsledger eval``."""

    @eval_app.command("meantime-clusters")
    def meantime_clusters_cmd(
        directory: Annotated[Path, typer.Argument(help="MEANTIME folder of corpus folders with CAT XML files.")],
    ) -> None:
        """Score cross-document event clustering on MEANTIME's instance links (CoNLL F1, pairwise, same-lemma baseline).

        Example: newsledger eval meantime-clusters ../shared/data/meantime
        """
        import json
        import tempfile

        from newsledger.evaluate.meantime_clusters import evaluate_dir

        with tempfile.TemporaryDirectory() as tmp:
            typer.echo(json.dumps(evaluate_dir(directory, Path(tmp)), indent=2))

    @eval_app.command("places")
    def places_cmd(
        gold: Annotated[Path, typer.Argument(help="JSONL of annotated place mentions (doc, start, end, country_iso3, admin1, lat, lon, kind).")],
        shared: Annotated[Path, typer.Option("--shared", help="The shared data folder the document ids point into.")] = Path("../shared"),
    ) -> None:
        """Geocoding accuracy: right country and within 161 km of the gold point (country and admin1 accuracy beside).

        Example: newsledger eval places data/annotations/places-2026-12/places.jsonl --shared ../shared
        """
        import json

        from newsledger.evaluate.places import evaluate_file

        typer.echo(json.dumps(evaluate_file(gold, shared), indent=2, ensure_ascii=False))
