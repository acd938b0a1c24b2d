"""Response times of the HTTP API on a store of 1 million synthetic events.

    make bench      # or: .venv/bin/python benchmarks/bench_api.py [--events 1000000]

The store is generated like bench_analysis.py's (the store's own schema, inside
DuckDB); `faultlines serve`'s app runs under a real uvicorn on 127.0.0.1 and each
request is timed end to end over HTTP (median of 5, after one warm-up).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_analysis import fill  # noqa: E402

from faultlines.api import create_app, running  # noqa: E402
from faultlines.store import Store  # noqa: E402

REQUESTS = [
    ("events, first page (100)", "/api/events", {"limit": 100}),
    ("events, one dyad both ways", "/api/events", {"pair": "A1:A2", "limit": 100}),
    ("events, actor + type + dates", "/api/events",
     {"actor": "A7", "type": "ASSAULT", "since": "2023-01-01", "until": "2023-06-30", "limit": 100}),
    ("events, by Goldstein, deep page", "/api/events", {"sort": "-goldstein", "offset": 500_000, "limit": 100}),
    ("network (top 300 edges)", "/api/network", {"top": 300}),
    ("network, one year", "/api/network", {"since": "2023-01-01", "until": "2023-12-31", "top": 300}),
    ("dyad series", "/api/dyads/A1/A2", {"undirected": "true"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "api.duckdb"
        with Store(db) as store:
            fill(store, args.events)
            print(f"API on a store of {store.count('events'):,} synthetic events (HTTP on 127.0.0.1, median of 5)")
        with running(create_app(db)) as url, httpx.Client(base_url=url, timeout=60) as client:
            for label, path, params in REQUESTS:
                client.get(path, params=params).raise_for_status()
                times = []
                for _ in range(5):
                    start = time.perf_counter()
                    response = client.get(path, params=params)
                    times.append(time.perf_counter() - start)
                    response.raise_for_status()
                print(f"  {label:<34} {statistics.median(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
