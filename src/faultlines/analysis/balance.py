"""Structural balance: triads of actors, common adversaries and allies, what-ifs.

The directed network (see network.py) is folded into an undirected signed graph:
the sign of a pair is the sign of its summed weight in both directions. A triad is
balanced when the product of its three signs is positive ("the enemy of my enemy
is my friend"); "Iran and Russia share a common adversary in the West" is a
balanced triad with two negative ties to the same third actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx


@dataclass(frozen=True)
class Triad:
    actors: tuple[str, str, str]
    signs: tuple[int, int, int]  # ab, ac, bc

    @property
    def balanced(self) -> bool:
        return self.signs[0] * self.signs[1] * self.signs[2] > 0


def signed_graph(directed: nx.DiGraph) -> nx.Graph:
    """Both directions of each pair folded into one signed tie, keeping the evidence ids."""
    graph = nx.Graph()
    for a, b, data in directed.edges(data=True):
        weight = data.get("weight", 0.0)
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, weight=0.0, events=0, event_ids=[], doc_ids=[])
        tie = graph[a][b]
        tie["weight"] += weight
        tie["events"] += data.get("events", 0)
        tie["event_ids"] = sorted({*tie["event_ids"], *data.get("event_ids", ())})
        tie["doc_ids"] = sorted({*tie["doc_ids"], *data.get("doc_ids", ())})
    for _, _, data in graph.edges(data=True):
        data["sign"] = 1 if data["weight"] >= 0 else -1
    return graph


def triads(graph: nx.Graph, involving: set[str] | None = None) -> list[Triad]:
    """Every triangle of the signed graph (optionally only those with these actors)."""
    found = []
    for a in sorted(graph.nodes):
        for b, c in combinations(sorted(n for n in graph[a] if n > a), 2):
            if not graph.has_edge(b, c):
                continue
            if involving and not involving & {a, b, c}:
                continue
            found.append(Triad((a, b, c), (graph[a][b]["sign"], graph[a][c]["sign"], graph[b][c]["sign"])))
    return found


def common(graph: nx.Graph, a: str, b: str, sign: int) -> list[str]:
    """Third actors both `a` and `b` are tied to with `sign` (-1: adversaries, +1: allies)."""
    if a not in graph or b not in graph:
        return []
    return sorted(c for c in set(graph[a]) & set(graph[b]) - {a, b}
                  if graph[a][c]["sign"] == sign and graph[b][c]["sign"] == sign)


def what_if(graph: nx.Graph, a: str, b: str, sign: int) -> list[tuple[Triad | None, Triad]]:
    """Triads whose balance a new (or changed) a–b tie would create or flip:
    (before or None, after)."""
    before = {t.actors: t for t in triads(graph, {a, b})}
    changed = graph.copy()
    changed.add_edge(a, b, weight=float(sign), events=0, sign=sign)
    result = []
    for triad in triads(changed, {a, b}):
        if a in triad.actors and b in triad.actors:
            old = before.get(triad.actors)
            if old is None or old.balanced != triad.balanced:
                result.append((old, triad))
    return result


def blocs(graph: nx.Graph, seed: int = 7) -> list[list[str]]:
    """Groups of actors bound by cooperation and set apart by conflict, largest first.

    Both signs count: a partition is scored by its frustration, the weight of the
    conflictual ties inside blocs plus the cooperative ties between them (correlation
    clustering). It starts from the Louvain communities of the positive ties and
    moves one actor at a time (in key order, so the result is stable) to the bloc,
    or a bloc of its own, that lowers the frustration most, until no move helps. So
    two actors in conflict with each other are split even when a third cooperates
    with both, which positive-only communities would merge."""
    positive = nx.Graph()
    positive.add_nodes_from(graph.nodes)
    positive.add_weighted_edges_from((a, b, d["weight"]) for a, b, d in graph.edges(data=True)
                                     if d["weight"] > 0)
    found = nx.community.louvain_communities(positive, weight="weight", seed=seed)
    bloc_of = {n: i for i, members in enumerate(sorted(sorted(c) for c in found)) for n in members}
    for _ in range(50):
        moved = False
        for node in sorted(graph.nodes):
            pull: dict[int, float] = {}
            for other in graph[node]:
                if other != node:
                    pull[bloc_of[other]] = pull.get(bloc_of[other], 0.0) + graph[node][other]["weight"]
            current = bloc_of[node]
            alone = max(bloc_of.values()) + 1
            best = max([(pull.get(b, 0.0), -b) for b in pull] + [(0.0, -alone)])
            if best[0] > pull.get(current, 0.0) + 1e-9:
                bloc_of[node] = -best[1]
                moved = True
        if not moved:
            break
    groups: dict[int, list[str]] = {}
    for node, bloc in bloc_of.items():
        groups.setdefault(bloc, []).append(node)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda c: (-len(c), c))


def linkage(graph: nx.Graph, first: tuple[str, str], second: tuple[str, str]) -> list[tuple]:
    """Actors that tie one conflict dyad to another ("RUS–UKR and ISR–HAMAS through
    IRN"): (linking actor, how it relates to each side (+ cooperation, - conflict),
    the ids of the events and documents behind those ties)."""
    found = []
    for actor in sorted(graph.nodes):
        if actor in first or actor in second:
            continue
        ties_one = {m: graph[actor][m]["sign"] for m in first if graph.has_edge(actor, m)}
        ties_two = {m: graph[actor][m]["sign"] for m in second if graph.has_edge(actor, m)}
        if ties_one and ties_two:
            ties = {**ties_one, **ties_two}
            describe = ", ".join(f"{'+' if s > 0 else '-'}{m}" for m, s in ties.items())
            event_ids = sorted({i for m in ties for i in graph[actor][m].get("event_ids", ())})
            doc_ids = sorted({i for m in ties for i in graph[actor][m].get("doc_ids", ())})
            found.append((actor, describe, event_ids, doc_ids))
    return found
