"""What the reference article must yield (PRODUCT.md, issues 2 and 3)."""

from faultlines import Status


def find(events, event_type, source=None, target=None):
    return [e for e in events if e.event_type == event_type
            and (source is None or (e.source and e.source.actor.key == source))
            and (target is None or (e.target and e.target.actor.key == target))]


def test_seed_iran_sends_missiles_to_russia(seed_events):
    aid = find(seed_events, "AID", "IRN", "RUS")
    assert aid, "no AID IRN->RUS"
    reported = [e for e in aid if e.attributed_to and e.attributed_to.mention.actor.code == "BLOOMBERG"]
    assert reported, "the transfer is not attributed to Bloomberg"
    transfer = reported[0]
    assert transfer.status is Status.REPORTED
    assert transfer.mode == "military"
    assert "ballistic missiles" in transfer.instrument


def test_seed_transfer_carries_burns_non_confirmation(seed_events):
    transfer = next(e for e in find(seed_events, "AID", "IRN", "RUS")
                    if e.attributed_to and e.attributed_to.mention.actor.code == "BLOOMBERG")
    stances = [s for s in transfer.stances if s.status is Status.UNCONFIRMED]
    assert stances and stances[0].by.actor.country == "USA"


def test_seed_iran_russia_cooperate(seed_events):
    assert find(seed_events, "COOPERATE", "IRN", "RUS") or find(seed_events, "COOPERATE", "RUS", "IRN")


def test_seed_intelligence_chiefs_accuse_russia(seed_events):
    accusers = {(e.source.actor.country, e.source.actor.sector)
                for e in find(seed_events, "ACCUSE", target="RUS")}
    assert ("USA", "INTEL") in accusers and ("GBR", "INTEL") in accusers


def test_seed_usa_supports_ukraine(seed_events):
    support = find(seed_events, "SUPPORT", "USA", "UKR") + find(seed_events, "AID", "USA", "UKR")
    assert support
    assert all(e.status in (Status.ASSERTED, Status.REPORTED) for e in support)


def test_seed_people_and_metonyms_resolve(seed_events):
    mentions = [m for e in seed_events for m in (e.source, e.target) if m]
    by_text = {}
    for m in mentions:
        by_text.setdefault(m.text, m.actor)
    assert any(a.country == "USA" and a.sector == "INTEL" and "Burns" in a.name for a in by_text.values())
    assert any(a.country == "GBR" and a.sector == "INTEL" and "Moore" in a.name for a in by_text.values())
    assert by_text.get("Tehran") is None or by_text["Tehran"].country == "IRN"
    assert by_text.get("Moscow") is None or by_text["Moscow"].country == "RUS"


def test_seed_no_asserted_assault(seed_events):
    assert not [e for e in seed_events if e.event_type == "ASSAULT" and e.status is Status.ASSERTED]


def test_seed_normalisation_is_hypothetical(seed_events):
    norm = [e for e in seed_events if {e.source and e.source.actor.key, e.target and e.target.actor.key} == {"ISR", "SAU"}]
    assert norm and all(e.status is Status.HYPOTHETICAL for e in norm)


def test_seed_officials_warned_iran(seed_events):
    warned = find(seed_events, "THREATEN", target="IRN")
    assert {e.source.actor.key for e in warned} >= {"USA"}


def test_seed_no_event_from_author_biography(seed_events):
    assert not [e for e in seed_events if "Lovric" in e.sentence or "researcher" in e.sentence]
