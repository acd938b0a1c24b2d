"""Reads the dashboard needs that no analysis gives: the whole store's timeline
(for the time brush), a set of events by id (the evidence behind a row) and the
places with coordinates where events happened (the map).

The timeline fills months without events with zeros, so a gap in the news shows
as a gap on the axis instead of two distant months drawn side by side; it always
spans the whole store whatever the filters, because the brush is how a reader
chooses the dates in the first place.
"""

from __future__ import annotations

from datetime import date

from faultlines.query import DETAIL_COLUMNS, EventFilter, evidence_spans
from faultlines.store import Store

FACTUAL = "e.status IN ('asserted', 'reported')"
MAX_IDS = 500
MAX_PLACES = 5000


def months(first: date, last: date) -> list[date]:
    """Every first-of-month from `first`'s month to `last`'s, inclusive."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def timeline(store: Store) -> list[dict]:
    """Events per month over the whole store (near-duplicates left out): those stated
    as fact (asserted, reported) and the rest, with zero months in between."""
    rows = store.db.execute(f"""
        SELECT CAST(date_trunc('month', e.event_date) AS DATE) AS month,
               count(*) FILTER (WHERE {FACTUAL}), count(*) FILTER (WHERE NOT {FACTUAL})
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE d.duplicate_of IS NULL AND e.event_date IS NOT NULL GROUP BY 1 ORDER BY 1""").fetchall()
    if not rows:
        return []
    counts = {month: (factual, other) for month, factual, other in rows}
    return [{"period": m.isoformat(), "events": counts.get(m, (0, 0))[0],
             "not_stated_as_fact": counts.get(m, (0, 0))[1]} for m in months(rows[0][0], rows[-1][0])]


def events_by_id(store: Store, ids: list[str]) -> dict:
    """The events with these ids (as the event list shows them, with highlights) and
    their documents; ids not in the store are listed under `missing`."""
    wanted = list(dict.fromkeys(ids))[:MAX_IDS]
    if not wanted:
        return {"items": [], "documents": [], "missing": []}
    marks = ", ".join("?" for _ in wanted)
    result = store.db.execute(f"SELECT {DETAIL_COLUMNS}, d.date AS document_date, d.url FROM events e "
                              f"JOIN documents d ON d.id = e.doc_id WHERE e.id IN ({marks}) "
                              "ORDER BY e.event_date NULLS LAST, e.doc_id, e.sentence_index, e.id", wanted)
    names = [c[0] for c in result.description]
    items, documents = [], {}
    for values in result.fetchall():
        item = dict(zip(names, values))
        item["highlights"] = evidence_spans(item.pop("record"))
        documents.setdefault(item["doc_id"], {"id": item["doc_id"], "title": item["title"], "outlet": item["outlet"],
                                              "date": item.pop("document_date"), "url": item.pop("url")})
        item.pop("document_date", None), item.pop("url", None)
        items.append(item)
    found = {item["id"] for item in items}
    return {"items": items, "documents": list(documents.values()), "missing": [i for i in wanted if i not in found]}


def located_events(store: Store, flt: EventFilter) -> list[dict]:
    """Places with coordinates and the events in the filters that happened there
    (one row per place: name, latitude, longitude, event ids, how many stated as fact)."""
    where, params = flt.where()
    located = " AND ".join(c for c in (where.removeprefix(" WHERE "), "e.latitude IS NOT NULL",
                                       "e.longitude IS NOT NULL") if c)
    rows = store.db.execute(f"""
        SELECT any_value(e.location_name), round(e.latitude, 3) AS lat, round(e.longitude, 3) AS lon,
               list(e.id ORDER BY e.event_date, e.id), count(*) FILTER (WHERE {FACTUAL}),
               list(DISTINCT e.doc_id), min(e.quad_class) FILTER (WHERE {FACTUAL}),
               max(e.quad_class) FILTER (WHERE {FACTUAL})
        FROM events e JOIN documents d ON d.id = e.doc_id WHERE {located}
        GROUP BY 2, 3 ORDER BY count(*) DESC, 2, 3 LIMIT ?""", [*params, MAX_PLACES]).fetchall()
    return [{"place": name, "latitude": lat, "longitude": lon, "event_ids": ids, "stated_as_fact": fact,
             "doc_ids": sorted(docs), "quad_classes": [q for q in (low, high) if q is not None]}
            for name, lat, lon, ids, fact, docs, low, high in rows]
