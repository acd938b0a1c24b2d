"""Event dates from the words of a sentence, resolved against the document date.

Handles what wire copy uses: weekdays ("on Tuesday" = the latest Tuesday on or
before the document date), "today"/"yesterday", "last week/month", and explicit
dates ("March 3", "3 March 2024", "2024-03-03"). Anything else: the document date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.I)
DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\.?(?:\s+(\d{4}))?\b", re.I)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(text: str, doc_date: str | None) -> str | None:
    """The date `text` (a DATE phrase) refers to, as ISO, or None if unknown."""
    base = parse_iso(doc_date)
    lowered = text.lower()
    if m := ISO.search(text):
        found = _safe(int(m[1]), int(m[2]), int(m[3]))
        return found.isoformat() if found else None
    for pattern, month_group, day_group in ((MONTH_DAY, 1, 2), (DAY_MONTH, 2, 1)):
        if m := pattern.search(text):
            year = int(m[3]) if m[3] else (base.year if base else None)
            if year is None:
                return None
            found = _safe(year, MONTHS[m[month_group].lower().rstrip(".")], int(m[day_group]))
            if found and base and not m[3] and found > base + timedelta(days=7):
                found = _safe(year - 1, found.month, found.day)
            return found.isoformat() if found else None
    if base is None:
        return None
    for i, name in enumerate(WEEKDAYS):
        if name in lowered:
            back = (base.weekday() - i) % 7
            if "next" in lowered:
                return (base + timedelta(days=(i - base.weekday()) % 7 or 7)).isoformat()
            return (base - timedelta(days=back)).isoformat()
    if "yesterday" in lowered:
        return (base - timedelta(days=1)).isoformat()
    if "today" in lowered or "tonight" in lowered:
        return base.isoformat()
    if "tomorrow" in lowered:
        return (base + timedelta(days=1)).isoformat()
    return None
