"""The extraction job on a real Spark standalone cluster, submitted as a user submits it.

One master and two workers (one core each) started from the installed PySpark's
`spark-class`, all on 127.0.0.1, each with its own working folder; the job goes
through `spark-submit` and `faultlines.scale.submit`, with faultlines shipped to
the executors as a zip (`--archives`), and the workers' environment carries no
PYTHONPATH. Every process is stopped by PID at the end (`Cluster.stop`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import assert_analyses_agree, parquet_events
from faultlines.extract import extract_documents
from faultlines.ingest import InputProblem, read_inputs
from faultlines.pipeline import ingest
from faultlines.store import Store, document_id, event_row

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
KEY_COLUMNS = ("id", "doc_id", "sentence_index", "trigger", "event_type", "mode", "cameo", "quad_class",
               "goldstein", "source_key", "target_key", "status", "attributed_key", "instrument_category",
               "event_date", "confidence", "record")
ARTICLES = 40  # 42 lines with the generator's 2 republications
SUBMIT_TIMEOUT = 900  # a real hang still fails; a loaded 2-core machine needs the room


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The benchmark corpus generator's output: wire articles plus near-duplicate republications."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--out", str(out),
                    "--articles", str(ARTICLES), "--seed", "7", "--months", "2"],
                   check=True, capture_output=True, timeout=120)
    return out


@pytest.fixture(scope="module")
def expected(generated, nlp) -> dict[str, dict]:
    """`extract_documents` on the same corpus, in this process: event rows by id."""
    documents = [d for d in read_inputs([str(generated / "corpus.jsonl")]) if not isinstance(d, InputProblem)]
    rows = {}
    for result in extract_documents(documents):
        for event in result.events:
            row = event_row(document_id(result.document), event)
            rows[row["id"]] = row
    return rows


@pytest.fixture(scope="module")
def ingested(generated, tmp_path_factory, nlp) -> Path:
    """A store ingested from the same corpus (near-duplicates marked by `faultlines ingest`)."""
    path = tmp_path_factory.mktemp("store") / "s.duckdb"
    with Store(path) as store:
        ingest([str(generated / "corpus.jsonl")], store)
    return path


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from faultlines.scale.cluster import start_cluster

    with start_cluster(tmp_path_factory.mktemp("cluster"), workers=2, cores=1, memory="2g") as running:
        yield running


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    from faultlines.scale.cluster import package_archive

    return package_archive(tmp_path_factory.mktemp("ship") / "faultlines.zip")


def submit(cluster, archive: Path, corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    from faultlines.scale.cluster import submit_command

    command = submit_command(cluster.master_url, archive,
                             ["--input", str(corpus), "--output", str(out), "--partitions", "4", *extra])
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=out.parent)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    try:
        stdout, stderr = process.communicate(timeout=SUBMIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        from faultlines.scale.cluster import descendants, stop_pids

        stop_pids([*descendants(process.pid), process.pid], grace=2)
        stdout, stderr = process.communicate()
        pytest.fail(f"spark-submit did not finish in {SUBMIT_TIMEOUT} s: {stderr[-2000:]}")
    return process.returncode, stdout, stderr


def summary_of(stdout: str) -> dict:
    return json.loads([line for line in stdout.splitlines() if line.startswith("{")][-1])


def document_ids(out: Path) -> list[str]:
    with Store.open_parquet(out) as store:
        return [row[0] for row in store.sql("SELECT id FROM documents ORDER BY id")[1]]


@pytest.fixture(scope="module")
def clean_run(cluster, archive, generated, tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "out"
    code, stdout, stderr = finish(submit(cluster, archive, generated / "corpus.jsonl", out))
    assert code == 0, (stdout[-2000:], stderr[-3000:])
    return out, summary_of(stdout), stderr


def test_cluster_codes_the_same_events_as_extract(clean_run, expected, cluster):
    out, summary, stderr = clean_run
    found = parquet_events(out)
    assert summary["documents"] == ARTICLES + 2 and summary["problems"] == 0
    assert summary["events"] == len(found) == len(expected) > 150
    assert set(found) == set(expected)
    for event_id, row in expected.items():
        for column in KEY_COLUMNS:
            assert found[event_id][column] == row[column], (event_id, column)
    # both workers ran executors, and each unpacked the shipped package in its own folder
    for index in (1, 2):
        shipped = list(cluster.worker_dir(index).glob("app-*/*/faultlines_pkg/faultlines/__init__.py"))
        assert shipped, f"worker {index} never unpacked the shipped package"
    assert "\tat org.apache" not in stderr  # Spark's stack traces go to the log file


def test_cluster_marks_republications_as_the_store_does(clean_run, ingested, generated):
    out, summary, _ = clean_run
    manifest = json.loads((generated / "manifest.json").read_text())
    republished = {p["duplicate"]: p["original"] for p in manifest["near_duplicate_pairs"]}
    assert summary["near_duplicates"] == len(republished) == 2
    with Store(ingested, read_only=True) as db, Store.open_parquet(out) as pq_store:
        query = "SELECT d.input_id, o.input_id FROM documents d LEFT JOIN documents o ON o.id = d.duplicate_of"
        marked = {doc: original for doc, original in pq_store.sql(query)[1] if original}
        assert marked == republished
        assert pq_store.sql(query + " ORDER BY 1")[1] == db.sql(query + " ORDER BY 1")[1]
        assert_analyses_agree(db, pq_store, min_pairs=15, limit=2000)


def test_cluster_survives_losing_an_executor_mid_job(cluster, archive, generated, clean_run, tmp_path):
    from faultlines.scale.cluster import descendants, stop_pids

    out = tmp_path / "out"
    process = submit(cluster, archive, generated / "corpus.jsonl", out)
    try:
        killed = kill_executor_while_coding(cluster, process)
        assert killed, "no executor ever started coding"
        code, stdout, stderr = finish(process)
    finally:
        if process.poll() is None:  # a failed assertion above: stop spark-submit and its driver
            stop_pids([*descendants(process.pid), process.pid])
    assert code == 0, (stdout[-2000:], stderr[-3000:])
    summary = summary_of(stdout)
    log = Path(summary["log"]).read_text(errors="replace")
    assert "Lost executor" in log or "ExecutorLostFailure" in log  # Spark saw the loss and recovered
    clean_out, clean_summary, _ = clean_run
    ids = document_ids(out)
    assert len(ids) == len(set(ids)) == clean_summary["documents"]  # no document lost or coded twice
    assert ids == document_ids(clean_out)
    assert parquet_events(out) == parquet_events(clean_out)
    assert {k: summary[k] for k in ("documents", "events", "sentences", "mentions", "problems")} == \
        {k: clean_summary[k] for k in ("documents", "events", "sentences", "mentions", "problems")}


def kill_executor_while_coding(cluster, process: subprocess.Popen) -> int | None:
    """SIGKILL the first executor one of whose Python workers has the pipeline loading (over
    250 MB resident), while spark-submit is still running; its PID, or None. Either worker's:
    on a loaded machine one executor may register late and get no coding task at all."""
    deadline = time.monotonic() + SUBMIT_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        for executor in cluster.executor_pids(1) + cluster.executor_pids(2):
            if any(resident_mb(pid) > 250 for pid in cluster.python_workers(executor)):
                assert process.poll() is None
                os.kill(executor, signal.SIGKILL)
                return executor
        time.sleep(0.2)
    return None


def resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def test_cluster_worker_error_is_one_line_naming_the_input_and_the_log(cluster, archive, generated, tmp_path):
    """A pipeline the executors cannot load fails every task: the user sees our one line."""
    corpus = generated / "corpus.jsonl"
    code, stdout, stderr = finish(submit(cluster, archive, corpus, tmp_path / "out", "--model", "en_core_web_absent"))
    assert code == 6
    errors = [line for line in (stdout + stderr).splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stdout + stderr[-3000:]
    assert errors[0].startswith(f"error: Spark job on {corpus} failed: ")
    assert "cannot load the spaCy pipeline 'en_core_web_absent'" in errors[0]
    log = Path(errors[0].rsplit("(Spark's log: ", 1)[1].rstrip(")"))
    assert "\tat org.apache.spark" in log.read_text(errors="replace")  # the stack traces are there
    assert "\tat org.apache" not in stdout + stderr and "Traceback" not in stdout + stderr
