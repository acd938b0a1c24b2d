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
EXPORT_FORMATS = ("csv", "jsonl", "parquet", "gdelt", "polecat")

# GDELT 2.0 event-table columns we can fill (tab-separated, like GDELT's files).
GDELT_SELECT = """
    hash(e.id) AS GLOBALEVENTID,
    CAST(strftime(e.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
    CAST(strftime(e.event_date, '%Y%m') AS INTEGER) AS MonthYear,
    year(e.event_date) AS Year,
    e.source_code AS Actor1Code, e.source_text AS Actor1Name, e.source_country AS Actor1CountryCode,
    e.source_sector AS Actor1Type1Code,
    e.target_code AS Actor2Code, e.target_text AS Actor2Name, e.target_country AS Actor2CountryCode,
    e.target_sector AS Actor2Type1Code,
    CASE WHEN e.sentence_index = 0 THEN 1 ELSE 0 END AS IsRootEvent,
    e.cameo AS EventCode, substr(e.cameo, 1, 3) AS EventBaseCode, substr(e.cameo, 1, 2) AS EventRootCode,
    e.quad_class AS QuadClass, e.goldstein AS GoldsteinScale,
    1 AS NumMentions, 1 AS NumSources, 1 AS NumArticles,
    e.location_name AS ActionGeo_FullName, e.location_country AS ActionGeo_CountryCode,
    e.latitude AS ActionGeo_Lat, e.longitude AS ActionGeo_Long,
    CAST(strftime(d.ingested_at, '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
    d.url AS SOURCEURL,
    e.status AS FL_Status, e.attributed_key AS FL_AttributedTo, e.confidence AS FL_Confidence"""

# POLECAT-style columns (PLOVER coding; one row per event).
POLECAT_SELECT = """
    e.id AS event_id, e.event_date AS event_date, d.date AS story_date, d.source AS publisher,
    e.event_type AS event_type, e.mode AS mode, NULL AS context,
    e.source_text AS actor_name, e.source_country AS actor_country, e.source_sector AS actor_sector,
    e.source_code AS actor_id,
    e.target_text AS recipient_name, e.target_country AS recipient_country,
    e.target_sector AS recipient_sector, e.target_code AS recipient_id,
    e.location_name AS placename, e.location_country AS country, e.latitude AS latitude,
    e.longitude AS longitude, e.status AS status, e.attributed_key AS attributed_to,
    e.confidence AS confidence, e.cameo AS cameo, e.quad_class AS quad_class,
    e.goldstein AS goldstein, e.sentence AS evidence, d.url AS story_url"""


def date_clauses(since: str | None, until: str | None, column: str = "e.event_date") -> tuple[list[str], list]:
    """SQL conditions and parameters for a date range (either end optional)."""
    clauses, params = [], []
    if since:
        clauses.append(f"{column} >= CAST(? AS DATE)")
        params.append(since)
    if until:
        clauses.append(f"{column} <= CAST(? AS DATE)")
        params.append(until)
    return clauses, params


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
        dated, dates = date_clauses(self.since, self.until)
        clauses += dated
        params += dates
        if self.text:
            clauses.append("e.sentence ILIKE ?")
            params.append(f"%{self.text}%")
        if not self.include_duplicates:
            clauses.append("d.duplicate_of IS NULL")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(store: Store, flt: EventFilter) -> tuple[list[str], list[tuple]]:
    where, params = flt.where()
    sql = (f"SELECT {COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id{where} "
           f"ORDER BY e.event_date, e.doc_id, e.sentence_index, e.id LIMIT ? OFFSET ?")
    result = store.db.execute(sql, [*params, max(1, min(flt.limit, 1_000_000)), max(0, flt.offset)])
    return [c[0] for c in result.description], result.fetchall()


def export(store: Store, path: str, fmt: str, flt: EventFilter | None = None) -> int:
    """Write events to CSV, JSONL or Parquet (every column), or in GDELT's (tab-separated)
    or POLECAT's column layout (CSV); returns the row count. Near-duplicates are left out."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"--format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    flt = flt or EventFilter(limit=1_000_000_000)
    where, params = flt.where()
    columns = {"gdelt": GDELT_SELECT, "polecat": POLECAT_SELECT}.get(fmt, "e.*")
    select = f"SELECT {columns} FROM events e JOIN documents d ON d.id = e.doc_id{where} ORDER BY e.event_date, e.id"
    options = {"csv": "(FORMAT CSV, HEADER)", "jsonl": "(FORMAT JSON)", "parquet": "(FORMAT PARQUET)",
               "gdelt": "(FORMAT CSV, HEADER, DELIMITER '\t')", "polecat": "(FORMAT CSV, HEADER)"}[fmt]
    target = str(Path(path))
    store.db.execute(f"COPY ({select}) TO '{target.replace(chr(39), chr(39) * 2)}' {options}", params)
    return store.db.execute(f"SELECT count(*) FROM ({select})", params).fetchone()[0]
