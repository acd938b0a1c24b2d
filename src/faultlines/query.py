"""Reading events back: filters turned into parameterised SQL, and exports.

Events of near-duplicate documents are left out unless asked for, so a wire
story republished ten times counts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from faultlines.errors import InputError
from faultlines.store import Store

COLUMNS = ("e.event_date, e.event_type, e.mode, e.cameo, e.quad_class, e.goldstein, "
           "e.source_text, e.source_key, e.target_text, e.target_key, e.status, e.attributed_key, "
           "e.confidence, d.source AS outlet, e.doc_id, e.sentence")
EXPORT_FORMATS = ("csv", "jsonl", "parquet")


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

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.actor:
            clauses.append("(e.source_key = ? OR e.target_key = ?)")
            params += [self.actor, self.actor]
        if self.dyad:
            if ":" not in self.dyad:
                raise InputError(f"--dyad {self.dyad!r}: expected SOURCE:TARGET, e.g. IRN:RUS")
            source, target = self.dyad.split(":", 1)
            clauses.append("e.source_key = ? AND e.target_key = ?")
            params += [source, target]
        for column, value in (("e.event_type", self.event_type), ("e.quad_class", self.quad_class),
                              ("e.status", self.status), ("d.source", self.outlet)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.since:
            clauses.append("e.event_date >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            clauses.append("e.event_date <= CAST(? AS DATE)")
            params.append(self.until)
        if self.text:
            clauses.append("e.sentence ILIKE ?")
            params.append(f"%{self.text}%")
        if not self.include_duplicates:
            clauses.append("d.duplicate_of IS NULL")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(store: Store, flt: EventFilter) -> tuple[list[str], list[tuple]]:
    where, params = flt.where()
    sql = (f"SELECT {COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id{where} "
           f"ORDER BY e.event_date, e.doc_id, e.sentence_index LIMIT ?")
    result = store.db.execute(sql, [*params, max(1, min(flt.limit, 1_000_000))])
    return [c[0] for c in result.description], result.fetchall()


def export(store: Store, path: str, fmt: str, flt: EventFilter | None = None) -> int:
    """Write events (all columns) to CSV, JSONL or Parquet; returns the row count."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"--format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    flt = flt or EventFilter(limit=1_000_000_000)
    where, params = flt.where()
    select = f"SELECT e.* FROM events e JOIN documents d ON d.id = e.doc_id{where} ORDER BY e.event_date, e.id"
    options = {"csv": "(FORMAT CSV, HEADER)", "jsonl": "(FORMAT JSON)", "parquet": "(FORMAT PARQUET)"}[fmt]
    target = str(Path(path))
    store.db.execute(f"COPY ({select}) TO '{target.replace(chr(39), chr(39) * 2)}' {options}", params)
    return store.db.execute(f"SELECT count(*) FROM ({select})", params).fetchone()[0]
