"""The HTTP API, in-process and on a real uvicorn server on 127.0.0.1."""

import httpx
import pytest
from fastapi.testclient import TestClient

from faultlines.api import create_app, running
from faultlines.store import Store



@pytest.fixture(scope="module")
def db(dev_db):
    return dev_db


@pytest.fixture(scope="module")
def client(db):
    return TestClient(base_url="http://127.0.0.1", app=create_app(db, ingest_token="s3cret"))


def test_api_events_filter_and_page(client):
    first = client.get("/api/events", params={"dyad": "IRN:RUS", "limit": 2}).json()
    assert first["items"] and all(e["source_key"] == "IRN" and e["target_key"] == "RUS" for e in first["items"])
    page = client.get("/api/events", params={"limit": 5, "offset": 5}).json()["items"]
    head = client.get("/api/events", params={"limit": 10}).json()["items"]
    assert page == head[5:10]


def test_api_analyses(client):
    assert client.get("/api/dyads/IRN/RUS").json()["items"]
    net = client.get("/api/network").json()
    assert {"IRN", "RUS"} <= {n["id"] for n in net["nodes"]}
    assert client.get("/api/triads", params={"actor": ["IRN", "RUS"]}).status_code == 200
    assert client.get("/api/transfers").json()["items"]
    assert client.get("/api/claims", params={"contested": True}).status_code == 200
    assert client.get("/api/alerts").status_code == 200
    assert "## Key developments" in client.get("/api/brief", params={"actor": ["IRN"]}).text
    assert client.get("/api/actors", params={"q": "Iran"}).json()["items"]


def test_api_extract_stores_nothing(client, db):
    with Store(db, read_only=True) as store:
        before = store.count("events")
    events = client.post("/api/extract", json={"text": "Turkey expelled two Swedish diplomats.", "date": "2024-05-10"}).json()["items"]
    assert events and events[0]["event_type"] == "SANCTION"
    with Store(db, read_only=True) as store:
        assert store.count("events") == before


def test_api_extract_codes_comments_only_when_asked(client):
    text = {"text": "The Kremlin declined to comment on the report.", "date": "2024-05-10"}
    assert not client.post("/api/extract", json=text).json()["items"]
    items = client.post("/api/extract", json={**text, "comments": True}).json()["items"]
    assert [(e["event_type"], e["cameo"]) for e in items] == [("COMMENT", "011")]


def test_api_one_error_shape(client):
    for response in (client.get("/api/events", params={"dyad": "IRN"}),
                     client.get("/api/events", params={"limit": 5000}),
                     client.get("/api/dyads/IRN/RUS", params={"period": "fortnight"}),
                     client.post("/api/extract", json={"date": "2024-01-01"}),
                     client.post("/api/ingest", json={"documents": []})):
        body = response.json()
        assert response.status_code >= 400 and set(body) == {"error"}
        assert set(body["error"]) == {"type", "message"} and body["error"]["message"]


def test_api_ingest_needs_the_token(db, nlp):
    open_app = TestClient(base_url="http://127.0.0.1", app=create_app(db))
    assert open_app.post("/api/ingest", json={"documents": []}).status_code == 403
    locked = TestClient(base_url="http://127.0.0.1", app=create_app(db, ingest_token="s3cret"))
    assert locked.post("/api/ingest", json={"documents": []}, headers={"Authorization": "Bearer nope"}).status_code == 403


def test_api_real_server_on_loopback(db):
    with running(create_app(db)) as url:
        assert url.startswith("http://127.0.0.1:")
        response = httpx.get(f"{url}/api/events", params={"actor": "IRN", "limit": 3})
        assert response.status_code == 200 and len(response.json()["items"]) == 3
        assert httpx.get(f"{url}/openapi.json").json()["info"]["title"] == "faultlines"
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/api/health", timeout=2)  # stopped


def test_api_ingest_with_token_stores_documents(tmp_path, nlp):
    path = tmp_path / "w.duckdb"
    Store(path).close()
    app = TestClient(base_url="http://127.0.0.1", app=create_app(path, ingest_token="s3cret"))
    body = {"documents": [{"id": "d1", "text": "Turkey expelled two Swedish diplomats.", "date": "2024-05-10"},
                          {"id": "bad", "text": 42}]}
    result = app.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"}).json()
    assert result["new"] == 1 and result["events"] >= 1 and result["problems"][0]["input"] == "documents[1]"
    again = app.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"}).json()
    assert again["new"] == 0 and again["duplicate"] == 1


def test_api_events_sorted_both_directions_with_highlights(client):
    both = client.get("/api/events", params={"pair": "RUS:IRN", "limit": 200}).json()
    keys = {(e["source_key"], e["target_key"]) for e in both["items"]}
    assert ("IRN", "RUS") in keys and keys <= {("IRN", "RUS"), ("RUS", "IRN")}
    assert both["total"] == len(both["items"])
    ranked = client.get("/api/events", params={"sort": "-goldstein", "limit": 50}).json()["items"]
    assert [e["goldstein"] for e in ranked] == sorted((e["goldstein"] for e in ranked), reverse=True)
    event = both["items"][0]
    trigger = next(h for h in event["highlights"] if h["role"] == "trigger")
    assert event["sentence"][trigger["start"]:trigger["end"]] == event["trigger"]
    assert client.get("/api/events", params={"sort": "id; DROP TABLE events"}).status_code == 422


def test_api_documents_and_one_event(client):
    docs = client.get("/api/documents", params={"limit": 3}).json()["items"]
    assert len(docs) == 3 and all(d["events"] >= 0 for d in docs)
    doc = client.get(f"/api/documents/{docs[0]['id']}").json()
    assert doc["text"] and len(doc["events"]) == docs[0]["events"]
    one = client.get(f"/api/events/{doc['events'][0]['id']}").json()
    assert one["record"]["sentence"] == doc["events"][0]["sentence"] and one["document"]["id"] == doc["id"]
    missing = client.get("/api/documents/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]
    summary = client.get("/api/summary").json()
    assert summary["documents"] == 16 and summary["events"] == sum(t["events"] for t in summary["event_types"])


def test_dashboard_is_served_with_a_strict_content_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/static/vendor/cytoscape.LICENSE").status_code == 200


def test_api_network_is_bounded(client):
    full = client.get("/api/network").json()
    small = client.get("/api/network", params={"top": 3}).json()
    assert len(small["edges"]) == 3 and small["total_edges"] == full["total_edges"] >= 3
    busiest = sorted((e["events"] for e in full["edges"]), reverse=True)[:3]
    assert sorted((e["events"] for e in small["edges"]), reverse=True) == busiest


def test_api_highlights_the_status_cue_of_reported_events(client):
    reported = client.get("/api/events", params={"status": "reported", "limit": 50}).json()["items"]
    cued = [e for e in reported if any(h["role"] == "cue" for h in e["highlights"])]
    assert len(cued) >= len(reported) // 2
    event = cued[0]
    cue = next(h for h in event["highlights"] if h["role"] == "cue")
    record = client.get(f"/api/events/{event['id']}").json()["record"]
    assert event["sentence"][cue["start"]:cue["end"]].lower() == record["attributed_to"]["cue"].lower()


def test_api_filters_scope_every_view(client):
    """The dashboard's filter bar (actor, type, status, dates) narrows the network, the
    dyad series, the ledgers and the alerts, not only the event list."""
    everything = client.get("/api/network").json()
    aid = client.get("/api/network", params={"type": "AID"}).json()
    assert 0 < len(aid["edges"]) < len(everything["edges"])
    aid_pairs = {(e["source"], e["target"]) for e in aid["edges"]}
    listed = client.get("/api/events", params={"type": "AID", "limit": 1000}).json()["items"]
    assert aid_pairs <= {(e["source_key"], e["target_key"]) for e in listed}
    iran = client.get("/api/network", params={"actor": "IRN"}).json()
    assert iran["edges"] and all("IRN" in (e["source"], e["target"]) for e in iran["edges"])
    reported = client.get("/api/dyads/IRN/RUS", params={"undirected": True, "status": "reported"}).json()["items"]
    total = client.get("/api/dyads/IRN/RUS", params={"undirected": True}).json()["items"]
    assert sum(r["events"] + r["not_stated_as_fact"] for r in reported) < sum(r["events"] + r["not_stated_as_fact"] for r in total)
    assert client.get("/api/transfers", params={"until": "1990-01-01"}).json()["items"] == []
    assert client.get("/api/claims", params={"type": "AID"}).json()["items"]
    assert all(c["event_type"] == "AID" for c in client.get("/api/claims", params={"type": "AID"}).json()["items"])
    assert client.get("/api/alerts", params={"since": "0000-00-00"}).status_code == 400
