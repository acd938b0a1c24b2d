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
    graph = nx.Graph()
    for a, b, data in directed.edges(data=True):
        weight = data.get("weight", 0.0)
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
            graph[a][b]["events"] += data.get("events", 0)
        else:
            graph.add_edge(a, b, weight=weight, events=data.get("events", 0))
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
