"""The API under hostile input and concurrent use (issue 14, items 3, 7, 8, 10, 12)."""

import json
import threading

import pytest
from fastapi.testclient import TestClient

from faultlines.api import MAX_BODY, create_app
from faultlines.store import Store

TOKEN = {"Authorization": "Bearer s3cret"}


@pytest.fixture()
def writable(tmp_path):
    path = tmp_path / "w.duckdb"
    Store(path).close()
    return path


def client_for(path, **kw):
    return TestClient(create_app(path, ingest_token="s3cret", **kw), base_url="http://127.0.0.1")


def test_api_chunked_body_over_the_cap_is_refused(writable):
    """Item 8: a body without Content-Length is counted as it arrives."""
    def chunks():
        for _ in range(60):
            yield b"x" * 100_000

    response = client_for(writable).post("/api/extract", content=chunks(),
                                         headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["type"] == "TooLarge"
    assert str(MAX_BODY)[:1] in response.json()["error"]["message"]


def test_api_hostile_records_are_reported_not_500(writable, nlp):
    """Item 3: the same records that crashed the CLI, through POST /api/ingest."""
    docs = [{"text": "Iran sent drones to Russia.", "source": 1},
            {"text": "Iran sent drones to Russia.", "url": {"a": 1}},
            {"text": "Iran sent drones\ud800 to Russia."},
            {"text": "Turkey expelled two Swedish diplomats.", "date": "2024-02-30"},
            {"text": "Turkey expelled two Swedish diplomats.", "id": "good"}]
    response = client_for(writable).post("/api/ingest", content=json.dumps({"documents": docs}),
                                         headers={**TOKEN, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["new"] == 1
    assert [p["input"] for p in body["problems"]] == [f"documents[{n}]" for n in range(4)]
    with Store(writable, read_only=True) as store:
        assert store.count("documents") == 1
        assert store.count("ingest_errors") == 4


def test_api_404_and_405_use_the_error_shape(writable):
    """Item 12: every error body is {"error": {"type", "message"}}."""
    client = client_for(writable)
    for response, status in ((client.get("/api/nope"), 404), (client.delete("/api/events"), 405)):
        assert response.status_code == status
        assert set(response.json()) == {"error"} and response.json()["error"]["message"]


def test_api_refuses_a_foreign_host_header(writable):
    """Item 12: a page on evil.example rebinding its name to 127.0.0.1 gets nothing."""
    client = client_for(writable)
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200


def test_api_docs_page_is_local_and_within_the_policy(writable):
    """Item 10: /docs loads nothing from a CDN and runs no inline script."""
    client = client_for(writable)
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "<script>" not in page.text
    assert 'src="/static/docs.js"' in page.text
    assert client.get("/static/docs.js").status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_api_reads_keep_answering_while_documents_are_ingested(writable, nlp):
    """Item 7: GET loops alongside POST /api/ingest: no 500, no config clash."""
    client = client_for(writable)
    statuses: list[int] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            for path in ("/api/events", "/api/summary", "/api/documents"):
                statuses.append(client.get(path).status_code)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        results = [client.post("/api/ingest", headers=TOKEN, json={"documents": [
            {"id": f"d{n}", "text": f"Turkey expelled {n + 2} Swedish diplomats on day {n}."}]})
            for n in range(4)]
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert [r.status_code for r in results] == [200] * 4
    assert statuses and set(statuses) == {200}
    with Store(writable, read_only=True) as store:
        assert store.count("documents") == 4


def test_api_answers_503_with_retry_after_while_another_process_holds_the_store(writable):
    """Item 7 across processes: a clear, retryable answer, no path, no 500."""
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(30)", str(writable)], stdout=subprocess.PIPE)
    try:
        holder.stdout.readline()
        client = TestClient(create_app(writable, store_wait=0.3), base_url="http://127.0.0.1")
        response = client.get("/api/events")
    finally:
        holder.kill()
        holder.wait()
    assert response.status_code == 503 and response.headers["retry-after"].isdigit()
    message = response.json()["error"]["message"]
    assert f"PID {holder.pid}" in message and "retry" in message and "/" not in message
    assert client.get("/api/events").status_code == 200  # and answers again once it is free
