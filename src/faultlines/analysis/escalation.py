"""Escalation monitoring: a one-sided Poisson CUSUM on weekly conflict counts.

For each dyad (undirected), conflict events (QuadClass 3 and 4, stated as fact or
reported) are counted per week. The baseline rate of week t is the mean of the
weeks before it (at least `warmup` of them, plus a small prior so a quiet dyad's
first events are not an alarm by themselves). The CUSUM statistic

    S_t = max(0, S_{t-1} + x_t - k_t),  k_t = λ_t (r - 1) / ln r

accumulates evidence that the rate has risen by a factor `r` (the standard
reference value for detecting a shift from λ to rλ in Poisson counts); an alert
is raised when S_t > h. After an alert the statistic restarts. `r`, `h` and
`warmup` are options; the events of the alerting week are attached as evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from faultlines.store import Store


@dataclass(frozen=True)
class Alert:
    dyad: tuple[str, str]
    week: date
    count: int
    baseline: float
    score: float
    event_ids: tuple[str, ...] = field(default_factory=tuple)


def cusum(counts: list[int], ratio: float = 2.0, threshold: float = 4.0, warmup: int = 3,
          prior: float = 0.5) -> list[tuple[int, float, float]]:
    """Indices of alarming weeks with their baseline and score."""
    alarms, total, s = [], 0.0, 0.0
    for t, x in enumerate(counts):
        if t >= warmup:
            baseline = (total + prior) / t
            k = baseline * (ratio - 1) / math.log(ratio)
            s = max(0.0, s + x - k)
            if s > threshold:
                alarms.append((t, baseline, s))
                s = 0.0
        total += x
    return alarms


def weekly_conflict(store: Store) -> dict[tuple[str, str], dict[date, list[str]]]:
    rows = store.db.execute("""
        SELECT least(e.source_key, e.target_key), greatest(e.source_key, e.target_key),
               CAST(date_trunc('week', e.event_date) AS DATE), list(e.id ORDER BY e.id)
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE d.duplicate_of IS NULL AND e.quad_class >= 3 AND e.status IN ('asserted', 'reported')
          AND e.source_key IS NOT NULL AND e.target_key IS NOT NULL AND e.source_key <> e.target_key
          AND e.event_date IS NOT NULL
        GROUP BY 1, 2, 3""").fetchall()
    series: dict[tuple[str, str], dict[date, list[str]]] = {}
    for a, b, week, ids in rows:
        series.setdefault((a, b), {})[week] = ids
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
           min_events: int = 3) -> list[Alert]:
    """Escalation alerts for every dyad, oldest first."""
    weeks = all_weeks(store)
    found = []
    for dyad, by_week in weekly_conflict(store).items():
        counts = [len(by_week.get(w, [])) for w in weeks]
        if sum(counts) < min_events:
            continue
        for t, baseline, score in cusum(counts, ratio, threshold, warmup):
            found.append(Alert(dyad, weeks[t], counts[t], round(baseline, 2), round(score, 2),
                               tuple(by_week.get(weeks[t], []))))
    return sorted(found, key=lambda a: (a.week, a.dyad))
