"""Read local inputs into Documents: text and Markdown files, HTML, JSONL, CSV, folders, stdin.

Every reader yields either a `Document` or an `InputProblem` naming the input
(and line) and what is wrong with it, so one bad line or file never stops a
batch. The readers work on bytes and decode each record on its own: an invalid
byte on line 100 costs line 100, not the rest of the file. Files are size-checked
before they are read (by `stat` and by a bounded read, so `/dev/zero` or a FIFO
cannot fill memory or hang a run). Plain-text files may start with `Source:` /
`Date:` / `Title:` / `URL:` header lines (the bundled example articles do).

Records become Documents in `faultlines.records`; the checks on text live in
`faultlines.textcheck`; URLs and feeds are read by `faultlines.sources`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from faultlines.model import Document
from faultlines.records import (InputProblem, Item, document_from_html, document_from_record,
                                document_from_text)
from faultlines.textcheck import MAX_CHARS, check_text, lone_surrogate

TEXT_SUFFIXES = {".txt", ".md", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES
CSV_COLUMNS = {"text": "text", "id": "id", "date": "date", "source": "source", "url": "url",
               "title": "title"}
MAX_FILE_BYTES = 4 * MAX_CHARS + 4096   # one document: UTF-8 takes at most 4 bytes a character
MAX_LINE_BYTES = MAX_FILE_BYTES          # one JSONL record
BINARY = "looks like binary data (contains NUL bytes); expected UTF-8 text"

__all__ = ["InputProblem", "Item", "read_inputs", "read_path", "read_text_file", "read_jsonl",
           "read_stream", "read_csv", "document_from_record", "document_from_text", "check_text"]


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


def read_path(path: Path, columns: dict[str, str] | None = None) -> Iterator[Item]:
    if str(path) == "-":
        yield from read_stream(sys.stdin, "<stdin>")
        return
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        yield InputProblem(str(path), "no such file or directory" if isinstance(exc, FileNotFoundError)
                           else f"cannot be read: {exc.strerror}")
        return
    if stat.S_ISDIR(mode):
        yield from read_folder(path, columns)
        return
    if not stat.S_ISREG(mode):
        yield InputProblem(str(path), "is not a regular file (a device, FIFO or socket); give a file or folder")
        return
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        yield read_html_file(path)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(path, columns)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
    else:
        yield read_text_file(path)


def read_folder(folder: Path, columns: dict[str, str] | None) -> Iterator[Item]:
    """Every file with a known suffix under `folder`, in path order; a subfolder that
    cannot be listed is reported, not skipped silently."""
    problems: list[InputProblem] = []

    def unreadable(exc: OSError) -> None:
        problems.append(InputProblem(exc.filename or str(folder), f"folder cannot be read: {exc.strerror}"))

    files = []
    for root, _dirs, names in os.walk(folder, onerror=unreadable):
        files += [Path(root) / n for n in names if Path(n).suffix.lower() in KNOWN_SUFFIXES]
    yield from problems
    for child in sorted(files):
        yield from read_path(child, columns)


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | InputProblem:
    """The bytes of a file, never more than `limit` read into memory."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        return InputProblem(str(path), f"cannot be read: {exc.strerror}")
    if len(raw) > limit:
        return InputProblem(str(path), f"is too large (over {limit:,} bytes; one document may have "
                                       f"{MAX_CHARS:,} characters)")
    return raw


def decode(raw: bytes, where: str) -> str | InputProblem:
    """Strict UTF-8, a leading byte-order mark dropped."""
    if b"\x00" in raw[:8192]:
        return InputProblem(where, BINARY)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputProblem(where, f"is not valid UTF-8 ({exc.reason} at byte {exc.start})")


def read_bytes_as_text(path: Path) -> str | InputProblem:
    raw = read_bounded(path)
    return raw if isinstance(raw, InputProblem) else decode(raw, str(path))


def read_text_file(path: Path) -> Item:
    text = read_bytes_as_text(path)
    if isinstance(text, InputProblem):
        return text
    if not text.strip():
        return InputProblem(str(path), "is empty")
    problem = check_text(text)
    if problem:
        return InputProblem(str(path), problem)
    return with_path(document_from_text(path.stem, text, str(path)), path)


def read_html_file(path: Path) -> Item:
    html = read_bytes_as_text(path)
    if isinstance(html, InputProblem):
        return html
    return with_path(document_from_html(path.stem, html, str(path)), path)


def with_path(item: Item, path: Path) -> Item:
    """A document read from its own file keeps the file's absolute path (the GDELT and
    PLOVER exports cite it as a file:// source when there is no URL)."""
    if isinstance(item, Document):
        return replace(item, path=str(path.resolve()))
    return item


# -- JSONL ------------------------------------------------------------------------
def read_jsonl_file(path: Path) -> Iterator[Item]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputProblem(str(path), f"cannot be read: {exc.strerror}")
        return
    with fh:
        yield from read_jsonl(byte_lines(fh), str(path))


def byte_lines(fh: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[bytes | None]:
    """The lines of a binary stream, split on b"\\n" only (U+2028 and U+0085 inside a
    JSON string are text, not line ends); None for a line over `limit` bytes, whose
    rest is skipped without being held in memory."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def read_jsonl(lines: Iterable[bytes | str | None], name: str) -> Iterator[Item]:
    """One record per line; each line is decoded and parsed on its own."""
    for lineno, line in enumerate(lines, start=1):
        where = f"{name}:{lineno}"
        if line is None:
            yield InputProblem(where, f"line is longer than {MAX_LINE_BYTES:,} bytes")
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputProblem(where, f"is not valid UTF-8 ({exc.reason} at byte {exc.start} of the line)")
                continue
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        yield parse_json_record(line, where, f"{Path(name).stem}-{lineno}")


def parse_json_record(line: str, where: str, default_id: str) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(where, f"is not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputProblem(where, "is not usable JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer with too many digits
        return InputProblem(where, f"is not usable JSON ({exc})")
    return document_from_record(record, where, default_id)


# -- stdin --------------------------------------------------------------------------
def read_stream(stream, name: str) -> Iterator[Item]:
    """stdin: JSONL when the first non-blank line is a JSON object, else one text.
    Read as bytes, so an invalid byte is reported (with its line), not a traceback."""
    raw = getattr(stream, "buffer", None)
    if raw is None:  # a text stream without bytes underneath (io.StringIO)
        raw = io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))
    lines = byte_lines(raw)
    head: list[bytes | None] = []
    for line in lines:
        head.append(line)
        if line is None or line.strip():
            break
    first = (head[-1] or b"").lstrip().removeprefix(b"\xef\xbb\xbf") if head else b""
    if first.startswith(b"{"):
        yield from read_jsonl(chain(head, lines), name)
        return
    data = b"".join(line or b"" for line in head) + (raw.read(MAX_FILE_BYTES + 1) if len(head) else b"")
    if None in head or len(data) > MAX_FILE_BYTES:
        yield InputProblem(name, f"is too large (over {MAX_FILE_BYTES:,} bytes)")
        return
    text = decode(data, name)
    if isinstance(text, InputProblem):
        yield text
        return
    problem = check_text(text) or ("is empty" if not text.strip() else None)
    yield InputProblem(name, problem) if problem else document_from_text("stdin", text, name)


def chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


# -- CSV ------------------------------------------------------------------------------
def read_csv(path: Path, columns: dict[str, str] | None = None) -> Iterator[Item]:
    """CSV corpora; `columns` maps our fields (text, id, date, source, url, title) to
    the file's column names. Quoted fields keep their newlines; each row is named by
    the line it starts on; a row with an invalid byte is refused alone."""
    mapping = {**CSV_COLUMNS, **(columns or {})}
    try:
        fh = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        yield InputProblem(str(path), f"cannot be read: {exc.strerror}")
        return
    with fh:
        head = fh.read(8192)
        if "\x00" in head:
            yield InputProblem(str(path), BINARY)
            return
        fh.seek(0)
        csv.field_size_limit(MAX_FILE_BYTES)
        reader = csv.DictReader(fh, dialect=sniff_dialect(head))
        try:
            fieldnames = reader.fieldnames or []
        except csv.Error as exc:
            yield InputProblem(f"{path}:1", f"header is not valid CSV ({exc})")
            return
        if mapping["text"] not in fieldnames:
            yield InputProblem(str(path), f"has no {mapping['text']!r} column (columns: {fieldnames})")
            return
        yield from csv_rows(reader, path, mapping)


def csv_rows(reader: csv.DictReader, path: Path, mapping: dict[str, str]) -> Iterator[Item]:
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputProblem(f"{path}:{start}", f"is not valid CSV ({exc})")
            start = reader.line_num + 1
            continue
        where = f"{path}:{start}"
        start = reader.line_num + 1
        values = [v for v in row.values() if isinstance(v, str)]
        if any(lone_surrogate(v) is not None for v in values):
            yield InputProblem(where, "is not valid UTF-8")
            continue
        record = {field: row.get(column) for field, column in mapping.items() if row.get(column)}
        yield document_from_record(record, where, f"{path.stem}-{where.rsplit(':', 1)[1]}")


def sniff_dialect(head: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma by default; semicolon, tab or pipe when the header line uses one of those
    and no comma."""
    first = head.split("\n", 1)[0]
    if "," not in first:
        for delimiter in (";", "\t", "|"):
            if delimiter in first:
                class Found(csv.excel):
                    pass
                Found.delimiter = delimiter
                return Found
    return csv.excel


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents the inputs hold, counted without parsing them, for a progress
    bar's total and time left: a JSONL line or CSV row is one, any other file one.
    None when it cannot be known beforehand (URLs, feeds, stdin)."""
    total = 0
    for p in paths:
        if p == "-" or re.match(r"https?://", p):
            return None
        path = Path(p)
        files = ([Path(root) / n for root, _dirs, names in os.walk(path) for n in names
                  if Path(n).suffix.lower() in KNOWN_SUFFIXES] if path.is_dir() else [path])
        for file in files:
            suffix = file.suffix.lower()
            try:
                if suffix in JSONL_SUFFIXES:
                    with open(file, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                elif suffix in CSV_SUFFIXES:
                    with open(file, encoding="utf-8", errors="replace", newline="") as fh:
                        total += max(0, sum(1 for _ in csv.reader(fh)) - 1)
                else:
                    total += 1
            except (OSError, csv.Error):
                total += 1  # reported as a problem when read; counts as one step
    return total
