"""The predicate lexicon, instrument taxonomy and modality cues, as typed lookups.

Read from `faultlines/ontology/data/` (verbs.yaml, instruments.yaml,
modality.yaml). Every entry is checked against the CAMEO table at load time so
a typo in a data file fails with the file and the entry named.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from faultlines.errors import DataError
from faultlines.ontology import data_path, load_ontology, read_yaml

ENTRY_FIELDS = {"lemma", "cameo", "mode", "object", "subject", "preps", "source_preps",
                "particle", "context_required", "plural_only", "object_actor", "object_required",
                "note", "comment"}


@dataclass(frozen=True)
class Predicate:
    """One sense of a verb or eventive noun."""

    lemma: str
    pos: str  # "verb" or "noun"
    cameo: str
    mode: str | None = None
    object: str = "target"  # target | theme | none
    subject: str = "source"  # source | target
    preps: tuple[str, ...] = ()
    source_preps: tuple[str, ...] = ()
    particle: str | None = None
    context_required: frozenset[str] = frozenset()
    plural_only: bool = False
    object_actor: bool = False  # the sense needs a person, group or state as direct object
    object_required: bool = False  # the sense needs a direct object ("returned the remains", not "returned home")
    # "clause": a context word anywhere in the predicate's clause (our lexicon);
    # "object": in the predicate's own objects, as PETRARCH's patterns mean it
    context_scope: str = "clause"


@dataclass(frozen=True)
class InstrumentCategory:
    name: str
    mode: str
    cameo: str | None
    terms: tuple[str, ...]


@dataclass
class Lexicon:
    verbs: dict[str, list[Predicate]]
    nouns: dict[str, list[Predicate]]
    instruments: list[tuple[str, InstrumentCategory]]  # (term, category), longest first
    cues: dict[str, frozenset[str]]
    unconfirmed_phrases: tuple[str, ...]
    idiom_objects: dict[str, frozenset[str]]
    discards: frozenset[str] = frozenset()
    # (acts, companies): a sentence with a word of each is company news
    business_pairs: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

    def instrument_category(self, text: str) -> InstrumentCategory | None:
        """The category of the longest taxonomy term found in `text`. Only the terms whose
        first word is a word of `text` are tried (in the list's order, longest first):
        trying all 800 took 35 µs a call, this 5."""
        padded = f" {text.lower()} "
        index = self._instruments_by_first_word
        tried = sorted({i for word in set(padded.split(" ")) for i in index.get(word, ())})
        for i in tried:
            term, category = self.instruments[i]
            if f" {term} " in padded:
                return category
        return None

    @cached_property
    def _instruments_by_first_word(self) -> dict[str, list[int]]:
        """First word of a term -> positions of the terms that start with it. A term found
        as " term " in the padded text has its first word between two spaces there."""
        index: dict[str, list[int]] = {}
        for i, (term, _) in enumerate(self.instruments):
            index.setdefault(term.split(" ")[0], []).append(i)
        return index

    def cue(self, name: str) -> frozenset[str]:
        return self.cues.get(name, frozenset())


def _predicate(entry: dict, pos: str, source: str, known_codes: dict) -> Predicate:
    unknown = set(entry) - ENTRY_FIELDS
    lemma = str(entry.get("lemma", "")).strip().lower()
    cameo = str(entry.get("cameo", "")).strip()
    if unknown or not lemma or not cameo:
        raise DataError(f"{source}: {pos} entry {entry!r} has unknown fields {sorted(unknown)} "
                        "or lacks lemma/cameo")
    if cameo not in known_codes and cameo[:-1] not in known_codes:
        raise DataError(f"{source}: {pos} {lemma!r} has unknown CAMEO code {cameo!r}")
    return Predicate(
        lemma=lemma,
        pos=pos,
        cameo=cameo,
        mode=entry.get("mode") or None,
        object=entry.get("object") or "target",
        subject=entry.get("subject") or "source",
        preps=tuple(entry.get("preps") or ()),
        source_preps=tuple(entry.get("source_preps") or ()),
        particle=(str(entry["particle"]).lower() if entry.get("particle") else None),
        context_required=frozenset(str(w).lower() for w in entry.get("context_required") or ()),
        plural_only=bool(entry.get("plural_only")),
        object_actor=bool(entry.get("object_actor")),
        object_required=bool(entry.get("object_required")),
    )


def _index(entries: list[dict], pos: str, source: str, codes: dict) -> dict[str, list[Predicate]]:
    index: dict[str, list[Predicate]] = {}
    for entry in entries or []:
        pred = _predicate(entry, pos, source, codes)
        index.setdefault(pred.lemma, []).append(pred)
    for senses in index.values():  # phrasal senses are tried before the plain one
        senses.sort(key=lambda p: (p.particle is None, not p.context_required))
    return index


def _instruments(raw: dict) -> list[tuple[str, InstrumentCategory]]:
    pairs = []
    for name, spec in (raw.get("categories") or {}).items():
        category = InstrumentCategory(name, spec.get("mode"), spec.get("cameo"),
                                      tuple(str(t).lower() for t in spec.get("terms") or ()))
        pairs.extend((term, category) for term in category.terms)
    pairs.sort(key=lambda pair: -len(pair[0]))
    return pairs


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    codes = load_ontology().cameo
    verbs_file = data_path("verbs.yaml")
    raw = read_yaml(verbs_file) or {}
    modality = read_yaml(data_path("modality.yaml")) or {}
    phrases = tuple(p.lower() for p in modality.pop("unconfirmed_phrases", []) or [])
    discards = read_yaml(data_path("discards.yaml")) or {}
    pairs = discards.get("business_pairs") or {}
    return Lexicon(
        verbs=_index(raw.get("verbs"), "verb", str(verbs_file), codes),
        nouns=_index(raw.get("nouns"), "noun", str(verbs_file), codes),
        instruments=_instruments(read_yaml(data_path("instruments.yaml")) or {}),
        cues={k: frozenset(str(v).lower() for v in vals or ()) for k, vals in modality.items()},
        unconfirmed_phrases=phrases,
        idiom_objects={str(k).lower(): frozenset(str(w).lower() for w in v or ())
                       for k, v in (raw.get("idiom_objects") or {}).items()},
        discards=frozenset(str(w).lower() for key, words in discards.items() if key != "business_pairs"
                           for w in words or ()),
        business_pairs=(frozenset(str(w).lower() for w in pairs.get("acts") or ()),
                        frozenset(str(w).lower() for w in pairs.get("companies") or ())),
    )
