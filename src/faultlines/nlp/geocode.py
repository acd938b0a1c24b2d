"""Give each event of a Doc its place: in the sentence, else the dateline city.

1. The event builder's "in/near/across X" on the predicate (`place_of`): a state
   the knowledge base knows is a country-level place, unless the text names its
   capital or seat ("in Kyiv"), which is the city; any other GPE/LOC is looked up
   in the gazetteer.
2. An event still without a place (`with_places`) takes the city named in its
   sentence closest to its trigger, if the sentence names one that is not an actor
   ("Russian drones struck Kharkiv overnight"), or a proper noun after "in/at/near"
   that the entity recogniser missed ("launched drones at Kharkiv").
3. Else the story's dateline city ("KYIV, May 6 (Reuters) -"), marked
   `source="dateline"`: where it was reported from, which is often, not always,
   where it happened.

The countries of the event's actors, of the sentence's actors and of the dateline
are the hints that tell namesakes apart (faultlines.nlp.places).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from faultlines.actors import SEAT, METONYM, ActorKB
from faultlines.model import Event, Location
from faultlines.nlp import places
from faultlines.nlp.sentences import entity_of

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_PREPS = {"in", "near", "across", "along", "inside", "outside", "around", "at", "into", "over"}


def sentence_countries(sent: Span, matches: dict[int, Span], kb: ActorKB) -> list[str]:
    """Countries of the knowledge-base actors named in the sentence, in order."""
    found: list[str] = []
    for tok in sent:
        span = matches.get(tok.i)
        actor = kb.entities.get(span.label_) if span is not None else None
        if actor is not None and actor.country and actor.country not in found:
            found.append(actor.country)
    return found


def place_of(pobj: Token, matches: dict[int, Span], kb: ActorKB,
             hints: Iterable[str | None]) -> Location | None:
    """The place a prepositional object names: a known state (or its capital), or a
    gazetteer city; also looks at its possessive and compound modifiers."""
    for tok in [pobj, *(c for c in pobj.children if c.dep_ in ("poss", "compound"))]:
        span = matches.get(tok.i)
        if span is not None:
            actor = kb.entities.get(span.label_)
            if actor is not None and actor.kind == "state":
                if span.id_ in (METONYM, SEAT):  # "in Kyiv", "at the Kremlin"
                    found = places.city(span.text, [actor.code])
                    if found is not None and found.country == actor.code:
                        return places.city_location(found, span.text)
                return places.country_location(actor.code, span.text)
        if tok.ent_type_ in ("GPE", "LOC") and tok.pos_ == "PROPN":
            ent = entity_of(tok)
            name = ent.text if ent is not None else tok.text
            found = places.city(name, hints)
            if found is not None:
                return places.city_location(found, name)
    return None


def with_places(events: list[Event], doc: Doc, matches: dict[int, Span], kb: ActorKB,
                dateline_city: str | None, dateline_country: str | None) -> list[Event]:
    """The events, each without a place given the sentence's city or the dateline's."""
    if all(e.location is not None for e in events):
        return events
    sents = list(doc.sents)
    per_sentence: dict[int, tuple[list[str], list[tuple[int, str]]]] = {}  # countries, place names
    out = []
    for event in events:
        if event.location is None:
            hints = [m.actor.country for m in (event.source, event.target) if m is not None]
            sent = sents[event.sentence_index] if event.sentence_index < len(sents) else None
            names: list[tuple[int, str]] = []
            if sent is not None:
                if event.sentence_index not in per_sentence:  # once per sentence, not per event
                    per_sentence[event.sentence_index] = (sentence_countries(sent, matches, kb),
                                                          place_names(sent, matches))
                countries, names = per_sentence[event.sentence_index]
                hints += countries
            hints.append(dateline_country)
            found = (sentence_city(sent, matches, event.trigger_start, hints, names) if sent is not None else None) \
                or dateline_place(dateline_city, dateline_country)
            event = replace(event, location=found) if found is not None else event
        out.append(event)
    return out


def sentence_city(sent: Span, matches: dict[int, Span], near: int,
                  hints: list[str | None], names: list[tuple[int, str]] | None = None) -> Location | None:
    """The gazetteer city named in the sentence nearest to character `near`, among the
    place entities that are not knowledge-base actors ("Moscow said" is the government).
    `names`: the sentence's `place_names`, when the caller has them already."""
    best: tuple[int, Location] | None = None
    for start, name in (names if names is not None else place_names(sent, matches)):
        found = places.city(name, hints)
        if found is not None and (best is None or abs(start - near) < best[0]):
            best = (abs(start - near), places.city_location(found, name))
    return best[1] if best else None


def place_names(sent: Span, matches: dict[int, Span]) -> list[tuple[int, str]]:
    """(character offset, name) of the sentence's place entities, and of the proper nouns
    after "in/at/near..." the entity recogniser missed ("drones at Kharkiv")."""
    found = []
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS and not any(t.i in matches for t in ent):
            found.append((ent.start_char, ent.text[4:] if ent.text.lower().startswith("the ") else ent.text))
    for tok in sent:
        if tok.dep_ == "pobj" and tok.pos_ == "PROPN" and not tok.ent_type_ and tok.i not in matches \
                and tok.head.lower_ in PLACE_PREPS:
            parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
            found.append((parts[0].idx, " ".join(t.text for t in parts)))
    return found


def dateline_place(city: str | None, country: str | None) -> Location | None:
    """The dateline's city ("Washington" of "WASHINGTON/LONDON, Feb 18 (Reuters) -")."""
    if not city:
        return None
    found = places.city(city, [country])
    return places.city_location(found, city, places.DATELINE) if found is not None else None
