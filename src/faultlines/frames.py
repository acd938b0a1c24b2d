"""The Python data API: stored events (and freshly extracted ones) as pandas
DataFrames and Arrow tables.

    >>> import faultlines
    >>> with faultlines.open("faultlines.duckdb") as data:
    ...     frame = data.events(dyad="IRN:RUS", status="reported").to_pandas()

`open` takes a store file or the Parquet folder of `faultlines spark extract`, read
only. `events()` takes the filters of `faultlines query events` and returns the flat
export's columns (every stored column, the document's outlet, title, URL and date,
and the strongest contrary stance). `faultlines.extract(...)` returns an `EventList`,
a plain list of Events that converts the same way (the store's event columns).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa


class Frame:
    """A query's result: an Arrow table, with a pandas view on request."""

    def __init__(self, table: pa.Table):
        self.table = table

    def to_arrow(self) -> pa.Table:
        return self.table

    def to_pandas(self):
        """A DataFrame (pandas is a dependency): strings as pandas strings, dates as
        datetime64, integer columns with missing values as nullable integers."""
        import pandas as pd

        nullable = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}
        return self.table.to_pandas(types_mapper=nullable.get, date_as_object=False)

    def __len__(self) -> int:
        return self.table.num_rows

    @property
    def columns(self) -> list[str]:
        return self.table.column_names

    def __repr__(self) -> str:
        return f"<Frame {self.table.num_rows} rows × {self.table.num_columns} columns>"


class EventList(list):
    """What `faultlines.extract` returns: a list of Events that also converts to a
    table, one row per event with the store's event columns."""

    def to_arrow(self) -> pa.Table:
        from faultlines.store import EVENT_SCHEMA, event_row

        return pa.Table.from_pylist([event_row(e.doc_id, e) for e in self], schema=EVENT_SCHEMA)

    def to_pandas(self):
        return Frame(self.to_arrow()).to_pandas()


class Dataset:
    """A store opened read-only for analysis; use as a context manager or call close()."""

    def __init__(self, path: str | Path):
        from faultlines.store import Store

        self.store = Store.open_parquet(path) if Path(path).is_dir() else Store(path, read_only=True)

    def events(self, actor: str | None = None, dyad: str | None = None, type: str | None = None,
               quad: int | None = None, status: str | None = None, since: str | None = None,
               until: str | None = None, outlet: str | None = None, text: str | None = None,
               limit: int | None = None, include_duplicates: bool = False) -> Frame:
        """Events by the filters of `faultlines query events` (`type` is --type, `quad`
        is --quad); every matching event unless `limit` is given."""
        from faultlines.interop.flat import select_sql
        from faultlines.query import EventFilter

        flt = EventFilter(actor=actor, dyad=dyad, event_type=type, quad_class=quad, status=status,
                          since=since, until=until, outlet=outlet, text=text,
                          include_duplicates=include_duplicates)
        where, params = flt.where()
        sql = select_sql(where) + (" LIMIT ?" if limit is not None else "")
        return self.sql(sql, [*params, *([max(0, limit)] if limit is not None else [])])

    def documents(self) -> Frame:
        """Every stored document (without its text and MinHash signature)."""
        return self.sql("SELECT * EXCLUDE (text, minhash) FROM documents ORDER BY date, id")

    def sql(self, query: str, params: list | None = None) -> Frame:
        """Any SQL over the store's tables (documents, events, mentions, actors, ...)."""
        import duckdb

        from faultlines.errors import InputError

        try:
            return Frame(self.store.db.sql(query, params=params or None).to_arrow_table())
        except duckdb.Error as exc:
            raise InputError(f"SQL error: {str(exc).strip().splitlines()[0]}") from exc

    def export(self, path: str, format: str = "csv", header: bool = False, **filters) -> int:
        """`faultlines export` with the filters of `events()`; returns the row count."""
        from faultlines.interop import export
        from faultlines.query import EventFilter

        names = {"type": "event_type", "quad": "quad_class"}
        flt = EventFilter(limit=1_000_000_000, **{names.get(k, k): v for k, v in filters.items()})
        return export(self.store, path, format, flt, header)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_dataset(path: str | Path) -> Dataset:
    """A store file (or Spark Parquet folder) for analysis, read-only."""
    return Dataset(path)
