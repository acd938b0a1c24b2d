"""Reading events back: filters turned into parameterised SQL, and exports.

Events of near-duplicate documents are left out unless asked for, so a wire
story republished ten times counts once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from faultlines.errors import InputError, InputNotFound as NotFound
from faultlines.interop import FORMATS as EXPORT_FORMATS  # noqa: F401 (re-exported)
from faultlines.store import Store

COLUMNS = ("e.event_date, e.event_type, e.mode, e.cameo, e.quad_class, e.goldstein, "
           "e.source_text, e.source_key, e.target_text, e.target_key, e.status, e.attributed_key, "
           "e.confidence, d.source AS outlet, e.doc_id, e.sentence")


def date_clauses(since: str | None, until: str | None, column: str = "e.event_date") -> tuple[list[str], list]:
    """SQL conditions and parameters for a date range (either end optional)."""
    clauses, params = [], []
    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise InputError(f"{name} {value!r}: not a date (expected YYYY-MM-DD)") from None
    if since:
        clauses.append(f"{column} >= CAST(? AS DATE)")
        params.append(since)
    if until:
        clauses.append(f"{column} <= CAST(? AS DATE)")
        params.append(until)
    return clauses, params


SORTS = {"date": "e.event_date", "goldstein": "e.goldstein", "confidence": "e.confidence",
         "type": "e.event_type", "source": "e.source_key", "target": "e.target_key"}

# What the API and dashboard show of each event: the table's columns plus what it
# takes to highlight the evidence (the full record, with character offsets).
DETAIL_COLUMNS = ("e.id, e.event_date, e.event_type, e.mode, e.cameo, e.quad_class, e.goldstein, "
                  "e.trigger, e.source_text, e.source_key, e.target_text, e.target_key, e.status, "
                  "e.attributed_text, e.attributed_key, e.instrument, e.location_name, e.confidence, "
                  "d.source AS outlet, d.title, e.doc_id, e.sentence, e.record")


def split_dyad(value: str, option: str) -> tuple[str, str]:
    if ":" not in value:
        raise InputError(f"{option} {value!r}: expected SOURCE:TARGET, e.g. IRN:RUS")
    first, second = value.split(":", 1)
    return first, second


def scope_clauses(actor: str | None = None, event_type: str | None = None, status: str | None = None,
                  since: str | None = None, until: str | None = None) -> tuple[list[str], list]:
    """The filters every view shares (the dashboard's filter bar): an actor on either
    side, a PLOVER type, a status and a date range, as SQL over `events e`."""
    clauses, params = [], []
    if actor:
        clauses.append("(e.source_key = ? OR e.target_key = ?)")
        params += [actor, actor]
    for column, value in (("e.event_type", event_type), ("e.status", status)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    dated, dates = date_clauses(since, until)
    return clauses + dated, params + dates


@dataclass
class EventFilter:
    actor: str | None = None  # either side
    dyad: str | None = None  # "IRN:RUS" (directed)
    event_type: str | None = None
    quad_class: int | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    text: str | None = None
    include_duplicates: bool = False
    limit: int = 100
    offset: int = 0
    pair: str | None = None  # "IRN:RUS" in either direction
    sort: str = "date"  # a key of SORTS; "-" in front for descending

    def order_by(self) -> str:
        key = self.sort.lstrip("-")
        if key not in SORTS:
            raise InputError(f"sort {self.sort!r}: choose one of {', '.join(SORTS)} (prefix '-' to reverse)")
        direction = "DESC" if self.sort.startswith("-") else "ASC"
        return f"{SORTS[key]} {direction} NULLS LAST, e.doc_id, e.sentence_index, e.id"

    def where(self) -> tuple[str, list]:
        clauses, params = scope_clauses(self.actor, self.event_type, self.status, self.since, self.until)
        if self.dyad:
            source, target = split_dyad(self.dyad, "--dyad")
            clauses.append("e.source_key = ? AND e.target_key = ?")
            params += [source, target]
        if self.pair:
            first, second = split_dyad(self.pair, "pair")
            clauses.append("((e.source_key = ? AND e.target_key = ?) OR (e.source_key = ? AND e.target_key = ?))")
            params += [first, second, second, first]
        for column, value in (("e.quad_class", self.quad_class), ("d.source", self.outlet)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.text:
            clauses.append("e.sentence ILIKE ?")
            params.append(f"%{self.text}%")
        if not self.include_duplicates:
            clauses.append("d.duplicate_of IS NULL")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(store: Store, flt: EventFilter, columns: str = COLUMNS) -> tuple[list[str], list[tuple]]:
    where, params = flt.where()
    sql = (f"SELECT {columns} FROM events e JOIN documents d ON d.id = e.doc_id{where} "
           f"ORDER BY {flt.order_by()} LIMIT ? OFFSET ?")
    result = store.db.execute(sql, [*params, max(1, min(flt.limit, 1_000_000)), max(0, flt.offset)])
    return [c[0] for c in result.description], result.fetchall()


def count_events(store: Store, flt: EventFilter) -> int:
    where, params = flt.where()
    return store.db.execute(f"SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id{where}",
                            params).fetchone()[0]


def event_details(store: Store, flt: EventFilter) -> list[dict]:
    """Events as dictionaries for the API: columns, plus `highlights`, the character
    spans of trigger, source, target and claimant within the evidence sentence."""
    columns, rows = events(store, flt, DETAIL_COLUMNS)
    items = []
    for row in rows:
        item = dict(zip(columns, row))
        item["highlights"] = evidence_spans(item.pop("record"))
        items.append(item)
    return items


def evidence_spans(record: str | dict | None) -> list[dict]:
    """Spans {role, start, end} relative to the evidence sentence, from a stored record."""
    if not record:
        return []
    event = json.loads(record) if isinstance(record, str) else record
    base, length = event.get("sentence_start") or 0, len(event.get("sentence") or "")
    spans = []
    if event.get("trigger_start") is not None and event.get("trigger"):
        start = event["trigger_start"] - base
        spans.append({"role": "trigger", "start": start, "end": start + len(event["trigger"])})
    for role in ("source", "target", "attributed_to"):
        mention = event.get(role)
        if mention and mention.get("start_char") is not None:
            spans.append({"role": role, "start": mention["start_char"] - base, "end": mention["end_char"] - base})
    claim = event.get("attributed_to") or {}
    cue = cue_span(event.get("sentence") or "", claim.get("cue"), claim.get("start_char", base) - base)
    if cue:
        spans.append({"role": "cue", "start": cue[0], "end": cue[1]})
    return sorted((s for s in spans if 0 <= s["start"] < s["end"] <= length), key=lambda s: s["start"])


def cue_span(sentence: str, cue: str | None, near: int) -> tuple[int, int] | None:
    """Where the status cue ("reported", "denied", "according to") stands in the sentence:
    the whole-word occurrence nearest the claimant. Records keep the cue's words, not
    its offset."""
    if not cue or cue == "modal":
        return None
    found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", sentence, re.IGNORECASE)]
    return min(found, key=lambda span: abs(span[0] - near)) if found else None


DOCUMENT_COLUMNS = ("d.id, d.title, d.source, d.url, d.date, d.n_chars, d.duplicate_of, d.ingested_at, "
                    "(SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events")


def documents(store: Store, text: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[str], list[tuple]]:
    """Stored documents, newest first; `text` searches titles and bodies."""
    where, params = "", []
    if text:
        where, params = " WHERE d.title ILIKE ? OR d.text ILIKE ?", [f"%{text}%", f"%{text}%"]
    result = store.db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents d{where} "
                              "ORDER BY d.date DESC NULLS LAST, d.id LIMIT ? OFFSET ?", [*params, limit, offset])
    return [c[0] for c in result.description], result.fetchall()


def document(store: Store, doc_id: str) -> dict:
    """One document with its text and its events (each with its highlights)."""
    result = store.db.execute(f"SELECT {DOCUMENT_COLUMNS}, d.text FROM documents d WHERE d.id = ?", [doc_id])
    row = result.fetchone()
    if row is None:
        raise NotFound(f"document {doc_id!r}: not in this store")
    item = dict(zip([c[0] for c in result.description], row))
    result = store.db.execute(
        f"SELECT {DETAIL_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id "
        "WHERE e.doc_id = ? ORDER BY e.sentence_index, e.trigger_start", [doc_id])
    names = [c[0] for c in result.description]
    item["events"] = []
    for values in result.fetchall():
        event = dict(zip(names, values))
        event["highlights"] = evidence_spans(event.pop("record"))
        item["events"].append(event)
    return item


def summary(store: Store) -> dict:
    """Counts, date range and event types of the store (near-duplicates left out)."""
    documents, first, last = store.db.execute(
        "SELECT count(*), min(date), max(date) FROM documents WHERE duplicate_of IS NULL").fetchone()
    types = store.db.execute("SELECT e.event_type, count(*) FROM events e JOIN documents d ON d.id = e.doc_id "
                             "WHERE d.duplicate_of IS NULL GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    return {"documents": documents, "events": sum(n for _, n in types),
            "first_date": first, "last_date": last,
            "event_types": [{"event_type": t, "events": n} for t, n in types]}


def event(store: Store, event_id: str) -> dict:
    """One event: its full record (the extraction contract) and where it came from."""
    row = store.db.execute("SELECT e.record, e.doc_id, d.title, d.source, d.url FROM events e "
                           "JOIN documents d ON d.id = e.doc_id WHERE e.id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFound(f"event {event_id!r}: not in this store")
    record = json.loads(row[0])
    return {"id": event_id, "record": record, "highlights": evidence_spans(record),
            "document": {"id": row[1], "title": row[2], "source": row[3], "url": row[4]}}


def export(store: Store, path: str, fmt: str, flt: EventFilter | None = None, header: bool = False) -> int:
    """Write events to a file in one of EXPORT_FORMATS; returns the row count (see
    faultlines.interop, where each layout is written). Near-duplicates are left out."""
    from faultlines.interop import export as write_export

    return write_export(store, path, fmt, flt, header)
