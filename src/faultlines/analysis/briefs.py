"""Briefs: a readable report on one or more actors over a period, every line cited.

Pulls together what the other analyses compute — key developments (the most
certain events, with outlet, date and the evidence sentence), the relationship
trend between the actors (monthly Goldstein sums, drawn as a bar chart in HTML),
escalation alerts, open and contested claims, arms transfers, and the balance
triads that involve them — and renders Markdown or HTML from Jinja templates in
`analysis/templates/`. HTML escapes all text from documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from jinja2 import Environment, PackageLoader, select_autoescape

from faultlines.model import status_weight_sql
from faultlines.analysis import balance, escalation, ledgers, network, series
from faultlines.errors import InputError
from faultlines.query import date_clauses
from faultlines.store import Store


@dataclass
class Brief:
    actors: list[str]
    since: str | None
    until: str | None
    developments: list[dict] = field(default_factory=list)
    trends: list[dict] = field(default_factory=list)
    alerts: list[escalation.Alert] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    transfers: list[dict] = field(default_factory=list)
    triads: list[balance.Triad] = field(default_factory=list)
    generated: str = field(default_factory=lambda: date.today().isoformat())


def _records(columns_rows: tuple[list[str], list[tuple]]) -> list[dict]:
    columns, rows = columns_rows
    return [dict(zip(columns, row)) for row in rows]


def build(store: Store, actors: list[str], since: str | None = None, until: str | None = None,
          limit: int = 15) -> Brief:
    if not actors:
        raise InputError("a brief needs at least one --actor")
    brief = Brief(actors, since, until)
    marks = ", ".join("?" for _ in actors)
    dated, date_params = date_clauses(since, until)
    params: list = [*actors, *actors, *date_params]
    dates = "".join(f" AND {clause}" for clause in dated)
    result = store.db.execute(f"""
        SELECT e.event_date AS date, e.event_type, e.source_text, e.source_key, e.target_text,
               e.target_key, e.status, e.attributed_key, e.confidence, d.source AS outlet,
               d.title, d.url, e.sentence
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE d.duplicate_of IS NULL AND (e.source_key IN ({marks}) OR e.target_key IN ({marks})){dates}
        ORDER BY e.confidence * {status_weight_sql("e.status")} DESC, e.event_date DESC, e.id LIMIT ?""",
        [*params, limit])
    brief.developments = _records(([c[0] for c in result.description], result.fetchall()))
    for a, b in combinations(actors, 2):
        rows = _records(series.dyad_series(store, a, b, "month", False, since, until))
        if rows:
            brief.trends.append({"dyad": f"{a}–{b}", "rows": rows,
                                 "peak": max(abs(r["goldstein_sum"]) for r in rows) or 1})
    brief.alerts = [al for al in escalation.alerts(store) if set(al.dyad) & set(actors)]
    for actor in actors:
        brief.claims += [c for c in _records(ledgers.claims(store, actor)) if c not in brief.claims]
        brief.transfers += [t for t in _records(ledgers.transfers(store, actor)) if t not in brief.transfers]
    brief.claims = [c for c in brief.claims if c["contested"] or c["corroboration"] <= 1][:limit]
    graph = balance.signed_graph(network.build_graph(store, since, until))
    brief.triads = balance.triads(graph, set(actors))
    return brief


_env = Environment(loader=PackageLoader("faultlines.analysis", "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render(brief: Brief, fmt: str = "md") -> str:
    if fmt not in ("md", "html"):
        raise InputError(f"--format {fmt!r}: choose md or html")
    return _env.get_template(f"brief.{fmt}").render(brief=brief)
