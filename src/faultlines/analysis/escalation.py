"""Escalation monitoring: a one-sided Poisson CUSUM on weekly conflict counts.

For each dyad (undirected), conflict events (QuadClass 3 and 4, stated as fact or
reported) are counted per week. The baseline rate of week t is the mean of the
weeks before it (at least `warmup` of them, plus a small prior so a quiet dyad's
first events are not an alarm by themselves). The CUSUM statistic

    S_t = max(0, S_{t-1} + x_t - k_t),  k_t = λ_t (r - 1) / ln r

accumulates evidence that the rate has risen by a factor `r` (the standard
reference value for detecting a shift from λ to rλ in Poisson counts); an alert
is raised when S_t > h. After an alert the statistic restarts. `r`, `h` and
`warmup` are options; the events of the alerting week and their documents are
attached as evidence.

One article can report four strikes; that is one witness, not a trend. So by
default a week can only alert when its events come from at least
`min_documents` = 2 documents (a week short of that leaves the statistic to
build up for the next one); `--min-documents 1` restores single-source alerts.
Only the statuses in scope count (asserted and reported unless asked otherwise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from faultlines.analysis import statuses as status_scope
from faultlines.errors import InputError
from faultlines.store import Store


@dataclass(frozen=True)
class Alert:
    dyad: tuple[str, str]
    week: date
    count: int
    baseline: float
    score: float
    event_ids: tuple[str, ...] = field(default_factory=tuple)
    doc_ids: tuple[str, ...] = field(default_factory=tuple)


def check_options(ratio: float, threshold: float, warmup: int, min_documents: int = 1) -> None:
    """The CUSUM's options as a user gives them, refused with the allowed range."""
    if not ratio > 1 or math.isinf(ratio):
        raise InputError(f"--ratio {ratio}: give a rise factor above 1 (e.g. 2 for a doubling)")
    if not threshold > 0 or math.isinf(threshold):
        raise InputError(f"--threshold {threshold}: give a positive alarm threshold (e.g. 4)")
    if warmup < 1:
        raise InputError(f"--warmup {warmup}: give 1 or more weeks of history")
    if min_documents < 1:
        raise InputError(f"--min-documents {min_documents}: give 1 or more")


def cusum(counts: list[int], ratio: float = 2.0, threshold: float = 4.0, warmup: int = 3,
          prior: float = 0.5, eligible: list[bool] | None = None) -> list[tuple[int, float, float]]:
    """Indices of alarming weeks with their baseline and score; a week that is not
    `eligible` (too few documents) cannot alarm, and its evidence carries over."""
    check_options(ratio, threshold, warmup)
    alarms, total, s = [], 0.0, 0.0
    for t, x in enumerate(counts):
        if t >= warmup:
            baseline = (total + prior) / t
            k = baseline * (ratio - 1) / math.log(ratio)
            s = max(0.0, s + x - k)
            if s > threshold and (eligible is None or eligible[t]):
                alarms.append((t, baseline, s))
                s = 0.0
        total += x
    return alarms


Week = tuple[list[str], list[str]]  # a week's event ids and document ids


def weekly_conflict(store: Store, status: str | list[str] | None = None) -> dict[tuple[str, str], dict[date, Week]]:
    kept, params = status_scope.clause(status_scope.tie_statuses(status_scope.parse(status)))
    rows = store.db.execute(f"""
        SELECT least(e.source_key, e.target_key), greatest(e.source_key, e.target_key),
               CAST(date_trunc('week', e.event_date) AS DATE), list(e.id ORDER BY e.id),
               list(DISTINCT e.doc_id ORDER BY e.doc_id)
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE d.duplicate_of IS NULL AND e.quad_class >= 3 AND {kept}
          AND e.source_key IS NOT NULL AND e.target_key IS NOT NULL AND e.source_key <> e.target_key
          AND e.event_date IS NOT NULL
        GROUP BY 1, 2, 3""", params).fetchall()
    series: dict[tuple[str, str], dict[date, Week]] = {}
    for a, b, week, ids, docs in rows:
        series.setdefault((a, b), {})[week] = (list(ids), list(docs))
    return series


def all_weeks(store: Store) -> list[date]:
    first, last = store.db.execute("""SELECT CAST(date_trunc('week', min(event_date)) AS DATE),
        CAST(date_trunc('week', max(event_date)) AS DATE) FROM events""").fetchone()
    if first is None:
        return []
    weeks, current = [], first
    while current <= last:
        weeks.append(current)
        current = date.fromordinal(current.toordinal() + 7)
    return weeks


def alerts(store: Store, ratio: float = 2.0, threshold: float = 4.0, warmup: int = 3,
           min_events: int = 3, min_documents: int = 2,
           status: str | list[str] | None = None) -> list[Alert]:
    """Escalation alerts for every dyad, oldest first."""
    check_options(ratio, threshold, warmup, min_documents)
    weeks = all_weeks(store)
    found = []
    empty: Week = ([], [])
    for dyad, by_week in weekly_conflict(store, status).items():
        counts = [len(by_week.get(w, empty)[0]) for w in weeks]
        if sum(counts) < min_events:
            continue
        eligible = [len(by_week.get(w, empty)[1]) >= min_documents for w in weeks]
        for t, baseline, score in cusum(counts, ratio, threshold, warmup, eligible=eligible):
            ids, docs = by_week.get(weeks[t], empty)
            found.append(Alert(dyad, weeks[t], counts[t], round(baseline, 2), round(score, 2),
                               tuple(ids), tuple(docs)))
    return sorted(found, key=lambda a: (a.week, a.dyad))
