"""Records round-trip through the JSON contract."""

from faultlines.model import Actor, Attribution, Event, Mention, Stance, Status, event_from_json


def test_model_event_round_trips_through_json():
    iran = Mention("Iran", 0, 4, Actor("IRN", "Iran", "state", "IRN", None))
    russia = Mention("Russia", 30, 36, Actor("RUS", "Russia", "state", "RUS", None))
    bloomberg = Mention("Bloomberg", 40, 49, Actor("BLOOMBERG", "Bloomberg", "media", "USA", "MED"))
    event = Event("d1", "Iran sent missiles to Russia.", 0, 0, "sent", 5, "AID", "military", "072", 2,
                  7.4, iran, russia, Status.REPORTED, Attribution(bloomberg, "reported"),
                  "missiles", "missiles", None, "2024-09-07",
                  (Stance(Status.UNCONFIRMED, iran, "did not confirm", 1),), 0.7)
    assert event_from_json(event.to_json()) == event
