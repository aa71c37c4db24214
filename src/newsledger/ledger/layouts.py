"""ACLED, GDELT 2.0 and POLECAT-style layouts: each codebook's columns with their meaning and types.

Every layout exists per event (``--what events``: one row per event of every document, non-factual ones
included with their ``modality``) and per cluster (``--what clusters``: one row per event cluster, factual
reports only). ``COLUMNS[layout]`` lists each column with its type (``str``, ``int``, ``float``, ``date``,
``bool``); the CSV and Parquet writers and the tests use it. Semantics: docs/ledgerweb.md ("Exports").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from newsledger.geo.gazetteer import country_codes
from newsledger.ledger import when as W
from newsledger.ledger.codes import acled_inter, acled_type, codes, event_code

_ACLED = """event_id_cnty:str event_date:date year:int time_precision:int disorder_type:str event_type:str
sub_event_type:str actor1:str assoc_actor_1:str inter1:int actor2:str assoc_actor_2:str inter2:int interaction:int
civilian_targeting:str iso:int region:str country:str admin1:str admin2:str admin3:str location:str latitude:float
longitude:float geo_precision:int source:str source_scale:str notes:str fatalities:int tags:str timestamp:int
modality:str plover:str plover_mode:str doc_id:str event_id:str cluster_id:int evidence_start:int evidence_end:int
source_count:int"""
_ACTOR = "Code:str Name:str CountryCode:str KnownGroupCode:str EthnicCode:str Religion1Code:str Religion2Code:str Type1Code:str Type2Code:str Type3Code:str"
_GEO = "Type:int FullName:str CountryCode:str ADM1Code:str ADM2Code:str Lat:float Long:float FeatureID:str"
_GDELT = ("GLOBALEVENTID:int SQLDATE:int MonthYear:int Year:int FractionDate:float "
          + " ".join(f"Actor1{c}" for c in _ACTOR.split()) + " " + " ".join(f"Actor2{c}" for c in _ACTOR.split())
          + " IsRootEvent:int EventCode:str EventBaseCode:str EventRootCode:str QuadClass:int GoldsteinScale:float"
          " NumMentions:int NumSources:int NumArticles:int AvgTone:float "
          + " ".join(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in _GEO.split())
          + " DATEADDED:int SOURCEURL:str Plover:str PloverMode:str Modality:str DatePrecision:str Conflicts:str"
          " Evidence:str DocId:str EventId:str EvidenceStart:int EvidenceEnd:int")
_POLECAT = """event_id:str story_date:date event_date:date event_type:str event_mode:str contexts:str event_intensity:float
quad_code:int actor:str actor_country:str actor_sector:str recipient:str recipient_country:str recipient_sector:str
placename:str city:str state:str country:str latitude:float longitude:float geonames_id:int geo_precision:str
event_text:str headline:str source:str source_url:str modality:str num_sources:int doc_id:str evidence_start:int
evidence_end:int cluster_id:int"""


def _spec(text: str) -> list[tuple[str, str]]:
    return [(c.split(":")[0], c.split(":")[1]) for c in text.split()]


COLUMNS: dict[str, list[tuple[str, str]]] = {"acled": _spec(_ACLED), "gdelt": _spec(_GDELT), "polecat": _spec(_POLECAT)}
# ACLED time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month or coarser.
ACLED_TIME = {"time": 1, "day": 1, "week": 2}
# ACLED geo_precision: 1 the town/site itself, 2 a part of a region, 3 only the country (or larger region).
ACLED_GEO = {"place": 1, "admin1": 2, "country": 3}
# CAMEO actor type codes of the events stage's sectors.
CAMEO_TYPES = {"military": "MIL", "government": "GOV", "police": "COP", "civilian": "CVL", "rebel": "REB", "militia": "REB",
               "protester": "OPP"}
WIRES = ("associated press", "ap ", "reuters", "afp", "agence france", "xinhua", "tass", "dpa", "efe", "ansa")


def _int(v: Any) -> int | None:
    return int(v) if v not in (None, "") else None


def _day(r: dict[str, Any]) -> str | None:
    return r.get("event_date") or r.get("published")


def _precision(r: dict[str, Any]) -> str | None:
    return r.get("when_precision") or r.get("date_precision")


def _geo_type(r: dict[str, Any]) -> int | None:
    """GDELT feature type: 1 country, 2 US state, 3 US city, 4 world city, 5 world first-level region."""
    prec, us = r.get("geo_precision"), r.get("geo_country_iso3") == "USA"
    if not prec:
        return None
    return 1 if prec == "country" else (2 if us else 5) if prec == "admin1" else (3 if us else 4)


def _cluster_or_event(r: dict[str, Any]) -> tuple[int | None, str]:
    return _int(r.get("cluster_id")), str(r.get("event_id") or "")


def acled(r: dict[str, Any]) -> dict[str, Any]:
    """One ACLED row from an event or cluster record."""
    day = _day(r)
    i1, i2 = acled_inter(r.get("actor_sector"), r.get("actor")), acled_inter(r.get("target_sector"), r.get("target"))
    disorder, etype, sub = acled_type(r.get("type") or "", r.get("plover") or "", r.get("plover_mode") or "", i1, i2)
    iso3 = r.get("geo_country_iso3")
    cc = country_codes().get(iso3 or "")
    is_cluster = "n_sources" in r
    outlets = r.get("outlets") or [r.get("outlet")]
    ident = f"NL{r['cluster_id']}" if is_cluster else f"NL-{r['doc_id']}-{r['event_id']}"
    interaction = int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else None)
    stamp = r.get("updated_at")
    return {
        "event_id_cnty": ident, "event_date": day, "year": int(day[:4]) if day else None,
        "time_precision": ACLED_TIME.get(_precision(r) or "", 3), "disorder_type": disorder, "event_type": etype,
        "sub_event_type": sub, "actor1": r.get("actor") or "", "assoc_actor_1": "; ".join(r.get("actor_others") or []),
        "inter1": i1, "actor2": r.get("target") or "", "assoc_actor_2": "; ".join(r.get("target_others") or []),
        "inter2": i2, "interaction": interaction, "civilian_targeting": "Civilian targeting" if i2 == 7 and etype else "",
        "iso": cc.numeric if cc else None, "region": (cc.region if cc else None) or "", "country": r.get("geo_country") or "",
        "admin1": r.get("geo_admin1_name") or "", "admin2": r.get("geo_admin2_name") or "", "admin3": "",
        "location": r.get("geo_name") or "", "latitude": r.get("geo_lat"), "longitude": r.get("geo_lon"),
        "geo_precision": ACLED_GEO.get(r.get("geo_precision") or ""), "source": "; ".join(o for o in outlets if o),
        "source_scale": "International" if any(o and o.lower().startswith(WIRES) for o in outlets) else "",
        "notes": r.get("evidence") or "", "fatalities": _int(r.get("killed")), "tags": "; ".join(r.get("conflicts") or []),
        "timestamp": int(datetime.fromisoformat(stamp).timestamp()) if stamp else None,
        "modality": r.get("modality") or "", "plover": r.get("plover") or "", "plover_mode": r.get("plover_mode") or "",
        "doc_id": r.get("doc_id"), "event_id": r.get("event_id"), "cluster_id": _int(r.get("cluster_id")),
        "evidence_start": r.get("evidence_start"), "evidence_end": r.get("evidence_end"),
        "source_count": _int(r.get("n_sources")) if is_cluster else None,
    }


def _actor(prefix: str, r: dict[str, Any], role: str) -> dict[str, Any]:
    country, sector = r.get(f"{role}_country"), (r.get(f"{role}_sector") or "").lower()
    kind = CAMEO_TYPES.get(sector, "")
    return {f"{prefix}Code": (country or "") + kind, f"{prefix}Name": r.get(role) or "", f"{prefix}CountryCode": country or "",
            f"{prefix}KnownGroupCode": "", f"{prefix}EthnicCode": "", f"{prefix}Religion1Code": "", f"{prefix}Religion2Code": "",
            f"{prefix}Type1Code": kind, f"{prefix}Type2Code": "", f"{prefix}Type3Code": ""}


def _action_geo(r: dict[str, Any]) -> dict[str, Any]:
    cc = country_codes().get(r.get("geo_country_iso3") or "")
    fips = cc.fips if cc else None
    admin = (r.get("geo_admin1_code") or "").split("-", 1)[-1] if r.get("geo_precision") != "country" else ""
    full = ", ".join(x for x in (r.get("geo_name"), r.get("geo_admin1_name") if r.get("geo_precision") == "place" else None,
                                 r.get("geo_country") if r.get("geo_precision") != "country" else None) if x)
    empty = {f"{w}Geo_{c.split(':')[0]}": None for w in ("Actor1", "Actor2") for c in _GEO.split()}
    return {**empty, "ActionGeo_Type": _geo_type(r), "ActionGeo_FullName": full, "ActionGeo_CountryCode": fips or "",
            "ActionGeo_ADM1Code": (fips or "") + admin if admin else (fips or ""), "ActionGeo_ADM2Code": "",
            "ActionGeo_Lat": r.get("geo_lat"), "ActionGeo_Long": r.get("geo_lon"),
            "ActionGeo_FeatureID": str(r["geo_geonames_id"]) if r.get("geo_geonames_id") else ""}


def gdelt(r: dict[str, Any]) -> dict[str, Any]:
    """One GDELT 2.0 event-table row from an event or cluster record."""
    day = _day(r)
    iv = W.interval(day)
    d = int(day.replace("-", "")[:8]) if day and len(day) >= 10 else None
    code = codes(r.get("plover") or "", r.get("plover_mode") or "")
    is_cluster = "n_sources" in r
    stamp = r.get("updated_at")
    added = int(datetime.fromisoformat(stamp).strftime("%Y%m%d%H%M%S")) if stamp else (d * 1_000_000 if d else None)
    frac = round(iv.start.year + (iv.start.timetuple().tm_yday - 1) / 365.0, 4) if iv else None
    ident = r.get("cluster_id") if is_cluster else None
    return {
        "GLOBALEVENTID": ident, "SQLDATE": d, "MonthYear": d // 100 if d else None, "Year": d // 10000 if d else None,
        "FractionDate": frac, **_actor("Actor1", r, "actor"), **_actor("Actor2", r, "target"), "IsRootEvent": 1,
        "EventCode": event_code(code.cameo_code) if code else "", "EventBaseCode": event_code(code.cameo_code)[:3] if code else "",
        "EventRootCode": code.cameo_root if code else "", "QuadClass": code.quad_class if code else None,
        "GoldsteinScale": code.score if code else None, "NumMentions": _int(r.get("n_mentions")) if is_cluster else 1,
        "NumSources": _int(r.get("n_sources")) if is_cluster else 1, "NumArticles": _int(r.get("n_articles")) if is_cluster else 1,
        "AvgTone": None, **_action_geo(r), "DATEADDED": added, "SOURCEURL": r.get("url") or "",
        "Plover": r.get("plover") or "", "PloverMode": r.get("plover_mode") or "", "Modality": r.get("modality") or "",
        "DatePrecision": _precision(r) or ("publication" if day else ""), "Conflicts": ";".join(r.get("conflicts") or []),
        "Evidence": r.get("evidence") or "", "DocId": r.get("doc_id"), "EventId": r.get("event_id"),
        "EvidenceStart": r.get("evidence_start"), "EvidenceEnd": r.get("evidence_end"),
    }


def polecat(r: dict[str, Any]) -> dict[str, Any]:
    """One POLECAT-style row (current PLOVER type, mode, context; actor and recipient with country and sector)."""
    code = codes(r.get("plover") or "", r.get("plover_mode") or "")
    is_cluster = "n_sources" in r
    prec = r.get("geo_precision")
    return {
        "event_id": f"NL{r['cluster_id']}" if is_cluster else f"NL-{r['doc_id']}-{r['event_id']}",
        "story_date": r.get("published") or r.get("event_date"), "event_date": _day(r), "event_type": r.get("plover") or "",
        "event_mode": r.get("plover_mode") or "", "contexts": r.get("plover_context") or "",
        "event_intensity": code.score if code else None, "quad_code": code.quad_class if code else None,
        "actor": r.get("actor") or "", "actor_country": r.get("actor_country") or "", "actor_sector": r.get("actor_sector") or "",
        "recipient": r.get("target") or "", "recipient_country": r.get("target_country") or "",
        "recipient_sector": r.get("target_sector") or "", "placename": r.get("where") or r.get("geo_name") or "",
        "city": r.get("geo_name") if prec == "place" else "", "state": r.get("geo_admin1_name") or "",
        "country": r.get("geo_country") or "", "latitude": r.get("geo_lat"), "longitude": r.get("geo_lon"),
        "geonames_id": _int(r.get("geo_geonames_id")), "geo_precision": prec or "", "event_text": r.get("evidence") or "",
        "headline": r.get("title") or "", "source": "; ".join(r.get("outlets") or [r.get("outlet") or ""]),
        "source_url": r.get("url") or "", "modality": r.get("modality") or "",
        "num_sources": _int(r.get("n_sources")) if is_cluster else None, "doc_id": r.get("doc_id"),
        "evidence_start": r.get("evidence_start"), "evidence_end": r.get("evidence_end"), "cluster_id": _int(r.get("cluster_id")),
    }


MAPPERS = {"acled": acled, "gdelt": gdelt, "polecat": polecat}


def layout_rows(records: Iterator[dict[str, Any]], layout: str) -> Iterator[dict[str, Any]]:
    """Map event or cluster records to one layout's rows, columns in codebook order."""
    mapper, cols = MAPPERS[layout], [c for c, _ in COLUMNS[layout]]
    for i, r in enumerate(records, start=1):
        row = mapper(r)
        if layout == "gdelt" and row["GLOBALEVENTID"] is None:
            row["GLOBALEVENTID"] = i  # event rows are numbered in export order
        yield {c: row.get(c) for c in cols}
