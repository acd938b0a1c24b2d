"""The records every part of faultlines exchanges, defined once.

Documents go in, Events come out. An Event carries its evidence (the sentence
and character offsets), its coding (PLOVER type and mode, CAMEO code,
QuadClass, Goldstein), its participants as Mentions resolved to Actors, and how
certain it is (Status, who it is attributed to, other sources' stances).

`Event.to_json()` is the machine-readable extraction contract of PRODUCT.md:
change it only by adding fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """How certain the text makes an event, from the reader's point of view."""

    ASSERTED = "asserted"  # stated as fact by the text itself
    REPORTED = "reported"  # attributed to someone ("Bloomberg reports", "X said")
    HYPOTHETICAL = "hypothetical"  # could, would, may, if, risk of, fear that
    DENIED = "denied"  # someone denies it happened
    UNCONFIRMED = "unconfirmed"  # someone declines or fails to confirm it
    PLANNED = "planned"  # announced or intended future action

    def __str__(self) -> str:
        return self.value


# How much an event counts in the analyses (network weights, brief rankings) by how
# it is claimed: an event only reported, planned or denied weighs less than one
# stated as fact. Kept apart from `confidence`, which says how likely the event is
# coded right (see faultlines.learned.hybrid).
STATUS_WEIGHT = {Status.ASSERTED: 1.0, Status.REPORTED: 0.85, Status.PLANNED: 0.7,
                 Status.UNCONFIRMED: 0.6, Status.HYPOTHETICAL: 0.5, Status.DENIED: 0.4}


def status_weight_sql(column: str) -> str:
    """STATUS_WEIGHT as a SQL expression over a status column."""
    cases = " ".join(f"WHEN '{s.value}' THEN {w}" for s, w in STATUS_WEIGHT.items())
    return f"(CASE {column} {cases} ELSE 1.0 END)"


@dataclass(frozen=True)
class Document:
    """One input text with what is known about where it came from."""

    id: str
    text: str
    date: str | None = None  # ISO YYYY-MM-DD, the publication date when known
    source: str | None = None  # outlet or feed name
    title: str | None = None
    url: str | None = None
    path: str | None = None  # the file it was read from, when it has no URL (not part of its id)


NON_STATE_KINDS = frozenset({"igo", "armed_group", "media", "group"})


@dataclass(frozen=True)
class Actor:
    """An entity of the knowledge base, or one built from parts of a phrase.

    `code` is stable (see docs/actor-codes.md); it is None for named entities
    the knowledge base does not know, which are kept rather than dropped.
    """

    code: str | None
    name: str
    kind: str  # state, igo, agency, person, armed_group, media, group, unknown
    country: str | None = None  # ISO-3166 alpha-3
    sector: str | None = None  # GOV, MIL, INTEL, ...
    affiliation: str | None = None  # for people of an IGO, armed group or outlet: its code

    @property
    def key(self) -> str | None:
        """What analyses and the scorer compare (docs/actor-codes.md): the code of an
        IGO, armed group, outlet or group (or of the one a person speaks for); for
        anything of a state, its country."""
        if self.code and self.kind in NON_STATE_KINDS:
            return self.code
        return self.affiliation or self.country or self.code


@dataclass(frozen=True)
class Mention:
    """A span of text that names an actor (resolved or not)."""

    text: str
    start_char: int
    end_char: int
    actor: Actor
    # the whole argument phrase the actor stands in ("Russia's Supreme Court in Moscow")
    phrase_start: int | None = None
    phrase_end: int | None = None

    @property
    def phrase_span(self) -> tuple[int, int]:
        """The characters of the whole phrase where one was marked, else of the name:
        what a reader takes as the argument, and what `eval` scores."""
        start = self.phrase_start if self.phrase_start is not None else self.start_char
        end = self.phrase_end if self.phrase_end is not None else self.end_char
        return start, end

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "phrase_start": self.phrase_start,
            "phrase_end": self.phrase_end,
            "code": self.actor.code,
            "country": self.actor.country,
            "sector": self.actor.sector,
            "kind": self.actor.kind,
            "name": self.actor.name,
            "affiliation": self.actor.affiliation,
        }


@dataclass(frozen=True)
class Attribution:
    """Who makes a claim, and the word that says so ("reported", "said")."""

    mention: Mention
    cue: str
    outlet: Mention | None = None  # the medium that relays the claim, if distinct

    def to_json(self) -> dict:
        data = self.mention.to_json()
        data["cue"] = self.cue
        data["outlet"] = self.outlet.to_json() if self.outlet else None
        return data


@dataclass(frozen=True)
class Stance:
    """Another source's position on an event in the same document."""

    status: Status
    by: Mention
    cue: str
    sentence_index: int

    def to_json(self) -> dict:
        return {
            "status": str(self.status),
            "by": self.by.to_json(),
            "cue": self.cue,
            "sentence_index": self.sentence_index,
        }


@dataclass(frozen=True)
class Location:
    """Where an event happened, as the text names it, geocoded with GeoNames
    (faultlines.nlp.places). Records written before the last four fields load with
    them None."""

    name: str  # as the text writes it ("Kiev", "Ukraine")
    country: str | None = None  # ISO alpha-3
    lat: float | None = None
    lon: float | None = None
    # "sentence": named in the event's sentence; "dateline": the story's dateline city,
    # used when the sentence names no place
    source: str | None = None
    feature: str | None = None  # "city", or "country" (lat/lon: its population centre)
    geonames_id: int | None = None
    admin1: str | None = None  # GeoNames admin1 code of a city ("12" for Kyiv)

    def to_json(self) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "source": self.source, "feature": self.feature, "geonames_id": self.geonames_id,
                "admin1": self.admin1}


@dataclass(frozen=True)
class Event:
    """Who did what to whom, where the text says so, and how sure it is."""

    doc_id: str
    sentence: str
    sentence_index: int
    sentence_start: int  # character offset of the sentence in the document
    trigger: str
    trigger_start: int  # character offset of the trigger in the document
    event_type: str  # PLOVER
    mode: str | None
    cameo: str
    quad_class: int
    goldstein: float
    source: Mention | None
    target: Mention | None
    status: Status = Status.ASSERTED
    attributed_to: Attribution | None = None
    instrument: str | None = None
    instrument_category: str | None = None
    location: Location | None = None
    date: str | None = None
    stances: tuple[Stance, ...] = field(default_factory=tuple)
    confidence: float = 0.5
    trigger_depth: int = 0  # steps from the sentence's main verb: 0 is the headline event
    # who coded it: "rules"; "model" (built from the learned coder's spans); "hybrid"
    # (found by the rules, class or confidence set by the learned coder)
    coder: str = "rules"

    def to_json(self) -> dict:
        """The extraction contract (PRODUCT.md) plus extra fields."""
        loc = self.location
        return {
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "sentence_start": self.sentence_start,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "event_type": self.event_type,
            "mode": self.mode,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "instrument": self.instrument,
            "instrument_category": self.instrument_category,
            "location": loc.to_json() if loc else None,
            "date": self.date,
            "status": str(self.status),
            "attributed_to": self.attributed_to.to_json() if self.attributed_to else None,
            "stances": [s.to_json() for s in self.stances],
            "confidence": round(self.confidence, 3),
            "trigger_depth": self.trigger_depth,
            "coder": self.coder,
        }


def mention_from_json(data: dict | None) -> Mention | None:
    if not data:
        return None
    actor = Actor(data.get("code"), data.get("name") or data.get("text", ""),
                  data.get("kind") or "unknown", data.get("country"), data.get("sector"),
                  data.get("affiliation"))
    return Mention(data.get("text", ""), data.get("start_char", 0), data.get("end_char", 0), actor,
                   data.get("phrase_start"), data.get("phrase_end"))


def location_from_json(data: dict | None) -> Location | None:
    """A Location from its JSON; keys it does not know (a newer writer's) are ignored."""
    if not data:
        return None
    known = Location.__dataclass_fields__
    return Location(**{k: v for k, v in data.items() if k in known})


def event_from_json(data: dict) -> Event:
    """Rebuild an Event from `Event.to_json()` output (the inverse, field for field)."""
    attr = data.get("attributed_to")
    attribution = None
    if attr:
        attribution = Attribution(mention_from_json(attr), attr.get("cue") or "",
                                  mention_from_json(attr.get("outlet")))
    loc = data.get("location")
    return Event(
        doc_id=data["doc_id"], sentence=data["sentence"], sentence_index=data["sentence_index"],
        sentence_start=data.get("sentence_start", 0), trigger=data["trigger"],
        trigger_start=data["trigger_start"], event_type=data["event_type"], mode=data.get("mode"),
        cameo=data["cameo"], quad_class=data["quad_class"], goldstein=data["goldstein"],
        source=mention_from_json(data.get("source")), target=mention_from_json(data.get("target")),
        status=Status(data["status"]), attributed_to=attribution,
        instrument=data.get("instrument"), instrument_category=data.get("instrument_category"),
        location=location_from_json(loc), date=data.get("date"),
        stances=tuple(Stance(Status(s["status"]), mention_from_json(s["by"]), s["cue"],
                             s["sentence_index"]) for s in data.get("stances") or ()),
        confidence=data.get("confidence", 0.5), trigger_depth=data.get("trigger_depth", 0),
        coder=data.get("coder", "rules"),
    )
