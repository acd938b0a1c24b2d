"""Ledgers: the arms transfers and the claims the corpus reports, with their sources.

Arms transfers: AID events whose instrument is a weapon (the taxonomy in
`ontology/data/instruments.yaml`), grouped by supplier, recipient and system, with
first and last report dates, every status seen and the outlets that carried them.

Claims: events from different documents that say the same thing (same type, dyad
and instrument within a window of days) grouped into one claim, with every
source's stance, corroboration = the number of distinct outlets that carry it as
fact or report, and `contested` when anyone denies it or declines to confirm it.
Near-duplicate documents are left out, so a republished story does not corroborate
itself.
"""

from __future__ import annotations

from faultlines.query import scope_clauses
from faultlines.store import Store

WEAPON_CATEGORIES = ("ballistic_missiles", "cruise_missiles", "missiles", "bombs", "drones",
                     "artillery_ammunition", "air_defence", "aircraft", "armour", "naval",
                     "anti_tank", "small_arms", "mines_explosives", "weapons", "dual_use")


def transfers(store: Store, actor: str | None = None, since: str | None = None,
              until: str | None = None) -> tuple[list[str], list[tuple]]:
    scoped, scope_params = scope_clauses(actor, since=since, until=until)
    params: list = [*WEAPON_CATEGORIES, *scope_params]
    who = "".join(f" AND {c}" for c in scoped)
    marks = ", ".join("?" for _ in WEAPON_CATEGORIES)
    result = store.db.execute(f"""
        SELECT e.source_key AS supplier, e.target_key AS recipient, e.instrument_category AS system,
               min(e.event_date) AS first_reported, max(e.event_date) AS last_reported,
               count(*) AS reports, count(DISTINCT e.doc_id) AS documents,
               string_agg(DISTINCT e.status, ', ' ORDER BY e.status) AS statuses,
               string_agg(DISTINCT coalesce(e.attributed_key, d.source), ', '
                          ORDER BY coalesce(e.attributed_key, d.source)) AS sources
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE e.event_type = 'AID' AND e.instrument_category IN ({marks})
          AND d.duplicate_of IS NULL AND e.source_key IS NOT NULL{who}
        GROUP BY 1, 2, 3 ORDER BY reports DESC, supplier, recipient, system""", params)
    return [c[0] for c in result.description], result.fetchall()


def claims(store: Store, actor: str | None = None, window_days: int = 14,
           contested_only: bool = False, event_type: str | None = None, since: str | None = None,
           until: str | None = None) -> tuple[list[str], list[tuple]]:
    scoped, params = scope_clauses(actor, event_type, since=since, until=until)
    who = "".join(f" AND {c}" for c in scoped)
    having = " HAVING contested" if contested_only else ""
    result = store.db.execute(f"""
        WITH claimed AS (
            SELECT e.*, d.source AS outlet,
                   CAST(floor(epoch(e.event_date) / 86400 / {int(window_days)}) AS INTEGER) AS bucket
            FROM events e JOIN documents d ON d.id = e.doc_id
            WHERE d.duplicate_of IS NULL AND e.source_key IS NOT NULL AND e.event_date IS NOT NULL{who})
        SELECT event_type, source_key, target_key, coalesce(instrument_category, '') AS instrument,
               min(event_date) AS first_date, max(event_date) AS last_date,
               count(DISTINCT doc_id) AS documents,
               count(DISTINCT outlet) FILTER (WHERE status IN ('asserted', 'reported')) AS corroboration,
               string_agg(DISTINCT status || coalesce(' by ' || attributed_key, ''), '; '
                          ORDER BY status || coalesce(' by ' || attributed_key, '')) AS stances,
               bool_or(status IN ('denied', 'unconfirmed') OR n_stances > 0) AS contested
        FROM claimed
        GROUP BY event_type, source_key, target_key, instrument_category, bucket{having}
        ORDER BY documents DESC, corroboration DESC, first_date, event_type, source_key, target_key,
                 instrument""", params)
    return [c[0] for c in result.description], result.fetchall()
