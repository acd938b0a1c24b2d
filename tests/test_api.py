"""The HTTP API, in-process and on a real uvicorn server on 127.0.0.1."""

import socket
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from faultlines.api import create_app
from faultlines.store import Store



@pytest.fixture(scope="module")
def db(dev_db):
    return dev_db


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, ingest_token="s3cret"))


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
    open_app = TestClient(create_app(db))
    assert open_app.post("/api/ingest", json={"documents": []}).status_code == 403
    locked = TestClient(create_app(db, ingest_token="s3cret"))
    assert locked.post("/api/ingest", json={"documents": []}, headers={"Authorization": "Bearer nope"}).status_code == 403


def test_api_real_server_on_loopback(db):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        response = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"actor": "IRN", "limit": 3})
        assert response.status_code == 200 and len(response.json()["items"]) == 3
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["info"]["title"] == "faultlines"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_api_ingest_with_token_stores_documents(tmp_path, nlp):
    path = tmp_path / "w.duckdb"
    Store(path).close()
    app = TestClient(create_app(path, ingest_token="s3cret"))
    body = {"documents": [{"id": "d1", "text": "Turkey expelled two Swedish diplomats.", "date": "2024-05-10"},
                          {"id": "bad", "text": 42}]}
    result = app.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"}).json()
    assert result["new"] == 1 and result["events"] >= 1 and result["problems"][0]["input"] == "documents[1]"
    again = app.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"}).json()
    assert again["new"] == 0 and again["duplicate"] == 1
