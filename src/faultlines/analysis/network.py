"""The signed, weighted relationship network between actors.

An edge source -> target sums, over the period's events, Goldstein score x the
event's confidence (how likely it is coded right) x its status weight
(`model.STATUS_WEIGHT`: a reported event counts less than an asserted one):
positive for cooperation, negative for conflict. Only the statuses in scope count
(asserted and reported unless asked otherwise, see statuses.py), and a denied event
never makes an edge. Each edge keeps the ids of its events and their documents, so
every weight can be traced to the sentences behind it.
Nodes are actor keys (ISO country codes, IGOs, armed groups...). Exported to
GraphML or GEXF for Gephi; NetworkX reads both back unchanged.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from faultlines.analysis import statuses as status_scope
from faultlines.errors import InputError
from faultlines.model import status_weight_sql
from faultlines.query import scope_clauses
from faultlines.store import Store

FORMATS = ("graphml", "gexf")


def build_graph(store: Store, since: str | None = None, until: str | None = None, *,
                actor: str | None = None, event_type: str | None = None,
                status: str | list[str] | None = None) -> nx.DiGraph:
    """The network of the events in scope (all, or one actor's, one type's), of the
    statuses `status` names (default asserted and reported; denied never counts)."""
    scoped, params = scope_clauses(actor, event_type, None, since, until)
    kept, kept_params = status_scope.clause(status_scope.tie_statuses(status_scope.parse(status)))
    where = ["d.duplicate_of IS NULL", "e.source_key IS NOT NULL", "e.target_key IS NOT NULL",
             "e.source_key <> e.target_key", kept, *scoped]
    params = [*kept_params, *params]
    rows = store.db.execute(f"""
        SELECT e.source_key, e.target_key, count(*) AS events,
               count(*) FILTER (WHERE e.quad_class <= 2) AS cooperative,
               count(*) FILTER (WHERE e.quad_class >= 3) AS conflictual,
               sum(e.goldstein * e.confidence * {status_weight_sql("e.status")}) AS weight,
               list(e.id ORDER BY e.id) AS event_ids,
               list(DISTINCT e.doc_id ORDER BY e.doc_id) AS doc_ids
        FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE {' AND '.join(where)} GROUP BY 1, 2""", params).fetchall()
    graph = nx.DiGraph()
    for source, target, events, coop, conflict, weight, event_ids, doc_ids in rows:
        graph.add_edge(source, target, events=int(events), cooperative=int(coop),
                       conflictual=int(conflict), weight=round(float(weight or 0), 3),
                       sign=1 if (weight or 0) >= 0 else -1, event_ids=list(event_ids),
                       doc_ids=list(doc_ids))
    # the label of a key: the name of the actor that is the key itself (the state, not one of
    # its agencies), else the first name; the same on any store whatever the rows' order
    names = dict(store.db.execute("""SELECT key, coalesce(any_value(name) FILTER (WHERE code = key), min(name))
        FROM actors WHERE key IS NOT NULL GROUP BY key""").fetchall())
    for node in graph.nodes:
        graph.nodes[node]["label"] = names.get(node) or node
    return graph


def strongest(graph: nx.DiGraph, top: int) -> nx.DiGraph:
    """The `top` edges with the most events (ties by key), and their nodes: what a
    network view can draw legibly on a store of millions of events."""
    if graph.number_of_edges() <= top:
        return graph
    ranked = sorted(graph.edges(data=True), key=lambda e: (-e[2]["events"], e[0], e[1]))[:top]
    kept = nx.DiGraph()
    for source, target, data in ranked:
        kept.add_edge(source, target, **data)
    for node in kept.nodes:
        kept.nodes[node].update(graph.nodes[node])
    return kept


def central_actors(graph: nx.DiGraph, top: int = 10) -> list[tuple[str, float, int]]:
    """(actor, degree centrality by event volume, events) for the busiest actors."""
    volume = {n: sum(d["events"] for *_, d in graph.in_edges(n, data=True))
              + sum(d["events"] for *_, d in graph.out_edges(n, data=True)) for n in graph.nodes}
    centrality = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else {n: 0.0 for n in graph}
    ranked = sorted(graph.nodes, key=lambda n: (-volume[n], n))[:top]
    return [(n, round(centrality[n], 3), volume[n]) for n in ranked]


def edge_rows(graph: nx.DiGraph) -> tuple[list[str], list[tuple]]:
    """The edges as rows (heaviest ties first), each with its evidence ids."""
    columns = ["source", "target", "weight", "sign", "events", "cooperative", "conflictual",
               "event_ids", "doc_ids"]
    ranked = sorted(graph.edges(data=True), key=lambda e: (-abs(e[2]["weight"]), e[0], e[1]))
    return columns, [(a, b, *(d.get(c) for c in columns[2:])) for a, b, d in ranked]


def export_graph(graph: nx.DiGraph, path: str, fmt: str) -> None:
    """GraphML or GEXF; the evidence id lists become space-separated strings (neither
    format holds lists)."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: choose graphml or gexf")
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"--out {path}: the folder {target.parent} does not exist")
    graph = graph.copy()
    for _, _, data in graph.edges(data=True):
        for key in ("event_ids", "doc_ids"):
            if isinstance(data.get(key), list):
                data[key] = " ".join(data[key])
    if fmt == "graphml":
        nx.write_graphml(graph, target)
    else:
        nx.write_gexf(graph, target)
