"""The embedded store: one DuckDB file with documents, events and ingest errors.

- Ordered migrations, recorded in a `migrations` table, so an old file is
  upgraded in place and a rerun changes nothing.
- Idempotent writes: a document's id is the hash of its normalised text (and
  URL when known); writing the same document twice adds nothing.
- Crash safety: documents and their events are written together in one
  transaction per batch, so a run killed at any point leaves whole documents
  or none (DuckDB rolls back an unfinished transaction when the file reopens).
- Bulk inserts go through Arrow tables.
- Every query the Store runs is read to its end (`fetchall`, never `fetchone`): DuckDB
  refuses new work on a connection with an unfinished result, so a half-read result
  would break a user's own `store.db.sql(...).df()` afterwards.
- `Store.open_parquet(DIR)`: the same tables, read-only, as views over the Parquet
  output of the Spark job (`faultlines spark extract`), whose columns and types
  come from `table_schema`, i.e. from these migrations.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa

from faultlines import __version__
from faultlines.errors import FaultlinesError, InputError
from faultlines.model import Document, Event


class StoreError(FaultlinesError):
    exit_code = 5


class StoreBusy(StoreError):
    """Another process holds the file: DuckDB lets one process write, or several read,
    never both. The API answers 503 with Retry-After; the CLI names the holder."""

    exit_code = 6
    http_status = 503

    def __init__(self, path: str, pid: int | None):
        self.pid = pid
        # what an HTTP client is told: no paths, no command lines
        self.brief = (f"the store is busy: another process{f' (PID {pid})' if pid else ''} is writing to it; "
                      "retry shortly")
        holder = f"process {pid} ({process_name(pid)})" if pid else "another process"
        super().__init__(f"{Path(path).name}: the store is in use by {holder}; DuckDB lets one process "
                         "write a store at a time: wait for it to finish, or send documents to a running "
                         "`faultlines serve` with POST /api/ingest")


def process_name(pid: int) -> str:
    """The command line of `pid` (Linux /proc), shortened; "unknown" elsewhere."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "unknown"
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    if "-m" in words and words.index("-m") + 1 < len(words):  # python -m faultlines ingest ...
        words = words[words.index("-m") + 1:]
    elif words and "python" in Path(words[0]).name and len(words) > 1:
        words = words[1:]
    shown = [Path(words[0]).name, *words[1:3]] if words else ["unknown"]
    return " ".join(w if len(w) <= 40 else w[:39] + "…" for w in shown)


def connect(path: str, read_only: bool, config: dict | None = None, wait: float = 0.0):
    """A DuckDB connection; while another process holds the file lock, retry for up to
    `wait` seconds, then raise StoreBusy naming the holder."""
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"{Path(path).name}: cannot open the database: {exc}") from exc
            if time.monotonic() >= deadline:
                found = re.search(r"\(PID (\d+)\)", str(exc))
                raise StoreBusy(path, int(found[1]) if found else None) from exc
            ask_for(path)
            time.sleep(delay)  # short: a busy server leaves gaps of 0.1 s (see faultlines.access)
            delay = min(delay * 2, 0.05)
        except duckdb.Error as exc:
            raise StoreError(f"{Path(path).name}: cannot open the database: {exc}") from exc


def wanted_marker(path: str) -> Path:
    """`<store>.wanted`: a process waiting for the file's lock creates it; the holder
    (a CLI ingest between batches, a busy server between requests) lets go when it sees
    it. Without a waiter nobody closes and reopens the file for nothing."""
    return Path(f"{path}.wanted")


def ask_for(path: str) -> None:
    try:
        wanted_marker(path).touch()
    except OSError:
        pass  # a read-only folder: the holder lets go when it finishes


def is_wanted(path: str) -> bool:
    """Whether another process waits for the file; the marker is consumed."""
    marker = wanted_marker(path)
    if not marker.exists():
        return False
    try:
        marker.unlink()
    except OSError:
        pass
    return True


# What `faultlines sql` may do: read this store, nothing else. No file or network access
# outside it (COPY, ATTACH, read_csv, EXPORT all fail), no extension installed or loaded,
# and the settings locked so a query cannot turn any of it back on.
SANDBOX = {"enable_external_access": False, "autoinstall_known_extensions": False,
           "autoload_known_extensions": False, "allow_community_extensions": False,
           "lock_configuration": True}


MIGRATIONS: list[tuple[str, str]] = [
    ("documents, events, ingest errors", """
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY, input_id VARCHAR, title VARCHAR, source VARCHAR, url VARCHAR,
            date DATE, text VARCHAR, n_chars INTEGER, duplicate_of VARCHAR, minhash BLOB,
            extractor_version VARCHAR, ingested_at TIMESTAMP);
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, doc_id VARCHAR, sentence_index INTEGER, sentence VARCHAR,
            sentence_start INTEGER, trigger VARCHAR, trigger_start INTEGER,
            event_type VARCHAR, mode VARCHAR, cameo VARCHAR, quad_class INTEGER, goldstein DOUBLE,
            source_text VARCHAR, source_code VARCHAR, source_key VARCHAR, source_country VARCHAR,
            source_sector VARCHAR, source_kind VARCHAR,
            target_text VARCHAR, target_code VARCHAR, target_key VARCHAR, target_country VARCHAR,
            target_sector VARCHAR, target_kind VARCHAR,
            status VARCHAR, attributed_text VARCHAR, attributed_key VARCHAR, cue VARCHAR,
            outlet_key VARCHAR, instrument VARCHAR, instrument_category VARCHAR,
            location_name VARCHAR, location_country VARCHAR, latitude DOUBLE, longitude DOUBLE,
            event_date DATE, confidence DOUBLE, n_stances INTEGER, record JSON,
            extractor_version VARCHAR);
        CREATE INDEX events_doc ON events (doc_id);
        CREATE INDEX events_dyad ON events (source_key, target_key);
        CREATE INDEX events_type ON events (event_type);
        CREATE INDEX events_date ON events (event_date);
        CREATE TABLE ingest_errors (input VARCHAR, reason VARCHAR, reported_at TIMESTAMP);
    """),
    ("sentences, actor mentions, actors", """
        CREATE TABLE sentences (
            doc_id VARCHAR, sentence_index INTEGER, start_char INTEGER, end_char INTEGER,
            PRIMARY KEY (doc_id, sentence_index));
        CREATE TABLE mentions (
            event_id VARCHAR, doc_id VARCHAR, role VARCHAR, text VARCHAR, start_char INTEGER,
            end_char INTEGER, code VARCHAR, key VARCHAR, country VARCHAR, sector VARCHAR, kind VARCHAR,
            name VARCHAR);
        CREATE INDEX mentions_event ON mentions (event_id);
        CREATE INDEX mentions_key ON mentions (key);
        CREATE TABLE actors (
            code VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, country VARCHAR, sector VARCHAR,
            key VARCHAR);
    """),
    ("documents.path: the file a document was read from", """
        ALTER TABLE documents ADD COLUMN path VARCHAR;
    """),
]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def document_id(doc: Document) -> str:
    """The identity of a document: its normalised text, plus its URL when known."""
    digest = hashlib.sha256(normalise(doc.text).encode("utf-8"))
    if doc.url:
        digest.update(b"\0" + doc.url.encode("utf-8"))
    return digest.hexdigest()[:32]


def event_id(doc_id: str, event: Event) -> str:
    key = "|".join(str(x) for x in (doc_id, event.sentence_index, event.trigger_start, event.event_type,
                                     event.source.actor.key if event.source else "",
                                     event.target.actor.key if event.target else ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _mention(m) -> list:
    if m is None:
        return [None] * 6
    return [m.text, m.actor.code, m.actor.key, m.actor.country, m.actor.sector, m.actor.kind]


def event_row(doc_id: str, event: Event) -> dict:
    attr, loc = event.attributed_to, event.location
    row = dict(zip(("source_text", "source_code", "source_key", "source_country", "source_sector",
                    "source_kind"), _mention(event.source)))
    row.update(zip(("target_text", "target_code", "target_key", "target_country", "target_sector",
                    "target_kind"), _mention(event.target)))
    row.update(
        id=event_id(doc_id, event), doc_id=doc_id, sentence_index=event.sentence_index,
        sentence=event.sentence, sentence_start=event.sentence_start, trigger=event.trigger,
        trigger_start=event.trigger_start, event_type=event.event_type, mode=event.mode,
        cameo=event.cameo, quad_class=event.quad_class, goldstein=event.goldstein,
        status=event.status.value,
        attributed_text=attr.mention.text if attr else None,
        attributed_key=attr.mention.actor.key if attr else None, cue=attr.cue if attr else None,
        outlet_key=attr.outlet.actor.key if attr and attr.outlet else None,
        instrument=event.instrument, instrument_category=event.instrument_category,
        location_name=loc.name if loc else None, location_country=loc.country if loc else None,
        latitude=loc.lat if loc else None, longitude=loc.lon if loc else None,
        event_date=event.date, confidence=event.confidence, n_stances=len(event.stances),
        record=json.dumps({**event.to_json(), "doc_id": doc_id}, ensure_ascii=False),
        extractor_version=__version__)
    return row


@dataclass
class StoredDoc:
    """A document ready to be written, with what extraction made of it."""

    document: Document
    id: str
    events: list[Event]
    duplicate_of: str | None = None
    minhash: bytes | None = None
    sentences: list[tuple[int, int]] | None = None


def document_row(item: StoredDoc, stamp: datetime) -> dict:
    """The `documents` row of a document (also what the Spark job writes)."""
    doc = item.document
    return {"id": item.id, "input_id": doc.id, "title": doc.title, "source": doc.source, "url": doc.url,
            "date": doc.date, "text": doc.text, "n_chars": len(doc.text), "duplicate_of": item.duplicate_of,
            "minhash": item.minhash, "extractor_version": __version__, "ingested_at": stamp, "path": doc.path}


def sentence_rows_of(item: StoredDoc) -> list[dict]:
    """The `sentences` rows of a document: character spans by sentence index."""
    return [{"doc_id": item.id, "sentence_index": i, "start_char": a, "end_char": b}
            for i, (a, b) in enumerate(item.sentences or [])]


def mention_rows(doc_id: str, event: Event) -> list[dict]:
    eid = event_id(doc_id, event)
    found = [("source", event.source), ("target", event.target)]
    if event.attributed_to:
        found.append(("attributed", event.attributed_to.mention))
        found.append(("outlet", event.attributed_to.outlet))
    found += [(f"stance:{s.status.value}", s.by) for s in event.stances]
    return [{"event_id": eid, "doc_id": doc_id, "role": role, "text": m.text, "start_char": m.start_char,
             "end_char": m.end_char, "code": m.actor.code, "key": m.actor.key, "country": m.actor.country,
             "sector": m.actor.sector, "kind": m.actor.kind, "name": m.actor.name}
            for role, m in found if m is not None]


@dataclass
class Written:
    documents: int = 0
    events: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input id, why)


class Store:
    """A DuckDB file (or ":memory:") holding what faultlines extracted."""

    def __init__(self, path: str | Path = "faultlines.duckdb", read_only: bool = False, wait: float = 0.0,
                 sandboxed: bool = False):
        """`wait`: seconds to wait for another process's lock; `sandboxed`: read-only and
        locked down for user SQL (see SANDBOX)."""
        self.path = str(path)
        read_only = read_only or sandboxed
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise InputError(f"{self.path}: no such database (run `faultlines ingest` first)")
        self.read_only, self.wait = read_only, wait
        self.hooks = None  # (release, reacquire) of a borrowed store; see `lending`
        self.db = connect(self.path, read_only, SANDBOX if sandboxed else None, wait)
        if not read_only:
            self.migrate()
        elif not self.db.execute("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_name = 'events'").fetchall()[0][0]:
            raise InputError(f"{self.path}: not a faultlines database (no events table)")

    @classmethod
    def borrow(cls, owner: "Store") -> "Store":
        """A Store on its own cursor of `owner`'s connection, for one thread (the server's
        requests); closing it closes only the cursor."""
        store = cls.__new__(cls)
        store.path, store.read_only, store.wait, store.hooks = owner.path, owner.read_only, owner.wait, None
        store.db = owner.db.cursor()
        return store

    @classmethod
    def open_parquet(cls, directory: str | Path, sandboxed: bool = False) -> "Store":
        """A store over the Parquet output of `faultlines spark extract`, so one machine can
        analyse what a cluster extracted. An in-memory DuckDB whose tables are views over
        DIR/<table>/**/*.parquet with the store's own column names and types (taken from the
        migrated schema), so every query and analysis runs unchanged. A table with no files
        stays an empty table of the right type; `actors` is derived from the mentions, as
        `write` derives it. Nothing is written to DIR."""
        root = Path(directory)
        if not root.is_dir():
            raise InputError(f"{directory}: no such directory")
        if not (root / PARQUET_TABLES["events"]).is_dir():
            raise InputError(f"{directory}: not a faultlines Parquet output (no events/ folder); "
                             "run `faultlines spark extract --output DIR` first")
        store = cls(":memory:")
        store.path = str(root)
        for table, folder in PARQUET_TABLES.items():
            if next((root / folder).rglob("*.parquet"), None) is None:
                continue
            files = str(root / folder / "**" / "*.parquet").replace("'", "''")
            source = (f"read_parquet('{files}', hive_partitioning = {str(table == 'events').lower()}, "
                      "union_by_name = true)")
            try:
                found = {r[0] for r in store.db.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
            except duckdb.Error as exc:
                raise InputError(f"{root / folder}: cannot be read as the {table} table: {exc}") from exc
            # a column added by a later migration is NULL in older output
            columns = ", ".join(f'CAST({quoted(name) if name in found else "NULL"} AS {kind}) AS {quoted(name)}'
                                for name, kind, *_ in store.db.execute(f"DESCRIBE {table}").fetchall())
            try:
                store.db.execute(f"DROP TABLE {table}")
                store.db.execute(f"CREATE VIEW {table} AS SELECT {columns} FROM {source}")
                store.db.execute(f"SELECT * FROM {table} LIMIT 0")
            except duckdb.Error as exc:
                raise InputError(f"{root / folder}: cannot be read as the {table} table: {exc}") from exc
        if next((root / PARQUET_TABLES["mentions"]).rglob("*.parquet"), None) is not None:
            store.db.execute("DROP TABLE actors")
            store.db.execute("""CREATE VIEW actors AS
                SELECT code, any_value(name) AS name, any_value(kind) AS kind, any_value(country) AS country,
                       any_value(sector) AS sector, any_value(key) AS key
                FROM mentions WHERE code IS NOT NULL GROUP BY code""")
        if sandboxed:
            store.seal()
        return store

    def seal(self) -> None:
        """Lock an in-memory store down for user SQL: views over files become tables
        (a sealed connection may read no file at all), then SANDBOX is applied."""
        views = [r[0] for r in self.db.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name = 'actors'").fetchall()]
        for view in views:
            self.db.execute(f"CREATE TABLE {view}__sealed AS SELECT * FROM {view}")
        for view in reversed(views):
            self.db.execute(f"DROP VIEW {view}")
        for view in views:
            self.db.execute(f"ALTER TABLE {view}__sealed RENAME TO {view}")
        for name, value in SANDBOX.items():
            self.db.execute(f"SET {name} = {str(value).lower()}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations this file lacks, each in its own transaction."""
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations "
                        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
        done = {row[0] for row in self.db.execute("SELECT version FROM migrations").fetchall()}
        applied = []
        for version, (name, sql) in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            self.db.execute("BEGIN TRANSACTION")
            try:
                self.db.execute(sql)
                self.db.execute("INSERT INTO migrations VALUES (?, ?, ?)", [version, name, now()])
                self.db.execute("COMMIT")
            except duckdb.Error as exc:
                self.db.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {version} ({name}) failed: {exc}") from exc
            applied.append(name)
        return applied

    def schema_version(self) -> int:
        return self.db.execute("SELECT max(version) FROM migrations").fetchall()[0][0] or 0

    # -- writing --------------------------------------------------------------
    def known_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.db.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def write(self, batch: list[StoredDoc]) -> Written:
        """Write whole documents with their sentences, events, mentions and actors in
        one transaction. Should the batch fail, each document is written alone, so one
        that cannot be stored costs only itself (it is listed in `Written.failed`)."""
        known = self.known_ids([item.id for item in batch])
        fresh = [item for item in batch if item.id not in known]
        if not fresh:
            return Written()
        try:
            return self._write(fresh)
        except StoreError:
            if len(fresh) == 1:
                raise
        written = Written()
        for item in fresh:
            try:
                one = self._write([item])
            except StoreError as exc:
                written.failed.append((item.document.id, str(exc).split(": ", 1)[-1]))
                continue
            written.documents += one.documents
            written.events += one.events
        return written

    def _write(self, fresh: list[StoredDoc]) -> Written:
        stamp = now()
        doc_rows = pa.Table.from_pylist(  # noqa: F841 (DuckDB reads these tables by name)
            [document_row(item, stamp) for item in fresh], schema=DOC_SCHEMA)
        rows = [event_row(item.id, e) for item in fresh for e in item.events]
        event_rows = pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)  # noqa: F841
        sentence_rows = pa.Table.from_pylist(  # noqa: F841
            [row for item in fresh for row in sentence_rows_of(item)], schema=SENTENCE_SCHEMA)
        mentions = [m for item in fresh for e in item.events for m in mention_rows(item.id, e)]
        mention_table = pa.Table.from_pylist(mentions, schema=MENTION_SCHEMA)  # noqa: F841
        try:
            self.db.execute("BEGIN TRANSACTION")
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: could not start a transaction: {exc}") from exc
        try:
            self.db.execute("INSERT INTO documents SELECT * FROM doc_rows")
            self.db.execute("INSERT INTO sentences SELECT * FROM sentence_rows ON CONFLICT DO NOTHING")
            if rows:
                self.db.execute("INSERT INTO events SELECT * FROM event_rows ON CONFLICT DO NOTHING")
                self.db.execute("INSERT INTO mentions SELECT * FROM mention_table")
                self.db.execute("""INSERT INTO actors
                    SELECT code, any_value(name), any_value(kind), any_value(country), any_value(sector),
                           any_value(key) FROM mention_table WHERE code IS NOT NULL GROUP BY code
                    ON CONFLICT DO NOTHING""")
            self.db.execute("COMMIT")
        except duckdb.Error as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(f"{Path(self.path).name}: could not write {len(fresh)} document(s): {exc}") from exc
        return Written(len(fresh), len(rows))

    def replace_events(self, doc_id: str, events: list[Event]) -> int:
        """Re-coded events for a stored document, swapped in one transaction."""
        rows = [event_row(doc_id, e) for e in events]
        new_events = pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)  # noqa: F841 (read by DuckDB)
        new_mentions = pa.Table.from_pylist(  # noqa: F841 (read by DuckDB)
            [m for e in events for m in mention_rows(doc_id, e)], schema=MENTION_SCHEMA)
        self.db.execute("BEGIN TRANSACTION")
        self.db.execute("DELETE FROM events WHERE doc_id = ?", [doc_id])
        self.db.execute("DELETE FROM mentions WHERE doc_id = ?", [doc_id])
        if rows:
            self.db.execute("INSERT INTO events SELECT * FROM new_events ON CONFLICT DO NOTHING")
            self.db.execute("INSERT INTO mentions SELECT * FROM new_mentions")
        self.db.execute("COMMIT")
        return len(rows)

    def record_errors(self, problems: list[tuple[str, str]]) -> None:
        """Record bad inputs, each (input, reason) once: a rerun over the same files
        does not add them again."""
        fresh = list(dict.fromkeys(problems))
        if not fresh:
            return
        new_errors = pa.table({"input": [p[0] for p in fresh], "reason": [p[1] for p in fresh]})  # noqa: F841
        self.db.execute("""INSERT INTO ingest_errors
            SELECT t.input, t.reason, ? FROM new_errors t
            WHERE NOT EXISTS (SELECT 1 FROM ingest_errors e WHERE e.input = t.input AND e.reason = t.reason)""",
                        [now()])

    @contextmanager
    def lending(self):
        """While slow work runs (parsing), lend the file to another process that asks
        for it (`wanted_marker`): the caller offers it between steps (`Lender.offer`);
        it is taken back at the end, waiting up to `self.wait` seconds. A store the
        server borrowed (`hooks`) is given back for the whole of the work."""
        lender = Lender(self)
        try:
            yield lender
        finally:
            lender.take_back()

    @contextmanager
    def released(self):
        """`lending`, offered once at the start."""
        with self.lending() as lender:
            lender.offer()
            yield

    # -- reading ---------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in ("documents", "events", "ingest_errors", "sentences", "mentions", "actors"):
            raise InputError(f"unknown table {table!r}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def signatures(self) -> list[tuple[str, bytes]]:
        return self.db.execute(
            "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL AND duplicate_of IS NULL").fetchall()

    def documents(self) -> list[tuple[str, Document]]:
        rows = self.db.execute("SELECT id, input_id, text, CAST(date AS VARCHAR), source, title, url, path "
                               "FROM documents ORDER BY ingested_at, id").fetchall()
        return [(r[0], Document(r[1], r[2], r[3], r[4], r[5], r[6], r[7])) for r in rows]

    def sql(self, query: str) -> tuple[list[str], list[tuple]]:
        return self.sql_params(query, [])

    def sql_params(self, query: str, params: list) -> tuple[list[str], list[tuple]]:
        try:
            result = self.db.execute(query, params)
        except duckdb.Error as exc:
            raise InputError(f"SQL error: {str(exc).strip().splitlines()[0]}") from exc
        if result is None:  # DuckDB answers an empty or comment-only query with nothing
            raise InputError(f"SQL {query.strip()[:60]!r}: no statement to run; give a SELECT")
        columns = [d[0] for d in result.description or []]
        return columns, result.fetchall()


class Lender:
    """A store's file, lent to a waiting process between steps of slow work."""

    def __init__(self, store: Store):
        self.store, self.lent = store, False
        if store.hooks is not None:
            store.hooks[0]()
            self.lent = True

    def offer(self) -> None:
        store = self.store
        if not self.lent and store.path != ":memory:" and is_wanted(store.path):
            store.db.close()
            self.lent = True

    def take_back(self) -> None:
        if not self.lent:
            return
        store = self.store
        if store.hooks is not None:
            store.hooks[1]()
        else:
            store.db = connect(store.path, store.read_only, None, store.wait)
        self.lent = False


# The Parquet layout of `faultlines spark extract`: table -> folder under the output
# directory; events are partitioned by the year and month of their date.
PARQUET_TABLES = {"documents": "documents", "sentences": "sentences", "events": "events",
                  "mentions": "mentions", "ingest_errors": "errors"}
EVENT_PARTITIONS = ("year", "month")


@lru_cache(maxsize=None)
def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a store table, read from the migrated schema itself: what the
    Spark job writes has the store's columns and types by this one definition."""
    with Store(":memory:") as store:
        return store.db.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema


def quoted(name: str) -> str:
    return f'"{name}"'


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


DOC_SCHEMA = pa.schema([
    ("id", pa.string()), ("input_id", pa.string()), ("title", pa.string()), ("source", pa.string()),
    ("url", pa.string()), ("date", pa.string()), ("text", pa.string()), ("n_chars", pa.int32()),
    ("duplicate_of", pa.string()), ("minhash", pa.binary()), ("extractor_version", pa.string()),
    ("ingested_at", pa.timestamp("us")), ("path", pa.string()),
])
_EVENT_COLUMNS = [
    ("id", pa.string()), ("doc_id", pa.string()), ("sentence_index", pa.int32()), ("sentence", pa.string()),
    ("sentence_start", pa.int32()), ("trigger", pa.string()), ("trigger_start", pa.int32()),
    ("event_type", pa.string()), ("mode", pa.string()), ("cameo", pa.string()), ("quad_class", pa.int32()),
    ("goldstein", pa.float64()),
    *((f"source_{c}", pa.string()) for c in ("text", "code", "key", "country", "sector", "kind")),
    *((f"target_{c}", pa.string()) for c in ("text", "code", "key", "country", "sector", "kind")),
    ("status", pa.string()), ("attributed_text", pa.string()), ("attributed_key", pa.string()),
    ("cue", pa.string()), ("outlet_key", pa.string()), ("instrument", pa.string()),
    ("instrument_category", pa.string()), ("location_name", pa.string()), ("location_country", pa.string()),
    ("latitude", pa.float64()), ("longitude", pa.float64()), ("event_date", pa.string()),
    ("confidence", pa.float64()), ("n_stances", pa.int32()), ("record", pa.string()),
    ("extractor_version", pa.string()),
]
EVENT_SCHEMA = pa.schema(_EVENT_COLUMNS)
SENTENCE_SCHEMA = pa.schema([("doc_id", pa.string()), ("sentence_index", pa.int32()),
                             ("start_char", pa.int32()), ("end_char", pa.int32())])
MENTION_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("doc_id", pa.string()), ("role", pa.string()), ("text", pa.string()),
    ("start_char", pa.int32()), ("end_char", pa.int32()), ("code", pa.string()), ("key", pa.string()),
    ("country", pa.string()), ("sector", pa.string()), ("kind", pa.string()), ("name", pa.string()),
])
