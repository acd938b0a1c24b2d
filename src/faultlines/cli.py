"""The `faultlines` command line: thin commands over the library.

Each command parses its arguments, calls one library function, and prints.
`FaultlinesError`s are caught in one place (`main`) and become a message on
stderr and the error's exit code.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from faultlines.errors import FaultlinesError, InputError
from faultlines.learned.hybrid import DEFAULT_CODER
from faultlines.nlp import DEFAULT_MODEL

app = typer.Typer(help="Sourced, certainty-aware geopolitical event data from news text.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)
# Emoji codes off: ":x:" in a stored sentence stays ":x:". Data is escaped before printing.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200, emoji=False)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200, emoji=False)


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


def report_problems(problems) -> None:
    """One line per bad input, naming it: (input, reason) pairs from ingest or Spark."""
    for where, reason in problems:
        err.print(f"[red]error:[/red] {escape(where)}: {escape(reason)}")


def fail(exc: FaultlinesError) -> None:
    err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)  # one line, however long
    raise typer.Exit(exc.exit_code)


def store_wait(default: float) -> float:
    """How long a command waits for a store another process holds (a busy `faultlines
    serve`, another ingest): FAULTLINES_STORE_WAIT seconds, else `default`."""
    import os

    try:
        return float(os.environ.get("FAULTLINES_STORE_WAIT", default))
    except ValueError:
        return default


def check_processes(processes: int) -> None:
    if processes < 1:
        fail(InputError(f"--processes {processes}: give 1 or more worker processes"))


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="Text/Markdown files, JSONL files, folders, or - for stdin."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table (for people) or jsonl (one event per line)."),
    model: str = typer.Option(DEFAULT_MODEL, help="Installed spaCy pipeline to parse with."),
    processes: int = typer.Option(1, "--processes", "-j", help="Worker processes for parsing."),
    min_confidence: float = typer.Option(0.0, help="Drop events below this confidence."),
    dictionary: list[str] = typer.Option([], "--dictionary", "-d", help="PETRARCH/TABARI dictionary file to import (verbs, actors, agents, discards); repeatable."),
    comments: bool = typer.Option(False, "--comments", help="Also code CAMEO 01 comments (concern, optimism, condolences, declined to comment, denials) as event type COMMENT; PLOVER does not code them."),
    coder: str = typer.Option(DEFAULT_CODER, "--coder", help="hybrid (rules and the learned model), rules, or model."),
) -> None:
    """Extract coded events from text. JSONL lines: {"id", "text", "date"?, "source"?}."""
    from faultlines.extract import extract_documents
    from faultlines.ingest import InputProblem, read_inputs

    check_processes(processes)
    problems: list[str] = []
    documents = []
    for item in read_inputs(inputs):
        if isinstance(item, InputProblem):
            problems.append(f"{item.input}: {item.reason}")
        else:
            documents.append(item)
    try:
        results = extract_documents(documents, model=model, n_process=processes,
                                    dictionaries=tuple(dictionary), comments=comments, coder=coder)
        counts = Counter()
        table = _event_table() if format is OutputFormat.table else None
        # progress only on a terminal: piped or captured stderr stays one summary line
        progress = _progress(transient=True, disable=not err.is_terminal)
        task = progress.add_task("extracting", total=len(documents))
        progress.start()
        for result in results:
            progress.advance(task)
            if result.error:
                problems.append(result.error)
                continue
            if result.warning:
                err.print(f"[yellow]warning:[/yellow] {escape(result.warning)}")
            for event in result.events:
                if event.confidence < min_confidence:
                    continue
                counts[event.event_type] += 1
                if table is None:
                    sys.stdout.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
                else:
                    _add_row(table, event)
        progress.stop()
        if table is not None:
            out.print(table)
    except FaultlinesError as exc:
        progress.stop()
        fail(exc)
    for problem in problems:
        err.print(f"[red]error:[/red] {escape(problem)}")
    err.print(f"{len(documents)} document(s), {sum(counts.values())} event(s), {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)


def _event_table() -> Table:
    table = Table(show_lines=False)
    for col in ("doc", "type", "mode", "cameo", "source", "target", "status", "by", "conf", "trigger"):
        table.add_column(col)
    return table


def _actor(m) -> str:
    """The phrase and its actor's code; for someone the knowledge base does not list but
    whose country is known ("Kenyan President William Ruto"), the country and kind."""
    if m is None:
        return "-"
    actor = m.actor
    code = actor.code or (f"{actor.key} {actor.kind}" if actor.key else "?")
    return escape(f"{m.text} [{code}]")


def _add_row(table: Table, event) -> None:
    by = event.attributed_to.mention.text if event.attributed_to else ""
    by = escape(by)
    table.add_row(escape(event.doc_id), event.event_type, event.mode or "", event.cameo, _actor(event.source),
                  _actor(event.target), str(event.status), by, f"{event.confidence:.2f}", event.trigger)


@app.command(name="eval")
def evaluate(
    dev: Path = typer.Option(None, help="Development set folder (default: eval/ of the checkout)."),
    shared: Path = typer.Option(None, help="Folder of the real annotated sentences (default: ../shared/data/dev if present)."),
    model: str = typer.Option(DEFAULT_MODEL, help="Installed spaCy pipeline to parse with."),
    limit: int = typer.Option(0, help="Score only the first N items of each set (0 = all)."),
    errors: bool = typer.Option(False, help="Print each mismatch, for error analysis."),
    dictionary: list[str] = typer.Option([], "--dictionary", "-d", help="PETRARCH/TABARI dictionary file to import; repeatable."),
    coder: list[str] = typer.Option([], "--coder", help="Coder(s) to score: rules, model, hybrid; repeatable (default: all three, side by side)."),
) -> None:
    """Score extraction on every labelled set: the development set, the comments set, the
    validation split of train/ and the shared real sentences, for each coder side by side."""
    from faultlines import evaluate as ev
    from faultlines.learned.runtime import model_available

    coders = tuple(coder) or (ev.CODERS if model_available() else ("rules",))
    if not coder and coders == ("rules",):
        err.print("[yellow]no learned model is installed: scoring the rules only[/yellow]")
    try:
        report = ev.run(dev, shared, model=model, limit=limit, show_errors=errors,
                        dictionaries=tuple(dictionary), coders=coders,
                        progress=lambda msg: err.print(f"[dim]scoring {msg}…[/dim]"))
    except FaultlinesError as exc:
        fail(exc)
    out.print(ev.format_report(report), markup=False, highlight=False)


@app.command()
def train(
    encoder: str = typer.Option("minilm", help="minilm (all-MiniLM-L6-v2, fine-tuned) or spacy (the parser's token vectors, frozen)."),
    layers: int = typer.Option(6, help="MiniLM transformer layers to keep (fewer: faster, a little less accurate)."),
    epochs: int = typer.Option(4, help="Passes over the training split."),
    out_dir: Path = typer.Option(None, "--out", help="Where to write the model (default: the package's learned/model/, which ships)."),
    limit: int = typer.Option(0, help="Train on the first N training sentences only (a smoke test)."),
    shapes: bool = typer.Option(False, help="Give MiniLM each word's shape (capitals, digits), which its uncased word pieces lose (compared in the README: not better)."),
) -> None:
    """Train the learned coder from train/ on the CPU, with a fixed seed: export ONNX,
    quantise to int8, choose the hybrid thresholds, score the validation split, and
    write the model card. Needs the train extra (`make train` installs it)."""
    try:
        import torch  # noqa: F401
        from faultlines.learned import train as trainer
    except ImportError as exc:
        fail(FaultlinesError(f"training needs the train extra ({exc}): run `make train`"))
    if encoder not in ("minilm", "spacy"):
        fail(FaultlinesError(f"unknown encoder {encoder!r}: choose minilm or spacy"))
    from faultlines.learned.runtime import MODEL_DIR
    meta = trainer.train(trainer.TrainConfig(encoder=encoder, layers=layers, epochs=epochs, limit=limit,
                                                     shapes=shapes), out_dir or MODEL_DIR,
                         progress=lambda msg: err.print(msg, markup=False, highlight=False))
    v = meta["validation"]
    out.print(f"validation split ({v['sentences']} sentences, int8 model): pentaclass macro-F1 "
              f"{v['pentaclass_macro_f1']:.3f}, event F1 {v['event_f1']:.3f}, root accuracy {v['root_accuracy']:.3f}, "
              f"PLOVER accuracy {v['plover_accuracy']:.3f}, span F1 {v['span_f1']:.3f}, ECE {v['ece']:.3f}",
              markup=False, highlight=False)


@app.command()
def demo(
    model: str = typer.Option(DEFAULT_MODEL, help="Installed spaCy pipeline to parse with."),
    db: str = typer.Option("faultlines-demo.duckdb", "--db", help="The store to build from the examples."),
) -> None:
    """Ingest the bundled example articles into a store, summarise them, and say how
    to open the dashboard on it."""
    from faultlines import demo as demo_lib

    try:
        summary = demo_lib.run(db=db, model=model, progress=_progress())
    except FaultlinesError as exc:
        fail(exc)
    out.print(demo_lib.render(summary), markup=False, highlight=False)


DB_OPTION = typer.Option("faultlines.duckdb", "--db", help="The DuckDB file.")
PARQUET_OPTION = typer.Option(None, "--parquet", help="Read the Parquet output folder of `faultlines spark extract` instead of --db.")
ROW_FORMATS = ("table", "csv", "json")
ROWS_FORMAT = typer.Option("table", "--format", help="table, csv or json (csv and json rows carry their event_ids and doc_ids).")
STATUS_OPTION = typer.Option(None, "--status", help="Statuses to count, comma-separated (asserted, reported, planned, hypothetical, unconfirmed, denied) or all; default asserted,reported. Denied events never make a tie.")


def check_format(fmt: str, allowed: tuple[str, ...] = ROW_FORMATS, option: str = "--format") -> None:
    """A format the command can write, else one line naming the choices."""
    if fmt not in allowed:
        fail(InputError(f"{option} {fmt!r}: choose {', '.join(allowed[:-1])} or {allowed[-1]}"))


def format_of(path: str, fmt: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The format given, else the one the file's suffix names (e.json -> json), else `default`."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = {"htm": "html", "markdown": "md", "ndjson": "jsonl", "tsv": "gdelt"}.get(suffix, suffix)
    if suffix == "json" and "json" not in allowed and "jsonl" in allowed:
        suffix = "jsonl"
    return suffix if suffix in allowed else default


def check_writable(path: str | None, option: str) -> None:
    """A file can be written there: its folder exists and it is not a folder itself."""
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        fail(InputError(f"{option} {path}: is a folder; give a file name"))
    if not target.parent.is_dir():
        fail(InputError(f"{option} {path}: the folder {target.parent} does not exist"))


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="Files (txt, md, html, jsonl, csv), folders, URLs, RSS/Atom feeds, or - for stdin."),
    db: str = DB_OPTION,
    model: str = typer.Option(DEFAULT_MODEL, help="Installed spaCy pipeline to parse with."),
    max_chars: int = typer.Option(2_000_000, help="Documents longer than this are refused."),
    processes: int = typer.Option(1, "--processes", "-j", help="Worker processes for parsing."),
    batch_size: int = typer.Option(64, help="Documents written per transaction."),
    follow_links: bool = typer.Option(False, help="For feeds: fetch each entry's article, not just its summary."),
    column: list[str] = typer.Option([], "--column", help="CSV column mapping FIELD=COLUMN (fields: text, id, date, source, url, title); repeatable."),
    coder: str = typer.Option(DEFAULT_CODER, "--coder", help="hybrid (rules and the learned model), rules, or model."),
) -> None:
    """Extract events from documents and store them, each document once."""
    from faultlines.pipeline import ingest as run_ingest
    from faultlines.store import Store

    check_processes(processes)
    if batch_size < 1:
        fail(InputError(f"--batch-size {batch_size}: give 1 or more"))
    columns = {}
    for spec in column:
        field, _, name = spec.partition("=")
        if field not in ("text", "id", "date", "source", "url", "title") or not name:
            fail(InputError(f"--column {spec!r}: expected FIELD=COLUMN with FIELD one of text, id, date, source, url, title"))
        columns[field] = name
    try:
        from faultlines.extract import warm_up

        warm_up(model, coder)  # before the store is opened: a server may read it meanwhile
        from faultlines.ingest import count_documents

        total = count_documents(inputs)
        with Store(db, wait=store_wait(30.0)) as store, _progress() as progress:
            task = progress.add_task("ingesting", total=total)
            summary = run_ingest(inputs, store, model=model, max_chars=max_chars, n_process=processes,
                                 on_progress=lambda n: progress.advance(task, n), batch_size=batch_size,
                                 follow_links=follow_links, columns=columns, coder=coder)
    except FaultlinesError as exc:
        fail(exc)
    for warning in summary.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    report_problems(summary.problems)
    types = ", ".join(f"{t} {n}" for t, n in summary.events_by_type.most_common())
    err.print(f"{summary.new} new, {summary.duplicate} duplicate, {summary.near_duplicate} near-duplicate, "
              f"{summary.failed} failed document(s); {summary.events} event(s){': ' + types if types else ''}")
    if summary.failed:
        raise typer.Exit(1)


query_app = typer.Typer(help="Read stored events back.", no_args_is_help=True)
app.add_typer(query_app, name="query")


@query_app.command("events")
def query_events(
    db: str = DB_OPTION,
    parquet: str = PARQUET_OPTION,
    actor: str = typer.Option(None, help="Actor key on either side (IRN, NATO, HAMAS)."),
    dyad: str = typer.Option(None, help="SOURCE:TARGET, e.g. IRN:RUS."),
    event_type: str = typer.Option(None, "--type", help="PLOVER type, e.g. AID."),
    quad_class: int = typer.Option(None, "--quad", help="QuadClass 1-4."),
    status: str = typer.Option(None, help="asserted, reported, hypothetical, denied, unconfirmed, planned."),
    since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    outlet: str = typer.Option(None, help="Documents from this outlet."),
    text: str = typer.Option(None, help="Evidence sentence contains this text."),
    limit: int = typer.Option(100, help="At most this many rows."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List stored events matching the filters (actors, types, statuses and outlets in any case)."""
    from faultlines import names
    from faultlines.query import EventFilter, events

    check_format(fmt)
    if quad_class is not None and not 1 <= quad_class <= 4:
        fail(InputError(f"--quad {quad_class}: give a QuadClass from 1 to 4"))
    if limit < 1:
        fail(InputError(f"--limit {limit}: give 1 or more"))

    def run(store):
        pair = ":".join(names.dyad(store, dyad, "--dyad")) if dyad is not None else None
        flt = EventFilter(names.actor(store, actor), pair, names.event_type(store, event_type), quad_class,
                          names.status(status), since, until, names.outlet(store, outlet), text, limit=limit)
        return events(store, flt)

    _print_rows(*_on_store(db, run, parquet), fmt)


@app.command()
def sql(query: str = typer.Argument(..., help="A SELECT over documents, events, sentences, mentions, actors, ingest_errors."),
        db: str = DB_OPTION,
        parquet: str = PARQUET_OPTION,
        fmt: str = typer.Option("table", "--format", help="table, csv or json.")) -> None:
    """Run read-only SQL against the store.

    Allowed: queries over the store's own tables (SELECT, WITH, DESCRIBE, SHOW, PRAGMA
    and DuckDB's built-in functions). Refused: anything that writes (INSERT, UPDATE,
    DELETE, CREATE, COPY ... TO, EXPORT), that reads or writes another file or the
    network (ATTACH, read_csv, read_parquet, glob, httpfs), and installing or loading
    extensions. These settings are locked, so a query cannot turn them back on. With
    --parquet the tables are first loaded into memory."""
    from faultlines.store import Store

    try:
        with (Store.open_parquet(parquet, sandboxed=True) if parquet
              else Store(db, sandboxed=True, wait=store_wait(10.0))) as store:
            found = store.sql(query)
    except FaultlinesError as exc:
        fail(exc)
    _print_rows(*found, fmt)


@app.command()
def export(path: str = typer.Argument(..., help="Output file."),
           db: str = DB_OPTION,
           parquet: str = PARQUET_OPTION,
           fmt: str = typer.Option(None, "--format", help="csv, jsonl, parquet (every column, with the document and stances), gdelt (GDELT 2.0 event table, TSV), plover (PLOVER JSON lines) or plover-csv (PLOVER coding as flat CSV; 'polecat' is its deprecated old name); default: from the file's suffix (.jsonl/.json, .parquet, .tsv for gdelt), else csv."),
           header: bool = typer.Option(False, "--header", help="gdelt: add a header row (GDELT's own files have none).")) -> None:
    """Export stored events to a file (near-duplicate documents left out); the README's
    "Interop" section lists each layout's columns and what stays empty."""
    from faultlines.interop import DEPRECATED, FORMATS, resolve_format
    from faultlines.query import export as run_export

    fmt = format_of(path, fmt, FORMATS + tuple(DEPRECATED), default="csv")
    try:
        _, warning = resolve_format(fmt)
    except FaultlinesError as exc:
        fail(exc)
    if warning:
        err.print(f"warning: {warning}")
    check_writable(path, "PATH")
    n = _on_store(db, lambda store: run_export(store, path, fmt, header=header), parquet)
    err.print(f"{n} event(s) written to {escape(path)}")


@app.command()
def reprocess(db: str = DB_OPTION,
              model: str = typer.Option(DEFAULT_MODEL, help="Installed spaCy pipeline to parse with."),
              coder: str = typer.Option(DEFAULT_CODER, "--coder", help="hybrid (rules and the learned model), rules, or model.")) -> None:
    """Re-code every stored document with the current extractor (sources are not re-read)."""
    from faultlines.pipeline import reprocess as run_reprocess
    from faultlines.store import Store

    try:
        with Store(db) as store, _progress() as progress:
            task = progress.add_task("re-coding", total=store.count("documents"))
            n = run_reprocess(store, model, on_progress=lambda k: progress.advance(task, k), coder=coder)
    except FaultlinesError as exc:
        fail(exc)
    err.print(f"{n} event(s) written")


def _on_store(db: str, action, parquet: str | None = None):
    """Open the store read-only (or, with --parquet, the Parquet output of `faultlines spark
    extract`), run `action` on it, and turn errors into messages."""
    import duckdb

    from faultlines.store import Store

    try:
        with (Store.open_parquet(parquet) if parquet else Store(db, read_only=True, wait=store_wait(10.0))) as store:
            return action(store)
    except FaultlinesError as exc:
        fail(exc)
    except (OSError, duckdb.Error) as exc:  # a file the action writes, a store it cannot read
        fail(InputError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__))


def _cell(value) -> str:
    """A value as CSV or table text: id lists space-separated, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def _print_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
    """JSON lines (lists stay lists), CSV, or a table; a table leaves out `event_ids` (too
    long to read there: --format csv or json gives them) and says when it is empty."""
    check_format(fmt)
    if fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(dict(zip(columns, row)), default=str, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
    else:
        shown = [i for i, c in enumerate(columns) if c != "event_ids"]
        table = Table()
        for i in shown:
            table.add_column(escape(columns[i]))
        for row in rows:
            table.add_row(*(escape(_cell(row[i])) for i in shown))
        out.print(table)
        if not rows:
            err.print("no rows match", highlight=False)


def check_port(host: str, port: int) -> None:
    """Fail before announcing the server when the address cannot be bound (taken, or not
    an address of this machine), instead of after."""
    import socket

    if not 1 <= port <= 65535:
        fail(InputError(f"--port {port}: give a port from 1 to 65535"))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as exc:
        fail(InputError(f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc}); "
                        "is another server running? Choose another --port"))


@app.command()
def serve(db: str = DB_OPTION,
          host: str = typer.Option("127.0.0.1", help="Address to bind (loopback by default)."),
          port: int = typer.Option(8000, help="Port."),
          ingest_token: str = typer.Option(None, envvar="FAULTLINES_INGEST_TOKEN",
                                           help="Enable POST /api/ingest for clients sending this bearer token."),
          cors: list[str] = typer.Option([], help="Allow cross-origin requests from this origin; repeatable.")) -> None:
    """Serve the HTTP API (OpenAPI at /docs) over the store."""
    import uvicorn

    from faultlines.api import create_app

    try:
        from faultlines.api import LOOPBACK_HOSTS

        # On loopback only loopback Host names are answered (no DNS rebinding); bound to
        # another address, the clients' names are not known here.
        hosts = LOOPBACK_HOSTS if host in LOOPBACK_HOSTS else ("*",)
        application = create_app(db, ingest_token, tuple(cors), hosts=hosts)
    except FaultlinesError as exc:
        fail(exc)
    check_port(host, port)
    err.print(f"faultlines API on http://{host}:{port}/  (OpenAPI: http://{host}:{port}/docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


spark_app = typer.Typer(help="Extraction as a PySpark job, for corpora one process cannot get through.",
                        no_args_is_help=True)
app.add_typer(spark_app, name="spark")


@spark_app.command("extract")
def spark_extract(
    inputs: list[str] = typer.Option(..., "--input", help="JSONL or Parquet file or folder (text, optional id, date, title, source, url); repeatable."),
    output: str = typer.Option(..., "--output", help="Folder for the Parquet tables: events/year=/month=, documents, sentences, mentions, errors."),
    master: str = typer.Option("local[2]", help="local[N]: N worker processes on this machine (for a cluster, use spark-submit; see README)."),
    partitions: int = typer.Option(None, help="Tasks to spread the documents over (default: 4 x N)."),
    batch_size: int = typer.Option(32, help="Documents per spaCy batch."),
    driver_memory: str = typer.Option("2g", help="Memory of the Spark JVM (in local mode it runs the tasks)."),
    model: str = typer.Option(DEFAULT_MODEL, help="Installed spaCy pipeline to parse with."),
    dictionary: list[str] = typer.Option([], "--dictionary", "-d", help="PETRARCH/TABARI dictionary file to import; repeatable."),
    overwrite: bool = typer.Option(False, help="Replace the tables of an existing output folder."),
    coder: str = typer.Option(DEFAULT_CODER, "--coder", help="hybrid (rules and the learned model), rules, or model."),
) -> None:
    """Extract events with PySpark into Parquet; read it back with --parquet DIR."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        fail(InputError("PySpark is not installed: pip install 'faultlines[spark]' (it needs Java 17)"))
    from faultlines.scale import local_session, run_extract

    try:
        spark = local_session(master, driver_memory=driver_memory)
        try:
            summary = run_extract(spark, inputs, output, model=model, partitions=partitions,
                                  batch_size=batch_size, dictionaries=tuple(dictionary), overwrite=overwrite,
                                  coder=coder)
        finally:
            spark.stop()
    except FaultlinesError as exc:
        fail(exc)
    report_problems(summary.problem_samples)
    if summary.problems > len(summary.problem_samples):
        err.print(f"... {summary.problems - len(summary.problem_samples)} more in {escape(output)}/errors")
    err.print(f"{summary.documents} document(s), {summary.duplicates} duplicate(s) skipped, "
              f"{summary.near_duplicates} near-duplicate(s) marked, {summary.events} event(s), "
              f"{summary.problems} problem(s) in {summary.seconds:.1f} s; Parquet written to {escape(output)}")
    if summary.problems:
        raise typer.Exit(1)


kb_app = typer.Typer(help="Look into the actor knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("lookup")
def kb_lookup(
    name: str = typer.Argument(..., help="A name as it appears in text: 'the Kremlin', 'Burns', 'MI6'."),
    date: str = typer.Option(None, help="Resolve roles as of this date (YYYY-MM-DD)."),
    dictionary: list[str] = typer.Option([], "--dictionary", "-d", help="PETRARCH/TABARI dictionary file to import; repeatable."),
) -> None:
    """Show what a name resolves to, on a date, and which data file says so."""
    from faultlines.actors.lookup import lookup

    try:
        found = lookup(name, date, tuple(dictionary))
    except FaultlinesError as exc:
        fail(exc)
    if not found:
        err.print(f"{escape(name)!r}: not in the knowledge base")
        raise typer.Exit(1)
    table = Table()
    for col in ("code", "name", "kind", "country", "sector", "how", "source", f"on {date or 'today'}"):
        table.add_column(col)
    for row in found:
        table.add_row(*(escape(str(v or "")) for v in row))
    out.print(table)
    from faultlines.actors.lookup import wikidata_ids  # the QID lines: issue 16, point 6
    for code, qid in wikidata_ids([row[0] for row in found], tuple(dictionary)):
        out.print(f"{escape(code)}: Wikidata {qid} (https://www.wikidata.org/wiki/{qid})")


class DocsPerSecond(ProgressColumn):
    """Documents per second, once Rich has measured a speed."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} docs/s" if task.speed else "")


class DocsDone(ProgressColumn):
    """"12/40 docs" when the total is known, else "12 docs"."""

    def render(self, task) -> Text:
        done = int(task.completed)
        return Text(f"{done}/{int(task.total)} docs" if task.total is not None else f"{done} docs")


def _progress(transient: bool = False, disable: bool = False) -> Progress:
    """A bar on stderr: documents done (of the total when known), speed, time taken and
    time left (once a total and a speed are known)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), DocsDone(), DocsPerSecond(),
                    TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                    console=err, transient=transient, disable=disable)


# The analysis commands (dyad, network, balance, transfers, claims, alerts, blocs, linkage,
# brief) live in cli_analyses.py; importing it registers them on `app`.
from faultlines import cli_analyses  # noqa: E402,F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()
