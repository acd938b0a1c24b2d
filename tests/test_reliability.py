"""Nothing lost, nothing destroyed (issue 14): `sql` is read-only, every document is
judged alone, readers survive hostile bytes, extraction time is linear."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from faultlines.cli import app
from faultlines.ingest import InputProblem, read_inputs
from faultlines.model import Document
from faultlines.store import Store

runner = CliRunner()
GOOD = "Turkey expelled two Swedish diplomats."


def read(*paths) -> tuple[list[Document], list[InputProblem]]:
    items = list(read_inputs([str(p) for p in paths]))
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputProblem)])


def cli(*args, input=None, env=None):
    return runner.invoke(app, [str(a) for a in args], input=input, env=env)


@pytest.fixture()
def store_path(tmp_path) -> Path:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.record_errors([("seed", "a row to delete")])
    return path


# -- item 1: `faultlines sql` is read-only ------------------------------------------
@pytest.mark.parametrize("query", [
    "COPY (SELECT 1 AS x) TO '{db}' (FORMAT CSV)",
    "ATTACH '{other}' AS o (READ_WRITE)",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "EXPORT DATABASE '{dir}/dump'",
    "INSTALL httpfs",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "DELETE FROM ingest_errors",
    "CREATE TABLE x AS SELECT 1",
])
def test_sql_cannot_write_read_files_or_load_extensions(store_path, tmp_path, query):
    other = tmp_path / "other.duckdb"
    with Store(other) as store:
        store.record_errors([("keep", "me")])
    result = cli("sql", "--db", store_path, query.format(db=store_path, other=other, dir=tmp_path))
    assert result.exit_code == 2 and "SQL error" in result.stderr and "Traceback" not in result.stderr
    for path in (store_path, other):
        with Store(path, read_only=True) as store:
            assert store.count("ingest_errors") == 1
    assert not (tmp_path / "dump").exists()


def test_sql_help_states_what_is_allowed():
    text = cli("sql", "--help").stdout
    assert "Refused" in text and "ATTACH" in text and "extensions" in text


def test_sql_still_answers_queries(store_path):
    result = cli("sql", "--db", store_path, "SELECT count(*) AS n FROM ingest_errors", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "1"]


# -- item 2: one bad Date: header -------------------------------------------------------
def test_ingest_bad_date_header_costs_only_its_file(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Date: 2024-02-30\n\nIran sent drones to Russia.\n")
    (tmp_path / "b.txt").write_text(GOOD + "\n")
    db = tmp_path / "r.duckdb"
    for _ in range(2):  # the rerun gets past it too, and records it once
        result = cli("ingest", "--db", db, tmp_path / "b.txt", tmp_path / "a.txt")
        assert result.exit_code == 1 and "a.txt" in result.stderr and "Date:" in result.stderr
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 1
        errors = store.sql("SELECT input, reason FROM ingest_errors")[1]
    assert len(errors) == 1 and errors[0][0].endswith("a.txt") and "2024-02-30" in errors[0][1]


def test_ingest_folder_with_one_bad_file_keeps_the_rest(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(150):
        date = "2024-02-30" if n == 70 else "2024-02-01"
        (folder / f"{n:03}.txt").write_text(f"Date: {date}\n\nTurkey expelled {n} Swedish diplomats.\n")
    docs, problems = read(folder)
    assert len(docs) == 149 and [p.input for p in problems] == [str(folder / "070.txt")]


def test_store_write_falls_back_to_one_document_at_a_time(tmp_path):
    from faultlines.store import StoredDoc, document_id

    good = Document("good", GOOD, "2024-01-01")
    bad = Document("bad", "Iran sent drones.", "2024-13-45")  # bypasses the readers
    with Store(tmp_path / "w.duckdb") as store:
        written = store.write([StoredDoc(d, document_id(d), []) for d in (bad, good)])
        assert written.documents == 1 and [name for name, _ in written.failed] == ["bad"]
        assert store.count("documents") == 1


# -- item 3: unhandled errors lost the batch ----------------------------------------------
HOSTILE_LINES = [
    "[" * 2000 + "]" * 2000,
    json.dumps({"text": "Iran sent drones to Russia.", "source": 1}),
    json.dumps({"text": "Iran sent drones to Russia.", "url": {"a": 1}}),
    json.dumps({"text": "Iran sent drones to Russia.", "title": ["x"]}),
    json.dumps({"text": "Iran sent drones to Russia.", "date": 20240101}),
    '{"text": "Iran sent drones\\ud800 to Russia."}',
    '{"text": "' + "9" * 5000 + '", "id": ' + "9" * 5000 + "}",
]


def test_readers_report_hostile_records_and_keep_good_ones(tmp_path):
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join([*HOSTILE_LINES, json.dumps({"text": GOOD})]) + "\n")
    docs, problems = read(path)
    assert [d.text for d in docs] == [GOOD]
    assert [p.input for p in problems] == [f"{path}:{n}" for n in range(1, len(HOSTILE_LINES) + 1)]


def test_ingest_hostile_records_end_in_ingest_errors_not_a_traceback(tmp_path, nlp):
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join([*HOSTILE_LINES, json.dumps({"text": GOOD})]) + "\n")
    db = tmp_path / "h.duckdb"
    result = cli("ingest", "--db", db, path)
    assert result.exit_code == 1 and "Traceback" not in result.stderr and result.exception is None or \
        isinstance(result.exception, SystemExit)
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 1 and store.count("ingest_errors") == len(HOSTILE_LINES)


def test_stdin_with_a_non_utf8_byte_is_one_clear_problem(tmp_path):
    """A real process: Python's own stdin (surrogateescape) is what crashed."""
    result = subprocess.run([sys.executable, "-m", "faultlines", "ingest", "--db", str(tmp_path / "x.duckdb"), "-"],
                            input=b"Caf\xe9\n", capture_output=True, timeout=300)
    stderr = result.stderr.decode()
    assert result.returncode == 1 and "<stdin>: is not valid UTF-8" in stderr
    assert "Traceback" not in stderr and "Error" not in stderr


def test_extract_lone_surrogate_is_a_clear_error(nlp):
    from faultlines import extract
    from faultlines.errors import InputError

    with pytest.raises(InputError, match="lone surrogate"):
        extract("Iran sent drones\ud800 to Russia.")


# -- item 4: one invalid byte costs one line ------------------------------------------------
def test_jsonl_invalid_byte_costs_only_its_line(tmp_path):
    lines = [json.dumps({"text": f"Turkey expelled {n} diplomats."}).encode() for n in range(200)]
    lines[99] = lines[99].replace(b"Turkey", b"Turk\xffey")
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs, problems = read(path)
    assert len(docs) == 199
    assert [p.input for p in problems] == [f"{path}:100"] and "UTF-8" in problems[0].reason


# -- item 5: CSV keeps newlines inside quoted fields -------------------------------------------
def test_csv_quoted_newlines_are_kept_and_lines_counted(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('id,text,date\n'
                    'a,"Iran sent drones to Russia.\nOfficials said so.",2024-01-01\n'
                    'b,"Turkey expelled diplomats.",2024-13-01\n'
                    'c,"Israel struck Gaza.",2024-01-02\n', newline="")
    docs, problems = read(path)
    assert docs[0].text == "Iran sent drones to Russia.\nOfficials said so."
    assert [p.input for p in problems] == [f"{path}:4"]  # b's row starts on line 4
    assert [d.id for d in docs] == ["a", "c"]


# -- item 6: stdin JSONL does not split on U+2028 / U+2029 / U+0085 -------------------------------
def test_stdin_jsonl_keeps_unicode_line_separators(tmp_path):
    text = "Iran sent drones\u2028to Russia.\u2029Turkey\u0085expelled two Swedish diplomats."
    result = cli("extract", "--format", "jsonl", "-", input=json.dumps({"text": text}, ensure_ascii=False))
    assert "problem" in result.stderr and "0 problem(s)" in result.stderr, result.stderr


# -- item 7 across processes: the loser gets a clear message ------------------------------------
def test_cli_ingest_names_the_process_holding_the_store(tmp_path):
    db = tmp_path / "held.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(30)", str(db)], stdout=subprocess.PIPE)
    try:
        holder.stdout.readline()
        (tmp_path / "a.txt").write_text(GOOD)
        result = cli("ingest", "--db", db, tmp_path / "a.txt", env={"FAULTLINES_STORE_WAIT": "0.5"})
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 6 and f"process {holder.pid}" in result.stderr
    assert "held.duckdb: the store is in use" in result.stderr


# -- item 9: highlights count code points in the browser too ----------------------------------------
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_dashboard_highlights_survive_an_emoji():
    source = (Path(__file__).parents[1] / "src/faultlines/web/events.js").read_text()
    start = source.index("function evidence(")
    body = source[start:source.index("\n}\n", start) + 2]
    harness = """
const document = {createTextNode: t => t};
const ROLE_TITLES = {};
function el(tag, attrs, ...kids) { return {tag, kids: kids.filter(k => k !== null), append(...k) { this.kids.push(...k); }}; }
""" + body + """
const block = evidence("\\u{1F680} Iran sent drones", [{role: "source", start: 2, end: 6}]);
console.log(JSON.stringify(block.kids.filter(k => typeof k !== "string").map(k => k.kids[0])));
"""
    out = subprocess.run(["node", "-e", harness], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == '["Iran"]', out.stderr
    assert "\U0001F680 Iran sent drones"[2:6] == "Iran"  # what the API's offsets mean


# -- item 11: extraction time is linear in the length of the text -----------------------------------
@pytest.mark.slow
def test_extract_time_is_linear_without_sentence_punctuation(nlp):
    """News text with its sentence punctuation removed: 8x the text must cost about 8x
    the time (the quadratic code took about 17x from 20k to 160k characters)."""
    import re

    from faultlines import extract

    articles = Path(__file__).parents[1] / "eval" / "dev_articles.jsonl"
    raw = " ".join(json.loads(line)["text"] for line in articles.read_text().splitlines() if line.strip())
    text = re.sub(r"[.!?;:\n]", " ", raw) * 10

    def seconds(n: int) -> float:
        started = time.perf_counter()
        extract(text[:n], coder="rules")
        return time.perf_counter() - started

    seconds(2_000)  # warm: the first call loads the knowledge base and the lexicons
    short = min(seconds(20_000) for _ in range(2))
    long = seconds(160_000)
    assert long < 12 * short, (short, long)  # a ratio: absolute seconds depend on the machine's load


def test_api_extract_refuses_text_over_its_cap(tmp_path):
    from fastapi.testclient import TestClient

    from faultlines.api import MAX_EXTRACT_CHARS, create_app

    Store(tmp_path / "e.duckdb").close()
    client = TestClient(create_app(tmp_path / "e.duckdb"), base_url="http://127.0.0.1")
    response = client.post("/api/extract", json={"text": "a " * MAX_EXTRACT_CHARS})
    assert response.status_code == 422 and set(response.json()) == {"error"}


# -- item 12: the smaller ones ---------------------------------------------------------------
def test_bom_is_dropped_in_every_reader(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": GOOD}).encode() + b"\n")
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbftext,source\n" + GOOD.encode() + b",Wire\n")
    (tmp_path / "c.txt").write_bytes(b"\xef\xbb\xbfSource: Wire\n\n" + GOOD.encode())
    docs, problems = read(tmp_path / "a.jsonl", tmp_path / "b.csv", tmp_path / "c.txt")
    assert problems == [] and [d.text for d in docs] == [GOOD] * 3
    assert [d.source for d in docs[1:]] == ["Wire", "Wire"]


def test_devices_and_fifos_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(GOOD)
    started = time.monotonic()
    docs, problems = read("/dev/zero", fifo, tmp_path / "good.txt")
    assert time.monotonic() - started < 5
    assert [d.text for d in docs] == [GOOD]
    assert [p.input for p in problems] == ["/dev/zero", str(fifo)]
    assert all("not a regular file" in p.reason for p in problems)


def test_oversized_file_is_refused_after_a_bounded_read(tmp_path):
    from faultlines.ingest import MAX_FILE_BYTES

    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES * 4)  # sparse: 32 MB on paper
    docs, problems = read(big)
    assert docs == [] and "too large" in problems[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_subfolder_is_reported(tmp_path):
    locked = tmp_path / "news" / "locked"
    locked.mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text(GOOD)
    locked.chmod(0)
    try:
        docs, problems = read(tmp_path / "news")
    finally:
        locked.chmod(0o755)
    assert len(docs) == 1 and problems and "folder cannot be read" in problems[0].reason


def test_zero_processes_is_a_clear_error(tmp_path):
    for command in ("ingest", "extract"):
        result = cli(command, "-j", "0", tmp_path / "a.txt")
        assert result.exit_code == 2 and "--processes 0" in result.stderr


def test_ingest_errors_are_recorded_once_across_reruns(tmp_path):
    with Store(tmp_path / "e.duckdb") as store:
        for _ in range(3):
            store.record_errors([("a.jsonl:3", "is not valid JSON"), ("a.jsonl:3", "is not valid JSON")])
        assert store.count("ingest_errors") == 1


def test_ingest_shows_extraction_warnings(tmp_path, nlp):
    path = tmp_path / "de.txt"
    path.write_text("Die Regierung hat heute in Berlin die neuen Sanktionen gegen das Land beschlossen, "
                    "und der Minister sagte, dass die Lage ernst ist und sich nicht bessern wird.")
    result = cli("ingest", "--db", tmp_path / "w.duckdb", path)
    assert "warning" in result.stderr and "English" in result.stderr


def test_gdelt_export_keeps_one_event_per_line(tmp_path):
    from faultlines.query import export
    from faultlines.store import StoredDoc, document_id
    from faultlines.extract import extract_documents

    doc = Document("d", "Turkey expelled two\nSwedish diplomats.", "2024-05-10", url="http://x/\ta\nb")
    result = next(extract_documents([doc], coder="rules"))
    assert result.events
    with Store(tmp_path / "g.duckdb") as store:
        store.write([StoredDoc(doc, document_id(doc), result.events, sentences=result.sentences)])
        n = export(store, str(tmp_path / "out.tsv"), "gdelt")
    rows = (tmp_path / "out.tsv").read_text().splitlines()
    assert len(rows) == n and all(len(r.split("\t")) == len(rows[0].split("\t")) for r in rows)


@pytest.mark.slow
def test_long_text_is_parsed_in_pieces_with_true_offsets(nlp):
    """Item 11, memory: a text over CHUNK_CHARS is parsed in pieces; every offset and
    sentence number still points into the whole text."""
    from faultlines import extract
    from faultlines.extract import CHUNK_CHARS

    articles = Path(__file__).parents[1] / "eval" / "dev_articles.jsonl"
    one = "\n\n".join(json.loads(line)["text"] for line in articles.read_text().splitlines() if line.strip())
    text = "\n\n".join([one] * 3)
    assert len(text) > 2 * CHUNK_CHARS
    single, events = extract(one, coder="rules"), extract(text, coder="rules")
    assert len(events) >= 2.5 * len(single)
    for e in events:
        assert text[e.trigger_start:e.trigger_start + len(e.trigger)] == e.trigger
        assert text[e.sentence_start:e.sentence_start + len(e.sentence)] == e.sentence
        for m in (e.source, e.target):
            if m is not None and m.end_char > m.start_char:  # (0, 0): a place the text does not name
                assert text[m.start_char:m.end_char] == m.text
    later = [e for e in events if e.sentence_start > 2 * len(one)]
    assert later and min(e.sentence_index for e in later) > max(e.sentence_index for e in single)


def test_text_checks_and_readers_have_one_home_each():
    """Data flows one way: textcheck <- records <- sources <- ingest; extract uses
    textcheck, never the readers."""
    import ast

    src = Path(__file__).parents[1] / "src" / "faultlines"

    def imports(module: str) -> set[str]:
        tree = ast.parse((src / f"{module}.py").read_text())
        found = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        found |= {f"faultlines.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                  and n.module == "faultlines" for a in n.names}
        return {m for m in found if m.startswith("faultlines")}

    assert imports("textcheck") == set()
    assert imports("records") <= {"faultlines.model", "faultlines.textcheck"}
    assert "faultlines.ingest" not in imports("sources")
    assert not {"faultlines.ingest", "faultlines.sources"} & imports("extract")


def test_ingest_a_document_that_breaks_the_coder_costs_only_itself(tmp_path, nlp, monkeypatch):
    """Fault injection (the one place a bug is simulated): coding one document raises;
    the batch is retried one by one, the rest is stored, the culprit is reported."""
    import importlib

    extract_module = importlib.import_module("faultlines.extract")  # the package exports a function of that name
    real = extract_module.prepare

    def fragile(doc, kb=None):
        if "POISON" in doc.text:
            raise RuntimeError("a bug on this text")
        return real(doc, kb)

    monkeypatch.setattr(extract_module, "prepare", fragile)
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{n}", "text": text}) + "\n" for n, text in
                            enumerate([GOOD, "POISON Iran sent drones to Russia.", "Israel struck Gaza."])))
    db = tmp_path / "p.duckdb"
    result = cli("ingest", "--db", db, path)
    assert result.exit_code == 1 and "d1: extraction failed: RuntimeError" in result.stderr
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 2 and store.count("ingest_errors") == 1
