"""The command line, as a user runs it."""

import json

from typer.testing import CliRunner

from faultlines.cli import app

runner = CliRunner()
CONTRACT = {"doc_id", "sentence", "event_type", "mode", "cameo", "quad_class", "goldstein",
            "source", "target", "status", "attributed_to", "confidence"}


def test_cli_extract_jsonl_follows_the_contract(nlp, data_dir):
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(data_dir / "mixed.jsonl")])
    lines = [json.loads(l) for l in result.stdout.splitlines() if l.startswith("{")]
    assert lines
    for event in lines:
        assert CONTRACT <= set(event)
        assert event["quad_class"] in (1, 2, 3, 4)
        for role in ("source", "target"):
            if event[role] is not None:
                assert {"text", "code", "country", "sector"} <= set(event[role])
    assert {e["doc_id"] for e in lines} == {"ok1", "ok2"}


def test_cli_extract_reports_bad_lines_and_goes_on(nlp, data_dir):
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(data_dir / "mixed.jsonl"),
                                 str(data_dir / "binary.txt"), str(data_dir / "missing.txt")])
    assert result.exit_code == 1
    assert "mixed.jsonl:2" in result.stderr and "not valid JSON" in result.stderr
    assert "mixed.jsonl:3" in result.stderr and '"text"' in result.stderr
    assert "binary.txt" in result.stderr and "binary" in result.stderr
    assert "missing.txt" in result.stderr and "no such file" in result.stderr
    assert '"doc_id": "ok2"' in result.stdout


def test_cli_extract_reads_stdin(nlp):
    result = runner.invoke(app, ["extract", "--format", "jsonl", "-"],
                           input="Israel struck Hezbollah positions in southern Lebanon.")
    assert result.exit_code == 0
    events = [json.loads(l) for l in result.stdout.splitlines() if l.startswith("{")]
    assert events and events[0]["event_type"] == "ASSAULT"


def test_cli_extract_table_for_people(nlp, data_dir):
    result = runner.invoke(app, ["extract", str(data_dir / "mixed.jsonl")])
    assert "AID" in result.stdout and "ASSAULT" in result.stdout


def test_cli_every_command_has_help():
    for command in (["extract"], ["eval"], ["demo"], ["kb", "lookup"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_cli_kb_lookup_shows_role_on_date_and_source():
    result = runner.invoke(app, ["kb", "lookup", "William Burns", "--date", "2024-09-10"])
    assert result.exit_code == 0
    assert "USA.WILLIAM_BURNS" in result.stdout and "people.csv" in result.stdout
    assert "director" in result.stdout


def test_cli_kb_lookup_unknown_name_fails_clearly():
    result = runner.invoke(app, ["kb", "lookup", "Zubrovia"])
    assert result.exit_code == 1 and "not in the knowledge base" in result.stderr


def test_cli_missing_dictionary_is_a_clear_error(data_dir):
    result = runner.invoke(app, ["extract", "-d", "/nonexistent/CAMEO.txt", str(data_dir / "mixed.jsonl")])
    assert result.exit_code == 2 and "/nonexistent/CAMEO.txt" in result.stderr


def test_demo_builds_a_store_and_says_how_to_open_the_dashboard(tmp_path, nlp):
    db = tmp_path / "demo.duckdb"
    first = runner.invoke(app, ["demo", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert f"faultlines serve --db {db}" in first.stdout and "16 example articles" in first.stdout
    from faultlines.store import Store

    with Store(db, read_only=True) as store:
        events = store.count("events")
    assert events > 100
    again = runner.invoke(app, ["demo", "--db", str(db)])
    assert "(0 new this run)" in again.stdout and f"{events} events" in again.stdout


def test_cli_kb_lookup_shows_the_wikidata_item():
    result = runner.invoke(app, ["kb", "lookup", "Iran"])
    assert result.exit_code == 0
    assert "IRN: Wikidata Q794 (https://www.wikidata.org/wiki/Q794)" in result.stdout
    burns = runner.invoke(app, ["kb", "lookup", "William Burns"])
    assert "Wikidata" not in burns.stdout  # no QID was certain: none is shown
