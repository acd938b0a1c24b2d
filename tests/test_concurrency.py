"""One writer, many readers, for real: `faultlines serve` on 127.0.0.1 with reader
threads while documents arrive through POST /api/ingest and a CLI `faultlines ingest`
in another process. Bounded in documents and time; no 5xx, and the final store is
what a serial run builds."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from faultlines.store import Store

pytestmark = pytest.mark.slow

READERS = int(os.environ.get("FAULTLINES_CONCURRENCY_READERS", "4"))
TOKEN = "s3cret"
COUNTRIES = ["Turkey", "Iran", "Israel", "Russia", "France", "Egypt", "Japan", "Brazil", "Kenya", "Chile"]


def texts(kind: str, n: int) -> list[dict]:
    verb = {"api": "expelled", "cli": "condemned"}[kind]
    return [{"id": f"{kind}-{i}", "date": f"2024-03-{i % 28 + 1:02}",
             "text": f"{COUNTRIES[i % 10]} {verb} {i + 2} diplomats from {COUNTRIES[(i + 3) % 10]} "
                     f"on day {i} of the {kind} dispute."} for i in range(n)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def contents(db: Path) -> tuple[set, set]:
    with Store(db, read_only=True) as store:
        docs = {r[0] for r in store.sql("SELECT id FROM documents")[1]}
        events = {r[0] for r in store.sql("SELECT id FROM events")[1]}
    return docs, events


def test_serve_answers_readers_while_api_and_cli_ingest(tmp_path, nlp):
    api_docs, cli_docs = texts("api", 12), texts("cli", 12)
    corpus = tmp_path / "cli.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in cli_docs))
    db = tmp_path / "live.duckdb"
    Store(db).close()
    port = free_port()
    env = {**os.environ, "FAULTLINES_STORE_WAIT": "60"}
    server = subprocess.Popen([sys.executable, "-m", "faultlines", "serve", "--db", str(db), "--port", str(port),
                               "--ingest-token", TOKEN], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    statuses: Counter = Counter()
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.2)

        def reader():
            with httpx.Client(base_url=base, timeout=60) as client:
                while not stop.is_set():
                    for path in ("/api/events?limit=50", "/api/summary", "/api/documents", "/api/network"):
                        statuses[client.get(path).status_code] += 1

        threads = [threading.Thread(target=reader) for _ in range(READERS)]
        for t in threads:
            t.start()
        cli = subprocess.Popen([sys.executable, "-m", "faultlines", "ingest", "--db", str(db), "--batch-size", "3",
                                str(corpus)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        posted = []
        with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            for start in range(0, len(api_docs), 3):
                posted.append(client.post("/api/ingest", json={"documents": api_docs[start:start + 3]}))
        cli_err = cli.communicate(timeout=300)[1].decode()
        time.sleep(0.5)  # the readers see the last writes
    finally:
        stop.set()
        for t in locals().get("threads", []):
            t.join(timeout=60)
        server.terminate()
        server.wait(timeout=30)
    assert [r.status_code for r in posted] == [200] * 4, [r.text for r in posted]
    assert cli.returncode == 0, cli_err
    assert sum(statuses.values()) > 0
    assert not {s for s in statuses if s >= 500}, statuses
    print(f"\nconcurrency: {READERS} reader threads, {sum(statuses.values())} GETs {dict(statuses)}, "
          f"{len(posted)} POST /api/ingest, 1 CLI ingest of {len(cli_docs)} documents, "
          f"{sum(n for s, n in statuses.items() if s >= 500)} 5xx")

    serial = tmp_path / "serial.duckdb"
    from faultlines.pipeline import ingest, ingest_documents
    from faultlines.records import document_from_record

    with Store(serial) as store:
        ingest_documents([document_from_record(d, "x", "x") for d in api_docs], store)
        ingest([str(corpus)], store)
    assert contents(db) == contents(serial)
    assert len(contents(db)[0]) == len(api_docs) + len(cli_docs)
