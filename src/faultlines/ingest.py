"""Read inputs into Documents: text and Markdown files, JSONL corpora, folders, stdin.

Every reader yields either a `Document` or an `InputProblem` naming the input
and what is wrong with it, so one bad line or file never stops a batch.
Plain-text files may start with `Source:` / `Date:` / `Title:` header lines
(the bundled example articles do).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from faultlines.model import Document

TEXT_SUFFIXES = {".txt", ".md", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
CSV_COLUMNS = {"text": "text", "id": "id", "date": "date", "source": "source", "url": "url",
               "title": "title"}
MAX_CHARS = 2_000_000
HEADER = re.compile(r"^(Source|Date|Title|URL):\s*(.+)$", re.I)


@dataclass(frozen=True)
class InputProblem:
    input: str  # file name, "file.jsonl:12", "<stdin>:3"
    reason: str


Item = Document | InputProblem


def check_text(name: str, text: str) -> str | None:
    """Why `text` cannot be processed, or None if it can."""
    if "\x00" in text:
        return "looks like binary data (contains NUL bytes); expected UTF-8 text"
    if len(text) > MAX_CHARS:
        return f"is too large ({len(text):,} characters; the limit is {MAX_CHARS:,})"
    return None


def looks_english(text: str) -> bool:
    """A cheap guard: English function words outnumber those of other languages."""
    tokens = re.findall(r"\w+", text.lower())
    if len(tokens) < 6:
        return True
    english = sum(t in ENGLISH_WORDS for t in tokens)
    foreign = sum(t in FOREIGN_WORDS for t in tokens)
    letters = sum(ch.isascii() for ch in text if ch.isalpha()) / max(1, sum(ch.isalpha() for ch in text))
    return english >= foreign and letters > 0.7 and (english > 0 or len(tokens) < 12)


ENGLISH_WORDS = frozenset("the of and to in a that is was for on with said as by has it at from "
                          "have be are its an this their were his her will would not".split())
FOREIGN_WORDS = frozenset("der die das und mit dem den ist nicht ein eine zu von auf für sich "
                          "le la les et des est une du dans pour pas qui sur "
                          "el los las y una con por para del que es "
                          "il di che per non sono della".split())


def read_path(path: Path, columns: dict[str, str] | None = None) -> Iterator[Item]:
    if str(path) == "-":
        yield from read_stream(sys.stdin, "<stdin>")
        return
    if not path.exists():
        yield InputProblem(str(path), "no such file or directory")
        return
    if path.is_dir():
        known = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if child.suffix.lower() in known:
                yield from read_path(child, columns)
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        yield read_html_file(path)
        return
    if path.suffix.lower() in CSV_SUFFIXES:
        yield from read_csv(path, columns)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            with open(path, encoding="utf-8", errors="strict") as fh:
                yield from read_jsonl(fh, str(path))
        except UnicodeDecodeError as exc:
            yield InputProblem(str(path), f"is not valid UTF-8 ({exc.reason} at byte {exc.start})")
        return
    yield read_text_file(path)


def read_text_file(path: Path) -> Item:
    text = read_bytes_as_text(path)
    if isinstance(text, InputProblem):
        return text
    if not text.strip():
        return InputProblem(str(path), "is empty")
    problem = check_text(str(path), text)
    if problem:
        return InputProblem(str(path), problem)
    return document_from_text(path.stem, text)


def read_bytes_as_text(path: Path) -> str | InputProblem:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return InputProblem(str(path), f"cannot be read: {exc.strerror}")
    if b"\x00" in raw[:8192]:
        return InputProblem(str(path), "looks like binary data (contains NUL bytes); expected UTF-8 text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(str(path), f"is not valid UTF-8 ({exc.reason} at byte {exc.start})")


def read_html_file(path: Path) -> Item:
    html = read_bytes_as_text(path)
    if isinstance(html, InputProblem):
        return html
    return document_from_html(path.stem, html, str(path))


def document_from_html(doc_id: str, html: str, name: str, url: str | None = None) -> Item:
    """The article body and metadata of an HTML page (trafilatura)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        return InputProblem(name, f"HTML could not be parsed: {exc}")
    data = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    text = (data.get("text") or "").strip()
    if not text:
        return InputProblem(name, "HTML has no article body that could be extracted")
    date = data.get("date")
    return Document(id=doc_id, text=text, date=date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None,
                    source=data.get("sitename") or data.get("hostname"), title=data.get("title"),
                    url=url or data.get("url"))


def read_csv(path: Path, columns: dict[str, str] | None = None) -> Iterator[Item]:
    """CSV corpora; `columns` maps our fields (text, id, date, source, url, title) to
    the file's column names."""
    import csv

    mapping = {**CSV_COLUMNS, **(columns or {})}
    text = read_bytes_as_text(path)
    if isinstance(text, InputProblem):
        yield text
        return
    reader = csv.DictReader(text.splitlines())
    if mapping["text"] not in (reader.fieldnames or []):
        yield InputProblem(str(path), f"has no {mapping['text']!r} column (columns: {reader.fieldnames})")
        return
    for lineno, row in enumerate(reader, start=2):
        record = {field: row.get(column) for field, column in mapping.items() if row.get(column)}
        yield document_from_record(record, f"{path}:{lineno}", f"{path.stem}-{lineno}")


def document_from_text(doc_id: str, text: str) -> Document:
    """A Document from plain text, reading optional header lines."""
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
    return Document(id=doc_id, text=text, date=meta.get("date"), source=meta.get("source"),
                    title=meta.get("title", title), url=meta.get("url"))


def read_jsonl(stream: Iterable[str], name: str) -> Iterator[Item]:
    for lineno, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(where, f"is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield document_from_record(record, where, f"{Path(name).stem}-{lineno}")


def valid_date(value: str) -> bool:
    from datetime import date

    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


def document_from_record(record, where: str, default_id: str) -> Item:
    """A Document from a JSON object or CSV row: {"text", "id"?, "date"?, "source"?, ...}."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return InputProblem(where, 'needs a JSON object with a string "text" field')
    problem = check_text(where, record["text"])
    if problem:
        return InputProblem(where, problem)
    if not record["text"].strip():
        return InputProblem(where, "has an empty text")
    date = record.get("date")
    if date is not None and not valid_date(str(date)):
        return InputProblem(where, f'has a "date" that is not a real YYYY-MM-DD date: {date!r}')
    return Document(id=str(record.get("id") or default_id), text=record["text"], date=date,
                    source=record.get("source"), title=record.get("title"), url=record.get("url"))


def read_stream(stream: TextIO, name: str) -> Iterator[Item]:
    """stdin: JSONL when the first non-blank line is a JSON object, else one text."""
    try:
        data = stream.read()
    except UnicodeDecodeError as exc:
        yield InputProblem(name, f"is not valid UTF-8 ({exc.reason})")
        return
    first = next((l for l in data.splitlines() if l.strip()), "")
    if first.lstrip().startswith("{"):
        yield from read_jsonl(data.splitlines(), name)
        return
    problem = check_text(name, data)
    yield InputProblem(name, problem) if problem else document_from_text("stdin", data)


def read_inputs(paths: Iterable[str], follow_links: bool = False, http=None,
                columns: dict[str, str] | None = None) -> Iterator[Item]:
    """Files, folders, "-" for stdin, URLs of pages or RSS/Atom feeds. `columns`
    maps our fields to CSV column names ({"text": "body"})."""
    for p in paths:
        if re.match(r"https?://", p):
            from faultlines import sources

            own = http is None
            http = http or sources.client()
            try:
                yield from sources.read_url(p, http, follow_links)
            finally:
                if own:
                    http.close()
                    http = None
        else:
            yield from read_path(Path(p), columns)
