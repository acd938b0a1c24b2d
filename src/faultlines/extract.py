"""The one pass: Documents → spaCy (batched) → Events.

`extract_documents` is what the CLI, the scorer and the benchmarks call. A
document that fails (bad text, a bug on one odd sentence) becomes a
`DocResult` with an error; the rest of the batch goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from faultlines.actors import ActorKB
from faultlines.errors import FaultlinesError, InputError
from faultlines.textcheck import check_text, looks_english
from faultlines.learned.hybrid import DEFAULT_CODER
from faultlines.frames import EventList
from faultlines.model import Document, Event, event_from_json
from faultlines.nlp import DEFAULT_MODEL, dateline, load_pipeline
from faultlines.nlp.resources import resources


@dataclass
class DocResult:
    document: Document
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)  # character spans


def prepare(doc: Document, kb: ActorKB | None = None) -> tuple[str, dict]:
    """The text to parse (dateline blanked, same length) and the document context."""
    text = doc.text
    outlet, country, city = doc.source, None, None
    line = dateline.find(text, kb or resources().kb)
    if line is not None:
        text = " " * line.end + text[line.end:]
        outlet = outlet or line.agency
        country, city = line.country, line.city
    return text, {"date": doc.date, "id": doc.id, "outlet": outlet, "country": country, "dateline": city}


def extract_documents(documents: Iterable[Document], model: str = DEFAULT_MODEL,
                      n_process: int = 1, batch_size: int = 32,
                      dictionaries: tuple[str, ...] = (), comments: bool = False,
                      coder: str = DEFAULT_CODER) -> Iterator[DocResult]:
    """Code every document; yields one DocResult per document, in order.
    `dictionaries`: PETRARCH/TABARI files to import (see faultlines.dictionaries).
    `comments`: also code CAMEO 01 comments (event type COMMENT; see nlp/comments.py).
    `coder`: "hybrid" (rules and the learned coder), "rules" or "model"
    (see faultlines.learned.hybrid)."""
    check_coder(coder)
    dictionaries = tuple(dictionaries) or configured_dictionaries()
    kb = resources(None, dictionaries).kb  # first, so a bad dictionary fails here, clearly
    nlp = load_pipeline(model, dictionaries=dictionaries)
    pending: list[DocResult] = []

    def texts():
        for document in documents:
            result = DocResult(document)
            problem = check_text(document.text)
            if problem:
                result.error = f"{document.id}: {problem}"
            elif not document.text.strip():
                result.warning = f"{document.id}: empty text, no events"
            elif not looks_english(document.text):
                result.warning = f"{document.id}: does not look like English text; no events coded"
            pending.append(result)
            if result.error or result.warning:
                continue
            text, ctx = prepare(document, kb)
            parts = chunks(text)
            for n, (offset, piece) in enumerate(parts):
                yield piece, {**ctx, "offset": offset, "last": n == len(parts) - 1}

    def set_context(doc, ctx):
        doc._.fl_date, doc._.fl_doc_id, doc._.fl_outlet = ctx["date"], ctx["id"], ctx["outlet"]
        doc._.fl_country, doc._.fl_dateline = ctx["country"], ctx.get("dateline")
        doc._.fl_comments = comments
        doc._.fl_coder = coder
        return doc

    stream = ((set_context(nlp.make_doc(text), ctx), ctx) for text, ctx in texts())
    # make_doc + components: run the pipeline's components over the pre-made Docs
    skipped: list[str] = []
    for doc, ctx in nlp.pipe(stream, as_tuples=True, n_process=n_process, batch_size=batch_size):
        while pending and (pending[0].error or pending[0].warning):
            yield pending.pop(0)
        result = pending[0]
        skipped += doc._.fl_errors or []
        base = len(result.sentences)
        result.sentences += [(a + ctx["offset"], b + ctx["offset"]) for a, b in doc._.fl_sentences or []]
        try:
            result.events += [event_from_json(shifted(e, ctx["offset"], base)) for e in doc._.fl_events or []]
        except Exception as exc:  # one document's failure must not stop the batch
            result.error = f"{result.document.id}: extraction failed: {exc}"
        if not ctx["last"]:
            continue
        if skipped and not result.error:
            result.warning = f"{result.document.id}: skipped {len(skipped)} sentence(s): " + "; ".join(skipped[:3])
        skipped = []
        yield pending.pop(0)
    yield from pending


# Long texts are parsed in pieces of about this many characters, cut after a sentence
# end (or, in text without sentence punctuation, at a space): spaCy's memory grows with
# the length of a Doc (about 4 MB per 1,000 characters), so a 2M-character document
# would need gigabytes in one piece. Offsets and sentence numbers are shifted back.
CHUNK_CHARS = 20_000


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering `text`."""
    found, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind(". "), window.rfind(".\n"), window.rfind("\n\n"))
        if cut < size // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut >= size // 2 else size
        found.append((start, text[start:start + cut]))
        start += cut
    found.append((start, text[start:]))
    return found


OFFSET_KEYS = {"start_char", "end_char", "phrase_start", "phrase_end", "sentence_start", "trigger_start"}


def shifted(data, offset: int, sentences: int):
    """An event's JSON with its character offsets moved by `offset` and its sentence
    numbers by `sentences` (a piece of a longer text → the whole text)."""
    if not offset and not sentences:
        return data
    if isinstance(data, list):
        return [shifted(v, offset, sentences) for v in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key in OFFSET_KEYS and isinstance(value, int):
            out[key] = value + offset
        elif key == "sentence_index" and isinstance(value, int):
            out[key] = value + sentences
        else:
            out[key] = shifted(value, offset, sentences)
    return out


def extract_each(documents: list[Document], **options) -> list[DocResult]:
    """`extract_documents` over a batch in which a document whose coding raises (a bug
    on one odd text, inside spaCy or a component) costs only itself: the batch is
    retried one document at a time and the failing one gets an error. Errors that
    concern every document (a pipeline that cannot load) still raise."""
    try:
        return list(extract_documents(documents, **options))
    except FaultlinesError:
        raise
    except Exception as exc:
        if len(documents) == 1:
            return [DocResult(documents[0], error=f"{documents[0].id}: extraction failed: "
                                                  f"{type(exc).__name__}: {str(exc)[:200]}")]
        return [result for document in documents for result in extract_each([document], **options)]


def warm_up(model: str = DEFAULT_MODEL, coder: str = DEFAULT_CODER) -> None:
    """Load the pipeline, knowledge base and coder now (before a store is opened, so
    the file is not held while they load)."""
    check_coder(coder)
    dictionaries = configured_dictionaries()
    resources(None, dictionaries)
    load_pipeline(model, dictionaries=dictionaries)


def check_coder(coder: str) -> None:
    """Fail early, with one line, on an unknown coder or a missing model."""
    from faultlines.learned.hybrid import CODERS
    if coder not in CODERS:
        raise InputError(f"unknown coder {coder!r}: choose one of {', '.join(CODERS)}")
    if coder != "rules":
        from faultlines.learned.runtime import shipped_coder
        shipped_coder()


def configured_dictionaries() -> tuple[str, ...]:
    """The setting: FAULTLINES_DICTIONARIES, paths separated like PATH."""
    value = os.environ.get("FAULTLINES_DICTIONARIES", "")
    return tuple(p for p in value.split(os.pathsep) if p)


def extract(text: str, date: str | None = None, doc_id: str = "text",
            source: str | None = None, model: str = DEFAULT_MODEL, comments: bool = False,
            coder: str = DEFAULT_CODER) -> EventList:
    """Events in one text, as an EventList (a list with `.to_pandas()`/`.to_arrow()`).
    Raises InputError for text that cannot be processed.
    `comments=True` adds CAMEO 01 comments (event type COMMENT), which PLOVER does not code."""
    if not isinstance(text, str):
        raise InputError(f"{doc_id}: expected a str, got {type(text).__name__}")
    result = next(extract_documents([Document(doc_id, text, date, source)], model=model, comments=comments,
                                    coder=coder))
    if result.error:
        raise InputError(result.error)
    return EventList(result.events)
