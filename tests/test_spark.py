"""The Spark job (local[2], loopback only) codes what `faultlines extract` codes, reports
bad rows and goes on, and its Parquet output answers the analyses as the store does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import assert_analyses_agree, parquet_events
from faultlines.analysis import network
from faultlines.cli import app
from faultlines.demo import example_paths
from faultlines.errors import InputError
from faultlines.extract import extract_documents
from faultlines.ingest import InputProblem, read_inputs, read_text_file
from faultlines.pipeline import ingest
from faultlines.query import export
from faultlines.store import PARQUET_TABLES, Store, document_id, event_row, table_schema

pytest.importorskip("pyspark")

runner = CliRunner()
KEY_COLUMNS = ("id", "doc_id", "sentence_index", "trigger", "event_type", "mode", "cameo", "quad_class",
               "goldstein", "source_key", "target_key", "status", "attributed_key", "instrument_category",
               "event_date", "confidence", "record")


def corpus_lines() -> list[str]:
    """Five bundled example articles, an undated text, a duplicate and two corrupt rows."""
    lines = []
    for path in example_paths()[:5]:
        doc = read_text_file(path)
        lines.append(json.dumps({"id": doc.id, "text": doc.text, "date": doc.date, "source": doc.source,
                                 "title": doc.title}))
    lines.insert(2, json.dumps({"id": "not-a-string", "text": 42}))  # corrupt: text is a number
    lines.insert(4, '{"id": "cut-off", "text": "Iran sent')  # corrupt: not JSON
    lines.append(json.dumps({"id": "undated", "text": "Israel struck Hezbollah positions in Lebanon. "
                                                      "Iran sent drones to Russia, officials said."}))
    lines.append(lines[0])  # an exact duplicate of the first article
    return lines


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    path.write_text("\n".join(corpus_lines()) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spark():
    from faultlines.scale import local_session

    session = local_session("local[2]", app_name="faultlines-tests", driver_memory="1g")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_out(spark, corpus, tmp_path_factory):
    from faultlines.scale import run_extract

    out = tmp_path_factory.mktemp("spark") / "out"
    summary = run_extract(spark, str(corpus), str(out), partitions=4)
    return out, summary


@pytest.fixture(scope="module")
def local_rows(corpus, nlp):
    """What `faultlines extract` makes of the same file: event rows by id, and the problems."""
    items = list(read_inputs([str(corpus)]))
    documents = [d for d in items if not isinstance(d, InputProblem)]
    rows, problems = {}, [(p.input, p.reason) for p in items if isinstance(p, InputProblem)]
    for result in extract_documents(documents):
        for event in result.events:
            row = event_row(document_id(result.document), event)
            rows[row["id"]] = row
    return rows, problems


@pytest.mark.spark
@pytest.mark.slow
def test_spark_codes_the_same_events_as_extract(spark_out, local_rows):
    out, summary = spark_out
    expected, _ = local_rows
    found = parquet_events(out)
    assert summary.events == len(found) == len(expected) > 20
    assert set(found) == set(expected)
    for event_id, row in expected.items():
        for column in KEY_COLUMNS:
            assert found[event_id][column] == row[column], (event_id, column)


@pytest.mark.spark
@pytest.mark.slow
def test_spark_reports_corrupt_rows_and_processes_the_rest(spark_out, local_rows, corpus):
    out, summary = spark_out
    _, problems = local_rows
    assert summary.documents == 6 and summary.duplicates == 1 and summary.problems == 2
    with Store.open_parquet(out) as store:
        errors = store.sql("SELECT input, reason FROM ingest_errors ORDER BY input")[1]
        assert store.count("documents") == 6
    # the same names (file:line) and reasons as `faultlines extract` (JSON's own detail aside:
    # the local reader's lines keep their newline)
    assert [(name, reason.split(" (")[0]) for name, reason in errors] == \
        [(name, reason.split(" (")[0]) for name, reason in sorted(problems)]
    assert [name for name, _ in errors] == [f"{corpus}:3", f"{corpus}:5"]
    assert "string \"text\"" in errors[0][1] and "not valid JSON" in errors[1][1]


@pytest.mark.spark
@pytest.mark.slow
def test_spark_output_has_the_store_columns_partitioned_by_date(spark_out):
    out, _ = spark_out
    assert set(PARQUET_TABLES.values()) <= {p.name for p in out.iterdir()}
    months = {p.relative_to(out / "events").parts[:2] for p in (out / "events").rglob("*.parquet")}
    assert ("year=2025", "month=2") in months
    assert ("year=__HIVE_DEFAULT_PARTITION__", "month=__HIVE_DEFAULT_PARTITION__") in months  # undated
    for table, folder in PARQUET_TABLES.items():
        written = pq.read_schema(next((out / folder).rglob("*.parquet")))
        expected = table_schema(table)
        assert written.names == expected.names, table
        assert [f.type for f in written] == [f.type for f in expected], table


@pytest.mark.spark
@pytest.mark.slow
def test_spark_parquet_answers_the_analyses_as_the_store_does(spark_out, corpus, tmp_path):
    out, _ = spark_out
    with Store(tmp_path / "s.duckdb") as built:
        ingest([str(corpus)], built)
    with Store(tmp_path / "s.duckdb", read_only=True) as db, Store.open_parquet(out) as pq_store:
        assert_analyses_agree(db, pq_store, min_pairs=10, limit=1000)
        one, two = network.build_graph(db), network.build_graph(pq_store)
        assert dict(one.nodes(data=True)) == dict(two.nodes(data=True))
        export(db, str(tmp_path / "a.csv"), "csv")
        export(pq_store, str(tmp_path / "b.csv"), "csv")
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    for command in (["dyad", "IRN:RUS", "--undirected"], ["transfers"], ["brief", "--actor", "IRN"]):
        from_db = runner.invoke(app, [*command, "--db", str(tmp_path / "s.duckdb")])
        from_parquet = runner.invoke(app, [*command, "--parquet", str(out)])
        assert from_db.exit_code == from_parquet.exit_code == 0, from_parquet.output
        assert from_db.stdout == from_parquet.stdout


@pytest.mark.spark
@pytest.mark.slow
def test_spark_reads_parquet_input_and_names_bad_rows(spark, tmp_path, local_rows):
    from faultlines.scale import run_extract

    records = [json.loads(line) for line in corpus_lines() if line.startswith('{"id": "0')]
    table = pa.Table.from_pylist(records[:2] + [{"id": "empty", "text": None, "date": None}])
    pq.write_table(table, tmp_path / "docs.parquet")
    summary = run_extract(spark, str(tmp_path / "docs.parquet"), str(tmp_path / "out"), partitions=2)
    assert summary.documents == 2 and summary.problems == 1
    assert summary.problem_samples[0][0].endswith("docs.parquet:row 3")
    expected, _ = local_rows
    found = parquet_events(tmp_path / "out")
    assert found and set(found) <= set(expected)
    assert all(found[k]["record"] == expected[k]["record"] for k in found)


@pytest.mark.spark
def test_spark_refuses_to_overwrite_and_names_missing_input(spark, spark_out, tmp_path):
    from faultlines.scale import run_extract

    out, _ = spark_out
    with pytest.raises(InputError, match="already holds output"):
        run_extract(spark, str(out / "none.jsonl"), str(out))
    with pytest.raises(InputError, match="no such file"):
        run_extract(spark, str(tmp_path / "missing.jsonl"), str(tmp_path / "o"))
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="expected .jsonl"):
        run_extract(spark, str(tmp_path / "notes.txt"), str(tmp_path / "o"))


@pytest.mark.spark
@pytest.mark.slow
def test_spark_cli_summarises_and_fails_on_bad_rows(tmp_path):
    """`faultlines spark extract` as a user runs it (its own process, its own local session)."""
    data = tmp_path / "small.jsonl"
    data.write_text(corpus_lines()[0] + "\n" + '{"id": "x"}\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "faultlines", "spark", "extract", "--input", str(data),
                           "--output", str(tmp_path / "out"), "--master", "local[1]", "--partitions", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"{data}:2: needs a JSON object with a string \"text\" field" in done.stderr
    assert "1 document(s), 0 duplicate(s) skipped" in done.stderr and "1 problem(s)" in done.stderr
    shown = runner.invoke(app, ["sql", "--parquet", str(tmp_path / "out"), "--format", "csv",
                                "SELECT count(*) FROM documents"])
    assert shown.exit_code == 0 and shown.stdout.splitlines()[1] == "1"


def test_spark_worker_parses_records_like_extract():
    from faultlines.scale.worker import parse_record

    assert parse_record("f.jsonl:1", "f-1", b"   ") is None
    assert "not valid UTF-8" in parse_record("f.jsonl:2", "f-2", b'{"text": "\xff"}').reason
    assert "not valid JSON" in parse_record("f.jsonl:3", "f-3", b'{"text": ').reason
    assert "real YYYY-MM-DD" in parse_record("f.jsonl:4", "f-4", b'{"text": "a b", "date": "2024-13-01"}').reason
    doc = parse_record("f.jsonl:5", "f-5", b'{"text": "Iran sent drones to Russia."}')
    assert doc.id == "f-5" and doc.text == "Iran sent drones to Russia."


def test_store_open_parquet_needs_an_output_folder(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        Store.open_parquet(tmp_path / "absent")
    with pytest.raises(InputError, match="no events/ folder"):
        Store.open_parquet(tmp_path)
    (tmp_path / "events").mkdir()
    with Store.open_parquet(tmp_path) as store:  # no files yet: empty tables of the store's types
        assert store.count("events") == 0 and store.count("documents") == 0


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("coder", ["rules", "model"])
def test_spark_honours_the_coder_on_executors(spark, corpus, tmp_path, coder):
    """--coder reaches the Python workers: each coder's events equal extract_documents' with it."""
    from faultlines.scale import run_extract

    items = list(read_inputs([str(corpus)]))
    expected = {}
    for result in extract_documents([d for d in items if not isinstance(d, InputProblem)], coder=coder):
        for event in result.events:
            row = event_row(document_id(result.document), event)
            expected[row["id"]] = row
    run_extract(spark, str(corpus), str(tmp_path / "out"), partitions=2, coder=coder)
    found = parquet_events(tmp_path / "out")
    assert set(found) == set(expected) and len(found) > 5
    for event_id, row in expected.items():
        for column in KEY_COLUMNS:
            assert found[event_id][column] == row[column], (event_id, column)
    assert {json.loads(r["record"])["coder"] for r in found.values()} == {coder}


def test_spark_near_duplicates_follow_the_store_rule_in_reading_order():
    """A document is a duplicate of the smallest-id earlier partner that is itself an original."""
    from faultlines.scale.neardup import resolve

    # b republishes a; c is close to b only (b is a copy, so c stays an original);
    # d is close to e (read first) and to a: the smaller id wins, as in the store
    pairs = [("a", 1, "b", 2), ("b", 2, "c", 3), ("e", 0, "d", 4), ("a", 1, "d", 4)]
    assert resolve(pairs) == {"b": "a", "d": "a"}


@pytest.mark.spark
@pytest.mark.slow
def test_spark_worker_failure_is_one_line_naming_the_input_and_the_log(tmp_path):
    """A pipeline the Python workers cannot load: our line, not Spark's stack traces."""
    data = tmp_path / "small.jsonl"
    data.write_text(corpus_lines()[0] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "faultlines", "spark", "extract", "--input", str(data),
                           "--output", str(tmp_path / "out"), "--master", "local[1]", "--model", "en_core_web_absent"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 6
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: Spark job on {data} failed: "), done.stderr[-2000:]
    assert "cannot load the spaCy pipeline 'en_core_web_absent'" in errors[0]
    log = Path(errors[0].rsplit("(Spark's log: ", 1)[1].rstrip(")"))
    assert "\tat org.apache.spark" in log.read_text(errors="replace")
    assert "\tat " not in done.stderr and "Traceback" not in done.stderr
