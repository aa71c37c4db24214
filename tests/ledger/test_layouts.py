"""ACLED, GDELT and POLECAT-style exports read back (CSV, Parquet through pyarrow, pandas, DuckDB) against each codebook."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Event, Mention, Role, TextSpan, When
from newsledger.geo.gazetteer import fold
from newsledger.geo.resolve import geocode_analysis
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.export import rows, write
from newsledger.ledger.layouts import COLUMNS
from tests.ledger.corpus import corpus

PARSE = {"int": int, "float": float, "date": date.fromisoformat, "str": str, "bool": lambda v: v in ("0", "1")}
ARROW = {"int": "int64", "float": "double", "date": "date32[day]", "str": "string", "bool": "bool"}
DUCKDB = {"int": "BIGINT", "float": "DOUBLE", "date": "DATE", "str": "VARCHAR", "bool": "BOOLEAN"}


def _injected() -> Analysis:
    text = "=HYPERLINK(\"http://x\") The Northland army struck Eastport on Sunday, killing 4 people."
    s, a = text.index("struck"), text.index("Northland army")
    army = Entity("E1", "Northland army", "ORG", [Mention(a, a + 14, "Northland army")])
    ev = Event("v1", "ASSAULT", TextSpan(s, s + 6, "struck"), actor=Role("Northland army", "E1", "military"),
               when=When("2025-01-05", "day"))
    return Analysis(Document("inj-1", text, date(2025, 1, 6), "Formula Post"), entities=[army], events=[ev])


@pytest.fixture()
def geo_ledger(tmp_path: Path) -> Iterator[Ledger]:
    docs = corpus() + [_injected()]
    for a in docs:
        geocode_analysis(a)  # what the geo stage does in the pipeline
    with Ledger(tmp_path / "geo.sqlite") as ledger:
        ledger.store_many(docs)
        update(ledger.conn)
        yield ledger


@pytest.mark.parametrize("layout", ["acled", "gdelt", "polecat"])
@pytest.mark.parametrize("what", ["events", "clusters"])
def test_csv_reads_back_with_the_codebook_columns_and_types(geo_ledger: Ledger, tmp_path: Path, layout: str, what: str) -> None:
    path = tmp_path / f"{what}-{layout}.csv"
    n = write(rows(geo_ledger.conn, what, layout), "csv", path, layout)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [c for c, _ in COLUMNS[layout]]
        back = list(reader)
    assert len(back) == n > 0
    for row in back:
        for col, kind in COLUMNS[layout]:
            if row[col] != "" and not row[col].startswith("'"):
                PARSE[kind](row[col])  # raises when a cell is not of the documented type


@pytest.mark.parametrize("layout", ["acled", "gdelt", "polecat"])
def test_parquet_opens_in_pyarrow_pandas_and_duckdb_with_the_documented_types(geo_ledger: Ledger, tmp_path: Path, layout: str) -> None:
    import duckdb
    import pandas as pd
    import pyarrow.parquet as pq

    path = tmp_path / f"{layout}.parquet"
    n = write(rows(geo_ledger.conn, "events", layout), "parquet", path, layout)
    table = pq.read_table(path)
    assert table.num_rows == n
    assert [(f.name, str(f.type)) for f in table.schema] == [(c, ARROW[k]) for c, k in COLUMNS[layout]]
    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    assert [str(t).removesuffix("[pyarrow]") for t in frame.dtypes] == [ARROW[k] for _, k in COLUMNS[layout]]
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')").fetchall()
    assert [(r[0], r[1]) for r in described] == [(c, DUCKDB[k]) for c, k in COLUMNS[layout]]


def test_acled_rows_carry_meaning(geo_ledger: Ledger) -> None:
    events = list(rows(geo_ledger.conn, "events", "acled"))
    assert {r["modality"] for r in events} >= {"asserted", "reported", "denied"}  # non-factual events are listed
    denied = next(r for r in events if r["modality"] == "denied")
    assert denied["cluster_id"] is None  # ... but never clustered
    strike = next(r for r in events if r["doc_id"] == "inj-1")
    assert (strike["event_type"], strike["sub_event_type"], strike["inter1"], strike["fatalities"]) == (
        "Violence against civilians", "Attack", 1, 4)
    launch = next(r for r in rows(geo_ledger.conn, "clusters", "acled") if r["doc_id"] in ("harbor-1", "courier-1"))
    assert (launch["event_date"], launch["year"], launch["time_precision"], launch["source_count"]) == ("2025-04-26", 2025, 1, 2)
    assert (launch["country"], launch["iso"], fold(launch["location"]), launch["geo_precision"]) == ("North Korea", 408, "wonsan", 1)
    text = geo_ledger.get(launch["doc_id"])["text"]  # type: ignore[index]
    assert text[launch["evidence_start"] : launch["evidence_end"]] == launch["notes"]  # notes = the evidence sentence


def test_gdelt_codes_from_plover(geo_ledger: Ledger) -> None:
    launch = next(r for r in rows(geo_ledger.conn, "clusters", "gdelt") if r["DocId"] in ("harbor-1", "courier-1"))
    assert (launch["SQLDATE"], launch["MonthYear"], launch["Year"]) == (20250426, 202504, 2025)
    assert (launch["EventRootCode"], launch["QuadClass"], launch["GoldsteinScale"]) == ("18", 4, -9.0)
    assert (launch["NumSources"], launch["NumArticles"], launch["NumMentions"]) == (2, 3, 3)
    assert (launch["ActionGeo_Type"], launch["ActionGeo_CountryCode"]) == (4, "KN")  # a world city; FIPS code of North Korea
    assert launch["ActionGeo_Lat"] == pytest.approx(39.15, abs=0.2)


def test_polecat_has_current_plover_types(geo_ledger: Ledger) -> None:
    out = list(rows(geo_ledger.conn, "events", "polecat"))
    protest = next(r for r in out if r["doc_id"] == "hostile-1")
    assert (protest["event_type"], protest["event_mode"], protest["quad_code"], protest["event_intensity"]) == ("PROTEST", "demo", 4, -5.0)
    strike = next(r for r in out if r["doc_id"] == "inj-1")
    assert (strike["actor"], strike["actor_sector"]) == ("Northland army", "military")


def test_csv_cells_cannot_run_formulas(geo_ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    write(rows(geo_ledger.conn, "events", "acled"), "csv", path, "acled")
    with path.open(encoding="utf-8", newline="") as fh:
        notes = [r["notes"] for r in csv.DictReader(fh)]
    assert any(n.startswith("'=HYPERLINK") for n in notes) and not any(n.startswith("=") for n in notes)
