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


def read_path(path: Path) -> Iterator[Item]:
    if str(path) == "-":
        yield from read_stream(sys.stdin, "<stdin>")
        return
    if not path.exists():
        yield InputProblem(str(path), "no such file or directory")
        return
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if child.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                yield from read_path(child)
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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return InputProblem(str(path), f"cannot be read: {exc.strerror}")
    if b"\x00" in raw[:8192]:
        return InputProblem(str(path), "looks like binary data (contains NUL bytes); expected UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(str(path), f"is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    problem = check_text(str(path), text)
    if problem:
        return InputProblem(str(path), problem)
    return document_from_text(path.stem, text)


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
        if title:
            text = text
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
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputProblem(where, 'needs a JSON object with a string "text" field')
            continue
        problem = check_text(where, record["text"])
        if problem:
            yield InputProblem(where, problem)
            continue
        doc_id = str(record.get("id") or f"{Path(name).stem}-{lineno}")
        date = record.get("date")
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
            yield InputProblem(where, f'has a "date" that is not YYYY-MM-DD: {date!r}')
            continue
        yield Document(id=doc_id, text=record["text"], date=date, source=record.get("source"),
                       title=record.get("title"), url=record.get("url"))


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


def read_inputs(paths: Iterable[str]) -> Iterator[Item]:
    for p in paths:
        yield from read_path(Path(p))
