"""The dashboard's own reads (the time brush's timeline, the evidence behind a row),
over a real store built from the development articles."""

import pytest
from fastapi.testclient import TestClient

from faultlines.api import create_app
from faultlines.store import Store


@pytest.fixture(scope="module")
def client(dev_db):
    return TestClient(base_url="http://127.0.0.1", app=create_app(dev_db))


def test_browse_timeline_spans_the_store_month_by_month_with_zero_months(client, dev_db):
    items = client.get("/api/timeline").json()["items"]
    months = [i["period"] for i in items]
    assert months == sorted(months) and len(set(months)) == len(months)
    for before, after in zip(months, months[1:]):  # consecutive months, none skipped
        (y1, m1), (y2, m2) = (map(int, m.split("-")[:2]) for m in (before, after))
        assert (y2, m2) == ((y1 + 1, 1) if m1 == 12 else (y1, m1 + 1)), (before, after)
    assert any(i["events"] == 0 and i["not_stated_as_fact"] == 0 for i in items)  # the dev store has gaps
    with Store(dev_db, read_only=True) as store:
        factual, other = store.db.execute(
            "SELECT count(*) FILTER (WHERE status IN ('asserted', 'reported')), "
            "count(*) FILTER (WHERE status NOT IN ('asserted', 'reported')) FROM events e "
            "JOIN documents d ON d.id = e.doc_id WHERE d.duplicate_of IS NULL AND e.event_date IS NOT NULL").fetchone()
    assert sum(i["events"] for i in items) == factual and factual > 0
    assert sum(i["not_stated_as_fact"] for i in items) == other and other > 0


def test_browse_evidence_returns_the_events_asked_for_and_their_documents(client):
    listed = client.get("/api/events", params={"actor": "IRN", "limit": 5}).json()["items"]
    ids = [e["id"] for e in listed]
    found = client.get("/api/evidence", params=[("id", i) for i in [*ids, "no-such-event"]]).json()
    assert {e["id"] for e in found["items"]} == set(ids)
    assert found["missing"] == ["no-such-event"]
    assert {d["id"] for d in found["documents"]} == {e["doc_id"] for e in listed}
    assert all(e["highlights"] and e["sentence"] for e in found["items"])
    for doc in found["documents"]:  # each document opens
        assert client.get(f"/api/documents/{doc['id']}").json()["title"] == doc["title"]
    assert client.get("/api/evidence").json() == {"items": [], "documents": [], "missing": []}


def test_browse_places_lists_every_located_event_once_within_the_filters(client, dev_db):
    places = client.get("/api/places").json()["items"]
    with Store(dev_db, read_only=True) as store:
        located = dict(store.db.execute(
            "SELECT e.id, e.event_date FROM events e JOIN documents d ON d.id = e.doc_id "
            "WHERE d.duplicate_of IS NULL AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL").fetchall())
    assert located, "the development articles name at least one city with coordinates"
    listed = [i for p in places for i in p["event_ids"]]
    assert sorted(listed) == sorted(located)
    assert all(-90 <= p["latitude"] <= 90 and -180 <= p["longitude"] <= 180 and p["place"] for p in places)
    day = str(next(iter(located.values())))
    assert client.get("/api/places", params={"until": "1900-01-01"}).json()["items"] == []
    assert client.get("/api/places", params={"since": day, "until": day}).json()["items"]
