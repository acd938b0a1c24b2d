"""Status-aware analyses and the evidence behind every figure, on real stores: the
development articles (`dev_db`) and a small store of hand-written wire copy whose
sentences each test a rule (a denial, an intent to buy, a one-article surge)."""

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from faultlines.analysis import balance, briefs, escalation, ledgers, network
from faultlines.api import create_app
from faultlines.cli import app
from faultlines.errors import InputError
from faultlines.pipeline import ingest
from faultlines.store import Store

runner = CliRunner()

WIRE = [
    *({"id": f"talks-{i}", "date": day, "source": "Reuters", "title": f"Talks {i}",
       "text": f"Russia and Ukraine held talks in {city} on Monday."}
      for i, (day, city) in enumerate([("2025-01-06", "Istanbul"), ("2025-01-13", "Geneva"),
                                       ("2025-01-20", "Riyadh"), ("2025-01-27", "Doha")])),
    {"id": "strikes", "date": "2025-02-03", "source": "Reuters", "title": "Strikes",
     "text": "Russian forces attacked Ukraine's capital on Monday. Russian troops shelled Ukrainian "
             "positions near Kharkiv. Russian aircraft bombed Ukrainian cities overnight. Russian "
             "forces attacked Ukraine's ports on Monday. Russian drones struck Ukrainian power plants."},
    {"id": "arms", "date": "2025-02-04", "source": "Reuters", "title": "Arms",
     "url": "https://example.org/arms",
     "text": "Egypt plans to buy French fighter jets. Saudi Arabia is in advanced talks to buy Chinese "
             "drones. Washington could sell Kyiv more Patriot air-defence systems. Russia delivered "
             "S-400 missiles to India. Iran denied supplying the Houthis with missiles."},
]


@pytest.fixture(scope="module")
def wire_db(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("wire")
    source = folder / "wire.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in WIRE), encoding="utf-8")
    path = folder / "wire.duckdb"
    with Store(path) as store:
        ingest([str(source)], store)
    return path


def doc_id(store, title: str) -> str:
    """The stored id of a WIRE document (ids are content hashes)."""
    return store.db.execute("SELECT id FROM documents WHERE title = ?", [title]).fetchone()[0]


def statuses_of(store, ids) -> set[str]:
    marks = ", ".join("?" for _ in ids)
    return {s for (s,) in store.db.execute(f"SELECT DISTINCT status FROM events WHERE id IN ({marks})",
                                           list(ids)).fetchall()}


def test_evidence_denied_transfer_makes_no_edge_whatever_the_status_option(wire_db):
    with Store(wire_db, read_only=True) as store:
        assert store.db.execute("SELECT count(*) FROM events WHERE source_key = 'IRN' AND target_key = "
                                "'HOUTHIS' AND status = 'denied'").fetchone()[0] == 1
        for status in (None, "all", "denied", "asserted,denied"):
            graph = network.build_graph(store, status=status)
            assert not graph.has_edge("IRN", "HOUTHIS"), status
            ids = [i for *_, d in graph.edges(data=True) for i in d["event_ids"]]
            assert "denied" not in statuses_of(store, ids or ["-"])


def test_evidence_network_counts_asserted_and_reported_unless_widened(wire_db):
    with Store(wire_db, read_only=True) as store:
        default = network.build_graph(store)
        widened = network.build_graph(store, status="asserted,reported,Hypothetical")
        assert not default.has_edge("USA", "UKR")  # "Washington could sell Kyiv ..."
        assert widened.has_edge("USA", "UKR")
        assert statuses_of(store, widened["USA"]["UKR"]["event_ids"]) == {"hypothetical"}
        with pytest.raises(InputError, match="'rumoured'.*asserted"):
            network.build_graph(store, status="rumoured")


def test_evidence_network_edges_carry_event_and_document_ids(wire_db):
    with Store(wire_db, read_only=True) as store:
        graph = network.build_graph(store)
        for a, b, data in graph.edges(data=True):
            assert len(data["event_ids"]) == data["events"]
            rows = store.db.execute(
                f"SELECT DISTINCT source_key, target_key, doc_id FROM events WHERE id IN "
                f"({', '.join('?' for _ in data['event_ids'])})", data["event_ids"]).fetchall()
            assert {(r[0], r[1]) for r in rows} == {(a, b)}
            assert sorted({r[2] for r in rows}) == data["doc_ids"]


def test_evidence_intent_talks_and_denials_are_not_transfers(wire_db):
    with Store(wire_db, read_only=True) as store:
        columns, rows = ledgers.transfers(store)
        found = [dict(zip(columns, r)) for r in rows]
        assert [(t["supplier"], t["recipient"]) for t in found] == [("RUS", "IND")]
        assert found[0]["doc_ids"] == [doc_id(store, "Arms")] and len(found[0]["event_ids"]) == 1
        columns, rows = ledgers.transfers(store, status="all")
        widened = {(r[0], r[1]) for r in rows}
        assert {("IRN", "HOUTHIS"), ("USA", "UKR")} <= widened  # shown when asked, with their statuses
        assert ("CHN", "SAU") not in widened  # talks about a purchase are no transfer at all


def test_evidence_alerts_need_two_documents_unless_lowered(wire_db):
    with Store(wire_db, read_only=True) as store:
        single = escalation.alerts(store, min_documents=1)
        strikes = doc_id(store, "Strikes")
        assert [(a.dyad, a.week, a.doc_ids) for a in single] == [(("RUS", "UKR"), date(2025, 2, 3), (strikes,))]
        assert len(single[0].event_ids) == 5
        assert escalation.alerts(store) == []  # five strikes in one article are one witness


@pytest.mark.parametrize("options,named", [({"ratio": 1.0}, "--ratio"), ({"ratio": 0.0}, "--ratio"),
                                           ({"warmup": 0}, "--warmup"), ({"threshold": -1.0}, "--threshold"),
                                           ({"min_documents": 0}, "--min-documents")])
def test_evidence_alert_options_are_refused_with_their_name(wire_db, options, named):
    with Store(wire_db, read_only=True) as store, pytest.raises(InputError, match=named):
        escalation.alerts(store, **options)


def test_evidence_cusum_alarm_waits_for_an_eligible_week():
    counts = [0, 0, 0, 6, 3]
    assert [t for t, *_ in escalation.cusum(counts)] == [3]
    assert [t for t, *_ in escalation.cusum(counts, eligible=[True, True, True, False, True])] == [4]


def test_evidence_blocs_split_actors_in_conflict_that_share_a_partner():
    import networkx as nx

    g = nx.DiGraph()
    for a, b, w in [("ARM", "RUS", 3.0), ("AZE", "RUS", 3.0), ("ARM", "AZE", -9.0),
                    ("FRA", "ARM", 4.0), ("TUR", "AZE", 4.0)]:
        g.add_edge(a, b, weight=w, events=1)
    found = balance.blocs(balance.signed_graph(g))
    together = [b for b in found if "ARM" in b and "AZE" in b]
    assert not together
    assert any({"ARM", "FRA"} <= set(b) for b in found) and any({"AZE", "TUR"} <= set(b) for b in found)
    assert found == balance.blocs(balance.signed_graph(g))  # stable


def test_evidence_claims_rows_open_in_the_api_and_contested_ones_say_why(dev_db):
    client = TestClient(base_url="http://127.0.0.1", app=create_app(dev_db))
    items = client.get("/api/claims").json()["items"]
    assert items
    for item in items[:40]:
        assert item["event_ids"] and item["doc_ids"]
        assert client.get(f"/api/events/{item['event_ids'][0]}").json()["document"]["id"] in item["doc_ids"]
        assert client.get(f"/api/documents/{item['doc_ids'][0]}").status_code == 200
    contested = [i for i in items if i["contested"]]
    assert contested and all(" in " in i["contested_because"] and " on " in i["contested_because"]
                             and any(d in i["contested_because"] for d in i["doc_ids"]) for i in contested)
    assert all(i["contested_because"] == "" for i in items if not i["contested"])


def test_evidence_api_rows_of_every_analysis_carry_ids(wire_db):
    client = TestClient(base_url="http://127.0.0.1", app=create_app(wire_db))
    edges = client.get("/api/network").json()["edges"]
    assert edges and all(e["event_ids"] and e["doc_ids"] for e in edges)
    transfers = client.get("/api/transfers").json()["items"]
    assert transfers and all(t["event_ids"] and t["doc_ids"] for t in transfers)
    alerts = client.get("/api/alerts", params={"min_documents": 1}).json()["items"]
    assert alerts and len(alerts[0]["doc_ids"]) == 1 and len(alerts[0]["event_ids"]) == 5
    assert client.get(f"/api/documents/{alerts[0]['doc_ids'][0]}").json()["title"] == "Strikes"
    assert client.get("/api/alerts").json()["items"] == []
    brief = client.get("/api/brief", params={"actor": ["RUS"], "format": "json"}).json()
    assert brief["developments"] and all(d["event_ids"] and d["doc_ids"] for d in brief["developments"])
    bad = client.get("/api/network", params={"status": "maybe"})
    assert bad.status_code == 400 and "maybe" in bad.json()["error"]["message"]


def test_evidence_brief_developments_in_date_order_once_each_with_full_citations(dev_db):
    with Store(dev_db, read_only=True) as store:
        brief = briefs.build(store, ["IRN", "RUS"], limit=30)
    dated = [d["date"] for d in brief.developments]
    assert dated == sorted(dated)
    places = [(d["doc_id"], d["sentence"]) for d in brief.developments]
    assert len(places) == len(set(places))
    assert [s["doc_id"] for s in brief.sources] == list(dict.fromkeys(s["doc_id"] for s in brief.sources))
    assert [str(s["date"]) for s in brief.sources] == sorted(str(s["date"]) for s in brief.sources)
    assert {d["doc_id"] for d in brief.developments} == {s["doc_id"] for s in brief.sources}
    text = briefs.render(brief)
    for source in brief.sources:
        assert source["title"] and f"“{source['title']}”" in text
        assert (source["url"] or source["doc_id"]) in text


def test_evidence_cli_json_and_csv_rows_carry_ids(wire_db):
    for command in (["transfers"], ["claims"], ["alerts", "--min-documents", "1"], ["network"],
                    ["linkage", "RUS:UKR", "USA:IND"]):
        result = runner.invoke(app, [*command, "--db", str(wire_db), "--format", "json"])
        assert result.exit_code == 0, (command, result.output)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert all(isinstance(r["event_ids"], list) and isinstance(r["doc_ids"], list) for r in rows), command
        result = runner.invoke(app, [*command, "--db", str(wire_db), "--format", "csv"])
        assert result.exit_code == 0 and "event_ids,doc_ids" in result.stdout.splitlines()[0], command
    result = runner.invoke(app, ["brief", "--actor", "rus", "--db", str(wire_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert all(d["doc_ids"] for d in json.loads(result.stdout)["developments"])
