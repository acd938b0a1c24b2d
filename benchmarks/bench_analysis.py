"""Analyses on a store of 1 million synthetic events, timed.

    make bench      # or: .venv/bin/python benchmarks/bench_analysis.py [--events 1000000]

The events are generated inside DuckDB (random dyads among 120 actors, types,
statuses and dates over three years) with the store's own schema, so the timings
are those of the real queries: a dyad series, the network build, balance triads,
escalation alerts over every dyad, and the two ledgers.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from faultlines.analysis import balance, escalation, ledgers, network, series
from faultlines.store import Store

TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def fill(store: Store, n: int) -> None:
    docs = max(1, n // 8)
    store.db.execute(f"""
        INSERT INTO documents
        SELECT 'd' || i, 'd' || i, NULL, 'Outlet ' || (i % 40), NULL,
               DATE '2022-01-01' + CAST(i % 1095 AS INTEGER), 'text', 4, NULL, NULL, 'bench', now()
        FROM range({docs}) t(i)""")
    types = "['" + "','".join(TYPES) + "']"
    store.db.execute(f"""
        INSERT INTO events
        SELECT 'e' || i, 'd' || (i % {docs}), 0, 'sentence', 0, 'trigger', 0,
               list_extract({types}, 1 + CAST(floor(random() * {len(TYPES)}) AS INTEGER)),
               NULL, '190', 1 + CAST(floor(random() * 4) AS INTEGER), round(random() * 20 - 10, 1),
               NULL, NULL, 'A' || CAST(floor(random() * 120) AS INTEGER), NULL, NULL, 'state',
               NULL, NULL, 'A' || CAST(floor(random() * 120) AS INTEGER), NULL, NULL, 'state',
               list_extract(['asserted','reported','hypothetical','denied','unconfirmed','planned'],
                            1 + CAST(floor(random() * 6) AS INTEGER)),
               NULL, NULL, NULL, NULL, NULL,
               CASE WHEN random() < 0.05 THEN 'drones' END, NULL, NULL, NULL, NULL,
               DATE '2022-01-01' + CAST(floor(random() * 1095) AS INTEGER), random(), 0, '{{}}', 'bench'
        FROM range({n}) t(i)""")


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"  {label:<34} {seconds:6.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "big.duckdb") as store:
        start = time.perf_counter()
        fill(store, args.events)
        print(f"{store.count('events'):,} synthetic events in {time.perf_counter() - start:.1f} s")
        timed("dyad series (A1:A2, monthly)", lambda: series.dyad_series(store, "A1", "A2", "month"))
        graph = {}
        timed("network build", lambda: graph.setdefault("g", network.build_graph(store)))
        timed("balance triads", lambda: balance.triads(balance.signed_graph(graph["g"])))
        timed("escalation alerts (all dyads)", lambda: escalation.alerts(store))
        timed("arms-transfer ledger", lambda: ledgers.transfers(store))
        timed("claims ledger (one actor)", lambda: ledgers.claims(store, "A1"))


if __name__ == "__main__":
    main()
