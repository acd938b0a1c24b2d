"""Flat exports: one row per event with every stored column, the document it came
from (outlet, title, URL, date, and the file it was read from) and its stances as columns (how many, and the
strongest contrary one with who holds it).

CSV has no types, so pandas would read the CAMEO code "072" as the number 72:
`read_csv` (and `CSV_DTYPES`, for those who call pandas themselves) reads every
code as a string. JSON lines and Parquet carry their types.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyarrow as pa

# The contrary stances, strongest first: a denial outweighs a refusal to confirm,
# which outweighs a "could" (see faultlines.model.Status).
CONTRARY = {"denied": 3, "unconfirmed": 2, "hypothetical": 1}

DOCUMENT_COLUMNS = ("d.source AS doc_outlet, d.title AS doc_title, d.url AS doc_url, "
                    "d.date AS doc_date, d.path AS doc_path")
STANCE_COLUMNS = "c.contrary_status, c.contrary_by, c.contrary_by_text"


def contrary_sql() -> str:
    """Per event, its strongest contrary stance (ties: the earliest in the text)."""
    ranks = " ".join(f"WHEN 'stance:{status}' THEN {rank}" for status, rank in CONTRARY.items())
    return f"""(SELECT event_id, substr(role, 8) AS contrary_status, key AS contrary_by,
                       text AS contrary_by_text
                FROM (SELECT *, row_number() OVER (PARTITION BY event_id
                                ORDER BY (CASE role {ranks} ELSE 0 END) DESC, start_char) AS n
                      FROM mentions WHERE role IN ({", ".join(f"'stance:{s}'" for s in CONTRARY)}))
                WHERE n = 1)"""


def select_sql(where: str) -> str:
    """Every column of the flat layout, in order: the events table's, then the document's,
    then the contrary stance's."""
    return (f"SELECT e.*, {DOCUMENT_COLUMNS}, {STANCE_COLUMNS} FROM events e "
            f"JOIN documents d ON d.id = e.doc_id LEFT JOIN {contrary_sql()} c ON c.event_id = e.id"
            f"{where} ORDER BY e.event_date, e.id")


OPTIONS = {"csv": "(FORMAT CSV, HEADER)", "jsonl": "(FORMAT JSON)", "parquet": "(FORMAT PARQUET)",
           "plover-csv": "(FORMAT CSV, HEADER)"}


def write(store, path: str, fmt: str, flt) -> int:
    """COPY the selected events to `path`; returns the row count."""
    where, params = flt.where()
    select = select_sql(where) if fmt != "plover-csv" else plover_csv_sql(where)
    target = str(Path(path)).replace("'", "''")
    store.db.execute(f"COPY ({select}) TO '{target}' {OPTIONS[fmt]}", params).fetchall()
    return store.db.execute(f"SELECT count(*) FROM ({select})", params).fetchall()[0][0]


# PLOVER coding as a flat CSV (named `polecat` before; it is not POLECAT's layout).
PLOVER_CSV_COLUMNS = """
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


def plover_csv_sql(where: str) -> str:
    return (f"SELECT {PLOVER_CSV_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id"
            f"{where} ORDER BY e.event_date, e.id")


@lru_cache(maxsize=1)
def arrow_schema() -> pa.Schema:
    """The Arrow schema of the flat layout, read from the migrated store itself."""
    from faultlines.query import EventFilter
    from faultlines.store import Store

    with Store(":memory:") as store:
        where, params = EventFilter().where()
        return store.db.sql(select_sql(where) + " LIMIT 0", params=params or None).to_arrow_table().schema


def pandas_dtype(kind: pa.DataType) -> str | None:
    """The pandas dtype a flat CSV column is read with (None: parsed as a date)."""
    if pa.types.is_integer(kind):
        return "Int64"
    if pa.types.is_floating(kind):
        return "Float64"
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return None
    return "string"


def csv_dtypes() -> tuple[dict[str, str], list[str]]:
    """(dtype per column, date columns) for `pandas.read_csv` on a flat CSV export:
    codes (cameo, actor codes) stay strings, counts are nullable integers."""
    dtypes, dates = {}, []
    for column in arrow_schema():
        kind = pandas_dtype(column.type)
        if kind is None:
            dates.append(column.name)
        else:
            dtypes[column.name] = kind
    return dtypes, dates


def read_csv(path: str | Path):
    """A flat CSV export as a pandas DataFrame with the documented dtypes."""
    import pandas as pd

    dtypes, dates = csv_dtypes()
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame
