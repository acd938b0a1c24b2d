"""PLOVER's JSON records, one event per line, with the fields of the manual's "Data
Fields" chapter (PLOVER manual draft 2.0, openeventdata/PLOVER 5e0c24f):

id, date, actor and recipient (lists of entity objects: code, sector, entity_text,
identifier_id, identifier_text), event, event_loc, event_text, quad_code,
event_scale, mode, context, text, text_info, cite_info, coder, coded_date,
coded_time, comment; then `faultlines`, our own extra fields (status, claimant,
stances, confidence, CAMEO code), which the manual allows ("Providers should feel
free to include named fields beyond those provided here").

`context` comes from the evidence sentence through data/contexts.yaml; see there.
`identifier_id` is the Wikidata QID of the actor's knowledge-base entry (its
`wikidata.csv`) when the entry has one, else null.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from importlib import resources

import yaml

from faultlines import __version__
from faultlines.errors import InputError
from faultlines.interop.gdelt import source_url

CODEBOOK = "plover-2.0-draft (openeventdata/PLOVER 5e0c24f, 2024-02-04)"
# The manual's codes for international non-state entities (its "International
# Non-state actor names" table), by our actor kind or code.
NONSTATE_CODES = {"UN": "UNO", "EU": "EUR", "igo": "IGO", "armed_group": "IMG", "ngo": "NGO"}
# Our sectors that PLOVER names differently (its "Sector Codes" table).
SECTORS = {"INTEL": "SPY", "MED": "JRN", "IGO": None, "NGO": "SOC"}
# Statuses the manual's auxiliary modes express (they travel in `context`).
STATUS_CONTEXTS = {"hypothetical": "hypothetical", "planned": "future"}

QUERY = """
    SELECT e.id, e.event_date, e.record, e.status, d.date AS doc_date, d.source AS outlet,
           d.title, d.url, d.path, d.ingested_at
    FROM events e JOIN documents d ON d.id = e.doc_id"""


def write(store, path: str, flt) -> int:
    """Write one record per event; events of a type PLOVER does not have (COMMENT, from
    `--comments`) are left out, so the count can be below the store's."""
    from faultlines.ontology import load_ontology

    types = tuple(load_ontology().plover)
    where, params = flt.where()
    where = (f"{where} AND" if where else " WHERE") + f" e.event_type IN ({', '.join('?' * len(types))})"
    params = [*params, *types]
    result = store.db.execute(f"{QUERY}{where} ORDER BY e.event_date, e.id", params)
    names = [c[0] for c in result.description]
    n = 0
    try:
        with open(path, "w", encoding="utf-8") as out:
            while rows := result.fetchmany(10_000):
                for row in rows:
                    out.write(json.dumps(plover_record(dict(zip(names, row))), ensure_ascii=False) + "\n")
                    n += 1
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror}") from exc
    return n


def plover_record(row: dict) -> dict:
    """One event as a PLOVER record."""
    event = json.loads(row["record"])
    day = row["event_date"] or row["doc_date"]
    sentence = event.get("sentence") or ""
    start = event.get("sentence_start") or 0
    coder = f"faultlines {__version__} ({event.get('coder') or 'rules'})"
    stamp = row["ingested_at"]
    return {
        "id": row["id"],
        "date": day.isoformat() if day else None,
        "actor": [entity(event["source"])] if event.get("source") else [],
        "recipient": [entity(event["target"])] if event.get("target") else [],
        "event": [event["event_type"]],
        "event_loc": event_loc(event.get("location")),
        "event_text": [event["trigger"]] if event.get("trigger") else [],
        "quad_code": event.get("quad_class"),
        "event_scale": plover_score(event["event_type"], event.get("mode")),
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": contexts(sentence, event.get("instrument"), row["status"]),
        "text": sentence,
        "text_info": {"sequence": event.get("sentence_index"), "start": start, "end": start + len(sentence)},
        "cite_info": {"corpus": "faultlines store", "citation": event.get("doc_id"),
                      "url": source_url(row["url"], row["path"]),
                      "title": row["title"], "language": "en", "publication": row["outlet"],
                      "coder": coder, "codebook": CODEBOOK, "version": __version__},
        "coder": coder,
        "coded_date": stamp.date().isoformat() if stamp else None,
        "coded_time": stamp.strftime("%H:%M:%SZ") if stamp else None,
        "comment": None,
        "faultlines": {"status": event.get("status"), "attributed_to": claimant(event.get("attributed_to")),
                       "stances": [{"status": s["status"], "by": claimant(s.get("by")), "cue": s.get("cue")}
                                   for s in event.get("stances") or []],
                       "confidence": event.get("confidence"), "cameo": event.get("cameo"),
                       "goldstein": event.get("goldstein"), "instrument": event.get("instrument")},
    }


def entity(mention: dict) -> dict:
    """A PLOVER entity object from one of our mentions."""
    code, kind, sector = mention.get("code"), mention.get("kind"), mention.get("sector")
    qid = wikidata_ids().get(code or "")
    top = (mention.get("country") or NONSTATE_CODES.get(code or "")
           or NONSTATE_CODES.get(mention.get("affiliation") or "") or NONSTATE_CODES.get(kind or ""))
    return {"code": top, "sector": SECTORS.get(sector, sector), "entity_text": mention.get("text"),
            "identifier_id": qid, "identifier_text": mention.get("name") if qid else None,
            "fl_code": code, "fl_kind": kind}


def claimant(mention: dict | None) -> dict | None:
    if not mention:
        return None
    return {"text": mention.get("text"), "code": mention.get("code"), "cue": mention.get("cue")}


def event_loc(loc: dict | None) -> dict | None:
    """PLOVER's location object (the manual's Mordecai/GeoNames fields we have)."""
    if not loc or not (loc.get("name") or loc.get("country")):
        return None
    from faultlines.interop.gdelt import place_kind

    kind = place_kind(loc)
    return {"extracted_place": loc.get("name"), "resolved_place": loc.get("resolved") or loc.get("name"),
            "geonameid": loc.get("geonames_id") or loc.get("geonameid"), "lat": loc.get("lat"), "lon": loc.get("lon"),
            "city": loc.get("name") if kind == "city" else None,
            "district": loc.get("admin2_name"), "province": loc.get("admin1_name"),
            "country": None, "country_code": loc.get("country"),
            "feature_class": loc.get("feature_class"), "feature_code": loc.get("feature_code"),
            "resolution": {"country": 1, "admin1": 2, "city": 4}[kind]}


def plover_score(event_type: str, mode: str | None) -> float | None:
    """The manual's conflict/cooperation score of the type (of its mode, when scored)."""
    from faultlines.ontology import load_ontology

    found = load_ontology().plover.get(event_type)
    if found is None:
        return None
    scored = (found.modes.get(mode) or {}) if mode else {}
    return float(scored.get("score", found.score)) if isinstance(scored, dict) else found.score


@lru_cache(maxsize=1)
def context_cues() -> dict[str, re.Pattern]:
    """data/contexts.yaml as one whole-word pattern per context."""
    path = resources.files("faultlines.interop") / "data" / "contexts.yaml"
    cues = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: re.compile(r"(?<![\w-])(?:" + "|".join(
                re.escape(c.rstrip("*")) + (r"[\w-]*" if c.endswith("*") else "") for c in words) + r")(?![\w-])",
                re.IGNORECASE)
            for name, words in cues.items()}


def contexts(sentence: str, instrument: str | None, status: str | None) -> list[str]:
    """The contexts the sentence says, then the auxiliary mode of the status."""
    text = f"{sentence} {instrument or ''}"
    found = [name for name, pattern in context_cues().items() if pattern.search(text)]
    if status in STATUS_CONTEXTS:
        found.append(STATUS_CONTEXTS[status])
    return found


@lru_cache(maxsize=4)
def wikidata_ids(directory: str | None = None) -> dict[str, str]:
    """Actor code → Wikidata QID, from the knowledge base's `wikidata.csv` (entries
    whose QID its curators were certain of; default: the bundled file)."""
    from pathlib import Path

    from faultlines.actors import data_dir

    path = (Path(directory) if directory else data_dir()) / "wikidata.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {row["code"].strip(): row["wikidata"].strip() for row in rows
                if (row.get("code") or "").strip() and (row.get("wikidata") or "").strip()}
