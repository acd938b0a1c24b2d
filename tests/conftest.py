"""Shared fixtures: the real spaCy pipeline (once per session) and sample paths."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "iran-missiles-to-russia.txt"


@pytest.fixture(scope="session")
def nlp():
    from faultlines.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_events(nlp):
    """Events of the reference article (third-party text: read from shared/, never copied)."""
    if not SEED.exists():
        pytest.skip("reference article not present (../shared/seed)")
    from faultlines import extract

    return extract(SEED.read_text(encoding="utf-8"), date="2024-09-10", doc_id="seed")


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory, nlp) -> Path:
    """A real DuckDB store built from the development articles (read-only use only)."""
    from faultlines.pipeline import ingest
    from faultlines.store import Store

    path = tmp_path_factory.mktemp("dev") / "dev.duckdb"
    with Store(path) as store:
        ingest([str(REPO / "eval" / "dev_articles.jsonl")], store)
    return path


@pytest.fixture()
def data_dir() -> Path:
    return Path(__file__).parent / "data"


def parquet_events(out: Path) -> dict[str, dict]:
    """The events table of a Spark job's Parquet output, by event id (dates as ISO text),
    for comparing it with the embedded store's rows."""
    from faultlines.store import Store

    with Store.open_parquet(out) as store:
        columns, rows = store.sql("SELECT * FROM events")
    found = {}
    for row in rows:
        record = dict(zip(columns, row))
        record["event_date"] = record["event_date"].isoformat() if record["event_date"] else None
        found[record["id"]] = record
    return found


def assert_analyses_agree(db, pq_store, min_pairs: int, limit: int) -> None:
    """The analyses read from Spark's Parquet output equal those read from a DuckDB store
    of the same documents: every dyad's series, the network's edges, the ledgers, the
    alerts and the events."""
    from faultlines.analysis import escalation, ledgers, network, series
    from faultlines.query import EventFilter, events

    pairs = db.sql("SELECT DISTINCT source_key, target_key FROM events "
                   "WHERE source_key IS NOT NULL AND target_key IS NOT NULL ORDER BY 1, 2")[1]
    assert len(pairs) > min_pairs
    for source, target in pairs:
        assert series.dyad_series(pq_store, source, target) == series.dyad_series(db, source, target)
    one, two = network.build_graph(db), network.build_graph(pq_store)
    assert sorted(one.edges(data=True)) == sorted(two.edges(data=True))
    assert ledgers.transfers(pq_store) == ledgers.transfers(db)
    assert ledgers.claims(pq_store) == ledgers.claims(db)
    assert escalation.alerts(pq_store) == escalation.alerts(db)
    assert events(pq_store, EventFilter(limit=limit)) == events(db, EventFilter(limit=limit))
