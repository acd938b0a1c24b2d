"""Every command with odd arguments (hypothesis): never a traceback.

Each CLI command is run in-process (Typer's CliRunner) against a small real store,
with a random subset of its options and arguments set to values a hurried analyst
types: empty strings, zero and negative numbers, infinities, unknown formats,
wrong-case codes, malformed dyads, emoji codes and Rich markup, impossible dates,
paths into folders that do not exist. Whatever the outcome, it must be a result or
one clear error, never an exception escaping the command. Bounded so `make test`
stays fast; FAULTLINES_CLI_FUZZ_EXAMPLES raises it.

Left out: `serve` (it would serve forever; its taken port is tested below), `train`,
`eval`, `demo`, `reprocess` and `spark extract` (minutes each, and the first two
would start long jobs with valid arguments).
"""

from __future__ import annotations

import json
import os
import socket

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from faultlines.cli import app
from faultlines.pipeline import ingest
from faultlines.store import Store

EXAMPLES = int(os.environ.get("FAULTLINES_CLI_FUZZ_EXAMPLES", "12"))
SKIPPED = {"serve", "train", "eval", "demo", "reprocess", "spark extract"}
ODD = ["", " ", "0", "-1", "1", "2", "nan", "inf", "-inf", "1e309", "xml", "json", "csv", "table", "IRN",
       "irn", "iran", "Reported", "all", "denied,maybe", "aid", "reuters", "irn:rus", "IRN:", ":", "::",
       "A:B:+", "a:b:c:d", ":x:", "[red]x[/red]", "[/]", "2024-13-45", "2024-02-30", "1900-01-01",
       "/nonexistent/dir/x.csv", "out.json", "out.gexf", "e.xml", "Ωmega", "-", "--", "x" * 300]
# options that would start processes, reach the network or wait on a lock: fixed values
PINNED = {"--processes": ["0", "-1", "1", "x"], "-j": ["0", "-1", "1"], "--master": ["local[1]"],
          "--follow-links": [], "--store-wait": ["0"]}

runner = CliRunner()


def commands(group, prefix: str = "") -> dict:
    """Every runnable command by its full name ("kb lookup"); Typer's own click classes."""
    found = {}
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            found.update(commands(command, f"{full} "))
        elif full not in SKIPPED:
            found[full] = command
    return found


COMMANDS = commands(typer.main.get_command(app))


@pytest.fixture(scope="module")
def store_db(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / "two.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in [
        {"id": "a", "date": "2025-02-03", "source": "Reuters", "title": "A",
         "text": "Russian forces attacked Ukraine's capital on Monday. Iran denied supplying the Houthis with missiles."},
        {"id": "b", "date": "2025-02-10", "source": "AP", "title": "B",
         "text": "Russia delivered S-400 missiles to India. Iran and Russia signed a defence pact."}]),
        encoding="utf-8")
    path = folder / "store.duckdb"
    with Store(path) as store:
        ingest([str(source)], store)
    return path, source


def odd_arguments(command, data, store_db) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param.param_type_name == "argument":
            count = 1 if param.nargs == 1 else data.draw(st.integers(1, 2))
            pool = ODD + [str(store_db[1])] if param.name in ("inputs", "path") else ODD
            args += [data.draw(st.sampled_from(pool)) for _ in range(count)]
        elif param.param_type_name == "option" and param.name != "help" and data.draw(st.booleans()):
            name = param.opts[0]
            if name in ("--db", "--parquet"):
                continue
            if param.is_flag:
                args.append(name)
                continue
            pool = PINNED.get(name, ODD)
            if pool:
                args += [name, data.draw(st.sampled_from(pool))]
    if any(p.name == "db" for p in command.params):
        args += ["--db", str(store_db[0])]
    return args


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_cli_fuzz_odd_arguments_never_show_a_traceback(name, data, store_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative output paths land here
    args = [*name.split(), *odd_arguments(COMMANDS[name], data, store_db)]
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"faultlines {' '.join(args)!s}: {result.exception!r}"
    assert "Traceback" not in result.output, f"faultlines {' '.join(args)}"
    if result.exit_code not in (0, 2) or "error:" in result.output:
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert errors or result.exit_code == 1, f"faultlines {' '.join(args)}: {result.output[-300:]}"


def test_cli_fuzz_serve_on_a_taken_port_fails_before_announcing(store_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(store_db[0]), "--port", str(port)])
    assert result.exit_code == 2
    assert "faultlines API on" not in result.output and f"--port {port}" in result.output


def test_cli_fuzz_emoji_codes_and_markup_in_data_and_help_print_as_typed(store_db):
    help_text = runner.invoke(app, ["balance", "--help"]).output
    assert "A:B:+ or A:B:-" in help_text
    result = runner.invoke(app, ["sql", "SELECT ':x: [red]y[/red]' AS t", "--db", str(store_db[0])])
    assert result.exit_code == 0 and ":x: [red]y[/red]" in result.output


def test_cli_fuzz_unknown_values_name_themselves_and_suggest_the_store(store_db):
    db = str(store_db[0])
    result = runner.invoke(app, ["dyad", "IRNN:rus", "--db", db])
    assert result.exit_code == 2 and "'IRNN'" in result.output and "did you mean IRN" in result.output
    result = runner.invoke(app, ["query", "events", "--outlet", "reutres", "--db", db])
    assert result.exit_code == 2 and "did you mean Reuters" in result.output
    result = runner.invoke(app, ["query", "events", "--actor", "irn", "--type", "aid", "--status", "Denied",
                                 "--outlet", "reuters", "--db", db, "--format", "json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and rows and all(r["source_key"] == "IRN" and r["status"] == "denied" for r in rows)
    assert "kb lookup" in COMMANDS and runner.invoke(app, ["kb", "lookup", "irn"]).exit_code == 0


def test_cli_fuzz_export_format_follows_the_suffix(store_db, tmp_path):
    target = tmp_path / "e.json"
    result = runner.invoke(app, ["export", str(target), "--db", str(store_db[0])])
    assert result.exit_code == 0
    assert json.loads(target.read_text().splitlines()[0])["doc_id"]
    result = runner.invoke(app, ["export", str(tmp_path / "no" / "x.csv"), "--db", str(store_db[0])])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_cli_ingest_progress_total_counts_documents_without_parsing(tmp_path):
    from faultlines.ingest import count_documents

    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text('text,date\n"one, two",2024-01-01\nthree,2024-01-02\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("A story.", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\0")
    assert count_documents([str(tmp_path)]) == 3 + 2 + 1
    assert count_documents([str(tmp_path / "c.txt"), "-"]) is None  # stdin: not known beforehand
    assert count_documents(["https://example.org/feed.xml"]) is None


def test_cli_demo_says_how_to_serve_with_a_command_that_runs_here():
    import subprocess
    from pathlib import Path

    from faultlines.demo import serve_command

    command = serve_command()  # not a bare `faultlines` unless that is on PATH
    assert subprocess.run([*command.split(), "--help"], capture_output=True, timeout=120).returncode == 0
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert "\nserve: $(STAMP)\n" in makefile and "faultlines serve --db" in makefile
