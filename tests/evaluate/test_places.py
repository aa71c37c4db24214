"""The geocoding scorer: right country and within 161 km (the country alone for country mentions), admin1, coverage."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis, Document, Entity, Geo, Mention
from newsledger.evaluate.places import PlaceScore, score_mention, system_geo

KHARKIV = Geo("Kharkiv", 49.98, 36.25, "place", "city", "UKR", "UA", "Ukraine", "UA-63", "Kharkivska")


@pytest.mark.parametrize(("gold", "geo", "ok"), [
    ({"kind": "city", "country_iso3": "UKR", "admin1": "Kharkiv Oblast", "lat": 50.0, "lon": 36.23}, KHARKIV, True),
    ({"kind": "city", "country_iso3": "UKR", "admin1": None, "lat": 46.48, "lon": 30.72}, KHARKIV, False),  # Odesa: 600 km off
    ({"kind": "country", "country_iso3": "UKR", "admin1": None, "lat": 49.0, "lon": 32.0}, KHARKIV, True),  # the country is right
    ({"kind": "city", "country_iso3": "RUS", "admin1": None, "lat": 50.6, "lon": 36.6}, KHARKIV, False),  # Belgorod: near, wrong country
    ({"kind": "city", "country_iso3": "UKR", "admin1": None, "lat": 50.0, "lon": 36.23}, None, False),  # not placed
])
def test_score_mention(gold: dict[str, object], geo: Geo | None, ok: bool) -> None:
    s = PlaceScore()
    assert score_mention(gold, geo, s) is ok
    assert (s.total, s.correct, s.placed) == (1, int(ok), int(geo is not None))


def test_admin1_names_compare_without_region_words() -> None:
    s = PlaceScore()
    geo = Geo("Kursk", 51.7, 36.2, "admin1", "admin1", "RUS", "RU", "Russia", "RU-KRS", "Kursk")
    score_mention({"kind": "admin1", "country_iso3": "RUS", "admin1": "Kursk Oblast", "lat": 51.5, "lon": 36.0}, geo, s)
    assert (s.admin1_total, s.admin1) == (1, 1)
    assert s.to_dict()["admin1_accuracy"] == 1.0


def test_system_geo_takes_the_overlapping_mention() -> None:
    text = "Shells hit Kharkiv overnight, officials in Kyiv said."
    kyiv = Geo("Kyiv", 50.45, 30.52, "place", "city", "UKR", "UA", "Ukraine")
    ents = [Entity("E1", "Kharkiv", "GPE", [Mention(11, 18, "Kharkiv")], geo=KHARKIV),
            Entity("E2", "Kyiv", "GPE", [Mention(43, 47, "Kyiv")], geo=kyiv)]
    a = Analysis(Document("d", text), entities=ents)
    assert system_geo(a, 11, 18) is KHARKIV and system_geo(a, 43, 47) is kyiv and system_geo(a, 0, 6) is None
