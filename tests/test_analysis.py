"""Analyses over a real store built from the project's development articles."""

import networkx as nx
import pytest
from typer.testing import CliRunner

from faultlines.analysis.network import build_graph, export_graph
from faultlines.analysis.series import dyad_series
from faultlines.cli import app
from faultlines.pipeline import ingest
from faultlines.store import Store

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(dev_db):
    return dev_db


def test_analysis_dyad_series_counts_factual_events_by_period(store_path):
    with Store(store_path, read_only=True) as store:
        columns, rows = dyad_series(store, "IRN", "RUS", "month")
    assert columns[:2] == ["period", "events"]
    assert rows and sum(r[1] for r in rows) >= 1
    assert all(r[1] == r[2] + r[3] + r[4] + r[5] for r in rows)


def test_analysis_network_has_signed_weighted_edges(store_path):
    with Store(store_path, read_only=True) as store:
        graph = build_graph(store)
    assert graph.has_edge("IRN", "RUS") and graph["IRN"]["RUS"]["weight"] > 0
    conflict = [(a, b) for a, b, d in graph.edges(data=True) if d["sign"] < 0]
    assert conflict


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_analysis_graph_export_reads_back_unchanged(store_path, tmp_path, fmt, reader):
    with Store(store_path, read_only=True) as store:
        graph = build_graph(store)
    path = tmp_path / f"g.{fmt}"
    export_graph(graph, str(path), fmt)
    back = reader(path)
    assert set(back.nodes) == set(graph.nodes)
    assert set(back.edges) == set(graph.edges)


def test_analysis_cli_dyad_and_network(store_path, tmp_path):
    result = runner.invoke(app, ["dyad", "IRN:RUS", "--db", str(store_path), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.startswith("period,events")
    out = tmp_path / "net.graphml"
    result = runner.invoke(app, ["network", "--db", str(store_path), "--out", str(out)])
    assert result.exit_code == 0 and out.exists() and "actor" in result.stdout


def small_world():
    """Iran and Russia cooperate; both are in conflict with the US; Israel and Saudi
    Arabia have no tie yet, and both oppose Iran."""
    g = nx.DiGraph()
    for a, b, w in [("IRN", "RUS", 5), ("RUS", "IRN", 4), ("USA", "IRN", -6), ("IRN", "USA", -3),
                    ("USA", "RUS", -5), ("ISR", "IRN", -8), ("SAU", "IRN", -2)]:
        g.add_edge(a, b, weight=float(w), events=1)
    return g


def test_analysis_common_adversary_and_balanced_triad():
    from faultlines.analysis.balance import common, signed_graph, triads

    graph = signed_graph(small_world())
    assert common(graph, "IRN", "RUS", -1) == ["USA"]
    [triad] = [t for t in triads(graph) if set(t.actors) == {"IRN", "RUS", "USA"}]
    assert triad.balanced


def test_analysis_what_if_normalisation_creates_balanced_triad():
    from faultlines.analysis.balance import signed_graph, what_if

    graph = signed_graph(small_world())
    changes = what_if(graph, "ISR", "SAU", +1)
    assert [(before, after.actors, after.balanced) for before, after in changes] == \
        [(None, ("IRN", "ISR", "SAU"), True)]


def test_analysis_cli_balance(store_path):
    result = runner.invoke(app, ["balance", "--db", str(store_path), "--actor", "IRN", "--actor", "RUS",
                                 "--what-if", "ISR:SAU:+"])
    assert result.exit_code == 0 and "common adversaries of IRN and RUS" in result.stdout


SEED = REPO.parent / "shared" / "seed" / "iran-missiles-to-russia.txt"


@pytest.mark.skipif(not SEED.exists(), reason="reference article not present (../shared/seed)")
def test_analysis_seed_triad_iran_russia_usa_is_balanced(nlp, tmp_path):
    import json

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "seed", "date": "2024-09-10", "text": SEED.read_text()}) + "\n")
    from faultlines.analysis.balance import common, signed_graph, triads

    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(corpus), str(REPO / "eval" / "dev_articles.jsonl")], store)
        graph = signed_graph(build_graph(store))
    assert "USA" in common(graph, "IRN", "RUS", -1)
    [triad] = [t for t in triads(graph) if set(t.actors) == {"IRN", "RUS", "USA"}]
    assert triad.balanced


def test_analysis_transfers_ledger_lists_weapons_with_sources(store_path):
    from faultlines.analysis.ledgers import transfers

    with Store(store_path, read_only=True) as store:
        columns, rows = transfers(store)
    assert columns[:3] == ["supplier", "recipient", "system"]
    iran = [dict(zip(columns, r)) for r in rows if r[0] == "IRN" and r[1] == "RUS"]
    assert iran and all(r["sources"] for r in iran)


def test_analysis_claims_ledger_marks_denied_claims_contested(store_path):
    from faultlines.analysis.ledgers import claims

    with Store(store_path, read_only=True) as store:
        columns, rows = claims(store, contested_only=True)
    records = [dict(zip(columns, r)) for r in rows]
    assert records and all(r["contested"] for r in records)
    assert any("denied" in r["stances"] for r in records)
    result = runner.invoke(app, ["claims", "--db", str(store_path), "--actor", "IRN", "--format", "json"])
    assert result.exit_code == 0 and '"corroboration"' in result.stdout


def test_analysis_cusum_flags_a_surge_and_not_a_steady_dyad():
    from faultlines.analysis.escalation import cusum

    surge = cusum([1, 0, 1, 1, 0, 1, 6, 8, 7, 1, 0])
    assert surge and surge[0][0] == 6
    assert cusum([1, 0, 1, 1, 0, 1, 1, 2, 1, 1, 0]) == []


def test_analysis_cli_alerts(store_path):
    result = runner.invoke(app, ["alerts", "--db", str(store_path), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.startswith("dyad,week,conflict_events")


def test_analysis_blocs_and_linkage():
    from faultlines.analysis.balance import blocs, linkage, signed_graph

    g = small_world()
    g.add_edge("IRN", "HAMAS", weight=6.0, events=1)
    g.add_edge("ISR", "HAMAS", weight=-9.0, events=1)
    g.add_edge("RUS", "UKR", weight=-9.0, events=1)
    graph = signed_graph(g)
    assert ["HAMAS", "IRN", "RUS"] in blocs(graph)
    linked = {row[0]: row[1] for row in linkage(graph, ("RUS", "UKR"), ("ISR", "HAMAS"))}
    assert "IRN" in linked and "+RUS" in linked["IRN"] and "-ISR" in linked["IRN"]


def test_analysis_brief_markdown_cites_its_sources(store_path):
    from faultlines.analysis.briefs import build, render

    with Store(store_path, read_only=True) as store:
        text = render(build(store, ["IRN", "RUS"]), "md")
    for heading in ("## Key developments", "## Relationship trend", "## Open and contested claims",
                    "## Arms transfers", "## Balance"):
        assert heading in text
    assert "IRN → RUS" in text and "Reuters" in text


def test_analysis_brief_html_escapes_document_text(nlp, tmp_path):
    import json

    from faultlines.analysis.briefs import build, render

    data = tmp_path / "x.jsonl"
    data.write_text(json.dumps({"id": "x", "date": "2024-05-01", "source": "<b>Wire</b>",
                                "text": "Iran sent drones to Russia <script>alert(1)</script> on Monday."}) + "\n")
    with Store(tmp_path / "x.duckdb") as store:
        ingest([str(data)], store)
        html = render(build(store, ["IRN"]), "html")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>Wire</b>" not in html


@pytest.mark.skipif(not SEED.exists(), reason="reference article not present (../shared/seed)")
def test_analysis_seed_brief_shows_contested_missile_transfer_with_sources(nlp, tmp_path):
    """The reference article plus 20+ project-written articles over several months."""
    import json
    import subprocess
    import sys

    from faultlines.analysis.briefs import build, render

    generated = tmp_path / "gen"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--out", str(generated),
                    "--articles", "10", "--seed", "5"], check=True, capture_output=True)
    seed = tmp_path / "seed.jsonl"
    seed.write_text(json.dumps({"id": "seed", "date": "2024-09-10", "source": "Modern Diplomacy",
                                "text": SEED.read_text()}) + "\n")
    with Store(tmp_path / "b.duckdb") as store:
        ingest([str(seed), str(REPO / "eval" / "dev_articles.jsonl"), str(generated / "corpus.jsonl")], store)
        assert store.count("documents") >= 21
        text = render(build(store, ["IRN", "RUS"]), "md")
    claims = [line for line in text.splitlines() if line.startswith("- AID IRN → RUS (ballistic missiles)")]
    assert any("reported by BLOOMBERG" in line and "contested" in line for line in claims)
