"""Can this text be processed? The one home of the checks every reader and the
extractor apply, so a reader, `extract` and `POST /api/extract` refuse the same
inputs with the same words.

Nothing here reads files or imports another faultlines module: readers
(`records`, `ingest`, `sources`) and `extract` all depend on it, never the
other way round.
"""

from __future__ import annotations

import re
from datetime import date

MAX_CHARS = 2_000_000
MAX_FIELD_CHARS = 2_000  # id, title, source, url: metadata, not articles
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_text(text: str, max_chars: int = MAX_CHARS) -> str | None:
    """Why `text` cannot be processed, or None if it can."""
    if "\x00" in text:
        return "looks like binary data (contains NUL bytes); expected UTF-8 text"
    if len(text) > max_chars:
        return f"is too large ({len(text):,} characters; the limit is {max_chars:,})"
    bad = lone_surrogate(text)
    if bad is not None:
        return f"contains a lone surrogate (U+{ord(text[bad]):04X} at character {bad}); expected UTF-8 text"
    return None


def lone_surrogate(text: str) -> int | None:
    """The index of the first unpaired UTF-16 surrogate (JSON's "\\ud800"), which no
    UTF-8 file, database or browser can hold; None when there is none."""
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return exc.start


def valid_date(value: str) -> bool:
    """A real calendar day written YYYY-MM-DD (2024-02-30 is not)."""
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


def looks_english(text: str) -> bool:
    """A cheap guard: English function words outnumber those of other languages."""
    tokens = re.findall(r"\w+", text[:20_000].lower())
    if len(tokens) < 6:
        return True
    english = sum(t in ENGLISH_WORDS for t in tokens)
    foreign = sum(t in FOREIGN_WORDS for t in tokens)
    sample = text[:20_000]
    letters = sum(ch.isascii() for ch in sample if ch.isalpha()) / max(1, sum(ch.isalpha() for ch in sample))
    return english >= foreign and letters > 0.7 and (english > 0 or len(tokens) < 12)


ENGLISH_WORDS = frozenset("the of and to in a that is was for on with said as by has it at from "
                          "have be are its an this their were his her will would not".split())
FOREIGN_WORDS = frozenset("der die das und mit dem den ist nicht ein eine zu von auf für sich "
                          "le la les et des est une du dans pour pas qui sur "
                          "el los las y una con por para del que es "
                          "il di che per non sono della".split())
