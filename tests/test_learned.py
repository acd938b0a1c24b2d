"""The learned coder as a user meets it: the shipped ONNX model (no torch), its
predictions, and the seam with the rules (`--coder rules|model|hybrid`)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from faultlines import extract
from faultlines.cli import app
from faultlines.learned import hybrid
from faultlines.learned.runtime import Prediction, shipped_coder

ATTACK = "Israeli jets bombed Hezbollah positions in southern Lebanon on Tuesday, killing three fighters."
SPORT = "Brazil beat Argentina 3-0 in a friendly match in Rio de Janeiro on Sunday."


def test_the_runtime_needs_no_torch():
    code = ("import sys, faultlines.learned.runtime as r; "
            f"p = r.shipped_coder().predict_sentences({ATTACK!r}, [(0, {len(ATTACK)})])[0]; "
            "print(p.pentaclass, 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"


def test_the_model_tells_an_attack_from_a_football_match():
    coder = shipped_coder()
    attack, sport = (coder.predict_sentences(t, [(0, len(t))])[0] for t in (ATTACK, SPORT))
    assert attack.pentaclass == "4" and attack.has_event
    assert attack.event_probability > 0.8
    assert sport.event_probability < 0.5
    assert abs(sum(attack.class_probs.values()) - 1.0) < 1e-4
    for a, b in attack.source_spans + attack.target_spans:  # spans lie inside the sentence, on word edges
        assert 0 <= a < b <= len(ATTACK) and ATTACK[a:b].strip() == ATTACK[a:b]


def test_hybrid_keeps_the_rules_actors_and_status_and_gives_a_probability(nlp):
    rules = extract(ATTACK, date="2024-09-24", coder="rules")
    mixed = extract(ATTACK, date="2024-09-24", coder="hybrid")
    assert [(e.source.actor.code, e.target.actor.code, e.status) for e in rules] == \
        [(e.source.actor.code, e.target.actor.code, e.status) for e in mixed]
    assert all(e.coder in ("hybrid", "model") and 0.0 < e.confidence <= 1.0 for e in mixed)
    assert all(e.coder == "rules" for e in rules)


def test_the_model_coder_builds_events_from_its_own_spans(nlp):
    events = extract(ATTACK, date="2024-09-24", coder="model")
    assert len(events) == 1
    event = events[0]
    assert event.coder == "model" and event.quad_class == 4 and event.event_type == "ASSAULT"
    assert event.source is not None or event.target is not None


@pytest.fixture
def policy(monkeypatch):
    """Set the shipped model's thresholds for one test."""
    coder = shipped_coder()
    original = coder.policy

    def use(**kwargs):
        kwargs.setdefault("rules_given_class", None)  # thresholds, not Bayes' rule
        monkeypatch.setattr(coder, "policy", replace(original, **kwargs))
    yield use
    coder.policy = original


def test_hybrid_drops_the_rules_events_where_the_model_is_sure_there_is_none(nlp, policy):
    assert extract(ATTACK, date="2024-09-24", coder="rules")
    policy(drop_below=1.01)  # below this, every sentence counts as surely empty
    assert extract(ATTACK, date="2024-09-24", coder="hybrid") == []


def test_hybrid_adds_the_models_event_where_the_rules_find_none(nlp, policy):
    text = "Russian troops took control of the regional parliament and two airports in Crimea."
    policy(add_above=0.0, drop_below=0.0)
    rules = extract(text, date="2014-02-28", coder="rules")
    mixed = extract(text, date="2014-02-28", coder="hybrid")
    if rules:
        pytest.skip("the rules code this sentence now; the add path needs a sentence they miss")
    assert len(mixed) == 1 and mixed[0].coder == "model"
    assert mixed[0].source.actor.key == "RUS" and mixed[0].quad_class == 4


def test_choose_policy_only_departs_from_the_rules_when_that_scores_better():
    def pred(cls, p_event, root="19"):
        probs = {"none": 1 - p_event, **{str(k): 0.0 for k in range(5)}}
        if cls != "none":
            probs[cls] = p_event
        return Prediction(0, 10, cls, max(p_event, 1 - p_event), p_event, probs, root, 0.9, "ASSAULT", 0.9,
                          [(0, 4)], [(5, 9)])
    # the rules miss three events the model sees with confidence, and code one
    # sentence the model rightly calls empty
    outcomes = [hybrid.Outcome("4", "none", False, pred("4", 0.95)) for _ in range(3)]
    outcomes += [hybrid.Outcome("none", "3", False, pred("none", 0.02))]
    outcomes += [hybrid.Outcome("3", "3", False, pred("3", 0.9, "11")) for _ in range(3)]
    policy, f1, rules_f1 = hybrid.choose_thresholds(outcomes)
    assert f1 > rules_f1
    assert policy.add_above <= 0.95 and policy.drop_below > 0.02
    assert hybrid.choose_thresholds([hybrid.Outcome("3", "3", False, pred("3", 0.9, "11"))])[0].add_above > 1.0


def _pred(probs: dict, root: str = "19") -> Prediction:
    cls = max(probs, key=probs.get)
    full = {c: probs.get(c, 0.0) for c in hybrid.CLASSES}
    return Prediction(0, 10, cls, full[cls], 1 - full["none"], full, root if cls != "none" else "none", 0.9,
                      "ASSAULT", 0.9, [(0, 4)], [(5, 9)], root_probs={"19": 0.6, "11": 0.3, "07": 0.1})


def test_bayes_rule_trusts_the_rules_as_far_as_they_were_measured_right():
    # the rules were always right on class 3 and never said 3 otherwise; the model
    # leans to 4 on such a sentence: Bayes' rule keeps the rules' 3
    outcomes = [hybrid.Outcome("3", "3", False, _pred({"3": 0.9, "none": 0.1})) for _ in range(20)]
    outcomes += [hybrid.Outcome("4", "4", False, _pred({"4": 0.9, "none": 0.1})) for _ in range(20)]
    policy = hybrid.Policy(rules_given_class=hybrid.rules_confusion(outcomes))
    leaning = _pred({"4": 0.6, "3": 0.3, "none": 0.1})
    assert hybrid.sentence_class("3", False, leaning, policy) == "3"
    # where the rules say nothing (they were never measured silent on an event) the
    # model's class stands, and its root is the best one inside that class
    assert hybrid.sentence_class("none", False, leaning, policy) == "4"
    assert leaning.best_root("3") == "11" and leaning.best_root("2") == "07"
    post = hybrid.posterior(leaning, "3", policy)
    assert abs(sum(post.values()) - 1.0) < 1e-9 and post["3"] > 0.8


def test_choose_policy_reports_both_methods_cross_validated():
    # the model says 4 alike on two kinds of sentence: where the rules say 3 they are
    # right, where they say 2 the truth is 4. No threshold on the model's probability
    # tells the two apart; the rules' measured confusion does
    leaning = _pred({"4": 0.7, "3": 0.1, "2": 0.1, "none": 0.1})
    outcomes = [hybrid.Outcome("3", "3", False, leaning) for _ in range(10)]
    outcomes += [hybrid.Outcome("4", "2", False, leaning) for _ in range(10)]
    policy, f1, rules_f1, compared = hybrid.choose_policy(outcomes)
    assert set(compared) == {"method", "cv_thresholds", "cv_bayes"}
    assert compared["method"] == "bayes" and policy.rules_given_class is not None
    assert f1 == compared["cv_bayes"] > compared["cv_thresholds"]


def test_bayes_rule_decides_even_where_thresholds_fit_the_calibration_set_better():
    # the rules say 3 throughout; the model is right where it is sure of 4 and wrong
    # where it leans to 4: a switching threshold fits these sentences perfectly,
    # Bayes' rule does not. Thresholds fitted on the calibration set did worse on
    # real news than Bayes' rule for every model compared, so Bayes' rule decides
    # and the thresholds' figure is only reported
    outcomes = [hybrid.Outcome("3", "3", False, _pred({"4": 0.6, "3": 0.3, "none": 0.1})) for _ in range(10)]
    outcomes += [hybrid.Outcome("4", "3", False, _pred({"4": 0.9, "3": 0.05, "none": 0.05})) for _ in range(10)]
    policy, f1, rules_f1, compared = hybrid.choose_policy(outcomes)
    assert compared["cv_thresholds"] > compared["cv_bayes"]
    assert compared["method"] == "bayes" and policy.rules_given_class is not None
    assert round(f1, 4) == compared["cv_bayes"]


def test_extract_cli_takes_a_coder_and_refuses_an_unknown_one(nlp):
    line = json.dumps({"id": "d1", "date": "2024-09-24", "text": ATTACK})
    done = CliRunner().invoke(app, ["extract", "--format", "jsonl", "--coder", "model", "-"], input=line + "\n")
    assert done.exit_code == 0, done.output
    records = [json.loads(l) for l in done.stdout.splitlines() if l.startswith("{")]
    assert records and all(r["coder"] == "model" for r in records)
    bad = CliRunner().invoke(app, ["extract", "--coder", "oracle", "-"], input=line + "\n")
    assert bad.exit_code != 0
    assert "unknown coder 'oracle'" in bad.output and "Traceback" not in bad.output


def test_eval_prints_the_three_coders_side_by_side(nlp):
    done = CliRunner().invoke(app, ["eval", "--limit", "8"])
    assert done.exit_code == 0, done.output
    header = next(l for l in done.stdout.splitlines() if l.strip())
    assert header.split() == ["rules", "model", "hybrid"]
    assert "Validation split of train/ (never trained on)" in done.stdout


def test_a_phrase_the_model_splits_over_b_and_i_tags_comes_out_whole():
    """The model is unsure whether "the" begins the target (B-T) or continues it (I-T)
    and O alone is the most probable tag of that word; read tag by tag the target
    would be "Kabul government", read as the best well-formed sequence it is the
    whole phrase."""
    import numpy as np
    from faultlines.learned.labels import TAGS
    from faultlines.learned.runtime import Output

    text = "Taliban rejected the Kabul government"
    words = [(0, 7), (8, 16), (17, 20), (21, 26), (27, 37)]
    rows = {"O": 0, "B-S": 1, "I-S": 2, "B-T": 3, "I-T": 4}
    probs = np.full((len(words) + 2, len(TAGS)), 0.01)
    for unit, (tag, p) in enumerate([("O", 0.96), ("B-S", 0.9), ("O", 0.9), ("O", 0.4),
                                     ("I-T", 0.6), ("I-T", 0.7), ("O", 0.96)]):
        probs[unit, rows[tag]] = p
    probs[3, rows["B-T"]], probs[3, rows["I-T"]] = 0.35, 0.23
    probs[4, rows["B-T"]], probs[4, rows["O"]] = 0.1, 0.28
    out = Output(np.zeros(6), np.zeros(21), np.zeros(17), np.log(probs))
    offsets = [(0, 0), *words, (0, 0)]
    assert [text[a:b] for (a, b), _ in out.scored_spans(offsets, text)["target"]] == ["the Kabul government"]
    assert [text[a:b] for (a, b), _ in out.scored_spans(offsets, text)["source"]] == ["Taliban"]


def test_the_phrase_policy_takes_the_models_argument_elsewhere_only_when_that_was_measured_better():
    """Where the rules' source is one noun phrase and the model's strong source is
    another, the calibration set decides whether to swap (`swap_above`)."""
    def outcome(gold, rule, model_span, strength=0.9):
        pred = replace(_pred({"3": 0.9, "none": 0.1}), source_spans=[model_span], source_strengths=(strength,))
        return hybrid.Outcome("3", "3", False, pred, gold_phrases=(("source", gold),),
                              rule_phrases=(("source", rule, True),))
    # the rules took the wrong phrase; the model's, elsewhere, was right
    wrong_rules = [outcome((0, 7), (20, 30), (0, 7)) for _ in range(5)]
    policy, f1, rules_f1 = hybrid.choose_phrase_policy(wrong_rules, hybrid.Policy())
    assert policy.swap_above <= 0.9 and f1 > rules_f1
    assert hybrid.phrase_under(wrong_rules[0], "source", policy) == (0, 7)
    # the rules were right and the model's other phrase wrong: never swap
    right_rules = [outcome((20, 30), (20, 30), (0, 7)) for _ in range(5)]
    policy, f1, rules_f1 = hybrid.choose_phrase_policy(right_rules, hybrid.Policy())
    assert policy.swap_above > 1.0 and f1 == rules_f1


def test_the_phrase_policy_replaces_a_rules_phrase_that_names_nobody_only_when_measured_better():
    """A rules' argument that names no known actor ("500 troops") is replaced by the
    model's strong phrase elsewhere only at the threshold the calibration set chose
    (`replace_above`), apart from the swap of a known actor's phrase."""
    def outcome(gold, strength=0.9):
        pred = replace(_pred({"3": 0.9, "none": 0.1}), target_spans=[(0, 7)], target_strengths=(strength,))
        return hybrid.Outcome("3", "3", False, pred, gold_phrases=(("target", gold),),
                              rule_phrases=(("target", (20, 30), False),))
    policy, f1, rules_f1 = hybrid.choose_phrase_policy([outcome((0, 7)) for _ in range(5)], hybrid.Policy())
    assert policy.replace_above <= 0.9 and policy.swap_above > 1.0 and f1 > rules_f1
    policy, f1, rules_f1 = hybrid.choose_phrase_policy([outcome((20, 30)) for _ in range(5)], hybrid.Policy())
    assert policy.replace_above > 1.0 and f1 == rules_f1


def test_hybrid_replaces_an_unknown_argument_with_the_models_known_actor(nlp, policy):
    text = "Britain has offered to send 500 troops to help the Kenyan army in its fight against al-Shabaab."
    bayes = shipped_coder().policy.rules_given_class
    policy(rules_given_class=bayes, replace_above=1.01)
    kept = extract(text, date="2017-05-02", coder="hybrid")
    policy(rules_given_class=bayes, replace_above=0.4)
    replaced = extract(text, date="2017-05-02", coder="hybrid")
    assert kept[0].target.actor.code is None and kept[0].target.text == "500 troops"
    assert replaced[0].target.actor.code == "KEN.MIL" and replaced[0].target.text == "the Kenyan army"
    assert replaced[0].source.actor.code == "GBR"


def test_hybrid_fills_a_missing_target_even_when_it_names_nobody_the_kb_knows(nlp, policy):
    """Whom the measure eases matters to a reader though the knowledge base has no
    code for them: the model's phrase fills the empty role (an unknown actor)."""
    text = "Authorities in Chile eased restrictions on thousands of seasonal farm workers."
    bayes = shipped_coder().policy.rules_given_class
    assert extract(text, date="2021-03-01", coder="rules")[0].target is None
    policy(rules_given_class=bayes, fill_above=0.6)
    event = extract(text, date="2021-03-01", coder="hybrid")[0]
    assert event.source.actor.code == "CHL.GOV"
    assert event.target.text == "thousands of seasonal farm workers" and event.target.actor.code is None
    policy(rules_given_class=bayes, fill_above=1.01)
    assert extract(text, date="2021-03-01", coder="hybrid")[0].target is None


def test_hybrid_takes_the_rules_act_of_the_models_class_as_headline_instead_of_recoding(nlp):
    """The model calls the sentence material conflict; the rules coded the drills (that
    class) and an accusation in a subordinate clause. The drills are the headline; the
    accusation stays an accusation, not recoded into a second show of force."""
    text = ("China's navy held live-fire drills near Taiwan on Wednesday, a day after Taipei "
            "accused Beijing of sending 25 warplanes into its air defence zone.")
    rules = {e.trigger: e.cameo for e in extract(text, date="2024-10-09", coder="rules")}
    assert rules == {"drills": "150", "accused": "112"}
    mixed = extract(text, date="2024-10-09", coder="hybrid")
    assert {e.trigger: e.cameo for e in mixed} == rules
    assert hybrid.headline(mixed).trigger == "drills"
    accusation = next(e for e in mixed if e.trigger == "accused")
    assert (accusation.source.actor.key, accusation.target.actor.key) == ("TWN", "CHN")


def test_a_model_phrase_loses_a_loose_end_its_tags_left(nlp):
    doc = nlp("Officials said Turkey and Syria met, and Russia's technological and military aid grew.")

    def cut(phrase):
        start = doc.text.index(phrase)
        return hybrid.trimmed(doc.char_span(start, start + len(phrase))).text
    assert cut("Turkey and") == "Turkey"
    assert cut("Russia's technological and") == "Russia's technological"
    assert cut(", and Russia's") == "Russia's"
    assert cut("Syria") == "Syria"


def test_the_model_never_swaps_the_claimant_in_as_the_one_who_acts(nlp):
    """The model marks the sentence's headline act's source, here the diplomat who
    speaks; the rules' event is the transfer, whose source is Iran."""
    text = "A senior European diplomat said any transfer of Iranian ballistic missiles to Russia would trigger new sanctions."
    transfer = next(e for e in extract(text, date="2025-02-18", coder="hybrid") if e.trigger == "transfer")
    assert transfer.source.actor.key == "IRN" and transfer.target.actor.key == "RUS"
    assert transfer.attributed_to.mention.actor.key == "EUROPE"


def test_a_model_phrase_that_coordinates_actors_is_one_event_per_actor(nlp):
    """As the rules code "aid to Ukraine and Moldova" as two events, so does the model
    coder, each event's phrase its own conjunct, not the pair."""
    text = "Canada sent medical supplies to Ukraine and Moldova in March."
    for coder in ("model", "rules"):
        events = extract(text, date="2022-04-01", coder=coder)
        assert [(e.source.actor.code, e.target.actor.code, text[slice(*e.target.phrase_span)])
                for e in events] == [("CAN", "UKR", "Ukraine"), ("CAN", "MDA", "Moldova")], coder


def test_a_labelled_phrase_is_found_as_whole_words_not_inside_a_longer_word():
    from faultlines.learned.train import span_of
    text = "Iranian officials said Iran sent drones to Russia."
    assert text[slice(*span_of(text, "Iran"))] == "Iran" and span_of(text, "Iran")[0] == 23
    assert span_of(text, "Russia") == (43, 49) and span_of(text, None) is None


def test_every_policy_field_is_saved_with_the_model_and_read_back():
    """A Policy field left out of coder.json silently reverts to its default when the
    model is loaded (the phrase swap once did): the saved fields are all of them."""
    from faultlines.learned.train import policy_fields
    policy = hybrid.Policy(phrase_above=0.9, fill_above=0.6, swap_above=0.6,
                           rules_given_class=((1.0,) * 6,) * 6)
    saved = json.loads(json.dumps(policy_fields(policy)))
    assert set(saved) == set(hybrid.Policy.__dataclass_fields__)
    assert hybrid.Policy.from_json(saved) == policy
    shipped = shipped_coder()
    assert set(hybrid.Policy.__dataclass_fields__) <= set(shipped.meta["policy"])


def test_tied_phrase_thresholds_resolve_to_the_ones_that_depart_least_from_the_rules():
    def outcome(strength):
        pred = replace(_pred({"3": 0.9, "none": 0.1}), source_spans=[(0, 7)], source_strengths=(strength,))
        return hybrid.Outcome("3", "3", False, pred, gold_phrases=(("source", (0, 7)),),
                              rule_phrases=(("source", (20, 30), True),))
    policy, f1, rules_f1 = hybrid.choose_phrase_policy([outcome(0.97) for _ in range(4)], hybrid.Policy())
    # any swap threshold up to 0.95 gets all four right: the highest of them is kept
    assert policy.swap_above == 0.95 and f1 > rules_f1


def test_the_model_is_told_which_words_are_capitalised():
    """The encoder's word pieces are lower case; the shapes it is given with them keep
    what the capitals say about where a name begins and ends."""
    from faultlines.learned.runtime import unit_shapes

    text = "Congo banned the Zairian Association (AZADHO) of 1991 in the U.N. report"
    coder = shipped_coder()
    units, offsets = coder.encode_texts([text])
    shaped = {text[a:b]: s for (a, b), s in zip(offsets[0], unit_shapes(text, offsets[0])) if b > a}
    assert shaped["Congo"] == shaped["Association"] == 2      # Capitalised
    assert shaped["banned"] == shaped["the"] == 1             # lower case
    assert shaped["1991"] == 4 and shaped["("] == 5           # a number, punctuation
    assert shaped["AZ"] == 3                                  # ALL CAPS, first piece
    later = [s for (a, b), s in zip(offsets[0], unit_shapes(text, offsets[0]))
             if b > a and a > 0 and text[a - 1].isalnum() and text[a].isalnum()]
    assert later and all(s > 5 for s in later)                # the word's later pieces
    assert unit_shapes(text, [(0, 0)]) == [0]                 # [CLS], [SEP]
