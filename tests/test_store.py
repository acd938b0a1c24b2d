"""The DuckDB store and `faultlines ingest`: every document once, nothing lost."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from faultlines.cli import app
from faultlines.pipeline import ingest
from faultlines.query import EventFilter, events, export
from faultlines.store import MIGRATIONS, Store

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def corpus(tmp_path: Path, n: int = 120) -> Path:
    """A JSONL corpus of project-written wire sentences (one document each)."""
    lines = []
    for path in sorted((REPO / "eval").glob("dev_sentences*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            lines.append(json.dumps({"id": item["id"], "text": item["text"], "date": item.get("date"),
                                     "source": item.get("source")}))
    out = tmp_path / "corpus.jsonl"
    out.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return out


def counts(db: Path) -> tuple[int, int]:
    with Store(db, read_only=True) as store:
        return store.count("documents"), store.count("events")


@pytest.mark.slow
def test_store_ingest_twice_adds_nothing(nlp, tmp_path):
    db, data = tmp_path / "f.duckdb", corpus(tmp_path, 60)
    with Store(db) as store:
        first = ingest([str(data)], store)
        again = ingest([str(data)], store)
    assert first.new == 60 and first.events > 0
    assert again.new == 0 and again.duplicate == 60
    assert counts(db) == (60, first.events)
    with Store(db, read_only=True) as store:
        assert store.count("sentences") >= 60
        assert store.count("mentions") >= first.events
        assert store.sql("SELECT kind FROM actors WHERE code = 'RUS'")[1] == [("state",)]


def test_store_migrations_rerun_safely(tmp_path):
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        assert store.schema_version() == len(MIGRATIONS)
    with Store(db) as store:
        assert store.migrate() == [] and store.schema_version() == len(MIGRATIONS)


def test_store_near_duplicates_are_recorded_not_counted(nlp, tmp_path):
    article = json.loads((REPO / "eval" / "dev_articles.jsonl").read_text().splitlines()[0])
    story = article["text"]
    edited = story.replace("(Reuters)", "(AP)", 1) + "\n\nThis story was updated."
    data = tmp_path / "wire.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in [
        {"id": "orig", "text": story, "date": "2024-03-04"},
        {"id": "repub", "text": edited, "date": "2024-03-04"},
    ]) + "\n")
    with Store(tmp_path / "d.duckdb") as store:
        summary = ingest([str(data)], store)
        dup = store.sql("SELECT input_id FROM documents WHERE duplicate_of IS NOT NULL")[1]
    assert summary.new == 2 and summary.near_duplicate == 1
    assert dup == [("repub",)]


def test_store_bad_inputs_are_reported_and_good_ones_stored(nlp, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Iran sent ballistic missiles to Russia, Bloomberg reported.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("   ")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 diplomacy in Par\xeds".encode("latin-1"))
    (tmp_path / "nobody.html").write_text("<html><head><title>x</title></head><body></body></html>")
    (tmp_path / "huge.txt").write_text("Russia attacked Ukraine. " * 400)
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok", "text": "Israel struck Hezbollah positions in Lebanon."}\n'
        '{"id": "broken", "text": \n'
        '{"id": "notext"}\n'
        '{"id": "baddate", "text": "Turkey expelled two Swedish diplomats.", "date": "yesterday"}\n')
    missing = tmp_path / "missing.txt"
    with Store(tmp_path / "b.duckdb") as store:
        summary = ingest([str(p) for p in sorted(tmp_path.glob("*.*")) if "duckdb" not in p.name]
                         + [str(missing)], store, max_chars=5_000)
        errors = dict(store.sql("SELECT input, reason FROM ingest_errors")[1])
        stored = {r[0] for r in store.sql("SELECT input_id FROM documents")[1]}
    assert stored == {"good", "ok"}
    reasons = " | ".join(f"{k}: {v}" for k, v in errors.items())
    for expected in ("binary", "empty", "not valid UTF-8", "no article body", "too large",
                     "not valid JSON", '"text" field', "YYYY-MM-DD", "no such file"):
        assert expected in reasons, expected
    assert summary.failed == len(errors) == 9


@pytest.mark.slow
def test_store_survives_sigkill_midway(nlp, tmp_path):
    data = corpus(tmp_path, 200)
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "faultlines", "ingest", "--batch-size", "8", str(data)]
    subprocess.run([*cmd, "--db", str(clean)], check=True, capture_output=True, timeout=300)
    proc = subprocess.Popen([*cmd, "--db", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(f"{killed}.wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 200_000:  # some batches written, more to come
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(killed) as store:  # reopening replays the log and drops the unfinished transaction
        partial = store.count("documents")
    assert 0 < partial < counts(clean)[0], f"the kill did not land midway ({partial} documents)"
    print(f"killed after {partial} of {counts(clean)[0]} documents")
    subprocess.run([*cmd, "--db", str(killed)], check=True, capture_output=True, timeout=300)
    assert counts(killed) == counts(clean)
    per_doc = "SELECT d.input_id, count(e.id) FROM documents d LEFT JOIN events e ON e.doc_id = d.id GROUP BY 1 ORDER BY 1"
    with Store(clean, read_only=True) as a, Store(killed, read_only=True) as b:
        assert a.sql(per_doc)[1] == b.sql(per_doc)[1]


@pytest.fixture(scope="module")
def filled(dev_db):
    return dev_db


def test_store_query_filters(filled):
    with Store(filled, read_only=True) as store:
        _, rows = events(store, EventFilter(dyad="IRN:RUS", limit=50))
        assert rows and all(r[7] == "IRN" and r[9] == "RUS" for r in rows)
        _, reported = events(store, EventFilter(status="reported", limit=500))
        assert reported and all(r[10] == "reported" for r in reported)
        _, assaults = events(store, EventFilter(event_type="ASSAULT", since="2024-01-01", limit=500))
        assert all(r[1] == "ASSAULT" and str(r[0]) >= "2024-01-01" for r in assaults)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "gdelt", "plover", "plover-csv", "polecat"])
def test_store_export_writes_every_event(filled, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    with Store(filled, read_only=True) as store:
        n = export(store, str(out), fmt)
        assert n == store.count("events") and out.stat().st_size > 0
    if fmt == "gdelt":  # no header, like GDELT's files (tests/test_interop.py reads it)
        assert len(out.read_text().splitlines()) == n
    if fmt in ("plover-csv", "polecat"):
        assert out.read_text().splitlines()[0].startswith("event_id,event_date,story_date")


def test_store_sql_is_read_only(filled):
    result = runner.invoke(app, ["sql", "--db", str(filled), "DELETE FROM events"])
    assert result.exit_code != 0 and "SQL error" in result.stderr
    result = runner.invoke(app, ["sql", "--db", str(filled), "SELECT count(*) AS n FROM events", "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "n"


def test_store_query_on_missing_db_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["query", "events", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2 and "no such database" in result.stderr


@pytest.mark.slow
def test_store_generated_corpus_with_bad_inputs(nlp, tmp_path):
    """The benchmark corpus generator's output: republications and bad inputs as listed."""
    out = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--out", str(out),
                    "--articles", "120", "--seed", "3"], check=True, capture_output=True)
    manifest = json.loads((out / "manifest.json").read_text())
    with Store(tmp_path / "g.duckdb") as store:
        summary = ingest([str(out / "corpus.jsonl"), str(out / "bad")], store)
        again = ingest([str(out / "corpus.jsonl")], store)
    expected_problems = sum(b["expected_problems"] for b in manifest["bad_inputs"])
    expected_docs = sum(b["expected_documents"] for b in manifest["bad_inputs"])
    assert summary.failed == expected_problems
    n_lines = sum(1 for _ in (out / "corpus.jsonl").open())
    assert summary.new == n_lines + expected_docs
    assert summary.near_duplicate >= len(manifest["near_duplicate_pairs"]) * 0.8
    assert again.new == 0


def test_store_csv_columns_are_mapped(nlp, tmp_path):
    data = tmp_path / "corpus.csv"
    data.write_text("headline,body,published\nStrike,Israel struck Hezbollah positions in Lebanon.,2024-09-24\n")
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "c.duckdb"), "--column", "text=body",
                                 "--column", "date=published", "--column", "title=headline", str(data)])
    assert result.exit_code == 0, result.stderr
    with Store(tmp_path / "c.duckdb", read_only=True) as store:
        assert store.sql("SELECT title, CAST(date AS VARCHAR) FROM documents")[1] == [("Strike", "2024-09-24")]
        assert store.count("events") >= 1


def test_store_reprocess_recodes_without_duplicating(filled, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(filled, db)
    with Store(db) as store:
        before = store.count("events")
        from faultlines.pipeline import reprocess

        assert reprocess(store) == before
        assert store.count("events") == before
        assert store.sql("SELECT count(*) FROM events GROUP BY id HAVING count(*) > 1")[1] == []
