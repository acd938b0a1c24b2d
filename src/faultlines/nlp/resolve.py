"""Turn the phrase at a dependency-tree token into the actor(s) it names.

The KB matches (from the actor-linker component, in `doc.spans["fl_actors"]`)
say which tokens name which entity. Around them this module applies what wire
copy does with names:

- titles and roles: "CIA Director William Burns", "the Russian president"
  (resolved by the document's date), "MI6 head Richard Moore";
- demonym or country + agent noun: "Iranian officials" → IRN.GOV,
  "Russia's armed forces" → RUS.MIL, "the government of Iran";
- conjunctions: "Iran and Russia", "the U.S. and European officials";
- people named again by surname later in the article ("Burns");
- pronouns ("they", "it") bound to the nearest earlier subject actors;
- named entities the KB does not know are kept as unresolved actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from faultlines.nlp.sentences import entity_of, sentence_of
from faultlines.actors import DEMONYM, PERSON, SEAT, ActorKB
from faultlines.model import Actor, Mention
from faultlines.nlp.roles import SPEECH_VERBS

MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod", "flat", "nn", "appos"}
NP_LEFT_DEPS = MODIFIER_DEPS | {"det", "case", "nummod", "punct", "cc", "conj", "quantmod",
                                "advmod"}
REPORT_HEADS = {"report", "reports", "statement", "source", "sources", "analysis", "assessment",
                "warning", "account", "claim"}
PRONOUNS = {"it", "they", "he", "she", "them", "its", "their", "his", "her", "we"}
ORG_KINDS = {"igo", "agency", "armed_group", "media", "group"}
HOMED_KINDS = {"armed_group", "media", "group"}  # non-state actors a country's name may precede
GEO_FEATURES = {"sea", "ocean", "gulf", "strait", "straits", "bay", "peninsula", "channel", "river",
                "lake", "basin", "desert", "mountains", "highlands"}
ABSTRACT_SECTOR_NOUNS = {"force", "power", "security", "defence", "defense"}
QUANTITIES = {"thousands", "hundreds", "dozens", "scores", "millions", "tens", "hundred",
              "thousand", "dozen", "many", "some", "most", "several", "crowds", "groups"}
ANAPHORS = {"country": "state", "kingdom": "state", "nation": "state", "republic": "state",
            "island": "state", "emirate": "state",
            "group": "armed_group", "militants": "armed_group", "movement": "armed_group",
            "militia": "armed_group", "rebels": "armed_group",
            "bloc": "igo", "alliance": "igo", "organisation": "igo", "organization": "igo",
            "lender": "igo", "fund": "igo", "agency": "igo", "body": "igo", "union": "igo",
            "court": "igo", "watchdog": "igo", "council": "igo"}
NER_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place",
            "FAC": "place", "LOC": "place"}


@dataclass
class DocContext:
    """What the resolver remembers while it reads one document."""

    date: str | None = None
    country: str | None = None  # the dateline's country: default for "the foreign ministry"
    last_of_kind: dict[str, Actor] = field(default_factory=dict)  # "the group" -> last armed group
    people: dict[str, Actor] = field(default_factory=dict)  # "burns" -> the person
    recent_subjects: list[list[Mention]] = field(default_factory=list)


def match_index(doc: Doc) -> dict[int, Span]:
    """Token index -> the KB match covering it."""
    index = {}
    for span in doc.spans.get("fl_actors", []):
        for i in range(span.start, span.end):
            index[i] = span
    return index


class Resolver:
    def __init__(self, kb: ActorKB, doc: Doc, ctx: DocContext):
        self.kb, self.doc, self.ctx = kb, doc, ctx
        self.text = doc.text  # once: Doc.text joins every token on each call
        self.matches = match_index(doc)
        self.spans: dict[int, tuple[int, int]] = {}  # token index -> its argument_span
        for span in doc.spans.get("fl_actors", []):  # "Burns" later means William Burns
            actor = kb.entities.get(span.label_)
            if actor is not None and actor.kind == "person":
                self.remember_person(self.person(actor), span)

    # -- public -----------------------------------------------------------
    def mentions(self, token: Token | None, conj: bool = True) -> list[Mention]:
        """Actors named by the phrase headed by `token`, one per conjunct."""
        if token is None:
            return []
        start, end = self.span(token)
        found: list[Mention] = []
        for head in [token, *(conjuncts(token) if conj else [])]:
            h_start, h_end = self.span(head)
            for mention in map(self.note, self.resolve_head(head)):
                if all(m.actor.key != mention.actor.key or m.actor.code != mention.actor.code
                       for m in found):
                    if mention.phrase_start is None:  # an antecedent keeps its own phrase
                        mention = replace(mention, phrase_start=h_start, phrase_end=h_end)
                    found.append(mention)
        if not found and token.pos_ in ("NOUN", "PROPN") and not token.is_stop:
            # keep what the text names even when it is not an actor we know ("the reforms")
            text = self.text[start:end]
            found.append(Mention(text, start, end, Actor(None, text, "unknown"), start, end))
        return found

    def span(self, token: Token) -> tuple[int, int]:
        """`argument_span(token)`, computed once per token of the Doc: the same subjects
        and objects are resolved for several predicates and checks (pure: it reads only
        the parse)."""
        found = self.spans.get(token.i)
        if found is None:
            found = self.spans[token.i] = argument_span(token)
        return found

    def resolve_head(self, head: Token) -> list[Mention]:
        if head.lower_ in PRONOUNS and head.pos_ == "PRON":
            return self.pronoun(head)
        anaphor = self.anaphor(head)
        if anaphor is not None:
            return [anaphor]
        owner = self.owner_anaphor(head)
        if owner is not None:
            return [owner]
        if head.lower_ in QUANTITIES:  # "thousands of South Korean doctors"
            of = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"), None)
            if of is not None:
                return self.resolve_head(of)
        match = self.matches.get(head.i)
        if match is None and head.lower_ in GEO_FEATURES and head.is_title:
            return []  # "the South China Sea", "the Korean Peninsula": a place, not the state in its name
        modifiers = [m for m in self.modifier_matches(head) if m != match]
        sector = self.sector_of(head)
        if match is not None:
            # "the U.S. and European officials": the alias covers only the last part
            others = [self.from_modifier(head, m, sector) for m in modifiers if m.end <= match.start]
            return [*others, self.from_match(head, match)]
        if modifiers:
            return [self.from_modifier(head, m, sector) for m in self.without_home_state(modifiers)]
        owner = next((c for c in head.lefts if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if sector and owner is not None:  # "its fighters", "their troops"
            for m in self.pronoun(owner):
                if m.actor.kind in ORG_KINDS:
                    return [self.mention(head, m.actor)]
                if m.actor.country:
                    c = m.actor.country
                    return [self.mention(head, Actor(f"{c}.{sector}", f"{c} {sector}", "state", c, sector))]
        if sector and head.pos_ == "NOUN" and head.lower_ in ABSTRACT_SECTOR_NOUNS and not any(
                c.dep_ in ("det", "poss", "compound", "amod", "nummod") for c in head.children):
            return []  # "by force", "use of force": the abstract noun, nobody's forces
        if sector and head.pos_ == "NOUN":
            return [self.generic(head, sector)]
        if head.pos_ == "PROPN" and self.title(head) and head.lower_ not in self.ctx.people:
            place = self.place_country(head)
            if place is not None:  # "Saratov governor Roman Busargin" in a KYIV story: Russian
                return [self.named_person(head, self.kb.entities[place])] if place in self.kb.entities \
                    else [self.unresolved(head, "person")]
            if self.ctx.country:
                # "Foreign Minister Winston Peters" in a WELLINGTON story: a New Zealand official
                return [self.named_person(head, self.kb.entities[self.ctx.country])] \
                    if self.ctx.country in self.kb.entities else []
        if head.ent_type_ in NER_KIND and head.pos_ in ("PROPN", "NOUN"):
            return [self.unresolved(head)]
        if sector and head.pos_ == "PROPN":
            return [self.generic(head, sector)]
        if head.pos_ == "PROPN" and head.is_title and head.i > sentence_of(head).start:
            return [self.unresolved(head, "named")]  # a name the NER missed ("Papandreou")
        if head.pos_ == "PROPN" and head.is_title and head.dep_ in ("nsubj", "nsubjpass"):
            return [self.unresolved(head, "named")]
        return []

    def remember_subjects(self, mentions: list[Mention]) -> None:
        if mentions:
            self.ctx.recent_subjects.append(mentions)
            del self.ctx.recent_subjects[:-6]

    # -- pieces -----------------------------------------------------------
    def phrase(self, head: Token) -> Span:
        left = head.i
        for child in head.lefts:
            if child.dep_ in NP_LEFT_DEPS and child.dep_ not in ("cc", "conj"):
                left = min(left, child.left_edge.i)
        while left < head.i and (self.doc[left].lower_ in ("the", "a", "an") or self.doc[left].is_space
                                 or self.doc[left].is_punct):
            left += 1
        return self.doc[left : head.i + 1]

    def mention(self, head: Token, actor: Actor) -> Mention:
        span = self.phrase(head)
        return Mention(span.text, span.start_char, span.end_char, actor)

    def from_match(self, head: Token, match: Span) -> Mention:
        code = match.label_
        actor = self.kb.entities[code]
        how = match.id_ if match.id_ else ""
        if actor.kind == "person":
            actor = self.person(actor)
            self.remember_person(actor, match)
        elif how == DEMONYM and head.i == match.end - 1 and actor.kind == "state" and \
                head.pos_ in ("NOUN", "PROPN") and head.dep_ not in ("amod", "compound", "nmod"):
            actor = Actor(f"{code}.CVL", f"{actor.name} people", "state", code, "CVL")
        elif how == SEAT and actor.kind == "state":
            actor = Actor(f"{code}.GOV", f"{actor.name} government", "state", code, "GOV")
        elif actor.kind == "state":
            # a title on a country ("President of Iran") is handled by from_modifier
            pass
        return self.mention(head, actor)

    def person(self, actor: Actor) -> Actor:
        """A person, with country and sector from the role held on the doc date."""
        role = self.kb.person_role_on(actor.code, self.ctx.date) if actor.code else None
        if role is None:
            return actor
        holder = self.kb.entities.get(role.holder)
        country = actor.country or (holder.country if holder else None)
        sector = actor.sector or (holder.sector if holder else None)
        affiliation = holder.code if holder is not None and holder.kind in ORG_KINDS - {"agency"} else None
        return Actor(actor.code, actor.name, "person", country, sector, affiliation)

    def remember_person(self, actor: Actor, span: Span) -> None:
        words = [t.text for t in span if t.pos_ == "PROPN"]
        if words:
            self.ctx.people[words[-1].lower()] = actor
        self.ctx.people[actor.name.split()[-1].lower()] = actor

    def modifier_matches(self, head: Token) -> list[Span]:
        """KB matches among the head's modifiers, and in "of X" / "from X" phrases."""
        spans: list[Span] = []
        candidates = [c for c in head.lefts if c.dep_ in MODIFIER_DEPS]
        preps = ("of", "from", "in") if self.sector_of(head) or head.lemma_ in REPORT_HEADS else ("of",)
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in preps:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
            if child.dep_ == "acl":  # "a plan drafted by France and Germany"
                for grand in child.children:
                    if grand.dep_ == "agent":
                        candidates.extend(c for c in grand.children if c.dep_ == "pobj")
        for child in candidates:
            for tok in [child, *conjuncts(child)]:
                span = self.matches.get(tok.i)
                if span is not None and span not in spans:
                    spans.append(span)
                elif span is None and tok.dep_ in ("compound", "poss", "nmod", "amod", "pobj"):
                    spans.extend(s for s in self.inner_matches(tok) if s not in spans)
        return spans

    def without_home_state(self, modifiers: list[Span]) -> list[Span]:
        """"Somalia's al Shabaab militants", "Lebanon's Hezbollah fighters": a state named
        before a non-state group (an armed group, an outlet), and not coordinated with it
        ("U.S. and Kurdish YPG forces"), says where the group is from; the group is the
        actor. Not before an IGO ("Russia's U.N. ambassador" is Russia's, posted there)
        nor before a state's own agency ("Ukraine's SBU" is Ukraine, by actor key)."""
        groups = [m for m in modifiers if self.kb.entities[m.label_].kind in HOMED_KINDS]
        if not groups:
            return modifiers

        def home(m: Span) -> bool:
            return self.kb.entities[m.label_].kind == "state" and all(
                m.end <= g.start and not self.coordinated(m, g) for g in groups)
        kept = [m for m in modifiers if not home(m)]
        return kept or modifiers

    @staticmethod
    def coordinated(a: Span, b: Span) -> bool:
        """Whether two names are conjuncts of each other ("U.S. and NATO")."""
        first, second = (a, b) if a.start < b.start else (b, a)
        between = first.doc[first.end:second.start]
        return any(t.dep_ == "cc" or t.text == "," for t in between) or \
            second.root.dep_ == "conj" and second.root.head.i in range(first.start, first.end)

    def inner_matches(self, tok: Token) -> list[Span]:
        return [self.matches[t.i] for t in tok.subtree if t.i in self.matches][:2]

    def sector_of(self, head: Token) -> str | None:
        compounds = [c for c in head.lefts if c.dep_ in ("compound", "amod")]
        if compounds:
            two = f"{compounds[-1].lower_} {head.lower_}"
            if two in self.kb.sector_nouns:
                return self.kb.sector_nouns[two]
        return self.kb.sector_nouns.get(head.lower_) or self.kb.sector_nouns.get(head.lemma_.lower())

    def from_modifier(self, head: Token, match: Span, sector: str | None) -> Mention:
        base = self.kb.entities[match.label_]
        if base.kind == "person":
            return self.mention(head, self.person(base))
        title = self.title(head)
        if title:
            holder = base.code if base.kind != "state" else base.country
            person = self.kb.holder_of(holder, title, self.ctx.date)
            named_other = head.pos_ == "PROPN" and head.lower_ not in self.kb.titles and person is not None \
                and head.lower_ not in person.name.lower().replace("-", " ").split()
            if person is not None and not named_other:  # not "President Alvaro Uribe" read as today's president
                return self.mention(head, self.person(person))
        if head.pos_ == "PROPN" and head.ent_type_ == "PERSON" or (title and head.pos_ == "PROPN"):
            return self.named_person(head, base)
        if base.kind in ORG_KINDS or not sector:
            return self.mention(head, base)
        country = base.country or base.code
        return self.mention(head, Actor(f"{country}.{sector}", f"{base.name} {sector}",
                                        "state", country, sector))

    def place_country(self, head: Token) -> str | None:
        """The country of a place named inside a titled person's phrase ("Saratov governor",
        "the Kherson regional governor"); "" when a place is named but its country is
        unknown (then the dateline's country must not be guessed); None when no place is."""
        from faultlines.nlp.dateline import country_of_place
        for tok in self.phrase(head):
            if tok.i >= head.i or tok.lower_ in self.kb.titles:
                break  # a place comes before the title; after it, names ("Governor Roman Busargin")
            if tok.ent_type_ in ("GPE", "LOC") or (tok.pos_ == "PROPN" and tok.dep_ == "compound"):
                if tok.i in self.matches:
                    continue  # a name the KB knows is resolved on its own ("Iranian", "NATO")
                found = country_of_place(tok.text, self.kb)
                if found or tok.ent_type_ in ("GPE", "LOC"):
                    return found or ""
        return None

    def title(self, head: Token) -> str | None:
        """The role title the phrase is headed by ("director", "foreign minister")."""
        titles = self.kb.titles
        if head.ent_type_ != "PERSON":
            words = [c.lower_ for c in head.lefts if c.dep_ == "compound"] + [head.lower_]
            for n in (3, 2, 1):
                if " ".join(words[-n:]) in titles:
                    return " ".join(words[-n:])
        for child in head.lefts:
            if child.dep_ == "compound" and child.lower_ in titles:
                return child.lower_
        return None

    def named_person(self, head: Token, org: Actor) -> Mention:
        """"CIA Director William Burns" when the KB does not know Burns."""
        names = [t.text for t in self.phrase(head) if t.pos_ == "PROPN"
                 and t.i not in self.matches and t.lower_ not in self.kb.titles]
        name = " ".join(names) or head.text
        actor = Actor(None, name, "person", org.country or (org.code if org.kind == "state" else None),
                      org.sector or "GOV", org.code if org.kind in ORG_KINDS - {"agency"} else None)
        self.ctx.people[head.lower_] = actor
        return self.mention(head, actor)

    def unresolved(self, head: Token, kind: str | None = None) -> Mention:
        remembered = self.ctx.people.get(head.lower_)
        if remembered is not None:
            return self.mention(head, remembered)
        ent = entity_of(head)
        if ent is not None and any(t.dep_ == "cc" for t in ent):
            ent = None  # "Burns and Moore" tagged as one entity
        text = ent.text if ent is not None else head.text
        kind = kind or NER_KIND.get(head.ent_type_, "unknown")
        if kind == "place":
            return Mention(text, ent.start_char if ent else head.idx,
                           ent.end_char if ent else head.idx + len(head), Actor(None, text, kind))
        return self.mention(head, Actor(None, text, kind))

    def generic(self, head: Token, sector: str) -> Mention:
        """"the foreign ministry", "police": the country is the dateline's, if any."""
        owner = next((self.anaphor(c) for c in head.lefts if c.dep_ == "poss"), None)
        if owner is not None and owner.actor.country:  # "the country's migration agency"
            country = owner.actor.country
            return self.mention(head, Actor(f"{country}.{sector}", f"{country} {sector}", "state", country, sector))
        definite = any(c.lower_ in ("the", "its", "their") for c in head.lefts) or head.dep_ == "compound"
        country = self.ctx.country if (definite or sector in ("GOV", "COP", "MIL", "JUD", "LEG")) else None
        if country and sector not in ("CVL", "UAF", "REB", "BUS", "NGO"):
            return self.mention(head, Actor(f"{country}.{sector}", f"{country} {sector}", "state", country, sector))
        return self.mention(head, Actor(None, head.text, "unknown", None, sector))

    def owner_anaphor(self, head: Token) -> Mention | None:
        """"the bloc's security commissioner", "the group's leader": whose they are."""
        poss = next((c for c in head.lefts if c.dep_ == "poss" and c.lower_ in ANAPHORS), None)
        owner = self.anaphor(poss) if poss is not None else None
        if owner is None:
            return None
        actor = owner.actor
        if actor.kind in ORG_KINDS:
            if head.pos_ == "PROPN" or self.title(head):
                person = Actor(None, self.phrase(head).text, "person", actor.country, actor.sector, actor.code)
                return self.mention(head, person)
            return self.mention(head, actor)
        sector = self.sector_of(head) or "GOV"
        c = actor.country or actor.code
        return self.mention(head, Actor(f"{c}.{sector}", f"{c} {sector}", "state", c, sector))

    def anaphor(self, head: Token) -> Mention | None:
        """"the country's migration agency", "the group said", "the kingdom"."""
        kind = ANAPHORS.get(head.lower_)
        if kind is None or not any(c.lower_ == "the" for c in head.lefts):
            return None
        if any(t.i in self.matches for t in head.subtree if t is not head):
            return None  # "the island nation of Nauru", "the Gulf kingdom of Bahrain": it is named
        actor = self.ctx.last_of_kind.get(kind)
        if actor is None and kind == "state" and self.ctx.country:
            actor = self.kb.entities.get(self.ctx.country)
        return self.mention(head, actor) if actor is not None else None

    def note(self, mention: Mention) -> Mention:
        kind = mention.actor.kind
        if mention.actor.code and kind in ("state", "armed_group", "igo"):
            if kind == "state" and mention.actor.country:
                self.ctx.last_of_kind["state"] = self.kb.entities.get(mention.actor.country, mention.actor)
            else:
                self.ctx.last_of_kind[kind] = mention.actor
        return mention

    def pronoun(self, head: Token) -> list[Mention]:
        if getattr(self, "_in_pronoun", False):
            return []  # no chains of pronouns
        self._in_pronoun = True
        try:
            return self._pronoun(head)
        finally:
            self._in_pronoun = False

    def antecedents(self, subject: Token) -> list[Mention]:
        """The actors a pronoun's antecedent in this sentence names, one per conjunct, each
        with its own conjunct's phrase: the evidence points at them, not at "they"."""
        found = []
        for h in [subject, *conjuncts(subject)]:
            start, end = self.span(h)
            found.extend(replace(m, phrase_start=start, phrase_end=end) for m in self.resolve_head(h))
        return found

    def _pronoun(self, head: Token) -> list[Mention]:
        plural = head.lower_ in ("they", "them", "their", "we")
        clause = head.head
        if head.dep_ in ("nsubj", "nsubjpass") and clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_VERBS:
            # "the union's chairman said they will not end the strike": the speaker's side
            speaker = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS), None)
            group = self.antecedents(speaker) if speaker is not None else []
            if group:
                return group
        earlier = [t for t in sentence_of(head) if t.i < head.i and t.dep_ in ("nsubj", "nsubjpass")
                   and t.lower_ not in PRONOUNS and t.head.dep_ != "relcl"]
        for subject in reversed(earlier):
            group = self.antecedents(subject)
            if group and (plural == (len(group) > 1) or (plural and len(group) == 1 and subject.tag_ == "NNS")):
                return group
        for group in reversed(self.ctx.recent_subjects):
            if plural or len(group) == 1:
                return [Mention(head.text, head.idx, head.idx + len(head), m.actor) for m in group]
        return []


CLOSING = {")": "(", "]": "["}
# Prepositions that start a circumstance (time, occasion, place) rather than part of a name.
CIRCUMSTANCE = {"during", "on", "at", "near", "after", "before", "since", "amid", "following",
                "throughout", "over", "as", "including"}
RESULT_ADJECTIVES = {"dead", "free", "loose", "unconscious", "alive"}
TIME_ADVERBS = {"earlier", "later", "ago", "meanwhile", "recently", "previously", "also", "then"}
MANNER_NOUNS = {"reaction", "response", "retaliation", "return", "turn", "protest", "solidarity"}
# people whose "in <city>" says where they are, not who they are ("the Chinese ambassador in Berlin")
PERSON_TITLES = {"ambassador", "ambassadors", "envoy", "envoys", "diplomat", "diplomats", "president",
                 "minister", "chancellor", "counterpart", "counterparts", "charge", "affaires", "premier"}


PAIRED_CONJUNCTIONS = {"both", "either", "neither"}


def argument_span(token: Token) -> tuple[int, int]:
    """Character offsets of the phrase headed by `token`: its modifiers and
    prepositional phrases, without coordinated siblings or trailing clauses."""
    cut = {"conj", "cc", "relcl", "acl", "advcl", "punct", "parataxis"}
    left, right = token.i, token.i
    for child in token.children:
        if child.dep_ in cut and child.i > token.i:
            continue
        if child.dep_ in ("npadvmod", "advmod") and child.i < token.i:
            continue  # "Hours earlier Maduro expelled…": the time is not part of the actor
        if child.i < token.i and child.lower_ in PAIRED_CONJUNCTIONS and \
                any(c.dep_ == "conj" for c in token.children):
            continue  # "both India and Pakistan": each conjunct is its own actor's phrase
        if child.i < token.i and child.dep_ in ("amod", "advmod", "acomp") and child.lower_ in RESULT_ADJECTIVES \
                and child.i == child.left_edge.i and token.dep_ in ("dobj", "nsubjpass"):
            continue  # "shot dead two gunmen", "let free the activists": the result, not the people
        if child.i < token.i and (child.lower_ in TIME_ADVERBS or child.ent_type_ in ("DATE", "TIME")
                                  and child.dep_ in ("amod", "npadvmod", "advmod")):
            continue  # the same, parsed as a modifier of the name
        if child.dep_ in ("npadvmod", "tmod") and child.i > token.i and child.ent_type_ in ("DATE", "TIME"):
            continue  # "U.S. airstrikes this month"
        if child.dep_ == "prep" and child.i > token.i and child.lower_ == "in" and any(
                g.lemma_.lower() in MANNER_NOUNS for g in child.children):
            continue  # "the gunmen in reaction", "troops in response"
        if child.dep_ == "prep" and child.i > token.i and any(
                g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue  # "IDF troops on Sunday": the time is not part of the actor
        if child.dep_ == "prep" and child.i > token.i and child.lower_ in CIRCUMSTANCE:
            continue  # "the Foreign Office during a weekly briefing": not part of the actor
        if child.dep_ == "prep" and child.i > token.i and child.lower_ == "in" and \
                (token.ent_type_ == "PERSON" or token.lower_ in PERSON_TITLES) and \
                any(g.ent_type_ in ("GPE", "LOC") for g in child.children):
            continue  # "the Chinese ambassador in Berlin", "Trump in Washington"
        if child.dep_ == "appos" and child.i > token.i and token.ent_type_ in ("GPE", "LOC"):
            continue  # "Hodeidah, a major flashpoint": the place, not its description
        if child.dep_ == "appos" and child.left_edge.i > right + 2:
            continue  # an apposition far from its head is a parse error ("…, his second trip")
        left = min(left, child.left_edge.i)
        right = max(right, child.right_edge.i)
    doc = token.doc
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > token.i and (doc[right].is_punct or doc[right].dep_ == "cc"):
        right -= 1
    # "a ban on imports of beef that was imposed in 1990": a relative clause deeper in the
    # phrase ends it, as one on the head does
    for i in range(token.i + 1, right + 1):
        if doc[i].dep_ == "relcl" and doc[i].left_edge.i > token.i:
            right = doc[i].left_edge.i - 1
            while right > token.i and (doc[right].is_punct or doc[right].dep_ == "cc"):
                right -= 1
            break
    # "in Calais Sunday", "in Madhya Pradesh on Tuesday": a trailing time is not part of it
    end = right
    while end > token.i and doc[end].ent_type_ in ("DATE", "TIME") and doc[end].ent_iob_ != "O":
        end -= 1
    if end < right:
        while end > token.i and (doc[end].dep_ == "prep" or doc[end].is_punct):
            end -= 1
        right = end
    # "The Committee to Protect Journalists": a name the NER holds together stays whole
    ent = entity_of(token)
    ent = ent if ent is not None and ent.label_ in ("ORG", "PERSON") else None
    if ent is not None and left <= ent.start <= token.i and ent.end - 1 > right:
        right = ent.end - 1
    # "The EU's foreign policy chief Javier Solana urged …", parsed as two subjects: the
    # name that follows the title at once belongs to the phrase
    if token.dep_ == "nsubj":
        name = next((c for c in token.head.children if c.dep_ == "nsubj" and c.i > token.i
                     and c.left_edge.i == right + 1 and c.ent_type_ == "PERSON"), None)
        if name is not None:
            right = name.i
    # "the Nigerian Air Force (NAF)": keep the bracket that closes one opened inside
    after = right + 1
    if after < len(doc) and doc[after].text in CLOSING and \
            any(doc[i].text == CLOSING[doc[after].text] for i in range(left, right + 1)):
        right = after
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def conjuncts(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(conjuncts(child))
    return out
