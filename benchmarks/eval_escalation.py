"""Measure escalation detection on the generated corpus with injected escalations.

    .venv/bin/python benchmarks/eval_escalation.py [--articles 2000] [--ratio 2] [--threshold 4]
                                                   [--min-documents 1 2 3] [--db KEEP.duckdb]

Generates the corpus (benchmarks/make_corpus.py, which records 6 injected
escalation windows and 6 stable cooperative dyads in manifest.json), ingests it
through the real extractor into a DuckDB file, runs `faultlines alerts`' method,
and prints: detection rate (injected windows with an alert on that dyad from the
window's start to one week after its end), false alarms on the stable dyads, and
alerts on the injected dyads outside their windows, for each `--min-documents`
(documents a week's events must come from) on the same store. The false-alarm rate
is the share of the judged alerts (those on injected or stable dyads) that are
false: on a stable dyad, or on an injected dyad outside its window. `--db` keeps
the ingested store (and reuses it when it exists); a store holding only the first
part of the corpus (an ingest stopped early) is judged on the windows it covers.
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
    parser.add_argument("--min-documents", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--db", help="keep the ingested store here (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "c"
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--out", str(out),
                        "--articles", str(args.articles)], check=True, capture_output=True)
        manifest = json.loads((out / "manifest.json").read_text())
        db = Path(args.db) if args.db else Path(tmp) / "e.duckdb"
        fresh = not db.exists()
        with Store(db) as store:
            if fresh:
                ingest([str(out / "corpus.jsonl")], store)
            last = store.db.execute("SELECT max(e.event_date) FROM events e "
                                    "JOIN documents d ON d.id = e.doc_id").fetchone()[0]
            print(f"store: {store.count('documents')} documents, events up to {last}")
            for min_documents in args.min_documents:
                found = alerts(store, args.ratio, args.threshold, min_documents=min_documents)
                print(f"--min-documents {min_documents}:")
                report(manifest, found, last)


def report(manifest: dict, found: list, last: date) -> None:
    by_dyad: dict[frozenset, list] = {}
    for alert in found:
        by_dyad.setdefault(frozenset(alert.dyad), []).append(alert.week)
    detected, outside = 0, 0
    covered = [i for i in manifest["injected_escalations"]
               if date.fromisoformat(i["end"]) + timedelta(days=7) <= last]
    for injection in covered:
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
    judged = sum(len(by_dyad.get(frozenset(i["actors"]), [])) for i in covered) + false_alarms
    n = len(covered)
    print(f"  detection rate: {detected}/{n} = {detected / n if n else 0:.2f} "
          f"({len(manifest['injected_escalations']) - n} window(s) after the store's last date not judged)")
    print(f"  false alarms on {len(stable)} stable dyads: {false_alarms}")
    print(f"  alerts on injected dyads outside their windows: {outside}")
    wrong = false_alarms + outside
    print(f"  false-alarm rate: {wrong}/{judged} judged alerts = {wrong / judged if judged else 0:.2f}")
    print(f"  alerts in total (all dyads): {len(found)}")


if __name__ == "__main__":
    main()
