"""API latency on a synthetic ledger: build N documents from records, link them, serve, measure p50/p99.

Usage: PYTHONPATH=src python benchmarks/api_latency.py --docs 10000 --requests 3000 --concurrency 4 [--pathological 1]
Half of the mix are searches with facets (realistic queries: a word in any of its forms, two words, a phrase,
an OR, a name, some with a filter or a later page); the other half every list, detail and search route of the
API and the UI. The report gives p50/p99 over everything and for the searches with facets alone.
The ledger is generated from Analysis records (no spaCy), inserted through the store API (Ledger.store_many):
own template sentences over a pool of actors, places, dates and outlets, so that reports of the same
synthetic event land in different outlets and cluster. The server is `newsledger serve` (uvicorn, with serve's
default number of workers, one per core up to 4, unless --workers is given; the report says how many) on 127.0.0.1; the load is a bounded httpx loop (every request timed on the client).

``--pathological K`` keeps K extra clients sending the costliest search the server accepts (the maximum
number of words, all of them in every document) for the whole measurement; their requests are reported
apart ("pathological"), and the percentiles of the mix are those of the other requests. Each costly search
draws its words afresh (MAX_QUERY_TERMS of the COMMON words, shuffled: every document holds them all, so each
is as costly as any other), so the server's cache of repeated answers never serves one.

``cpu_ms_per_request`` is the CPU used during the measurement (user + system, from /proc) per request of the
mix: the server's process tree (its costly lane and workers included) and this client process (its costly
clients included); on a busy machine it is much steadier than the wall times.

The server answers repeated requests from its cache (`serve --cache-mb`, emptied on every write); the report
counts the hits (``cache_hits``), and ``--cache-mb 0`` measures without the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from proctree import _descendants, _own_cpu_seconds

from newsledger.cli.web import default_workers
from newsledger.document import (
    Analysis,
    Document,
    Entity,
    Event,
    Mention,
    Quote,
    Role,
    Speaker,
    TextSpan,
    Timex,
    When,
)
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update

ACTORS = [f"{first} {last}" for first in ("Amara", "Boris", "Chen", "Dalia", "Emil", "Farah", "Goran", "Hana")
          for last in ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Varga", "Quispe")]
PLACES = ["Eastport", "Northvale", "Redmarsh", "Lowbridge", "Kestrel Bay", "Ashford Hills", "Port Sable", "Granite Falls"]
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
TYPES = [("ASSAULT", "attacked"), ("PROTEST", "protested against"), ("CONSULT", "met"), ("AID", "sent aid to"),
         ("DISAPPROVE", "accused"), ("AGREE", "signed a deal with")]


def synthetic(i: int, rng: random.Random) -> Analysis:
    """One synthetic article reporting one of ~2,000 underlying events, plus a quote and a second event."""
    ev = rng.randrange(2000)
    erng = random.Random(ev)  # the underlying event decides who, where, when and what
    a1, a2 = erng.sample(ACTORS, 2)
    place = erng.choice(PLACES)
    etype, verb = erng.choice(TYPES)
    day = date(2024, 1, 1) + timedelta(days=erng.randrange(600))
    precise = rng.random() < 0.7
    when_text = day.strftime("%B %d, %Y") if precise else day.strftime("%B %Y")
    value = day.isoformat() if precise else day.strftime("%Y-%m")
    other = rng.choice(ACTORS)
    text = (f"{a1} {verb} {a2} in {place} on {when_text}, officials said. "
            f"\"We will not accept this,\" {a2} told reporters. "
            f"Separately, {other} visited {rng.choice(PLACES)}. Story {i} continues with background on the region.")
    doc = Document(f"syn-{i:05d}", text, day + timedelta(days=rng.randrange(3)), rng.choice(OUTLETS), None, f"{a1} {verb} {a2}")

    def at(s: str, k: int = 0) -> tuple[int, int]:
        p = -1
        for _ in range(k + 1):
            p = text.index(s, p + 1)
        return p, p + len(s)

    names = {a1: "PERSON", a2: "PERSON", place: "GPE", other: "PERSON"}
    ents = [Entity(f"E{k}", n, t, [Mention(*at(n), n)]) for k, (n, t) in enumerate(names.items())]
    eid = {e.name: e.id for e in ents}
    q_start, q_end = at("We will not accept this")
    sp = at(a2, 1)
    quote = Quote("Q1", "direct", Speaker(a2, eid[a2], *sp), TextSpan(*at("told"), "told"), TextSpan(q_start, q_end, "We will not accept this"))
    events = [
        Event("V1", etype, TextSpan(*at(verb), verb), Role(a1, eid[a1]), Role(a2, eid[a2]), Role(place, eid[place]), When(value, "day" if precise else "month"),
              summary=f"{a1} {verb} {a2}"),
        Event("V2", "CONSULT", TextSpan(*at("visited"), "visited"), Role(other, eid[other]), summary=f"{other} visited"),
    ]
    return Analysis(doc, entities=ents, timexes=[Timex(*at(when_text), when_text, "DATE", value, "day" if precise else "month")],
                    quotes=[quote], events=events)


def build(path: Path, n: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    t0 = time.perf_counter()
    with Ledger(path) as ledger:
        for start in range(0, n, 1000):
            ledger.store_many([synthetic(i, rng) for i in range(start, min(n, start + 1000))])
        t1 = time.perf_counter()
        stats = update(ledger.conn)
        t2 = time.perf_counter()
        clusters = ledger.conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
    return {"store_s": round(t1 - t0, 1), "link_s": round(t2 - t1, 1), "events": stats.events, "clusters": clusters}


SEARCH_WORDS = ["attack", "attacked", "attacks", "protest", "protested", "protests", "aid", "deal", "signed",
                "accused", "accusing", "visited", "officials", "reporters", "accept", "region", "background"]


def search_url(rng: random.Random) -> str:
    """One realistic search: the words people type, sometimes narrowed by a filter or paged."""
    place, person = rng.choice(PLACES), rng.choice(ACTORS)
    q = rng.choice([
        rng.choice(SEARCH_WORDS), place, person.split()[1], f"{place.split()[0]} {rng.choice(SEARCH_WORDS)}",
        f'"{person}"', f"{rng.choice(SEARCH_WORDS)} OR {rng.choice(SEARCH_WORDS)}", f"{person.split()[0]} {place}",
        f"{rng.choice(SEARCH_WORDS)} -{rng.choice(SEARCH_WORDS)}",
    ])
    params: dict[str, str] = {"q": q}
    extra = rng.random()
    if extra < 0.15:
        params["type"] = rng.choice(TYPES)[0]
    elif extra < 0.3:
        month = rng.randrange(1, 13)
        params.update(date_from=f"2024-{month:02d}", date_to=f"2025-{month:02d}")
    elif extra < 0.4:
        params["outlet"] = rng.choice(OUTLETS)
    elif extra < 0.5:
        params.update(kind="documents", offset=str(20 * rng.randrange(1, 5)))
    return "/api/search?" + urlencode(params)


def urls(path: Path, rng: random.Random, k: int) -> list[str]:
    with Ledger(path) as ledger:
        docs = [r[0] for r in ledger.conn.execute("SELECT id FROM documents ORDER BY random() LIMIT 200")]
        ents = [r[0] for r in ledger.conn.execute("SELECT id FROM canonical_entities ORDER BY random() LIMIT 50")]
        clus = [r[0] for r in ledger.conn.execute("SELECT id FROM clusters ORDER BY corroboration DESC LIMIT 200")]
    mix = [
        lambda: "/api/documents?limit=50", lambda: f"/api/documents/{rng.choice(docs)}",
        lambda: f"/api/documents?q={rng.choice(PLACES).split()[0]}&outlet={rng.choice(OUTLETS).replace(' ', '+')}",
        lambda: f"/api/events?type={rng.choice(TYPES)[0]}&date_from=2024-06&date_to=2024-09", lambda: "/api/events",
        lambda: "/api/clusters?min_corroboration=2", lambda: f"/api/clusters/{rng.choice(clus)}",
        lambda: f"/api/search?q={rng.choice(PLACES).split()[0]}", lambda: f"/api/search?q={query(rng)}",
        lambda: f"/api/timeline?entity={rng.choice(ents)}", lambda: f"/api/timeline?cluster={rng.choice(clus)}",
        lambda: f"/api/timeline?q={rng.choice(ACTORS).split()[1]}",
        lambda: f"/api/quotes?entity={rng.choice(ents)}", lambda: f"/api/quotes?q={rng.choice(('accept', 'reporters'))}",
        lambda: f"/api/entities?q={rng.choice(ACTORS).split()[1][:4]}", lambda: "/api/entities",
        lambda: f"/api/entities/{rng.choice(ents)}", lambda: "/api/framing/outlets",
        lambda: f"/api/framing/documents/{rng.choice(docs)}",
        lambda: f"/?q={query(rng)}", lambda: f"/documents/{rng.choice(docs)}", lambda: f"/entities/{rng.choice(ents)}",
        lambda: f"/clusters/{rng.choice(clus)}", lambda: "/entities", lambda: "/clusters", lambda: "/outlets",
    ]
    return [search_url(rng) if rng.random() < 0.5 else rng.choice(mix)() for _ in range(k)]


def query(rng: random.Random) -> str:
    """A realistic search: one or two names, or a name and a verb."""
    return "+".join(rng.sample([rng.choice(PLACES).split()[0], rng.choice(ACTORS).split()[1], rng.choice(TYPES)[1].split()[0]],
                               rng.randint(1, 2)))


# Words every synthetic document holds: the costliest accepted search asks for as many of them as allowed.
COMMON = ("officials", "said", "we", "will", "not", "accept", "this", "told", "reporters", "separately", "visited",
          "story", "continues", "with", "background", "on", "the", "region", "in")


def pathological(base: str, stop: threading.Event, out: dict[str, list[float]], lock: threading.Lock, seed: int = 0) -> None:
    """Send the costliest accepted search over and over until ``stop`` (statuses and times kept apart); its words
    are drawn afresh for every request, so that no cache ever answers it."""
    from newsledger.web.security import MAX_QUERY_TERMS

    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            for shape in ("/api/search?q={}&limit=100", "/api/timeline?q={}&limit=500", "/?q={}"):
                path = shape.format("+".join(rng.sample(COMMON, MAX_QUERY_TERMS)))
                t = time.perf_counter()
                r = client.get(path)
                with lock:
                    out.setdefault(f"pathological {r.status_code}", []).append((time.perf_counter() - t) * 1000)


def load(base: str, paths: list[str], concurrency: int, hits: dict[str, int] | None = None) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    hits = {} if hits is None else hits
    lock = threading.Lock()
    it = iter(paths)

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    p = next(it, None)
                if p is None:
                    return
                t = time.perf_counter()
                r = client.get(p)
                ms = (time.perf_counter() - t) * 1000
                key = p.split("?")[0].rsplit("/", 1)[0] + "/{id}" if p.split("?")[0].rsplit("/", 1)[-1].replace("syn-", "").isdigit() else p.split("?")[0]
                if key == "/api/search" and "facets=false" not in p:
                    key = "/api/search (with facets)"
                if r.status_code >= 400:  # counted apart (a 503 is a request stopped at its time limit)
                    key = f"{key} {r.status_code}"
                with lock:
                    out.setdefault(key, []).append(ms)
                    hits[key] = hits.get(key, 0) + (r.headers.get("x-newsledger-cache") == "hit")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return out


def cpu_seconds(server: int) -> dict[str, float]:
    """CPU seconds used so far by the server (with its costly lane and any workers) and by this client process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {"server": sum(_own_cpu_seconds(p) for p in (server, *_descendants(server))), "client": own.ru_utime + own.ru_stime}


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--db", type=Path, help="reuse/keep this ledger (default: a temporary file)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (newsledger serve --workers; default: serve's)")
    ap.add_argument("--pathological", type=int, default=0, help="clients sending the costliest accepted search meanwhile")
    ap.add_argument("--cache-mb", type=int, default=None, help="server cache of repeated answers (serve --cache-mb; 0: off)")
    ap.add_argument("--serve-option", action="append", default=[],
                    help="another option for newsledger serve (repeatable), e.g. --serve-option=--no-costly-lane")
    args = ap.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite"
    built = build(path, args.docs, args.seed) if not path.exists() else {}
    server = subprocess.Popen([sys.executable, "-m", "newsledger", "serve", "--db", str(path), "--port", str(args.port), "--no-link",
                               *(["--workers", str(args.workers)] if args.workers else []), *(["--cache-mb", str(args.cache_mb)] if args.cache_mb is not None else []), *args.serve_option],
                              env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        deadline = time.monotonic() + 180  # serve starts its costly lane first (seconds on a busy machine)
        while True:
            try:
                httpx.get(base + "/api/documents?limit=1", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        rng = random.Random(args.seed)
        load(base, urls(path, rng, 200), args.concurrency)  # warm-up
        stop, lock, slow = threading.Event(), threading.Lock(), {}  # type: ignore[var-annotated]
        hogs = [threading.Thread(target=pathological, args=(base, stop, slow, lock, args.seed + k)) for k in range(args.pathological)]
        for h in hogs:
            h.start()
        time.sleep(1.0 if hogs else 0.0)  # let the costly searches get going
        t0, cpu0 = time.perf_counter(), cpu_seconds(server.pid)
        hits: dict[str, int] = {}
        res = load(base, urls(path, rng, args.requests), args.concurrency, hits)
        wall, cpu1 = time.perf_counter() - t0, cpu_seconds(server.pid)
        stop.set()
        for h in hogs:
            h.join()
    finally:
        server.terminate()
        server.wait(10)
    every = [x for v in res.values() for x in v]
    searches = res.get("/api/search (with facets)", [])
    report = {"docs": args.docs, "build": built, "requests": len(every), "concurrency": args.concurrency, "workers": args.workers or default_workers(),
              "throughput_rps": round(len(every) / wall, 1),
              "cpu_ms_per_request": {k: round((cpu1[k] - cpu0[k]) * 1000 / len(every), 2) for k in cpu0}, "p50_ms": round(pct(every, 50), 1), "p99_ms": round(pct(every, 99), 1),
              "search_with_facets": {"n": len(searches), "p50_ms": round(pct(searches, 50), 1), "p99_ms": round(pct(searches, 99), 1)}
              if searches else None, "load_average": [round(x, 2) for x in os.getloadavg()],
              "cache_hits": {"all": sum(hits.values()), "search_with_facets": hits.get("/api/search (with facets)", 0)},
              "by_endpoint": {k: {"n": len(v), "p50_ms": round(pct(v, 50), 1), "p99_ms": round(pct(v, 99), 1)} for k, v in sorted(res.items())},
              "pathological": {k: {"n": len(v), "p50_ms": round(pct(v, 50), 1), "max_ms": round(max(v), 1)} for k, v in sorted(slow.items())}}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
