"""Ingest throughput and peak memory on a generated 2,000-article corpus, against
`extract` alone on the same corpus, in the same run.

    make bench      # or: .venv/bin/python benchmarks/bench_ingest.py [--articles 2000]

Both are run as the user runs them (`faultlines ingest` / `faultlines extract`
in a child process), so the times include start-up; peak memory is the child's
maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of all children so far (MB), and stderr of a child process."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return seconds, peak // 1024, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--out", str(out / "c"),
                        "--articles", str(args.articles)], check=True, capture_output=True)
        corpus = out / "c" / "corpus.jsonl"
        n_docs = sum(1 for _ in corpus.open(encoding="utf-8"))
        exe = [sys.executable, "-m", "faultlines"]
        # ingest first: the children's peak RSS is then the ingest's own
        t_ingest, rss_ingest, _ = run([*exe, "ingest", "--db", str(out / "b.duckdb"), str(corpus)])
        t_extract, _, _ = run([*exe, "extract", "--format", "jsonl", str(corpus)])
        count = subprocess.run([*exe, "sql", "--db", str(out / "b.duckdb"), "--format", "csv",
                                "SELECT count(*) FROM events"], capture_output=True, text=True)
        n_events = int(count.stdout.splitlines()[1])
    result = {
        "documents": n_docs, "events": n_events,
        "extract_seconds": round(t_extract, 1), "ingest_seconds": round(t_ingest, 1),
        "ingest_documents_per_s": round(n_docs / t_ingest, 1),
        "ingest_events_per_s": round(n_events / t_ingest, 1),
        "ingest_over_extract_throughput": round(t_extract / t_ingest, 3),
        "peak_rss_mb_ingest": rss_ingest,
    }
    print(f"ingest of {n_docs} generated articles ({n_events} events stored)")
    print(f"  extract alone : {t_extract:6.1f} s")
    print(f"  ingest        : {t_ingest:6.1f} s  ({result['ingest_documents_per_s']} docs/s, "
          f"{result['ingest_events_per_s']} events/s)")
    print(f"  ingest / extract throughput: {result['ingest_over_extract_throughput']:.3f} (target >= 0.8)")
    print(f"  peak RSS of ingest: {rss_ingest} MB (target <= 1536 MB)")
    (HERE / "results_ingest.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
