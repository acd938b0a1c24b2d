"""Briefs: a readable report on one or more actors over a period, every line cited.

Pulls together what the other analyses compute — key developments (the most
certain events, one per evidence sentence, in date order, each citing its
document), the sources (each cited document once, in date order: outlet, title,
date, URL or document id), the relationship
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
from faultlines.analysis import statuses as status_scope
from faultlines.errors import InputError
from faultlines.query import date_clauses
from faultlines.store import Store


@dataclass
class Brief:
    actors: list[str]
    since: str | None
    until: str | None
    developments: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    statuses: tuple[str, ...] = status_scope.FACTUAL
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
          limit: int = 15, status: str | list[str] | None = None) -> Brief:
    """The brief's parts; `status` scopes what the trend, alerts, transfers and balance
    count (asserted and reported by default); developments show every status, marked."""
    if not actors:
        raise InputError("a brief needs at least one --actor")
    brief = Brief(actors, since, until, statuses=status_scope.parse(status))
    brief.developments = developments(store, actors, since, until, limit)
    brief.sources = cite(brief.developments)
    for a, b in combinations(actors, 2):
        rows = _records(series.dyad_series(store, a, b, "month", False, since, until,
                                           counted=status_scope.tie_statuses(brief.statuses) or status_scope.FACTUAL))
        if rows:
            brief.trends.append({"dyad": f"{a}–{b}", "rows": rows,
                                 "peak": max(abs(r["goldstein_sum"]) for r in rows) or 1})
    brief.alerts = [al for al in escalation.alerts(store, status=list(brief.statuses)) if set(al.dyad) & set(actors)]
    for actor in actors:
        brief.claims += [c for c in _records(ledgers.claims(store, actor)) if c not in brief.claims]
        brief.transfers += [t for t in _records(ledgers.transfers(store, actor, status=list(brief.statuses)))
                            if t not in brief.transfers]
    brief.claims = [c for c in brief.claims if c["contested"] or c["corroboration"] <= 1][:limit]
    graph = balance.signed_graph(network.build_graph(store, since, until, status=list(brief.statuses)))
    brief.triads = balance.triads(graph, set(actors))
    return brief


def developments(store: Store, actors: list[str], since: str | None, until: str | None,
                 limit: int) -> list[dict]:
    """The `limit` most certain evidence sentences on the actors, each once (a sentence
    that codes two events is one development carrying both ids), in date order."""
    marks = ", ".join("?" for _ in actors)
    dated, date_params = date_clauses(since, until)
    dates = "".join(f" AND {clause}" for clause in dated)
    result = store.db.execute(f"""
        WITH scoped AS (
            SELECT e.*, d.source AS outlet, d.title, d.url, d.date AS published,
                   e.confidence * {status_weight_sql("e.status")} AS rank
            FROM events e JOIN documents d ON d.id = e.doc_id
            WHERE d.duplicate_of IS NULL AND (e.source_key IN ({marks}) OR e.target_key IN ({marks})){dates})
        SELECT arg_max(event_date, rank) AS date, arg_max(event_type, rank) AS event_type,
               arg_max(source_text, rank) AS source_text, arg_max(source_key, rank) AS source_key,
               arg_max(target_text, rank) AS target_text, arg_max(target_key, rank) AS target_key,
               arg_max(status, rank) AS status, arg_max(attributed_key, rank) AS attributed_key,
               max(confidence) AS confidence, any_value(outlet) AS outlet, any_value(title) AS title,
               any_value(url) AS url, any_value(published) AS published, doc_id, any_value(sentence) AS sentence,
               list(id ORDER BY id) AS event_ids, [doc_id] AS doc_ids, max(rank) AS rank
        FROM scoped GROUP BY doc_id, sentence_index
        ORDER BY rank DESC, date DESC NULLS LAST, doc_id, sentence_index LIMIT ?""",
        [*actors, *actors, *date_params, limit])
    found = _records(([c[0] for c in result.description], result.fetchall()))
    return sorted(found, key=lambda d: (d["date"] is None, d["date"] or date.min, d["doc_id"], d["event_ids"]))


def cite(items: list[dict]) -> list[dict]:
    """Each cited document once, in date order, numbered; every item gets its `cite` number."""
    sources: dict[str, dict] = {}
    for item in items:
        sources.setdefault(item["doc_id"], {"doc_id": item["doc_id"], "outlet": item.get("outlet"),
                                            "title": item.get("title"), "url": item.get("url"),
                                            "date": item.get("published") or item.get("date")})
    ordered = sorted(sources.values(), key=lambda s: (s["date"] is None, str(s["date"] or ""), s["doc_id"]))
    for number, source in enumerate(ordered, 1):
        source["number"] = number
    for item in items:
        item["cite"] = sources[item["doc_id"]]["number"]
    return ordered


def to_json(brief: Brief) -> dict:
    """The brief as plain data (dates as ISO text): what `--format json` and the API's
    `format=json` return; every development, claim, transfer and alert with its ids."""
    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    return plain({
        "actors": brief.actors, "since": brief.since, "until": brief.until, "statuses": brief.statuses,
        "generated": brief.generated, "developments": brief.developments, "sources": brief.sources,
        "trends": brief.trends, "claims": brief.claims, "transfers": brief.transfers,
        "alerts": [{"dyad": a.dyad, "week": a.week, "count": a.count, "baseline": a.baseline,
                    "score": a.score, "event_ids": a.event_ids, "doc_ids": a.doc_ids} for a in brief.alerts],
        "triads": [{"actors": t.actors, "signs": t.signs, "balanced": t.balanced} for t in brief.triads]})


_env = Environment(loader=PackageLoader("faultlines.analysis", "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render(brief: Brief, fmt: str = "md") -> str:
    if fmt not in ("md", "html"):
        raise InputError(f"--format {fmt!r}: choose md or html")
    return _env.get_template(f"brief.{fmt}").render(brief=brief)
