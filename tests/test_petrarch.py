"""PETRARCH/TABARI dictionary readers: small fixtures of our own, and the public originals.

The originals (CAMEO.2.0.txt, Phoenix.*.txt) are read from ../shared when present and are
never copied into the repository.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from faultlines.dictionaries.petrarch import (
    ActorCode,
    VerbSense,
    read_actor_dictionary,
    read_agent_dictionary,
    read_discard_dictionary,
    read_verb_dictionary,
)
from faultlines.errors import InputNotFound

DATA = Path(__file__).resolve().parent / "data" / "petrarch"
CAMEO = Path(__file__).resolve().parents[2] / "shared" / "data" / "cameo"
needs_cameo = pytest.mark.skipif(not CAMEO.is_dir(),
                                 reason="CAMEO/Phoenix dictionaries not present (../shared/data/cameo)")


def senses_of(dictionary, lemma, particle=None):
    """{(code, context)} of one verb, so that tests read like the dictionary."""
    return {(s.cameo, s.context) for s in dictionary.senses if s.lemma == lemma and s.particle == particle}


def problem_lines(problems, name):
    assert all(p.path.endswith(name) for p in problems), problems
    return sorted(p.line for p in problems)


# ----------------------------------------------------------------------------- verbs


def test_petrarch_verb_patterns_become_senses_with_context():
    verbs = read_verb_dictionary(DATA / "mini.verbs.txt")
    assert senses_of(verbs, "rush") == {
        ("070", frozenset({"aid"})),
        ("072", frozenset({"arms shipment"})),
        ("073", frozenset({"food", "rice", "grain"})),
        ("042", frozenset({"border"})),
    }
    assert senses_of(verbs, "speed") == senses_of(verbs, "rush")
    assert VerbSense("rush", None, "070", frozenset({"aid"}), "mini.verbs.txt:22") in verbs.senses


def test_petrarch_verb_particles_from_verbs_and_patterns():
    verbs = read_verb_dictionary(DATA / "mini.verbs.txt")
    assert senses_of(verbs, "pull", "out") == {
        ("070", frozenset({"aid"})), ("072", frozenset({"arms shipment"})),
        ("073", frozenset({"food", "rice", "grain"})), ("042", frozenset({"border"}))}
    # "- * OFF (FOR) [042]": the particle alone makes the sense; a verb that already has one is left out
    assert senses_of(verbs, "rush", "off") == {("042", frozenset())}
    assert not senses_of(verbs, "pull", "off")


def test_petrarch_verb_block_and_verb_codes_give_default_senses():
    verbs = read_verb_dictionary(DATA / "mini.verbs.txt")
    defaults = {(s.lemma, s.cameo, s.source) for s in verbs.senses if not s.context and not s.particle}
    assert defaults == {("ask", "020", "mini.verbs.txt:35"), ("query", "020", "mini.verbs.txt:35"),
                        ("request", "021", "mini.verbs.txt:37")}  # INTERVIEW [---]: none
    assert senses_of(verbs, "interview") == {("0234", frozenset({"help"})),
                                             ("0233", frozenset({"humanitarian aid"}))}


def test_petrarch_verb_synsets_and_skipped_patterns():
    verbs = read_verb_dictionary(DATA / "mini.verbs.txt")
    assert verbs.synsets == {"&FOOD": ["food", "rice", "grain"], "&AUXVERB": ["was"]}
    # +WAGE_WAR, (TO) alone, two content groups, a subject before '*', [---], the transformation
    assert verbs.skipped == 6
    assert not any(s.lemma == "wage" for s in verbs.senses)


def test_petrarch_verb_malformed_lines_are_problems_and_reading_goes_on():
    verbs = read_verb_dictionary(DATA / "mini.verbs.txt")
    assert problem_lines(verbs.problems, "mini.verbs.txt") == [19, 29, 30]
    messages = {p.line: p.message for p in verbs.problems}
    assert "unbalanced '{'" in messages[19]
    assert "no [code]" in messages[29]
    assert "unknown synset &WEAPON" in messages[30]
    assert str(verbs.problems[0]).startswith(f"{DATA / 'mini.verbs.txt'}:19: ")
    assert not senses_of(verbs, "hurry")
    assert senses_of(verbs, "ask")  # the block after the problems is read


def test_petrarch_missing_file_raises_input_not_found(tmp_path):
    with pytest.raises(InputNotFound):
        read_verb_dictionary(tmp_path / "nope.txt")


# ----------------------------------------------------------------------------- actors


def test_petrarch_actor_entries_with_aliases_and_codes():
    actors = read_actor_dictionary(DATA / "mini.actors.txt")
    by_name = {e.names[0]: e for e in actors.entries}
    assert set(by_name) == {"freedonia", "rufus t. firefly", "sylvania", "marx brothers"}
    freedonia = by_name["freedonia"]
    assert freedonia.names == ("freedonia", "freedonian", "republic of freedonia")
    assert freedonia.codes == (ActorCode("FRD", None, None), ActorCode("FRDGOV", "2010-02-01", None))
    assert freedonia.source == "mini.actors.txt:3"
    assert by_name["rufus t. firefly"].names == ("rufus t. firefly", "firefly")


def test_petrarch_actor_date_ranges_convert():
    actors = read_actor_dictionary(DATA / "mini.actors.txt")
    by_name = {e.names[0]: e for e in actors.entries}
    assert by_name["rufus t. firefly"].codes == (
        ActorCode("FRDGOV", "1933-01-01", "1933-12-31"),   # YYMMDD, 31-99 -> 19xx
        ActorCode("FRDELI", "1934-01-01", "2004-12-14"),   # YYYYMMDD
        ActorCode("FRDMIL", None, "1985-12-31"),           # <DATE: until
    )
    assert by_name["sylvania"].codes == (ActorCode("SYL", None, None),
                                         ActorCode("SYLGOV", "1999-12-31", "2000-01-01"))  # 00-30 -> 20xx


def test_petrarch_actor_malformed_lines_are_problems_and_reading_goes_on():
    actors = read_actor_dictionary(DATA / "mini.actors.txt")
    assert problem_lines(actors.problems, "mini.actors.txt") == [14, 17]
    messages = {p.line: p.message for p in actors.problems}
    assert "2004017" in messages[14] and "code skipped" in messages[14]
    assert "unbalanced '['" in messages[17]
    names = {n for e in actors.entries for n in e.names}
    assert "should not be read" not in names and "broken name" not in names
    assert "marx brothers" in names


# ----------------------------------------------------------------------------- agents and discards


def test_petrarch_agents_expand_substitutions_and_plurals():
    agents, problems = read_agent_dictionary(DATA / "mini.agents.txt")
    pairs = [(a.noun, a.code) for a in agents]
    assert pairs == [("cattleman", "AGR"), ("cattlemen", "AGR"), ("cattlewoman", "AGR"),
                     ("farmer", "AGR"), ("attorney general", "GOVATG"), ("attorneys general", "GOVATG"),
                     ("police", "COP"), ("human rights body", "NGO")]
    assert agents[3].source == "mini.agents.txt:4"
    assert problem_lines(problems, "mini.agents.txt") == [8, 9, 11]
    assert "unknown substitution !HERDER!" in problems[2].message


def test_petrarch_discards_drop_markers():
    phrases, problems = read_discard_dictionary(DATA / "mini.discards.txt")
    assert phrases == ["world cup", "baseball", "group a", "manchester united"]
    assert problem_lines(problems, "mini.discards.txt") == [8]


# ----------------------------------------------------------------------------- the public originals


def timed(reader, path):
    start = time.perf_counter()
    result = reader(path)
    assert time.perf_counter() - start < 10, f"{path.name} took too long"
    return result


@needs_cameo
def test_petrarch_real_verb_dictionary():
    verbs = timed(read_verb_dictionary, CAMEO / "CAMEO.2.0.txt")
    assert len(verbs.senses) >= 3000
    assert all(s.cameo.isdigit() and 2 <= len(s.cameo) <= 4 for s in verbs.senses)
    assert len(verbs.problems) <= 30, [str(p) for p in verbs.problems]
    assert ("070", frozenset({"aid"})) in senses_of(verbs, "rush")
    assert "&FOOD" in verbs.synsets


@needs_cameo
def test_petrarch_real_countries_actors():
    actors = timed(read_actor_dictionary, CAMEO / "Phoenix.Countries.actors.txt")
    afghanistan = [e for e in actors.entries if "afghanistan" in e.names]
    assert any(ActorCode("AFG", None, None) in e.codes for e in afghanistan)
    assert len(actors.entries) > 10000
    assert len(actors.problems) <= 30, [str(p) for p in actors.problems]


@needs_cameo
@pytest.mark.parametrize("name", ["Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"])
def test_petrarch_real_other_actor_files(name):
    actors = timed(read_actor_dictionary, CAMEO / name)
    assert len(actors.entries) > 500
    assert len(actors.problems) <= 30, [str(p) for p in actors.problems]


@needs_cameo
def test_petrarch_real_agents_and_discards():
    agents, problems = timed(read_agent_dictionary, CAMEO / "Phoenix.agents.txt")
    assert ("farmer", "AGR") in {(a.noun, a.code) for a in agents}
    assert len(problems) <= 10, [str(p) for p in problems]
    phrases, problems = timed(read_discard_dictionary, CAMEO / "Phoenix.discards.txt")
    assert len(phrases) > 300 and all(p == p.lower() and not p.startswith("+") for p in phrases)
    assert len(problems) <= 10
