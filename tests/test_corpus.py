"""The training corpus checker and split (faultlines.learned.corpus): what a corpus
writer sees when a record breaks the guide, and the guarantees the model's figures
rest on (the shipped corpus is clean, the validation split is fixed)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from faultlines.learned import corpus

GOOD = {"id": "x-0001", "text": "Chad expelled a French diplomat on Monday, the foreign ministry said.",
        "date": "2023-05-02", "source": "AFP", "form": "wire", "cameo": "1663", "pentaclass": 4,
        "events": [{"trigger": "expelled", "cameo": "1663", "event_type": "SANCTION", "mode": None,
                    "source": "TCD", "target": "FRA", "source_text": "Chad", "target_text": "a French diplomat",
                    "instrument": None, "status": "reported", "attributed_to": "TCD"}]}


def check(tmp_path: Path, *records: dict) -> tuple[int, str]:
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = io.StringIO()
    n = corpus.check_files([path], out=out)
    return n, out.getvalue()


def test_a_record_that_follows_the_guide_passes(tmp_path):
    n, text = check(tmp_path, GOOD)
    assert n == 0, text
    assert "0 problem(s) in 1 record(s)" in text


def test_each_broken_rule_is_named_with_file_line_and_id(tmp_path):
    bad_code = {**GOOD, "id": "x-2", "text": "Mali expelled a French envoy.", "cameo": "1999",
                "events": [{**GOOD["events"][0], "source_text": "Mali", "target_text": "a French envoy"}]}
    wrong_class = {**GOOD, "id": "x-3", "text": "Niger expelled a French envoy.", "pentaclass": 3,
                   "events": [{**GOOD["events"][0], "source_text": "Niger", "target_text": "a French envoy"}]}
    not_substring = {**GOOD, "id": "x-4", "text": "Benin expelled a French envoy.",
                     "events": [{**GOOD["events"][0], "source_text": "Togo", "target_text": "a French envoy"}]}
    no_trigger = {**GOOD, "id": "x-5", "text": "Gabon threw out a French envoy.",
                  "events": [{**GOOD["events"][0], "source_text": "Gabon", "target_text": "a French envoy"}]}
    no_event_with_events = {**GOOD, "id": "x-6", "text": "Brazil beat Chile 2-0 in Santiago.", "cameo": None,
                            "pentaclass": None}
    n, text = check(tmp_path, bad_code, wrong_class, not_substring, no_trigger, no_event_with_events)
    assert "batch.jsonl:1 x-2: cameo '1999' is not a CAMEO code" in text
    assert "batch.jsonl:2 x-3: pentaclass 3 does not match cameo 1663 (expected 4)" in text
    assert "batch.jsonl:3 x-4: events[0].source_text 'Togo' is not a substring of the text" in text
    assert "batch.jsonl:4 x-5: events[0].trigger 'expelled' is not a word of the text" in text
    assert "batch.jsonl:5 x-6: events listed but cameo is null" in text
    assert n >= 5


def test_duplicates_and_broken_json_are_reported(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{not json\n" + json.dumps({**GOOD}) + "\n", encoding="utf-8")
    out = io.StringIO()
    corpus.check_files([path], out=out)
    text = out.getvalue()
    assert "batch.jsonl:2: not JSON" in text
    assert "batch.jsonl:3 x-0001: id also in batch.jsonl" in text
    assert "same text as a sentence in batch.jsonl" in text


def test_a_sentence_sharing_eight_words_with_the_dev_set_is_refused(tmp_path):
    dev = json.loads((corpus.repo_root() / "eval" / "dev_sentences_a.jsonl").read_text().splitlines()[0])
    words = dev["text"].split()
    assert len(words) >= 10
    copied = {**GOOD, "id": "x-9", "text": "Officials said " + " ".join(words[:10]) + " again.",
              "cameo": None, "pentaclass": None, "events": []}
    n, text = check(tmp_path, copied)
    assert "shares an 8-word run with an evaluation set" in text


def test_the_committed_corpus_passes_its_own_checker():
    files = sorted((corpus.repo_root() / "train" / "corpus").glob("*.jsonl"))
    if not files:
        return
    out = io.StringIO()
    assert corpus.check_files(files, out=out) == 0, out.getvalue()[-3000:]


def test_the_validation_split_is_fixed_by_the_text_and_about_an_eighth():
    records = corpus.load_corpus()
    train, valid = corpus.split(records)
    assert len(train) + len(valid) == len(records)
    assert 0.08 < len(valid) / len(records) < 0.16
    again = corpus.split(list(reversed(records)))[1]
    assert {r.id for r in again} == {r.id for r in valid}


def test_agreement_reports_kappa_and_span_matches(tmp_path):
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    a = [GOOD, {**GOOD, "id": "x-2", "cameo": None, "pentaclass": None, "events": []}]
    b = [{**GOOD, "events": [{**GOOD["events"][0], "target_text": "diplomat"}]},
         {**GOOD, "id": "x-2", "cameo": None, "pentaclass": None, "events": []}]
    first.write_text("".join(json.dumps(r) + "\n" for r in a))
    second.write_text("".join(json.dumps(r) + "\n" for r in b))
    report = corpus.agreement([first], [second])
    assert report["pairs"] == 2
    assert report["pentaclass_kappa"] == 1.0
    assert report["source_exact"] == 1.0
    assert report["target_exact"] == 0.0
    assert corpus.cohen_kappa([1, 1, 0, 0], [1, 0, 1, 0]) == 0.0


def test_a_sentence_rewritten_with_another_dateline_is_a_near_duplicate(tmp_path):
    first = dict(GOOD, text="NDJAMENA, May 2 (AFP) - Chad expelled a French diplomat on Monday "
                            "after a row over remarks on the election, the foreign ministry said.")
    second = dict(GOOD, id="x-0002", text="PARIS, May 2 (AFP) - Chad expelled a French diplomat on Monday "
                                          "after a row over remarks on the election, the foreign ministry said.")
    other = dict(GOOD, id="x-0003", text="Kenya recalled its ambassador from Somalia in a dispute over maritime borders.")
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(first) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    b.write_text(json.dumps(second) + "\n", encoding="utf-8")
    pairs = corpus.near_duplicates([a, b])
    assert [(x, y) for x, y, _ in pairs] == [("x-0001", "x-0002")]


def test_the_committed_corpus_has_no_near_duplicates():
    assert corpus.near_duplicates(corpus.corpus_files()) == []
