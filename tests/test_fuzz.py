"""Property-based fuzzing (hypothesis) of every reader and of POST /api/extract and
POST /api/ingest: random bytes, encodings, JSON shapes, CSV dialects, field types
and sizes. Each run asserts no traceback, no 500, every good record stored exactly
once and every bad one reported once, with its input name.

Bounded so `make test` stays fast; FAULTLINES_FUZZ_EXAMPLES=500 runs longer (the
README's figures). Counts are printed at the end of the module (`pytest -s`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.api import create_app
from faultlines.ingest import InputProblem, read_inputs
from faultlines.model import Document
from faultlines.store import Store, document_id

EXAMPLES = int(os.environ.get("FAULTLINES_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FAULTLINES_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SENTENCES = ["Turkey expelled two Swedish diplomats.", "Iran sent drones to Russia.",
             "Israel struck Hezbollah positions in Lebanon.", "Egypt hosted talks between Hamas and Fatah.",
             "NATO condemned the missile test.", "Japan imposed sanctions on North Korea."]
FIGURES: Counter = Counter()

# -- what goes in -------------------------------------------------------------------
junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                 st.text(max_size=30), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))
good_text = st.builds(lambda s, n, emoji: f"{emoji}{s} Day {n}.", st.sampled_from(SENTENCES),
                      st.integers(0, 10**6), st.sampled_from(["", "🚀 ", "«", "\u2028", "Ça "]))
good_date = st.dates().map(lambda d: d.isoformat())


@st.composite
def good_record(draw) -> dict:
    record = {"text": draw(good_text)}
    for field in ("date", "source", "title", "url"):
        if draw(st.booleans()):
            record[field] = draw(good_date if field == "date" else st.text(min_size=1, max_size=40).filter(
                lambda s: s.strip() and "\x00" not in s))
    return record


@st.composite
def bad_record(draw) -> object:
    """A record the readers must refuse, and why."""
    kind = draw(st.sampled_from(["type", "field", "date", "empty", "nul", "surrogate", "shape"]))
    base = {"text": draw(good_text)}
    if kind == "type":
        base["text"] = draw(junk.filter(lambda v: not isinstance(v, str)))
    elif kind == "field":
        field = draw(st.sampled_from(["source", "title", "url", "date"]))
        base[field] = draw(junk.filter(lambda v: v is not None and not isinstance(v, str)))
    elif kind == "date":
        base["date"] = draw(st.sampled_from(["2024-02-30", "2024-13-01", "yesterday", "2024-1-1", ""]).filter(bool))
    elif kind == "empty":
        base["text"] = draw(st.sampled_from(["", "   ", "\n\t"]))
    elif kind == "nul":
        base["text"] += "\x00"
    elif kind == "surrogate":
        base["text"] += "\ud800"
    else:
        return draw(st.one_of(st.lists(st.integers(), max_size=3), st.integers(), st.text(max_size=10)))
    return base


records = st.lists(st.tuples(st.booleans(), st.data()), min_size=1, max_size=8)


def draw_records(pairs) -> list[tuple[bool, object]]:
    return [(ok, data.draw(good_record() if ok else bad_record())) for ok, data in pairs]


def jsonl_line(record) -> bytes:
    return json.dumps(record).encode()  # ensure_ascii: a lone surrogate travels as \ud800


# -- the properties ------------------------------------------------------------------------
def split(items) -> tuple[list[Document], list[InputProblem]]:
    items = list(items)
    assert all(isinstance(i, (Document, InputProblem)) for i in items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputProblem)]


def blank(line: bytes) -> bool:
    try:
        return not line.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


@FUZZ
@given(pairs=records, garbage=st.lists(st.binary(min_size=1, max_size=60), max_size=3), bom=st.booleans())
def test_fuzz_jsonl_reader(pairs, garbage, bom):
    entries = draw_records(pairs)
    lines = [jsonl_line(r) for _, r in entries]
    garbage = [g.replace(b"\n", b" ") for g in garbage]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines + garbage) + b"\n")
        docs, problems = split(read_inputs([str(path)]))
    assert [d.text for d in docs] == [r["text"] for ok, r in entries if ok]  # each good record once, in order
    bad = [f"{path}:{n}" for n, (ok, _) in enumerate(entries, start=1) if not ok]
    assert [p.input for p in problems[:len(bad)]] == bad
    assert len(problems) == sum(not ok for ok, _ in entries) + sum(not blank(g) for g in garbage)
    FIGURES["jsonl inputs"] += 1
    FIGURES["records"] += len(lines) + len(garbage)


BAD_CSV = st.sampled_from([{"date": "2024-02-30"}, {"date": "2024-13-01"}, {"date": "yesterday"}, {"text": ""},
                           {"text": "   "}])


@FUZZ
@given(rows=st.lists(st.one_of(good_record().map(lambda r: (True, r)),
                               st.tuples(good_record(), BAD_CSV).map(lambda p: (False, {**p[0], **p[1]}))),
                     min_size=1, max_size=8),
       delimiter=st.sampled_from([",", ";", "\t", "|"]), quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
       bom=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]), bad_byte=st.booleans())
def test_fuzz_csv_reader(rows, delimiter, quoting, bom, newline, bad_byte):
    out = io.StringIO()
    writer = csv.DictWriter(out, ["text", "date", "source", "title", "url"], delimiter=delimiter,
                            quoting=quoting, lineterminator=newline)
    writer.writeheader()
    for _, r in rows:  # a bare \r is left unquoted by csv.writer with "\n" line ends: not valid CSV
        writer.writerow({k: v.replace("\r", " ") if k != "text" else v for k, v in r.items()})
    raw = out.getvalue().encode("utf-8")
    if bad_byte:  # one more row, with an invalid byte in it
        raw += b"\xff\xfe broken" + newline.encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
        docs, problems = split(read_inputs([str(path)]))
    assert [d.text for d in docs] == [r["text"] for ok, r in rows if ok]
    assert len(problems) == sum(not ok for ok, _ in rows) + bad_byte, problems
    FIGURES["csv inputs"] += 1
    FIGURES["records"] += len(rows) + bad_byte


@FUZZ
@given(body=st.binary(max_size=300), header=st.sampled_from(["", "Date: 2024-02-30\n\n", "Source: Wire\n\n",
                                                             "\ufeffTitle: T\nDate: 2024-05-01\n\n"]),
       suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv"]))
def test_fuzz_any_bytes_in_any_file_kind(body, header, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(header.encode() + body)
        docs, problems = split(read_inputs([str(path)]))
    assert len(docs) + len(problems) >= 1 or suffix in (".jsonl", ".csv")
    assert all(p.input.startswith(str(path)) and p.reason for p in problems)
    FIGURES["byte inputs"] += 1


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_stdin(data, monkeypatch):
    import sys

    class Stdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", Stdin)
    docs, problems = split(read_inputs(["-"]))
    assert all(p.input.startswith("<stdin>") for p in problems)
    FIGURES["stdin inputs"] += 1


@FUZZ
@given(body=st.one_of(st.binary(max_size=400),
                      st.builds(lambda title, text, link: (
                          f"<rss><channel><title>{title}</title><item><title>{title}</title>"
                          f"<link>{link}</link><description>{text}</description></item></channel></rss>").encode(),
                          st.text(max_size=30), st.text(max_size=120), st.text(max_size=30))),
       kind=st.sampled_from(["text/html", "application/rss+xml", "application/octet-stream", "text/html; charset=latin-1"]),
       status=st.sampled_from([200, 200, 200, 404, 500]), follow=st.booleans())
def test_fuzz_urls_and_feeds(body, kind, status, follow):
    """Pages and feeds answered by a function (httpx MockTransport, never the network)."""
    import httpx

    def answer(request):
        return httpx.Response(status, content=body, headers={"content-type": kind})

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        docs, problems = split(read_inputs(["https://news.example/feed.xml"], follow_links=follow, http=http))
    assert all(p.input.startswith("https://news.example/") and p.reason for p in problems)
    assert docs or problems
    FIGURES["URL and feed inputs"] += 1


# -- through the API and the store ------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    Store(db).close()
    return db, TestClient(create_app(db, ingest_token="t"), base_url="http://127.0.0.1")


@FUZZ
@given(body=st.one_of(
    st.binary(max_size=200),
    st.dictionaries(st.sampled_from(["text", "date", "source", "comments", "coder", "x"]), junk, max_size=4)
    .map(json.dumps).map(str.encode),
    st.builds(lambda t, d: json.dumps({"text": t, "date": d}).encode(), good_text | st.text(max_size=200),
              good_date | st.sampled_from([None, "2024-02-30"]))))
def test_fuzz_api_extract(served, body, nlp):
    response = served[1].post("/api/extract", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text
    assert set(response.json()) == ({"items"} if response.status_code == 200 else {"error"})
    FIGURES["POST /api/extract"] += 1
    FIGURES["5xx"] += response.status_code >= 500


@FUZZ
@given(pairs=records)
def test_fuzz_api_ingest_stores_good_once_and_reports_bad(served, pairs, nlp):
    db, client = served
    entries = draw_records(pairs)
    body = json.dumps({"documents": [r for _, r in entries]}).encode()
    response = client.post("/api/ingest", content=body,
                           headers={"Content-Type": "application/json", "Authorization": "Bearer t"})
    FIGURES["POST /api/ingest"] += 1
    FIGURES["5xx"] += response.status_code >= 500
    if not all(isinstance(r, dict) for _, r in entries):
        assert response.status_code == 422  # the body's shape is checked before any record
        return
    assert response.status_code == 200, response.text
    result = response.json()
    bad = {f"documents[{n}]" for n, (ok, _) in enumerate(entries) if not ok}
    assert {p["input"] for p in result["problems"]} == bad
    # a document is its normalised text and URL (store.document_id): "\u2028Iran …" is "Iran …"
    good = [document_id(Document("x", r["text"], url=r.get("url") or None)) for ok, r in entries if ok]
    with client.app.state.access.reading() as store:
        stored = Counter(i for (i,) in store.sql_params(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [good])[1])
    assert all(stored[t] == 1 for t in good), (good, stored)  # stored, exactly once (reruns add nothing)
    FIGURES["records"] += len(entries)
    FIGURES["lost"] += sum(stored[t] == 0 for t in good)
    FIGURES["duplicated"] += sum(stored[t] > 1 for t in good)


def test_fuzz_figures(capsys):
    """Printed last (`pytest -s`): what this run tried."""
    with capsys.disabled():
        print(f"\nfuzz: {dict(FIGURES)}")
