"""Ledgers: the arms transfers and the claims the corpus reports, with their sources.

Arms transfers: AID events coded as provided aid (CAMEO 07x, not the 033x
"intent to provide") whose instrument is a weapon (the taxonomy in
`ontology/data/instruments.yaml`) and whose status is in scope, asserted or
reported by default: "Egypt plans to buy French jets" (planned), "Washington could
sell Kyiv Patriots" (hypothetical), "Iran denied supplying the Houthis" (denied) and
talks about a purchase are not transfers; `status` widens the ledger to them.
Grouped by supplier, recipient and system, with first and last report dates, every
status seen, the outlets that carried them and the ids of the events and documents.

Claims: events from different documents that say the same thing (same type, dyad
and instrument within a window of days) grouped into one claim, with every
source's stance, corroboration = the number of distinct outlets that carry it as
fact or report, and `contested` when anyone denies it or declines to confirm it,
with the reason: who, in which document, on which date ("denied by IRN in doc-3 on
2024-03-06"), from the event's own status or a stance another source took on it in
the same article. Near-duplicate documents are left out, so a republished story does not corroborate
itself.
"""

from __future__ import annotations

from faultlines.analysis import statuses as status_scope
from faultlines.query import scope_clauses
from faultlines.store import Store

WEAPON_CATEGORIES = ("ballistic_missiles", "cruise_missiles", "missiles", "bombs", "drones",
                     "artillery_ammunition", "air_defence", "aircraft", "armour", "naval",
                     "anti_tank", "small_arms", "mines_explosives", "weapons", "dual_use")


def transfers(store: Store, actor: str | None = None, since: str | None = None,
              until: str | None = None, status: str | list[str] | None = None) -> tuple[list[str], list[tuple]]:
    scoped, scope_params = scope_clauses(actor, since=since, until=until)
    kept, kept_params = status_scope.clause(status_scope.parse(status))
    scoped.append(kept)
    params: list = [*WEAPON_CATEGORIES, *scope_params, *kept_params]
    who = "".join(f" AND {c}" for c in scoped)
    marks = ", ".join("?" for _ in WEAPON_CATEGORIES)
    result = store.db.execute(f"""
        SELECT e.source_key AS supplier, e.target_key AS recipient, e.instrument_category AS system,
               min(e.event_date) AS first_reported, max(e.event_date) AS last_reported,
               count(*) AS reports, count(DISTINCT e.doc_id) AS documents,
               string_agg(DISTINCT e.status, ', ' ORDER BY e.status) AS statuses,
               string_agg(DISTINCT coalesce(e.attributed_key, d.source), ', '
                          ORDER BY coalesce(e.attributed_key, d.source)) AS sources,
               list(e.id ORDER BY e.id) AS event_ids,
               list(DISTINCT e.doc_id ORDER BY e.doc_id) AS doc_ids
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE e.event_type = 'AID' AND e.cameo LIKE '07%' AND e.instrument_category IN ({marks})
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
            WHERE d.duplicate_of IS NULL AND e.source_key IS NOT NULL AND e.event_date IS NOT NULL{who}),
        contests AS (  -- each denial or non-confirmation, as a reason: who, where, when
            SELECT id, status || ' by ' || coalesce(attributed_key, attributed_text, outlet, 'the text')
                   || ' in ' || doc_id || ' on ' || CAST(event_date AS VARCHAR) AS reason
            FROM claimed WHERE status IN ('denied', 'unconfirmed')
            UNION ALL
            SELECT id, (s->>'status') || ' by ' || coalesce(s->'by'->>'code', s->'by'->>'text', 'another source')
                   || ' in ' || doc_id || ' on ' || CAST(event_date AS VARCHAR)
            FROM (SELECT id, doc_id, event_date, unnest(CAST(record->'stances' AS JSON[])) AS s
                  FROM claimed WHERE n_stances > 0)
            WHERE s->>'status' IN ('denied', 'unconfirmed'))
        SELECT event_type, source_key, target_key, coalesce(instrument_category, '') AS instrument,
               min(event_date) AS first_date, max(event_date) AS last_date,
               count(DISTINCT doc_id) AS documents,
               count(DISTINCT outlet) FILTER (WHERE status IN ('asserted', 'reported')) AS corroboration,
               string_agg(DISTINCT status || coalesce(' by ' || attributed_key, ''), '; '
                          ORDER BY status || coalesce(' by ' || attributed_key, '')) AS stances,
               count(c.reason) > 0 AS contested,
               coalesce(string_agg(DISTINCT c.reason, '; ' ORDER BY c.reason), '') AS contested_because,
               list(DISTINCT claimed.id ORDER BY claimed.id) AS event_ids,
               list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
        FROM claimed LEFT JOIN contests c ON c.id = claimed.id
        GROUP BY event_type, source_key, target_key, instrument_category, bucket{having}
        ORDER BY documents DESC, corroboration DESC, first_date, event_type, source_key, target_key,
                 instrument""", params)
    return [c[0] for c in result.description], result.fetchall()
