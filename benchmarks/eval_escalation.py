"""Measure escalation detection on the generated corpus with injected escalations.

    .venv/bin/python benchmarks/eval_escalation.py [--articles 2000] [--ratio 2] [--threshold 4]

Generates the corpus (benchmarks/make_corpus.py, which records 6 injected
escalation windows and 6 stable cooperative dyads in manifest.json), ingests it
through the real extractor into a DuckDB file, runs `faultlines alerts`' method,
and prints: detection rate (injected windows with an alert on that dyad from the
window's start to one week after its end), false alarms on the stable dyads, and
alerts on the injected dyads outside their windows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from faultlines.analysis.escalation import alerts
from faultlines.pipeline import ingest
from faultlines.store import Store

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--ratio", type=float, default=2.0)
    parser.add_argument("--threshold", type=float, default=4.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "c"
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--out", str(out),
                        "--articles", str(args.articles)], check=True, capture_output=True)
        manifest = json.loads((out / "manifest.json").read_text())
        with Store(Path(tmp) / "e.duckdb") as store:
            ingest([str(out / "corpus.jsonl")], store)
            found = alerts(store, args.ratio, args.threshold)
    by_dyad: dict[frozenset, list] = {}
    for alert in found:
        by_dyad.setdefault(frozenset(alert.dyad), []).append(alert.week)
    detected, outside = 0, 0
    for injection in manifest["injected_escalations"]:
        start = date.fromisoformat(injection["start"]) - timedelta(days=7)
        end = date.fromisoformat(injection["end"]) + timedelta(days=7)
        weeks = by_dyad.get(frozenset(injection["actors"]), [])
        hit = any(start <= w <= end for w in weeks)
        detected += hit
        outside += sum(1 for w in weeks if not start <= w <= end)
        print(f"  {injection['dyad']:<14} {injection['start']}..{injection['end']}  "
              f"{'detected' if hit else 'MISSED':<8}  alerts at {', '.join(map(str, weeks)) or '-'}")
    stable = [frozenset(d["actors"]) for d in manifest["stable_dyads"]]
    false_alarms = sum(len(by_dyad.get(d, [])) for d in stable)
    n = len(manifest["injected_escalations"])
    print(f"detection rate: {detected}/{n} = {detected / n:.2f}")
    print(f"false alarms on {len(stable)} stable dyads: {false_alarms}")
    print(f"alerts on injected dyads outside their windows: {outside}")
    print(f"alerts in total (all dyads): {len(found)}")


if __name__ == "__main__":
    main()
