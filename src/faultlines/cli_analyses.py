"""The analysis commands of `faultlines`: dyad, network, balance, transfers, claims,
alerts, blocs, linkage, brief.

Kept apart from cli.py (which imports this module at its end, so the commands join
its `app`) because they share one shape: open the store read-only, match the user's
actor codes and options against it (faultlines.names), call one analysis, print rows
as a table, CSV or JSON lines, with `--status` saying which claims count and every
row carrying its `event_ids` and `doc_ids` in CSV and JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.markup import escape

from faultlines.cli import (DB_OPTION, PARQUET_OPTION, ROW_FORMATS, ROWS_FORMAT, STATUS_OPTION, _on_store,
                            _print_rows, app, check_format, check_writable, err, fail, format_of, out)
from faultlines.errors import FaultlinesError, InputError


@app.command()
def dyad(
    pair: str = typer.Argument(..., help="SOURCE:TARGET actor keys, e.g. IRN:RUS (any case)."),
    db: str = DB_OPTION,
    parquet: str = PARQUET_OPTION,
    period: str = typer.Option("month", help="day, week, month, quarter or year."),
    undirected: bool = typer.Option(False, help="Count both directions."),
    since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    fmt: str = ROWS_FORMAT,
) -> None:
    """Time series of a dyad: events by QuadClass and Goldstein, period by period."""
    from faultlines import names
    from faultlines.analysis.series import dyad_series

    check_format(fmt)

    def run(store):
        source, target = names.dyad(store, pair, "SOURCE:TARGET")
        return dyad_series(store, source, target, period, not undirected, since, until)

    _print_rows(*_on_store(db, run, parquet), fmt)


@app.command()
def network(
    db: str = DB_OPTION,
    parquet: str = PARQUET_OPTION,
    out_path: str = typer.Option(None, "--out", help="Write the graph here: GraphML (.graphml) or GEXF (.gexf), by suffix."),
    fmt: str = typer.Option("table", "--format", help="table (the busiest actors), csv or json (every edge with its event_ids and doc_ids); graphml or gexf name the --out file's format."),
    since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    top: int = typer.Option(10, help="Show this many of the busiest actors."),
    status: str = STATUS_OPTION,
) -> None:
    """The signed, weighted relationship network; export for Gephi."""
    from faultlines.analysis.network import FORMATS, build_graph, central_actors, edge_rows, export_graph

    graph_fmt = fmt if fmt in FORMATS else None
    rows_fmt = "table" if graph_fmt else fmt
    check_format(rows_fmt, (*ROW_FORMATS, *FORMATS))
    if top < 1:
        fail(InputError(f"--top {top}: give 1 or more"))
    if out_path:
        graph_fmt = format_of(out_path, graph_fmt, FORMATS, default="graphml")
    graph = _on_store(db, lambda store: build_graph(store, since, until, status=status), parquet)
    if out_path:
        try:
            export_graph(graph, out_path, graph_fmt)
        except FaultlinesError as exc:
            fail(exc)
        except OSError as exc:
            fail(InputError(f"--out {out_path}: cannot be written ({exc.strerror or exc})"))
        err.print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relations written to {escape(out_path)}")
    if rows_fmt == "table":
        _print_rows(["actor", "degree_centrality", "events"], central_actors(graph, top), "table")
    else:
        _print_rows(*edge_rows(graph), rows_fmt)


@app.command()
def balance(
    db: str = DB_OPTION,
    parquet: str = PARQUET_OPTION,
    actor: list[str] = typer.Option([], help="Only triads with this actor; two actors also list their common adversaries and allies. Repeatable."),
    what_if_tie: str = typer.Option(None, "--what-if", help="A:B:+ or A:B:- — which triads a new tie would create or flip, e.g. ISR:SAU:+."),
    since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    status: str = STATUS_OPTION,
    fmt: str = ROWS_FORMAT,
) -> None:
    """Structural balance: signed triads, common adversaries and allies, what-ifs."""
    from faultlines import names
    from faultlines.analysis.balance import common, signed_graph, triads, what_if
    from faultlines.analysis.network import build_graph

    check_format(fmt)
    if what_if_tie is not None:
        parts = what_if_tie.split(":")
        if len(parts) != 3 or parts[2] not in ("+", "-") or not parts[0] or not parts[1]:
            fail(InputError(f"--what-if {what_if_tie!r}: expected A:B:+ or A:B:-"))

    def run(store):
        keys = names.actors(store, actor)
        # a what-if may tie an actor the store has no events for yet: keep it as typed then
        tie = tuple(names.actor_or_same(store, p) for p in parts[:2]) if what_if_tie else None
        return keys, tie, signed_graph(build_graph(store, since, until, status=status))

    keys, tie, graph = _on_store(db, run, parquet)
    rows = [(" / ".join(t.actors), " ".join("+" if s > 0 else "-" for s in t.signs),
             "balanced" if t.balanced else "unbalanced") for t in triads(graph, set(keys) or None)]
    _print_rows(["triad", "signs (ab ac bc)", "balance"], rows, fmt)
    if len(keys) == 2 and fmt == "table":
        out.print(f"common adversaries of {keys[0]} and {keys[1]}: {', '.join(common(graph, *keys, -1)) or 'none'}")
        out.print(f"common allies of {keys[0]} and {keys[1]}: {', '.join(common(graph, *keys, 1)) or 'none'}")
    if tie:
        changes = what_if(graph, tie[0], tie[1], 1 if parts[2] == "+" else -1)
        _print_rows(["triad", "before", "after"], [
            (" / ".join(after.actors), ("balanced" if before.balanced else "unbalanced") if before else "(no triad)",
             "balanced" if after.balanced else "unbalanced") for before, after in changes], fmt)


@app.command()
def transfers(db: str = DB_OPTION,
              parquet: str = PARQUET_OPTION,
              actor: str = typer.Option(None, help="Only transfers from or to this actor (key or name, any case)."),
              since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
              until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
              status: str = STATUS_OPTION,
              fmt: str = ROWS_FORMAT) -> None:
    """The arms-transfer ledger: supplier, recipient, system, dates, statuses, sources, evidence ids."""
    from faultlines import names
    from faultlines.analysis.ledgers import transfers as ledger

    check_format(fmt)
    _print_rows(*_on_store(db, lambda store: ledger(store, names.actor(store, actor), since, until, status),
                           parquet), fmt)


@app.command()
def claims(db: str = DB_OPTION,
           parquet: str = PARQUET_OPTION,
           actor: str = typer.Option(None, help="Only claims involving this actor (key or name, any case)."),
           contested: bool = typer.Option(False, help="Only claims someone denies or will not confirm."),
           window: int = typer.Option(14, help="Days within which reports count as the same claim."),
           event_type: str = typer.Option(None, "--type", help="Only claims of this PLOVER type (any case)."),
           since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
           until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
           fmt: str = ROWS_FORMAT) -> None:
    """The claims ledger: each claim, every source's stance, corroboration, why it is contested, evidence ids."""
    from faultlines import names
    from faultlines.analysis.ledgers import claims as ledger

    check_format(fmt)
    if not 1 <= window <= 3650:
        fail(InputError(f"--window {window}: give 1 to 3650 days"))
    _print_rows(*_on_store(db, lambda store: ledger(store, names.actor(store, actor), window, contested,
                                                    names.event_type(store, event_type), since, until),
                           parquet), fmt)


@app.command()
def alerts(db: str = DB_OPTION,
           parquet: str = PARQUET_OPTION,
           ratio: float = typer.Option(2.0, help="The rise in weekly conflict rate to detect (x baseline, above 1)."),
           threshold: float = typer.Option(4.0, help="CUSUM alarm threshold h (above 0)."),
           warmup: int = typer.Option(3, help="Weeks of history before a dyad can alert (1 or more)."),
           min_documents: int = typer.Option(2, "--min-documents", help="Documents a week's events must come from to alert (1 allows single-article alerts)."),
           actor: str = typer.Option(None, help="Only alerts on this actor's dyads (key or name, any case)."),
           status: str = STATUS_OPTION,
           fmt: str = ROWS_FORMAT) -> None:
    """Escalation alerts: weeks where a dyad's conflict events rose above its baseline."""
    from faultlines import names
    from faultlines.analysis.escalation import alerts as find, check_options

    check_format(fmt)
    try:
        check_options(ratio, threshold, warmup, min_documents)
    except FaultlinesError as exc:
        fail(exc)

    def run(store):
        key = names.actor(store, actor)
        return [a for a in find(store, ratio, threshold, warmup, min_documents=min_documents, status=status)
                if key is None or key in a.dyad]

    rows = [(f"{a.dyad[0]}:{a.dyad[1]}", a.week, a.count, a.baseline, a.score, len(a.event_ids),
             list(a.event_ids), list(a.doc_ids)) for a in _on_store(db, run, parquet)]
    _print_rows(["dyad", "week", "conflict_events", "baseline", "cusum", "evidence_events", "event_ids",
                 "doc_ids"], rows, fmt)


@app.command()
def blocs(db: str = DB_OPTION,
          parquet: str = PARQUET_OPTION,
          since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
          until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
          status: str = STATUS_OPTION,
          fmt: str = ROWS_FORMAT) -> None:
    """Blocs: groups bound by cooperation and set apart by conflict (signed ties)."""
    from faultlines.analysis.balance import blocs as find, signed_graph
    from faultlines.analysis.network import build_graph

    check_format(fmt)
    graph = signed_graph(_on_store(db, lambda store: build_graph(store, since, until, status=status), parquet))
    _print_rows(["bloc", "actors"], [(i + 1, ", ".join(b)) for i, b in enumerate(find(graph))], fmt)


@app.command()
def linkage(first: str = typer.Argument(..., help="A conflict dyad, A:B (e.g. RUS:UKR)."),
            second: str = typer.Argument(..., help="Another conflict dyad (e.g. ISR:HAMAS)."),
            db: str = DB_OPTION,
            parquet: str = PARQUET_OPTION,
            status: str = STATUS_OPTION,
            fmt: str = ROWS_FORMAT) -> None:
    """Which actors tie one conflict to another, and how they relate to each side."""
    from faultlines import names
    from faultlines.analysis.balance import linkage as find, signed_graph
    from faultlines.analysis.network import build_graph

    check_format(fmt)
    for dyad in (first, second):
        if dyad.count(":") != 1:
            fail(InputError(f"{dyad!r}: expected A:B, e.g. RUS:UKR"))

    def run(store):
        pairs = names.dyad(store, first, "first dyad"), names.dyad(store, second, "second dyad")
        return find(signed_graph(build_graph(store, status=status)), *pairs)

    _print_rows(["actor", "ties", "event_ids", "doc_ids"], _on_store(db, run, parquet), fmt)


@app.command()
def brief(db: str = DB_OPTION,
          parquet: str = PARQUET_OPTION,
          actor: list[str] = typer.Option(..., help="Actor key or name (IRN, rus, Hamas); repeatable."),
          since: str = typer.Option(None, help="From this date (YYYY-MM-DD)."),
          until: str = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
          status: str = STATUS_OPTION,
          fmt: str = typer.Option(None, "--format", help="md, html or json (default: from the --out suffix, else md)."),
          out_path: str = typer.Option(None, "--out", help="Write the brief here instead of printing it.")) -> None:
    """A cited brief on actors: developments, sources, trend, alerts, claims, transfers, balance."""
    from faultlines import names
    from faultlines.analysis.briefs import build, render, to_json

    fmt = format_of(out_path, fmt, ("md", "html", "json"), default="md") if out_path else (fmt or "md")
    check_format(fmt, ("md", "html", "json"))
    check_writable(out_path, "--out")

    def run(store):
        built = build(store, names.actors(store, actor), since, until, status=status)
        return json.dumps(to_json(built), ensure_ascii=False, indent=1) + "\n" if fmt == "json" else render(built, fmt)

    text = _on_store(db, run, parquet)
    if out_path:
        try:
            Path(out_path).write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(InputError(f"--out {out_path}: cannot be written ({exc.strerror or exc})"))
        err.print(f"brief written to {escape(out_path)}")
    else:
        sys.stdout.write(text)
