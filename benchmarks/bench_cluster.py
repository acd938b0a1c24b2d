"""The extraction job on a Spark standalone cluster (2 workers x 1 core) against local[1].

    .venv/bin/python benchmarks/bench_cluster.py [--articles 1000]     # part of `make bench`

Both on the same generated corpus (make_corpus.py), both through the same entry point
(`faultlines.scale.submit`): local[1] as `python -m faultlines.scale.submit --master local[1]`,
the cluster through `spark-submit` with the package shipped as a zip (scale/cluster.py), all
on 127.0.0.1. Each is also run on the corpus's first 10 documents: that job is (nearly) all
fixed cost, so documents/s once started = (documents - 10) / (job - 10-document job), as for
local[1] vs local[2] in bench_scale.py. The fixed start cost is the 10-document run's whole
process (JVM, executors, Python workers loading the pipeline and model); starting the cluster
itself is a one-off, shown apart. Writes its section of results.md (after bench_scale.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTION = "## Standalone cluster against local[1]"


def load() -> float:
    return round(os.getloadavg()[0], 2)


def run(command: list[str], cwd: Path) -> dict:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"})
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    summary = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    return {"job_seconds": summary["seconds"], "process_seconds": round(wall, 2),
            "documents": summary["documents"], "events": summary["events"]}


def measure(name: str, command_for, corpus: Path, small: Path, tmp: Path) -> dict:
    fixed = run(command_for(small, tmp / f"{name}-small"), tmp)
    full = run(command_for(corpus, tmp / f"{name}-full"), tmp)
    coding = full["job_seconds"] - fixed["job_seconds"]
    full["started_docs_per_s"] = round((full["documents"] - fixed["documents"]) / coding, 1)
    full["fixed_process_seconds"] = fixed["process_seconds"]
    full["fixed_job_seconds"] = fixed["job_seconds"]
    print(f"  {name}: job {full['job_seconds']} s for {full['documents']} documents, "
          f"{full['started_docs_per_s']} docs/s once started; 10-document run {fixed['process_seconds']} s "
          f"(job {fixed['job_seconds']} s)")
    return full


def section(local: dict, cluster: dict, cluster_start: float, articles: int, loads: tuple[float, float]) -> str:
    ratio = round(cluster["started_docs_per_s"] / local["started_docs_per_s"], 2)
    return "\n".join([
        SECTION, "",
        f"`.venv/bin/python benchmarks/bench_cluster.py --articles {articles}` (part of `make bench`), "
        f"{dt.date.today().isoformat()}. The machine is shared: its 1-minute load average was {loads[0]} when "
        f"the run started and {loads[1]} when it ended (2 cores), so both rows ran on less than the cores "
        "they asked for.", "",
        "| run | documents | job (s) | documents/s once started | fixed start cost (s) | cluster start (s) |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| local[1] (`python -m faultlines.scale.submit`) | {local['documents']} | {local['job_seconds']} "
        f"| {local['started_docs_per_s']} | {local['fixed_process_seconds']} | |",
        f"| standalone, 2 workers x 1 core (`spark-submit`, package shipped) | {cluster['documents']} "
        f"| {cluster['job_seconds']} | {cluster['started_docs_per_s']} ({ratio}x) "
        f"| {cluster['fixed_process_seconds']} | {cluster_start} |", "",
        "Once started = (documents - 10) / (job - a 10-document job's time). Fixed start cost = the whole "
        "10-document run (JVM start, executors, each Python worker loading spaCy and the learned model). "
        "Cluster start = master and two workers until both registered, paid once for any number of jobs. "
        "The cluster's two executors, its driver, master and workers share the machine's 2 cores; a "
        "cluster pays off only with cores (hosts) to spread over, which this run cannot show.", ""])


def write(text: str) -> None:
    results = HERE / "results.md"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    kept = re.split(rf"(?m)^{re.escape(SECTION)}$", old)[0].rstrip()
    results.write_text((kept + "\n\n" if kept else "") + text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    from faultlines.scale.cluster import package_archive, start_cluster, submit_command

    background = load()
    with tempfile.TemporaryDirectory(prefix="fl-cluster-") as name:
        tmp = Path(name)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--out", str(tmp / "corpus"),
                        "--articles", str(args.articles), "--seed", "7"], check=True, capture_output=True)
        corpus = tmp / "corpus" / "corpus.jsonl"
        small = tmp / "small.jsonl"
        small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:10]),
                         encoding="utf-8")
        print(f"== standalone cluster (2 workers) vs local[1], {args.articles} generated articles")
        local = measure("local[1]", lambda data, out: [
            sys.executable, "-m", "faultlines.scale.submit", "--master", "local[1]", "--input", str(data),
            "--output", str(out)], corpus, small, tmp)
        archive = package_archive(tmp / "faultlines.zip")
        start = time.perf_counter()
        with start_cluster(tmp / "cluster", workers=2, cores=1, memory="3g") as cluster:
            cluster_start = round(time.perf_counter() - start, 1)
            print(f"  cluster started in {cluster_start} s")
            remote = measure("cluster", lambda data, out: submit_command(
                cluster.master_url, archive, ["--input", str(data), "--output", str(out)]), corpus, small, tmp)
    text = section(local, remote, cluster_start, args.articles, (background, load()))
    write(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
