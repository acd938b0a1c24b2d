"""Event dates from the words of a sentence, resolved against the document date.

Handles what wire copy uses: weekdays ("on Tuesday" = the latest Tuesday on or
before the document date, or the next one when the event is still to come),
"today"/"yesterday"/"tomorrow", explicit dates ("March 3", "3 March 2024",
"2024-03-03"), months ("in February 2022", "last November", "next month") and
years ("in 2019", "last year"). A month or a year stands for its first day
(2022-02-01, 2019-01-01): the store keeps day dates. Anything else: the document date.
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
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_YEAR = re.compile(r"\b(" + _MONTH_NAMES + r")\.?,?\s+((?:19|20)\d{2})\b", re.I)
MONTH_ALONE = re.compile(r"\b(?:(last|this|next|early|late|mid|in)[\s-]+)?(" + _MONTH_NAMES + r")\b", re.I)
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


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


def resolve(text: str, doc_date: str | None, future: bool = False) -> str | None:
    """The date `text` (a DATE phrase) refers to, as ISO, or None if unknown. `future`:
    the event is still to come ("will meet on Tuesday"), so a bare weekday or month is
    the next one rather than the last."""
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
            if found and base and not m[3] and not future and found > base + timedelta(days=7):
                found = _safe(year - 1, found.month, found.day)
            if found and base and not m[3] and future and found < base - timedelta(days=7):
                found = _safe(year + 1, found.month, found.day)
            return found.isoformat() if found else None
    if m := MONTH_YEAR.search(text):
        return date(int(m[2]), MONTHS[m[1].lower().rstrip(".")], 1).isoformat()
    if base is None:
        if m := YEAR.search(text):
            return date(int(m[1]), 1, 1).isoformat()
        return None
    for i, name in enumerate(WEEKDAYS):
        if name in lowered:
            if "next" in lowered or (future and "last" not in lowered):
                return (base + timedelta(days=(i - base.weekday()) % 7 or 7)).isoformat()
            return (base - timedelta(days=(base.weekday() - i) % 7)).isoformat()
    if "yesterday" in lowered:
        return (base - timedelta(days=1)).isoformat()
    if "today" in lowered or "tonight" in lowered:
        return base.isoformat()
    if "tomorrow" in lowered:
        return (base + timedelta(days=1)).isoformat()
    if m := MONTH_ALONE.search(text):
        if m[2].lower() == "may" and not m[1]:
            return None  # the modal verb, most likely
        month = MONTHS[m[2].lower().rstrip(".")]
        qualifier = (m[1] or "").lower()
        if qualifier == "next" or (future and qualifier != "last"):
            year = base.year if month > base.month else base.year + 1
        elif qualifier == "this":
            year = base.year
        elif qualifier == "last":
            year = base.year if month < base.month else base.year - 1
        else:
            year = base.year if month <= base.month else base.year - 1
        return date(year, month, 1).isoformat()
    if "last month" in lowered or "previous month" in lowered:
        return _first_of_month(base.year, base.month - 1).isoformat()
    if "next month" in lowered:
        return _first_of_month(base.year, base.month + 1).isoformat()
    if "last year" in lowered or "previous year" in lowered:
        return date(base.year - 1, 1, 1).isoformat()
    if "next year" in lowered:
        return date(base.year + 1, 1, 1).isoformat()
    if "last week" in lowered:
        return (base - timedelta(days=7)).isoformat()
    if m := YEAR.search(text):
        return date(int(m[1]), 1, 1).isoformat()
    return None


def is_coarse(text: str) -> bool:
    """A month or a year, with no day ("in February 2022", "last year"): it dates only
    the act it is attached to, not every event of its sentence."""
    lowered = text.lower()
    if ISO.search(text) or MONTH_DAY.search(text) or DAY_MONTH.search(text):
        return False
    return not any(w in lowered for w in (*WEEKDAYS, "yesterday", "today", "tonight", "tomorrow"))


def _first_of_month(year: int, month: int) -> date:
    """The first day of a month given possibly out of range (0 is last December)."""
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)
