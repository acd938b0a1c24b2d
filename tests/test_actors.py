"""The knowledge base loads, and phrases resolve to the right actors."""

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
