"""One input record → a `Document`, or an `InputProblem` saying why not.

Every reader (files, JSONL, CSV, stdin, URLs, feeds, `POST /api/ingest`, the
Spark workers) ends here, so each field is judged in one place: a record whose
`source` is a number, whose date is 2024-02-30 or whose text holds a lone
surrogate is refused alone, with its input name, and never reaches the store
where it would fail a whole batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.model import Document
from faultlines.textcheck import MAX_FIELD_CHARS, check_text, lone_surrogate, valid_date

HEADER = re.compile(r"^(Source|Date|Title|URL):\s*(.+)$", re.I)
FIELDS = ("id", "date", "source", "title", "url")


@dataclass(frozen=True)
class InputProblem:
    input: str  # file name, "file.jsonl:12", "<stdin>:3"
    reason: str


Item = Document | InputProblem


def field_problem(name: str, value) -> str | None:
    """Why a metadata field cannot be stored, or None."""
    if value is None:
        return None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return None
    if not isinstance(value, str):
        return f'has a "{name}" that is not a string ({type(value).__name__})'
    if len(value) > MAX_FIELD_CHARS:
        return f'has a "{name}" of {len(value):,} characters (the limit is {MAX_FIELD_CHARS:,})'
    if "\x00" in value or lone_surrogate(value) is not None:
        return f'has a "{name}" with a NUL byte or a lone surrogate'
    if name == "date" and not valid_date(value):
        return f'has a "date" that is not a real YYYY-MM-DD date: {value[:40]!r}'
    return None


def document_from_record(record, where: str, default_id: str, max_chars: int | None = None) -> Item:
    """A Document from a JSON object or CSV row: {"text", "id"?, "date"?, "source"?, ...}."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return InputProblem(where, 'needs a JSON object with a string "text" field')
    text = record["text"]
    problem = check_text(text, **({"max_chars": max_chars} if max_chars else {}))
    if problem:
        return InputProblem(where, problem)
    if not text.strip():
        return InputProblem(where, "has an empty text")
    for name in FIELDS:
        problem = field_problem(name, record.get(name))
        if problem:
            return InputProblem(where, problem)
    return Document(id=str(record.get("id") or default_id), text=text, date=record.get("date") or None,
                    source=record.get("source") or None, title=record.get("title") or None,
                    url=record.get("url") or None)


def document_from_text(doc_id: str, text: str, where: str | None = None) -> Item:
    """A Document from plain text, reading optional `Source:`/`Date:`/`Title:`/`URL:`
    header lines; a header that cannot be stored (Date: 2024-02-30) refuses the file."""
    text = text.removeprefix("\ufeff")
    meta: dict[str, str] = {}
    lines = text.splitlines()
    title = None
    body_start = 0
    for i, line in enumerate(lines[:8]):
        match = HEADER.match(line.strip())
        if match:
            meta[match[1].lower()] = match[2].strip()
            body_start = i + 1
    if meta and body_start:
        head = [l for l in lines[:body_start] if l.strip() and not HEADER.match(l.strip())]
        title = head[0].strip() if head else None
        text = "\n".join(lines[body_start:]).strip()
    for name in ("date", "source", "title", "url"):
        problem = field_problem(name, meta.get(name))
        if problem:
            header = "URL" if name == "url" else name.title()
            return InputProblem(where or doc_id, problem.replace(f'"{name}"', f'"{header}:" header'))
    if not text.strip():
        return InputProblem(where or doc_id, "has no text after its header lines")
    return Document(id=doc_id, text=text, date=meta.get("date"), source=meta.get("source"),
                    title=meta.get("title", title), url=meta.get("url"))


def document_from_html(doc_id: str, html: str, name: str, url: str | None = None) -> Item:
    """The article body and metadata of an HTML page (trafilatura)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        return InputProblem(name, f"HTML could not be parsed: {type(exc).__name__}")
    data = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    text = (data.get("text") or "").strip()
    if not text:
        return InputProblem(name, "HTML has no article body that could be extracted")
    date = data.get("date")
    record = {"id": doc_id, "text": text, "date": date if date and valid_date(date) else None,
              "source": data.get("sitename") or data.get("hostname"), "title": data.get("title"),
              "url": url or data.get("url")}
    return document_from_record(record, name, doc_id)
