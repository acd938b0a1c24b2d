"""The knowledge base loads, and phrases resolve to the right actors."""

import re

import pytest

from faultlines.actors import load_kb


def test_actors_kb_has_every_state_and_core_organisations():
    kb = load_kb()
    states = [a for a in kb.entities.values() if a.kind == "state"]
    assert len(states) >= 197
    for code in ("IRN", "RUS", "USA", "GBR", "UKR", "PSE", "TWN", "XKX", "NATO", "UN", "EU",
                 "HAMAS", "HEZBOLLAH", "HOUTHIS", "BLOOMBERG", "REUTERS", "WEST", "USA.CIA"):
        assert code in kb.entities, code


def test_actors_metonyms_name_their_state():
    kb = load_kb()
    for text, code in (("Tehran", "IRN"), ("Moscow", "RUS"), ("the Kremlin", "RUS"),
                       ("Washington", "USA"), ("the White House", "USA"),
                       ("Downing Street", "GBR"), ("Beijing", "CHN"), ("Kyiv", "UKR")):
        assert code in [t.code for t in kb.lookup(text)], text


def test_actors_role_holder_depends_on_date():
    kb = load_kb()
    burns = kb.holder_of("USA.CIA", "director", "2024-09-10")
    assert burns is not None and "Burns" in burns.name
    earlier = kb.holder_of("USA.CIA", "director", "2019-01-01")
    assert earlier is not None and "Burns" not in earlier.name


def _actors(nlp, text, date="2024-09-10"):
    from faultlines import extract

    events = extract(text, date=date)
    return events


@pytest.mark.parametrize("text,source,target", [
    ("Iranian officials met Russian diplomats in Tehran on Monday.", ("IRN", "GOV"), ("RUS", "GOV")),
    ("Russian forces attacked Ukrainian troops near Kharkiv.", ("RUS", "MIL"), ("UKR", "MIL")),
    ("The Kremlin condemned the White House over the sanctions.", ("RUS", "GOV"), ("USA", "GOV")),
    ("CIA Director William Burns accused Russia of sabotage.", ("USA", "INTEL"), ("RUS", None)),
])
def test_actors_resolve_in_sentences(nlp, text, source, target):
    events = _actors(nlp, text)
    assert events, text
    e = events[0]
    assert (e.source.actor.country, e.source.actor.sector) == source
    assert e.target.actor.country == target[0]
    if target[1]:
        assert e.target.actor.sector == target[1]


def test_actors_conjoined_sources_give_one_event_each(nlp):
    events = _actors(nlp, "Iran and Russia signed a military cooperation agreement with Syria.")
    sources = {e.source.actor.country for e in events if e.source}
    assert {"IRN", "RUS"} <= sources


def test_actors_unknown_names_are_kept_unresolved(nlp):
    events = _actors(nlp, "The Zubrovian Liberation Front attacked Ukrainian troops on Monday.")
    assert events
    assert events[0].target.actor.country == "UKR"


def test_actors_wikidata_ids_are_qids_one_per_entity_and_the_known_ones_right():
    kb = load_kb()
    assert len(kb.wikidata) > 200
    assert all(re.fullmatch(r"Q[1-9][0-9]*", qid) for qid in kb.wikidata.values())
    by_qid: dict[str, list[str]] = {}
    for code, qid in kb.wikidata.items():
        by_qid.setdefault(qid, []).append(code)
    assert {q: c for q, c in by_qid.items() if len(c) > 1} == {}  # no two entries share an item
    known = {"IRN": "Q794", "USA": "Q30", "RUS": "Q159", "UKR": "Q212", "CHN": "Q148", "ISR": "Q801",
             "UN": "Q1065", "NATO": "Q7184", "EU": "Q458", "USA.CIA": "Q37230",
             "RUS.VLADIMIR_PUTIN": "Q7747",
             "USA.BARACK_OBAMA": "Q76", "USA.DONALD_TRUMP": "Q22686"}
    assert {code: kb.wikidata.get(code) for code in known} == known
    kinds = {kb.entities[c].kind for c in kb.wikidata}
    assert {"state", "igo", "agency", "armed_group", "person"} <= kinds


def test_actors_a_bad_wikidata_row_is_a_clear_error(tmp_path):
    import shutil

    from faultlines.actors import data_dir
    from faultlines.errors import DataError

    for name in ("countries.csv", "orgs.yaml", "people.csv", "sectors.csv"):
        shutil.copy(data_dir() / name, tmp_path / name)
    (tmp_path / "wikidata.csv").write_text("# notes\ncode,wikidata\nIRN,794\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"wikidata.csv, row 2: '794' is not a Wikidata QID"):
        load_kb(str(tmp_path))
    (tmp_path / "wikidata.csv").write_text("code,wikidata\nZZZ,Q1\n", encoding="utf-8")
    with pytest.raises(DataError, match="'ZZZ' is no entry"):
        load_kb(str(tmp_path / "."))  # another path string: load_kb caches by directory


def test_actors_a_role_added_after_a_lookup_is_found():
    """The roles are indexed on first lookup; a role added later (as a PETRARCH
    dictionary import does) must still be found, not hidden by the index."""
    from faultlines.actors import ActorKB, Role
    from faultlines.model import Actor

    kb = ActorKB(entities={"XXX.P1": Actor("XXX.P1", "Ann Example", "person"),
                           "XXX.P2": Actor("XXX.P2", "Bo Example", "person")})
    kb.roles.append(Role("XXX.P1", "president", "XXX", "2010-01-01", "2019-12-31"))
    assert kb.holder_of("XXX", "President", "2024-05-01") is None
    assert kb.person_role_on("XXX.P2", "2024-05-01") is None
    kb.roles.append(Role("XXX.P2", "president", "XXX", "2020-01-01", None))
    assert kb.holder_of("XXX", "President", "2024-05-01").name == "Bo Example"
    assert kb.person_role_on("XXX.P2", "2024-05-01").start == "2020-01-01"
    assert kb.holder_of("XXX", "president", "2015-06-01").name == "Ann Example"
