"""What runs inside Spark's Python workers: records → documents → the store's rows.

Both functions take and yield Arrow record batches (`DataFrame.mapInArrow`), so
rows cross from the JVM to Python and back without pandas or pickling.

`parse_batches` decodes each raw record with `faultlines.records.document_from_record`
(the reader `faultlines extract` uses) and gives it its store identity
(`store.document_id`). `code_batches` runs `extract_documents` — the one pass of
`faultlines extract` — and builds the rows with the store's own functions
(`document_row`, `sentence_rows_of`, `event_row`, `mention_rows`), cast to the
store's column types (`store.table_schema`). Its output is one tagged table:
a `kind` column naming the store table of the row, the document id and reading
position of document and exact-duplicate rows (what the near-duplicate pass
needs: `neardup.py`), and one struct column per table, only the row's own set.
Each document row carries its MinHash signature (`dedup.signature`, as the
store keeps it).

The spaCy pipeline and knowledge base are loaded once per worker process:
`load_pipeline` and `resources` are module-level caches, and Spark reuses its
Python workers across tasks (`spark.python.worker.reuse`, on by default), so a
task pays for loading only the first time its process codes anything.

A document whose coding raises is retried alone and, if it fails again,
reported with its input name and the reason; a pipeline that cannot be loaded
at all (model not installed on the executors) fails the job, since every
document would fail the same way.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Iterable, Iterator

import pyarrow as pa

from faultlines import dedup
from faultlines.learned.hybrid import DEFAULT_CODER
from faultlines.errors import DataError, PipelineError
from faultlines.records import InputProblem, document_from_record
from faultlines.model import Document
from faultlines.store import (DOC_SCHEMA, EVENT_SCHEMA, MENTION_SCHEMA, SENTENCE_SCHEMA, StoredDoc,
                              document_id, document_row, event_row, mention_rows, now, sentence_rows_of,
                              table_schema)

# The tagged output: table name -> the schema its rows are built with (the store's insert
# schemas), cast to the store's column types. "duplicate" rows are exact duplicates: their
# id and position only.
TABLES = {"documents": DOC_SCHEMA, "sentences": SENTENCE_SCHEMA, "events": EVENT_SCHEMA,
          "mentions": MENTION_SCHEMA, "ingest_errors": None}
DUPLICATE = "duplicate"

PARSED_SCHEMA = pa.schema([
    ("id", pa.string()), ("input", pa.string()), ("input_id", pa.string()), ("title", pa.string()),
    ("source", pa.string()), ("url", pa.string()), ("date", pa.string()), ("text", pa.string()),
    ("problem", pa.string()), ("position", pa.int64()),
])


@lru_cache(maxsize=None)
def tagged_schema() -> pa.Schema:
    return pa.schema([("kind", pa.string()), ("doc_id", pa.string()), ("position", pa.int64())]
                     + [(table, pa.struct(list(table_schema(table)))) for table in TABLES])


# -- records -> documents ------------------------------------------------------------
def parse_record(where: str, default_id: str, raw: bytes | None) -> Document | InputProblem | None:
    """A raw JSONL line or Parquet row as a Document, a problem, or None for a blank line."""
    if raw is None or not raw.strip():
        return None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(where, f"is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(where, f"is not valid JSON ({exc.msg} at column {exc.colno})")
    return document_from_record(record, where, default_id)


def _text(value) -> str | None:
    return None if value is None else str(value)


def parse_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """(input, default_id, raw) rows -> PARSED_SCHEMA rows: a document with its store id,
    or a problem (whose id only spreads problems over partitions)."""
    for batch in batches:
        rows = []
        columns = ("input", "default_id", "raw", "position")
        for where, default_id, raw, position in zip(*(batch.column(c).to_pylist() for c in columns)):
            item = parse_record(where, default_id, raw)
            if item is None:
                continue
            if isinstance(item, InputProblem):
                rows.append({"id": f"!{item.input}", "input": item.input, "problem": item.reason})
                continue
            rows.append({"id": document_id(item), "input": where, "input_id": item.id,
                         "title": _text(item.title), "source": _text(item.source), "url": _text(item.url),
                         "date": _text(item.date), "text": item.text, "position": position})
        yield pa.RecordBatch.from_pylist(rows, schema=PARSED_SCHEMA)


# -- documents -> the store's rows -----------------------------------------------------
def _tagged(kind: str, rows: list[dict], keys: list[tuple[str, int]] | None = None) -> pa.RecordBatch:
    """One batch of `kind` rows; `keys` are the (document id, position) of document rows."""
    schema = tagged_schema()
    n = len(rows)
    ids = pa.array([k for k, _ in keys], pa.string()) if keys else pa.nulls(n, pa.string())
    positions = pa.array([p for _, p in keys], pa.int64()) if keys else pa.nulls(n, pa.int64())
    if kind == DUPLICATE:
        columns = [pa.nulls(n, field.type) for field in schema][3:]
    else:
        target = table_schema(kind)
        table = pa.Table.from_pylist(rows, schema=TABLES[kind] or target).cast(target).combine_chunks()
        own = pa.StructArray.from_arrays([c.chunk(0) if c.num_chunks else pa.array([], c.type)
                                          for c in table.columns], fields=list(target))
        columns = [own if field.name == kind else pa.nulls(n, field.type) for field in schema][3:]
    return pa.RecordBatch.from_arrays([pa.array([kind] * n, pa.string()), ids, positions, *columns], schema=schema)


def _extract(documents: list[Document], model: str, batch_size: int, dictionaries: tuple[str, ...],
             coder: str = DEFAULT_CODER):
    """extract_documents over a chunk; if anything escapes it, each document alone, so one
    bad document costs only itself."""
    from faultlines.extract import DocResult, extract_documents

    try:
        return list(extract_documents(documents, model=model, batch_size=batch_size,
                                      dictionaries=dictionaries, coder=coder))
    except (PipelineError, DataError):
        raise
    except Exception:
        if len(documents) == 1:
            raise
    results = []
    for document in documents:
        try:
            results += _extract([document], model, batch_size, dictionaries, coder)
        except (PipelineError, DataError):
            raise
        except Exception as exc:
            results.append(DocResult(document, error=f"{document.id}: extraction failed: "
                                                     f"{type(exc).__name__}: {exc}"))
    return results


def _code(chunk: list[dict], model: str, batch_size: int,
          dictionaries: tuple[str, ...], coder: str = DEFAULT_CODER) -> Iterator[pa.RecordBatch]:
    documents = [Document(r["input_id"], r["text"], r["date"], r["source"], r["title"], r["url"])
                 for r in chunk]
    out: dict[str, list[dict]] = {table: [] for table in TABLES}
    keys: list[tuple[str, int]] = []
    stamp = now()
    for row, result in zip(chunk, _extract(documents, model, batch_size, dictionaries, coder)):
        if result.error:
            out["ingest_errors"].append({"input": row["input"], "reason": result.error, "reported_at": stamp})
            continue
        signature = dedup.to_bytes(dedup.signature(result.document.text))
        item = StoredDoc(result.document, row["id"], result.events, minhash=signature, sentences=result.sentences)
        out["documents"].append(document_row(item, stamp))
        keys.append((row["id"], row["position"]))
        out["sentences"] += sentence_rows_of(item)
        for event in result.events:
            out["events"].append(event_row(item.id, event))
            out["mentions"] += mention_rows(item.id, event)
    for table, rows in out.items():
        if rows:
            yield _tagged(table, rows, keys if table == "documents" else None)


def code_batches(batches: Iterable[pa.RecordBatch], model: str, batch_size: int = 32,
                 chunk_size: int = 128, dictionaries: tuple[str, ...] = (),
                 coder: str = DEFAULT_CODER) -> Iterator[pa.RecordBatch]:
    """PARSED_SCHEMA rows of one partition (partitioned by document id, so exact duplicates
    meet here) -> tagged rows of the store's tables. Coded `chunk_size` documents at a time
    (`batch_size` per spaCy batch), so memory stays bounded whatever the partition's size."""
    # one Spark task per core: the learned coder's network takes one thread here
    os.environ.setdefault("FAULTLINES_MODEL_THREADS", "1")
    seen: set[str] = set()
    chunk: list[dict] = []
    duplicates: list[tuple[str, int]] = []
    for batch in batches:
        for row in batch.to_pylist():
            if row["problem"] is not None:
                yield _tagged("ingest_errors", [{"input": row["input"], "reason": row["problem"],
                                                 "reported_at": now()}])
                continue
            if row["id"] in seen:
                duplicates.append((row["id"], row["position"]))
                continue
            seen.add(row["id"])
            chunk.append(row)
            if len(chunk) >= chunk_size:
                yield from _code(chunk, model, batch_size, dictionaries, coder)
                chunk = []
    if chunk:
        yield from _code(chunk, model, batch_size, dictionaries, coder)
    if duplicates:
        yield _tagged(DUPLICATE, [{}] * len(duplicates), duplicates)
