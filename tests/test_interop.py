"""Exports and the data API, read the way GDELT, PLOVER, pandas and pyarrow users read
them: by GDELT 2.0's published column names and types, against a JSON Schema written
from the PLOVER manual, and back into pandas and pyarrow with the documented dtypes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import faultlines
from faultlines.cli import app
from faultlines.errors import InputError
from faultlines.interop import export, flat, gdelt, plover
from faultlines.model import Document, event_from_json
from faultlines.store import Store, StoredDoc, document_id

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()

# GDELT 2.0 event table, from "GDELT Event Codebook V2.0" (2015) and the gdeltv2.events
# BigQuery schema: the 61 columns, in order, with their published types.
I, F, S = "INTEGER", "FLOAT", "STRING"
ACTOR = [("Code", S), ("Name", S), ("CountryCode", S), ("KnownGroupCode", S), ("EthnicCode", S),
         ("Religion1Code", S), ("Religion2Code", S), ("Type1Code", S), ("Type2Code", S), ("Type3Code", S)]
GEO = [("Type", I), ("FullName", S), ("CountryCode", S), ("ADM1Code", S), ("ADM2Code", S),
       ("Lat", F), ("Long", F), ("FeatureID", S)]
GDELT_CODEBOOK = [
    ("GLOBALEVENTID", I), ("SQLDATE", I), ("MonthYear", I), ("Year", I), ("FractionDate", F),
    *((f"Actor1{n}", t) for n, t in ACTOR), *((f"Actor2{n}", t) for n, t in ACTOR),
    ("IsRootEvent", I), ("EventCode", S), ("EventBaseCode", S), ("EventRootCode", S), ("QuadClass", I),
    ("GoldsteinScale", F), ("NumMentions", I), ("NumSources", I), ("NumArticles", I), ("AvgTone", F),
    *((f"Actor1Geo_{n}", t) for n, t in GEO), *((f"Actor2Geo_{n}", t) for n, t in GEO),
    *((f"ActionGeo_{n}", t) for n, t in GEO),
    ("DATEADDED", I), ("SOURCEURL", S),
]
PANDAS = {I: "Int64", F: "float64", S: "string"}


def read_gdelt(path: Path) -> pd.DataFrame:
    """A GDELT 2.0 event file as GDELT users read it: no header, tab-separated, unquoted,
    the codebook's names and types for the first 61 columns."""
    names = [n for n, _ in GDELT_CODEBOOK]
    dtypes = {n: PANDAS[t] for n, t in GDELT_CODEBOOK} | {"GLOBALEVENTID": "int64"}
    frame = pd.read_csv(path, sep="\t", header=None, quoting=csv.QUOTE_NONE, dtype="string",
                        keep_default_na=False, na_values=[""])
    gdelt_part = frame.iloc[:, :61].set_axis(names, axis=1)
    return gdelt_part.astype(dtypes), frame.iloc[:, 61:]


def test_interop_gdelt_codebook_has_61_columns():
    assert len(GDELT_CODEBOOK) == 61 and list(gdelt.COLUMNS) == [n for n, _ in GDELT_CODEBOOK]


def test_interop_gdelt_reads_with_the_codebook_types(dev_db, tmp_path):
    out = tmp_path / "events.tsv"
    with Store(dev_db, read_only=True) as store:
        n = export(store, str(out), "gdelt")
        total = store.count("events")
    frame, extra = read_gdelt(out)
    assert n == total == len(frame)
    ids = frame["GLOBALEVENTID"]
    assert ids.dtype == "int64" and (ids >= 0).all() and ids.is_unique
    assert frame["EventCode"].str.fullmatch(r"\d{3,4}").all()  # "072" stays "072"
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert frame["SQLDATE"].notna().all() and frame["QuadClass"].isin([1, 2, 3, 4]).all()
    assert frame["AvgTone"].isna().all()  # no tone model: documented as empty
    assert extra.shape[1] == len(gdelt.FL_COLUMNS)
    assert not frame["Actor1Code"].dropna().str.contains(r"\.").any()  # CAMEO's run-together codes
    # stable: a second export gives the same ids in the same order
    export_again = tmp_path / "again.tsv"
    with Store(dev_db, read_only=True) as store:
        export(store, str(export_again), "gdelt")
    assert read_gdelt(export_again)[0]["GLOBALEVENTID"].tolist() == ids.tolist()


def test_interop_gdelt_header_is_optional(dev_db, tmp_path):
    out = tmp_path / "h.tsv"
    result = runner.invoke(app, ["export", str(out), "--db", str(dev_db), "--format", "gdelt", "--header"])
    assert result.exit_code == 0, result.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header[:61] == [n for n, _ in GDELT_CODEBOOK] and header[61:] == list(gdelt.FL_COLUMNS)


@pytest.mark.parametrize("code, kind, country, sector, expected", [
    ("USA.CIA", "agency", "USA", "INTEL", "USASPY"),
    ("USA.DONALD_TRUMP", "person", "USA", "GOV", "USAGOV"),
    ("THA.CVL", "state", "THA", "CVL", "THACVL"),
    ("IRN", "state", "IRN", None, "IRN"),
    ("NATO", "igo", None, "IGO", "IGO"),
    ("EUROPE", "group", None, None, "EUR"),
])
def test_interop_gdelt_actor_codes_run_together(code, kind, country, sector, expected):
    row = {"source_code": code, "source_kind": kind, "source_country": country, "source_sector": sector,
           "source_text": "x"}
    fields = gdelt.actor_fields(row, "source")
    assert fields[0] == expected and fields[2] == country


def event_json(doc_id: str, **changes) -> dict:
    """An Event record as the extractor writes it (the extraction contract)."""
    sentence = "CIA Director William Burns said Russia fired\tmissiles at Kharkiv."
    record = {
        "doc_id": doc_id, "sentence": sentence, "sentence_index": 0, "sentence_start": 0,
        "trigger": "fired", "trigger_start": 38, "event_type": "ASSAULT", "mode": "aerial", "cameo": "195",
        "quad_class": 4, "goldstein": -10.0,
        "source": {"text": "Russia", "start_char": 31, "end_char": 37, "code": "RUS", "country": "RUS",
                   "sector": None, "kind": "state", "name": "Russia"},
        "target": {"text": "Kharkiv", "start_char": 55, "end_char": 62, "code": "UKR", "country": "UKR",
                   "sector": None, "kind": "state", "name": "Ukraine"},
        "instrument": "missiles", "location": {"name": "Kharkiv", "country": "UKR", "lat": 49.98, "lon": 36.25},
        "date": "2024-05-10", "status": "reported",
        "attributed_to": {"text": "CIA Director William Burns", "start_char": 0, "end_char": 26,
                          "code": "USA.WILLIAM_BURNS", "country": "USA", "sector": "INTEL", "kind": "person",
                          "name": "William Burns", "cue": "said", "outlet": None},
        "stances": [{"status": "denied", "cue": "denied", "sentence_index": 1,
                     "by": {"text": "the Kremlin", "start_char": 70, "end_char": 81, "code": "RUS.GOV",
                            "country": "RUS", "sector": "GOV", "kind": "state", "name": "Russia GOV"}}],
        "confidence": 0.8, "coder": "rules",
    }
    record.update(changes)
    return record


@pytest.fixture()
def small_store(tmp_path) -> Path:
    """A store with one document, a near-duplicate of it from another outlet, and a
    document whose title holds a line break: the cases the exports must count and clean."""
    path = tmp_path / "small.duckdb"
    first = Document("wire-1", "Russia fired missiles at Kharkiv. The Kremlin denied it.", "2024-05-10",
                     source="Reuters", title="Strike on\nKharkiv", url="https://example.org/a")
    copy = Document("wire-2", "Russia fired missiles at Kharkiv. The Kremlin denied it!", "2024-05-10",
                    source="AP", url="https://example.org/b")
    other = Document("note", "Iran sent drones to Russia.", "2024-06-01", source=None)
    first_id = document_id(first)
    with Store(path) as store:
        store.write([
            StoredDoc(first, first_id, [event_from_json(event_json(first_id))]),
            StoredDoc(copy, document_id(copy), [event_from_json(event_json(document_id(copy)))],
                      duplicate_of=first_id),
            StoredDoc(other, document_id(other), [event_from_json(event_json(
                document_id(other), event_type="AID", mode=None, cameo="072", quad_class=2, goldstein=8.3,
                location=None, stances=[], status="hypothetical", date="2024-06-01",
                sentence="Iran could send drones to Russia, a cyberattack aside."))]),
        ])
    return path


def test_interop_gdelt_counts_clusters_and_places_events(small_store, tmp_path):
    out = tmp_path / "g.tsv"
    with Store(small_store, read_only=True) as store:
        assert export(store, str(out), "gdelt") == 2  # the near-duplicate's event is left out
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 61 + len(gdelt.FL_COLUMNS) for line in lines)
    frame, extra = read_gdelt(out)
    strike = frame[frame["EventCode"] == "195"].iloc[0]
    assert (strike["NumArticles"], strike["NumSources"], strike["NumMentions"]) == (2, 2, 4)
    assert strike["ActionGeo_Type"] == 4 and strike["ActionGeo_CountryCode"] == "UP"  # FIPS code of Ukraine
    assert strike["ActionGeo_Lat"] == pytest.approx(49.98) and strike["ActionGeo_FullName"] == "Kharkiv"
    assert strike["SOURCEURL"] == "https://example.org/a" and strike["SQLDATE"] == 20240510
    aid = frame[frame["EventCode"] == "072"].iloc[0]
    assert aid["EventBaseCode"] == "072" and pd.isna(aid["ActionGeo_Type"])


def test_interop_exports_cite_a_file_by_its_path(tmp_path):
    from faultlines.ingest import read_text_file

    article = tmp_path / "my notes" / "kharkiv.txt"
    article.parent.mkdir()
    article.write_text("Russia fired missiles at Kharkiv.", encoding="utf-8")
    doc = read_text_file(article)
    path = tmp_path / "files.duckdb"
    with Store(path) as store:
        store.write([StoredDoc(doc, document_id(doc), [event_from_json(event_json(document_id(doc)))])])
        export(store, str(tmp_path / "g.tsv"), "gdelt")
        export(store, str(tmp_path / "p.jsonl"), "plover")
    frame, _ = read_gdelt(tmp_path / "g.tsv")
    assert frame["SOURCEURL"][0] == article.resolve().as_uri()  # file:///.../my%20notes/kharkiv.txt
    assert json.loads((tmp_path / "p.jsonl").read_text())["cite_info"]["url"] == article.resolve().as_uri()


def test_interop_spark_output_from_before_the_path_column_still_opens(small_store, tmp_path):
    """Parquet written before migration 3 has no documents.path: it reads as NULL."""
    out = tmp_path / "old-output"
    for folder in ("documents", "events"):
        (out / folder).mkdir(parents=True)
    with Store(small_store, read_only=True) as store:
        store.db.execute(f"COPY (SELECT * EXCLUDE (path) FROM documents) TO '{out}/documents/part-0.parquet' "
                         "(FORMAT PARQUET)").fetchall()
        store.db.execute(f"COPY events TO '{out}/events/part-0.parquet' (FORMAT PARQUET)").fetchall()
    with Store.open_parquet(out) as old:
        assert old.sql("SELECT count(*), count(path) FROM documents")[1] == [(3, 0)]


def test_interop_plover_records_follow_the_manual(dev_db, tmp_path):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    validator = jsonschema_rs.validator_for(json.loads((REPO / "tests" / "data" / "plover.schema.json").read_text()))
    out = tmp_path / "events.jsonl"
    with Store(dev_db, read_only=True) as store:
        n = export(store, str(out), "plover")
        total = store.count("events")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == n == total
    problems = [f"{r['id']}: {e.message}" for r in records for e in validator.iter_errors(r)]
    assert problems == []
    assert sum(1 for r in records if r["context"]) > len(records) / 3


def test_interop_plover_context_where_the_text_says_it(small_store, tmp_path):
    out = tmp_path / "p.jsonl"
    with Store(small_store, read_only=True) as store:
        export(store, str(out), "plover")
    records = {r["event"][0]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert "military" in records["ASSAULT"]["context"]  # "missiles"
    assert set(records["AID"]["context"]) >= {"cyber", "military", "hypothetical"}  # drones, cyberattack, could
    assault = records["ASSAULT"]
    assert assault["actor"][0]["code"] == "RUS" and assault["recipient"][0]["code"] == "UKR"
    assert assault["event_loc"]["lat"] == pytest.approx(49.98) and assault["event_loc"]["resolution"] == 4
    assert assault["cite_info"]["url"] == "https://example.org/a" and assault["coded_date"]
    assert assault["faultlines"]["stances"][0]["status"] == "denied"
    assert plover.contexts("Talks on human rights and trade.", None, "asserted") == [
        "economic", "human_rights", "diplomatic"]


def test_interop_plover_identifier_is_the_kb_wikidata_id(tmp_path):
    (tmp_path / "wikidata.csv").write_text("# how assigned\ncode,wikidata,name,kind\nIRN,Q794,Iran,state\n"
                                           "RUS,,Russia,state\nNATO,Q7184,NATO,igo\n")
    found = plover.wikidata_ids(str(tmp_path))
    assert found == {"IRN": "Q794", "NATO": "Q7184"}
    assert plover.wikidata_ids()["IRN"] == "Q794"  # the bundled knowledge base


def test_interop_plover_csv_is_the_renamed_polecat_layout(small_store, tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "old.csv"), "--db", str(small_store),
                                 "--format", "polecat"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "deprecated" in line]
    assert len(warnings) == 1 and "plover-csv" in warnings[0]
    runner.invoke(app, ["export", str(tmp_path / "new.csv"), "--db", str(small_store), "--format", "plover-csv"])
    assert (tmp_path / "old.csv").read_text() == (tmp_path / "new.csv").read_text()
    bad = runner.invoke(app, ["export", str(tmp_path / "x"), "--db", str(small_store), "--format", "gdelt2"])
    assert bad.exit_code != 0 and len(bad.stderr.strip().splitlines()) == 1 and "plover-csv" in bad.stderr


def test_interop_flat_exports_round_trip_into_pandas_and_pyarrow(small_store, tmp_path):
    paths = {fmt: tmp_path / f"events.{fmt}" for fmt in ("csv", "jsonl", "parquet")}
    with Store(small_store, read_only=True) as store:
        counts = {fmt: export(store, str(path), fmt) for fmt, path in paths.items()}
        stored = store.db.execute("SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id "
                                  "WHERE d.duplicate_of IS NULL").fetchall()[0][0]
    assert set(counts.values()) == {stored} == {2}
    dtypes, dates = flat.csv_dtypes()
    frames = {"csv": flat.read_csv(paths["csv"]),
              "jsonl": pd.read_json(paths["jsonl"], lines=True, dtype={"cameo": "string"}),
              "parquet": pd.read_parquet(paths["parquet"])}
    schema = flat.arrow_schema()
    tables = {"csv": pacsv.read_csv(paths["csv"], convert_options=pacsv.ConvertOptions(
                  column_types={f.name: f.type for f in schema if f.name != "record"})),
              "jsonl": pajson.read_json(paths["jsonl"]), "parquet": pq.read_table(paths["parquet"])}
    for fmt in paths:
        frame, table = frames[fmt], tables[fmt]
        assert len(frame) == table.num_rows == stored, fmt
        assert sorted(frame["cameo"].astype(str)) == ["072", "195"], fmt
        assert sorted(frame["doc_outlet"].dropna()) == ["Reuters"], fmt
        strike = frame[frame["cameo"] == "195"].iloc[0]
        assert (strike["n_stances"], strike["contrary_status"], strike["contrary_by"]) == (1, "denied", "RUS")
        assert strike["doc_title"] == "Strike on\nKharkiv" and strike["doc_url"] == "https://example.org/a"
    csv_frame = frames["csv"]
    assert {c: str(csv_frame[c].dtype) for c in ("cameo", "quad_class", "goldstein")} == {
        "cameo": "string", "quad_class": "Int64", "goldstein": "Float64"}
    assert all(str(csv_frame[c].dtype).startswith("datetime64") for c in dates)
    assert dtypes["source_code"] == "string" and tables["parquet"].schema.field("cameo").type == "string"


def test_interop_data_api_filters_like_the_cli(dev_db):
    with faultlines.open(dev_db) as data:
        frame = data.events(dyad="IRN:RUS")
        table = frame.to_arrow()
        df = frame.to_pandas()
        everything = data.events()
        assert len(everything) == data.store.count("events")
        assert len(data.events(limit=3)) == 3
        reported = data.events(status="reported", since="2024-01-01").to_pandas()
        assert data.documents().to_pandas()["id"].is_unique
        count = data.sql("SELECT count(*) AS n FROM events").to_pandas()["n"][0]
        with pytest.raises(InputError, match="--dyad"):
            data.events(dyad="IRN")
    result = runner.invoke(app, ["query", "events", "--db", str(dev_db), "--dyad", "IRN:RUS", "--limit", "100000",
                                 "--format", "json"])
    assert result.exit_code == 0
    assert len(df) == table.num_rows == len(result.stdout.splitlines()) > 0
    assert (df["source_key"] == "IRN").all() and (df["target_key"] == "RUS").all()
    assert str(df["cameo"].dtype) in ("str", "string") and df["cameo"].str.len().ge(3).all()
    assert (reported["status"] == "reported").all() and (reported["event_date"] >= "2024-01-01").all()
    assert count == len(everything)


def test_interop_store_connection_serves_pandas_after_our_queries(dev_db):
    with Store(dev_db, read_only=True) as store:
        n = store.count("events")
        assert len(store.db.sql("SELECT * FROM events").df()) == n  # no "unfinished result"


def test_interop_extract_results_convert_to_pandas_and_arrow(nlp):
    events = faultlines.extract("Iran sent ballistic missiles to Russia.", date="2024-09-07")
    frame = events.to_pandas()
    assert isinstance(events, list) and len(frame) == len(events) == events.to_arrow().num_rows >= 1
    assert frame.loc[0, "source_key"] == "IRN" and frame.loc[0, "cameo"] == events[0].cameo


@pytest.mark.slow
def test_interop_spacy_finds_our_factories_after_install(tmp_path):
    """As installed (`make setup` pip-installs the checkout, and with it the entry points
    of pyproject.toml), a fresh interpreter adds our components by name without
    importing faultlines first: spaCy finds them through the package's metadata."""
    code = ("import sys, spacy; from importlib.metadata import entry_points; "
            "names = sorted(e.name for e in entry_points(group='spacy_factories') if e.value.startswith('faultlines')); "
            "before = 'faultlines' in sys.modules; nlp = spacy.blank('en'); "
            "nlp.add_pipe('faultlines_actor_linker'); nlp.add_pipe('faultlines_event_coder'); "
            "print(names, before, nlp.pipe_names)")
    found = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert found.returncode == 0, found.stderr[-2000:]
    assert found.stdout.split("] ")[0] + "]" == "['faultlines_actor_linker', 'faultlines_event_coder']"
    assert "False ['faultlines_actor_linker', 'faultlines_event_coder']" in found.stdout
