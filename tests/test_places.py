"""Geocoding: namesakes, country places, where an event's place comes from, and old records."""

from __future__ import annotations

import json

import pytest

from faultlines.model import Location, event_from_json
from faultlines.nlp import places


@pytest.mark.parametrize("name, prefer, geonames_id, country", [
    ("Kiev", [], 703448, "UKR"),  # an alternate spelling of Kyiv
    ("Odessa", ["USA"], 698740, "UKR"),  # Odesa, 1M people, not Odessa, Texas (114k)
    ("Geneva", ["USA"], 2660646, "CHE"),  # talks the US called are in Switzerland
    ("Rafah", ["EGY"], None, "EGY"),  # in a story about Egypt, Egypt's Rafah
    ("Rafah", [], None, "PSE"),  # else the larger, Gaza's
    ("Gaza City", [], 281133, "PSE"),
    ("Khan Yunis", [], None, "PSE"),  # GeoNames writes Khān Yūnis
])
def test_places_city_resolves_namesakes_by_country_and_size(name, prefer, geonames_id, country):
    found = places.city(name, prefer)
    assert found is not None and found.country == country
    assert geonames_id is None or found.geonames_id == geonames_id


@pytest.mark.parametrize("name", ["Africa", "the North", "Asia", "Darfur"])
def test_places_region_words_are_not_small_towns(name):
    assert places.city(name) is None  # Mahdia's old name, North Salt Lake, Asia (Philippines)


def test_places_country_location_is_inside_the_country_and_says_it_is_a_country():
    ukraine = places.country_location("UKR", "Ukraine")
    assert ukraine.feature == "country" and ukraine.geonames_id == 690791
    assert 44 < ukraine.lat < 53 and 22 < ukraine.lon < 41
    fiji = places.country_location("FJI", "Fiji")  # islands on both sides of 180°
    assert abs(fiji.lon) > 176 and -20 < fiji.lat < -15
    assert places.country_fips("UKR") == "UP" and places.country_fips("XKX") == "KV"


def test_places_city_location_carries_geonames_id_and_admin1():
    kyiv = places.city_location(places.city("Kyiv"), "Kyiv", places.DATELINE)
    assert (kyiv.country, kyiv.geonames_id, kyiv.admin1, kyiv.source, kyiv.feature) == \
        ("UKR", 703448, "12", "dateline", "city")
    assert round(kyiv.lat, 1) == 50.5 and round(kyiv.lon, 1) == 30.5


def test_model_old_location_records_load_and_new_ones_round_trip():
    old = {"name": "Kharkiv", "country": "UKR", "lat": 49.98, "lon": 36.25}
    record = {"doc_id": "d", "sentence": "s", "sentence_index": 0, "trigger": "struck",
              "trigger_start": 0, "event_type": "ASSAULT", "cameo": "190", "quad_class": 4,
              "goldstein": -10.0, "status": "asserted", "location": old}
    event = event_from_json(record)
    assert event.location == Location("Kharkiv", "UKR", 49.98, 36.25)
    assert event.location.source is None and event.location.geonames_id is None
    new = places.city_location(places.city("Kharkiv"), "Kharkiv")
    again = event_from_json(json.loads(json.dumps({**record, "location": new.to_json()})))
    assert again.location == new
    newer = event_from_json({**record, "location": {**new.to_json(), "admin2": "x"}})
    assert newer.location == new  # a newer writer's extra key does not break reading


def test_extract_places_from_sentence_capital_and_dateline(nlp):
    from faultlines import extract

    text = ("KYIV, May 6 (Reuters) - Russian forces launched drones at Kharkiv overnight, Ukraine's air "
            "force said. Ukraine's foreign minister met his Polish counterpart in Warsaw on Monday. "
            "Poland pledged more military aid to Ukraine.")
    events = extract(text, date="2024-05-06", coder="rules")
    by_trigger = {e.trigger: e.location for e in events}
    assert by_trigger["launched"].name == "Kharkiv" and by_trigger["launched"].source == "sentence"
    assert by_trigger["launched"].geonames_id == 706483
    met = by_trigger["met"]  # "in Warsaw": Poland's capital is the city, not the country
    assert (met.name, met.feature, met.country, met.source) == ("Warsaw", "city", "POL", "sentence")
    pledged = by_trigger["pledged"]  # no place in the sentence: where the story was filed
    assert (pledged.name, pledged.country, pledged.source) == ("Kyiv", "UKR", "dateline")
    assert pledged.lat is not None


def test_extract_an_actor_named_in_the_sentence_is_not_its_place(nlp):
    from faultlines import extract

    events = extract("Moscow condemned the new sanctions imposed by Washington.", date="2024-05-06",
                     coder="rules")
    assert events and all(e.location is None for e in events)
