"""Ingest: read inputs, skip what the store already has, extract, write.

One pass per batch: documents are read (bad inputs recorded, never fatal),
identified by content hash (exact duplicates skipped), checked for near
duplicates (recorded as such), coded by `extract_documents`, and written with
their events in one transaction. A run killed midway leaves whole documents
only; running it again completes the work and adds nothing twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from faultlines import dedup
from faultlines.extract import extract_documents, extract_each
from faultlines.ingest import InputProblem, read_inputs
from faultlines.learned.hybrid import DEFAULT_CODER
from faultlines.model import Document
from faultlines.nlp import DEFAULT_MODEL
from faultlines.store import Store, StoredDoc, document_id

BATCH = 64
OFFER_EVERY = 4  # documents parsed between offers of the store file to a waiting process


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    failed: int = 0
    events: int = 0
    events_by_type: Counter = field(default_factory=Counter)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stored, but see why (e.g. not English)


def ingest(inputs: Iterable[str], store: Store, model: str = DEFAULT_MODEL,
           max_chars: int | None = None, n_process: int = 1,
           on_progress: Callable[[int], None] | None = None, batch_size: int = BATCH,
           follow_links: bool = False, http=None, columns: dict[str, str] | None = None,
           coder: str = DEFAULT_CODER) -> IngestSummary:
    """Ingest files, folders, JSONL, stdin ("-"), URLs and feeds into `store`."""
    summary = IngestSummary()
    index = dedup.NearDuplicates()
    for key, sig in store.signatures():
        index.add(key, dedup.from_bytes(sig))
    batch: list[Document] = []
    for item in read_inputs(inputs, follow_links=follow_links, http=http, columns=columns):
        if isinstance(item, InputProblem):
            summary.problems.append((item.input, item.reason))
            continue
        if max_chars and len(item.text) > max_chars:
            summary.problems.append((item.id, f"is too large ({len(item.text):,} characters; "
                                              f"the limit is {max_chars:,})"))
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            _ingest_batch(batch, store, index, summary, model, n_process, on_progress, coder)
            batch = []
    if batch:
        _ingest_batch(batch, store, index, summary, model, n_process, on_progress, coder)
    summary.failed = len(summary.problems)
    store.record_errors(summary.problems)
    return summary


def _ingest_batch(batch: list[Document], store: Store, index: dedup.NearDuplicates,
                  summary: IngestSummary, model: str, n_process: int, on_progress,
                  coder: str = DEFAULT_CODER) -> None:
    ids = [document_id(doc) for doc in batch]
    known = store.known_ids(ids)
    todo, seen = [], set()
    for doc, doc_id in zip(batch, ids):
        if doc_id in known or doc_id in seen:
            summary.duplicate += 1
            continue
        seen.add(doc_id)
        todo.append((doc, doc_id))
    rows = []
    docs = [doc for doc, _ in todo]
    step = (len(docs) or 1) if n_process > 1 else OFFER_EVERY
    results = []
    with store.lending() as lender:  # a waiting process (`faultlines serve`) may use the file meanwhile
        for start in range(0, len(docs), step):
            lender.offer()
            results += extract_each(docs[start:start + step], model=model, n_process=n_process, coder=coder)
    for (doc, doc_id), result in zip(todo, results):
        if result.error:
            summary.problems.append((doc.id, result.error.removeprefix(f"{doc.id}: ")))
            continue
        if result.warning:
            summary.warnings.append(result.warning)
        sig = dedup.signature(doc.text)
        original = index.original_of(sig)
        if original is not None:
            summary.near_duplicate += 1
        else:
            index.add(doc_id, sig)
        rows.append(StoredDoc(doc, doc_id, result.events, original, dedup.to_bytes(sig), result.sentences))
        if original is None:
            summary.events_by_type.update(e.event_type for e in result.events)
    written = store.write(rows)
    summary.new += written.documents
    summary.problems += written.failed
    lost = {name for name, _ in written.failed}
    summary.events += sum(len(r.events) for r in rows if r.duplicate_of is None and r.document.id not in lost)
    if on_progress is not None:
        on_progress(len(batch))


def ingest_documents(documents: list[Document], store: Store, model: str = DEFAULT_MODEL,
                     coder: str = DEFAULT_CODER) -> IngestSummary:
    """Ingest Documents already in memory (the API's POST /api/ingest)."""
    summary = IngestSummary()
    index = dedup.NearDuplicates()
    for key, sig in store.signatures():
        index.add(key, dedup.from_bytes(sig))
    for start in range(0, len(documents), BATCH):
        _ingest_batch(documents[start:start + BATCH], store, index, summary, model, 1, None, coder)
    summary.failed = len(summary.problems)
    store.record_errors(summary.problems)
    return summary


def reprocess(store: Store, model: str = DEFAULT_MODEL,
              on_progress: Callable[[int], None] | None = None, coder: str = DEFAULT_CODER) -> int:
    """Re-code every stored document with the current extractor; returns events written."""
    stored = store.documents()
    total = 0
    for (doc_id, doc), result in zip(stored, extract_documents([d for _, d in stored], model=model, coder=coder)):
        total += store.replace_events(doc_id, result.events)
        if on_progress is not None:
            on_progress(1)
    return total
