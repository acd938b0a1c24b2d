"""Dyadic time series: what one actor did to another, period by period.

Counts by QuadClass and Goldstein sum and mean, from asserted and reported events
(the claims the texts make about what happened); hypothetical, planned, denied and
unconfirmed events are counted apart so analysts can see talk of what may happen
without mixing it into what did. Near-duplicate documents are left out.
"""

from __future__ import annotations

from faultlines.errors import InputError
from faultlines.model import Status
from faultlines.query import scope_clauses
from faultlines.store import Store

PERIODS = ("day", "week", "month", "quarter", "year")
FACTUAL = ("asserted", "reported")


def dyad_series(store: Store, source: str, target: str, period: str = "month",
                directed: bool = True, since: str | None = None,
                until: str | None = None, event_type: str | None = None,
                status: str | None = None,
                counted: tuple[str, ...] = FACTUAL) -> tuple[list[str], list[tuple]]:
    """Rows per period: events, QuadClass 1-4 counts, Goldstein sum and mean, and the
    count of events not stated as fact. `counted`: the statuses the counts take in
    (asserted and reported unless a caller widens it; the rest are counted apart)."""
    if period not in PERIODS:
        raise InputError(f"--period {period!r}: choose one of {', '.join(PERIODS)}")
    pair = "(e.source_key = ? AND e.target_key = ?)"
    params: list = [source, target]
    if not directed:
        pair = f"({pair} OR (e.source_key = ? AND e.target_key = ?))"
        params += [target, source]
    dated, dates = scope_clauses(event_type=event_type, status=status, since=since, until=until)
    where = [pair, "d.duplicate_of IS NULL", "e.event_date IS NOT NULL", *dated]
    params += dates
    if not counted or not set(counted) <= {s.value for s in Status}:
        raise InputError(f"statuses {counted!r}: not statuses")
    factual = f"e.status IN ({', '.join(repr(s) for s in counted)})"
    sql = f"""
        SELECT CAST(date_trunc('{period}', e.event_date) AS DATE) AS period,
               count(*) FILTER (WHERE {factual}) AS events,
               count(*) FILTER (WHERE {factual} AND e.quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE {factual} AND e.quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE {factual} AND e.quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE {factual} AND e.quad_class = 4) AS material_conflict,
               round(coalesce(sum(e.goldstein) FILTER (WHERE {factual}), 0), 2) AS goldstein_sum,
               round(avg(e.goldstein) FILTER (WHERE {factual}), 2) AS goldstein_mean,
               count(*) FILTER (WHERE NOT {factual}) AS not_stated_as_fact
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE {' AND '.join(where)}
        GROUP BY 1 ORDER BY 1"""
    result = store.db.execute(sql, params)
    return [c[0] for c in result.description], result.fetchall()
