"""End-to-end extraction with the real spaCy pipeline."""

import pytest

from faultlines import InputError, Status, extract


def codes(event):
    return (event.event_type, event.source.actor.key if event.source else None,
            event.target.actor.key if event.target else None)


@pytest.mark.parametrize("text,expected", [
    ("Iran sent ballistic missiles to Russia last month.", ("AID", "IRN", "RUS")),
    ("Ukraine was attacked by Russian drones overnight, officials in Kyiv said.", ("ASSAULT", "RUS", "UKR")),
    ("The European Union imposed new sanctions on Iran on Monday.", ("SANCTION", "EU", "IRN")),
    ("Chinese President Xi Jinping met Brazil's president in Beijing.", ("CONSULT", "CHN", "BRA")),
    ("Hamas fighters fired rockets at Israel from Gaza.", ("ASSAULT", "HAMAS", "ISR")),
    ("Turkey expelled two Swedish diplomats on Friday.", ("SANCTION", "TUR", "SWE")),
])
def test_extract_codes_who_did_what_to_whom(nlp, text, expected):
    events = extract(text, date="2024-05-10")
    assert expected in [codes(e) for e in events], [codes(e) for e in events]


@pytest.mark.parametrize("text", [
    "Manchester United beat Chelsea 2-1 on Saturday to move third in the league.",
    "Heavy rain is expected across southern England on Tuesday, forecasters said.",
    "Shares in the carmaker fell 4% after it cut its profit forecast.",
    "Nicholas Lovric is a researcher and consultant specializing in Russian affairs.",
])
def test_extract_no_event_where_there_is_none(nlp, text):
    assert extract(text, date="2024-05-10") == []


def test_extract_negated_event_is_not_coded(nlp):
    assert not [e for e in extract("Russia did not attack Ukraine on Sunday.") if e.event_type == "ASSAULT"]


def test_extract_reported_event_names_its_claimant(nlp):
    events = extract("Iran has sent ballistic missiles to Russia, Bloomberg reported on Friday.",
                     date="2024-09-07")
    aid = next(e for e in events if e.event_type == "AID")
    assert aid.status is Status.REPORTED
    assert aid.attributed_to.mention.actor.code == "BLOOMBERG"
    assert aid.mode == "military"
    assert aid.instrument and "missiles" in aid.instrument


def test_extract_hypothetical_event_is_not_asserted(nlp):
    events = extract("A Russian strike on the plant could lead to a nuclear disaster, Ukraine warned.")
    assert all(e.status is not Status.ASSERTED for e in events if e.event_type == "ASSAULT")


def test_extract_relative_date_resolves_against_document_date(nlp):
    events = extract("Israel struck Hezbollah positions in Lebanon on Tuesday.", date="2024-09-27")
    assert events and events[0].date == "2024-09-24"


def test_extract_empty_text_gives_no_events():
    assert extract("   ") == []


def test_extract_binary_text_is_a_clear_error():
    with pytest.raises(InputError, match="binary"):
        extract("abc\x00\x01\x02def", doc_id="blob")


def test_extract_non_english_text_gives_no_events(nlp):
    text = "Der russische Präsident hat am Montag in Moskau mit dem iranischen Außenminister gesprochen und neue Verträge unterzeichnet."
    assert extract(text) == []


def test_extract_survives_a_ten_thousand_token_sentence(nlp):
    text = "Iran sent missiles to Russia. " + " ".join(["word"] * 10_000) + ". Russia attacked Ukraine."
    events = extract(text)
    assert {"AID", "ASSAULT"} <= {e.event_type for e in events}
