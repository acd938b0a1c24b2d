"""The ontology data is complete and consistent."""

from faultlines.ontology import PLOVER_TYPES, load_ontology


def test_ontology_has_all_plover_types_with_quad_class():
    onto = load_ontology()
    assert set(onto.plover) == set(PLOVER_TYPES)
    for plover_type in onto.plover.values():
        assert plover_type.quad_class in (1, 2, 3, 4)
        assert -10 <= plover_type.score <= 10


def test_ontology_every_cameo_code_is_named_scored_and_mapped():
    onto = load_ontology()
    assert len(onto.cameo) > 280
    for code, entry in onto.cameo.items():
        assert entry.name, code
        assert -10 <= entry.goldstein <= 10, code
        root = int(code[:2])
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert entry.quad_class == expected, code
        if not code.startswith("01"):  # CAMEO 01 "make statement" has no PLOVER type
            assert entry.plover_type in PLOVER_TYPES, code


def test_ontology_every_root_code_exists():
    onto = load_ontology()
    for root in range(1, 21):
        assert f"{root:02d}" in onto.cameo


def test_ontology_subcodes_have_parents():
    onto = load_ontology()
    for code in onto.cameo:
        if len(code) > 2:
            assert code[:-1] in onto.cameo or code[:2] in onto.cameo, code


def test_lexicon_codes_exist_and_cover_every_plover_type():
    from faultlines.nlp.lexicon import load_lexicon

    onto, lex = load_ontology(), load_lexicon()
    covered = set()
    for senses in list(lex.verbs.values()) + list(lex.nouns.values()):
        for sense in senses:
            plover_type, _ = onto.plover_of(sense.cameo)
            covered.add(plover_type)
    assert set(PLOVER_TYPES) <= covered
