"""Assemble events for one Doc: predicates, roles, actors, coding, status.

Output is a list of plain dicts in the shape of `Event.to_json()` so that it
survives multiprocessing; `faultlines.extract` turns them into `Event` records.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from faultlines.nlp.sentences import entities_in, sentence_of
from faultlines.actors import ActorKB
from dataclasses import replace

from faultlines.model import Actor, Attribution, Event, Location, Mention, Stance, Status
from faultlines.nlp import dates
from faultlines.nlp.geocode import PLACE_PREPS, place_of, sentence_countries
from faultlines.nlp.comments import find_comments
from faultlines.nlp.lexicon import Lexicon, Predicate, load_lexicon
from faultlines.nlp.modality import Modality, analyse, report_subject
from faultlines.nlp.resolve import DocContext, Resolver
from faultlines.nlp.roles import (FRAME_NOUNS, SPEECH_VERBS, accused_of, agent_of, find_predicates, is_time,
                                  prep_objects, roles_for, sense_for, subject_of)
from faultlines.ontology import load_ontology

MAX_SENTENCE_TOKENS = 300
RECIPROCAL_TYPES = {"CONSULT", "COOPERATE", "AGREE"}
NAMED_KINDS = {"person", "organisation", "named"}  # named entities the KB does not know
# Verbs whose infinitive complement is not an event of its own: the verb is.
GOVERNING = {"agree", "pledge", "promise", "offer", "vow", "commit", "threaten", "refuse",
             "decline", "reject", "propose", "undertake", "demand", "urge", "ask", "call",
             "plead", "appeal", "warn", "press", "push", "seek", "decide",
             "ready", "willing", "prepared", "eager"}
EASING_VERBS = {"lift", "ease", "reduce", "roll", "remove", "relax", "scrap", "drop", "waive",
                "end", "loosen", "cancel", "rescind", "revoke", "withdraw", "call", "cut", "lower", "slash",
                "repeal"}
# ending a curfew or a state of emergency has its own CAMEO codes
EASED = {"1723": "0813", "1724": "0814"}
CUTTING_VERBS = {"reduce", "cut", "suspend", "halt", "freeze", "end", "stop", "withdraw", "cancel",
                 "postpone", "scrap", "slash", "terminate", "curtail", "call"}
# "X said Y must/should …": a demand, or an appeal
DEMAND_MODALS = {"must": "100", "should": "020"}
REQUESTING = {"demand", "urge", "ask", "call", "insist", "press", "request", "appeal", "plead"}
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
REFUSAL_CODES = {"RETREAT": "124", "CONCEDE": "124", "AID": "122", "COOPERATE": "121",
                 "CONSULT": "125", "AGREE": "125", "SUPPORT": "120"}
SYMMETRIC = {"exchange", "clash", "fighting", "fight", "skirmish", "battle", "war"}
# types whose object is the place or thing hit: its whole phrase is the target's phrase
WIDE_TARGET_TYPES = {"ASSAULT"}
# "X said the government will …": the speaker commits their own side
OWN_SIDE = {"government", "country", "fighter", "group", "military", "army", "administration",
            "authority", "force", "movement", "party", "state", "regime", "ministry"}


class EventBuilder:
    def __init__(self, kb: ActorKB, doc: Doc, doc_date: str | None, outlet: str | None,
                 country: str | None = None, lex: Lexicon | None = None):
        self.kb, self.doc, self.date, self.outlet = kb, doc, doc_date, outlet
        self.text = doc.text  # once: Doc.text joins every token on each call
        self.lex: Lexicon = lex or load_lexicon()
        self.onto = load_ontology()
        self.ctx = DocContext(date=doc_date, country=country)
        self.resolver = Resolver(kb, doc, self.ctx)
        # per sentence, by (start, end), asked again for each of its predicates and events
        self.entities: dict[tuple[int, int], list[Span]] = {}  # see dates_in
        self.countries: dict[tuple[int, int], list[str]] = {}  # see place

    def build(self) -> list[dict]:
        return [e.to_json() for e in self.build_events()]

    def build_events(self) -> list[Event]:
        events: list[Event] = []
        stances: list[tuple[Event, Modality, Mention | None]] = []
        self.errors: list[str] = []
        for index, sent in enumerate(self.doc.sents):
            if len(sent) > MAX_SENTENCE_TOKENS:
                continue  # a run-on "sentence" (tables, lists): parse is meaningless
            try:
                for event, mod, claimant in self.sentence_events(sent, index):
                    if mod.stance_only or (event.source is None and event.target is None):
                        stances.append((event, mod, claimant))
                    else:
                        events.append(event)
                self.resolver.remember_subjects(self.resolver.mentions(root_subject(sent)))
            except Exception as exc:  # one odd sentence must not cost the document
                self.errors.append(f"sentence {index}: {type(exc).__name__}: {exc}")
        events = attach_stances(events, stances)
        return dedupe(events)

    # -- one sentence -------------------------------------------------------
    def sentence_events(self, sent: Span, index: int):
        plain = [t for t in sent if t.i not in self.resolver.matches]  # "Arab League" is not football
        words = {t.lower_ for t in plain} | {t.lemma_.lower() for t in plain}
        lowered = " ".join(t.text for t in plain).lower()
        if words & self.lex.discards or any(" " in d and d in lowered for d in self.lex.discards):
            return  # sport, entertainment
        acts, companies = self.lex.business_pairs
        if words & acts and words & companies:
            return  # "agreed to acquire U.S. drugmaker Catalent": company news
        for token, sense in find_predicates(sent, self.lex):
            yield from self.code_predicate(sent, index, token, sense)
        yield from self.characterisations(sent, index)
        yield from self.demands(sent, index)
        if self.doc._.fl_comments:
            yield from self.comments(sent, index)

    def comments(self, sent: Span, index: int):
        """CAMEO 01 comments (opt-in): "expressed concern about X", "declined to comment"."""
        for found in find_comments(sent):
            mod = analyse(found.anchor, self.lex, self.sentence_text(sent))
            if mod.negated and found.cameo != "011":
                continue
            if found.cameo == "011":  # "declined to comment" is the comment itself
                mod = Modality()
            sources = self.resolver.mentions(found.source)
            if not sources or not is_actor(sources[0].actor):
                continue  # a comment by no one we can name is not worth a record
            targets = self.resolver.mentions(found.target, conj=False)[:1]
            source = sources[0]
            target = targets[0] if targets and not same_actor(source, targets[0]) else None
            sense = Predicate(found.trigger.lemma_.lower(), "verb", found.cameo)
            event = self.event(sent, index, found.anchor, found.cameo, "COMMENT", None, source, target,
                               mod, self.claimant(mod), None, None, sense)
            yield replace(event, trigger=found.trigger.text, trigger_start=found.trigger.idx), mod, None

    def code_predicate(self, sent: Span, index: int, token: Token, sense: Predicate):
        if self.governed(token):
            return  # "agreed to lend", "threatened to annex": the governing verb is the event
        if accused_of(token) is not None:
            return  # "accused Cambodian troops of firing": the accusation is the event, not a Thai attack
        if sense.pos == "verb" and self.demand_parts(token) is not None:
            return  # "said Russia must withdraw": the demand is the event, the withdrawal has not happened
        if sense.pos == "verb" and self.eases_a_noun(token, sense):
            return  # "sanctions were lifted": the eased noun carries the event
        if sense.cameo[:2] == "07" and self.sent_to_investigate(token):
            return  # "sent experts to investigate the attacks": the investigation is the event
        roles = roles_for(token, sense)
        sense, roles = self.eased(token, sense, roles)
        trigger = roles.eased_by or token  # "lifted the sanctions": the lifting is the act
        mod = analyse(token, self.lex, self.sentence_text(sent))
        # "will not lift the embargo", "failed to reach a deal", "declined to resign"
        cannot = mod.negated and any(c.dep_ == "aux" and c.lower_ in ("can", "ca") for c in token.children)
        refusal = (mod.negated and mod.status is Status.PLANNED or mod.refused or cannot) \
            and sense.cameo[:2] in COOPERATIVE_ROOTS
        if mod.negated and mod.status not in (Status.DENIED,) and not mod.stance_only and not refusal:
            return
        if roles.source is not None and any(t.lower_ in self.lex.cue("natural_forces")
                                            for t in roles.source.subtree):
            return  # "floods cut off towns", "Hurricane Otis slammed into the coast"
        sources = self.resolver.mentions(roles.source, conj=not roles.source_alone)
        speaker = self.announcer(token, roles.source, mod)
        if speaker:
            sources = speaker
        if not sources and roles.instrument is not None and sense.cameo.startswith("07"):
            owners = [c for c in roles.instrument.children if c.dep_ in ("amod", "poss", "compound")]
            sources = [m for c in owners for m in self.resolver.mentions(c) if m.actor.kind == "state"][:1]
        if not sources and sense.pos == "verb":
            sources = self.source_of_means(token)
        targets = self.resolver.mentions(roles.target)
        if not any(is_actor(m.actor) and not same_actor(sources[0] if sources else None, m) for m in targets):
            better = self.object_owner(token, sense, roles, sources)
            if better:
                targets = better
        if sense.cameo.startswith("09") and not any(is_actor(m.actor) for m in targets):
            targets = self.inquiry_destination(token) or targets
        implied = self.implied_target(token)
        if implied and not targets:
            targets = implied
            if mod.status is Status.ASSERTED:
                mod.status, mod.cue = Status.REPORTED, token.head.text
        instrument = phrase_text(roles.instrument) if roles.instrument is not None else None
        category = self.lex.instrument_category(instrument) if instrument else None
        if category is None and sense.pos == "noun":  # "military support", "arms shipments"
            mods = [c.text for c in token.lefts if c.dep_ in ("amod", "compound")]
            category = self.lex.instrument_category(" ".join([*mods, token.text]))
        self._compounds = {c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")}
        cameo, event_type, mode = self.coding(sense, category, sources)
        if refusal:
            # "will not lift the embargo": an announced refusal is itself an act (REJECT)
            cameo = REFUSAL_CODES.get(event_type, "120")
            event_type, mode = self.onto.plover_of(cameo)
            mod.status, mod.negated = Status.ASSERTED, False
            if mod.claimant is None:
                mod.cue = None
        if event_type is None:
            return
        claimant = self.claimant(mod)
        location = self.location(token, roles)
        people = any(t.actor.kind != "place" and roles.target is not None
                     and roles.target.lemma_.lower() in self.lex.cue("people_nouns") for t in targets)
        if not any(t and is_actor(t.actor) for t in targets) and location is not None and location.country \
                and not people and (event_type in ("ASSAULT", "MOBILIZE", "COERCE", "PROTEST")
                                    or (event_type in ("CONCEDE", "RETREAT", "AID") and not targets)):
            # "deployed police across Islamabad", "massed troops near Ukraine's borders",
            # "lifted the state of emergency in South Sudan", "aid in northern Iraq"
            country = self.kb.entities.get(location.country)
            if country is not None:
                start = self.text.find(location.name, sent.start_char, sent.end_char)
                start, end = (start, start + len(location.name)) if start >= 0 else (0, 0)
                targets = [Mention(location.name, start, end, country, start, end)]
        if event_type in WIDE_TARGET_TYPES and roles.target is not None:
            targets = self.named_inside(roles.target, targets)
        if cameo[:3] in ("172", "081"):
            targets = self.restricted_place(token, roles, targets)
        if (cameo[:2] in ("11", "13") or cameo == "116") and roles.target is not None:
            targets = self.without_charge(roles.target, targets)
        if not targets and event_type == "PROTEST" and sources and sources[0].actor.country:
            c = sources[0].actor.country  # domestic protest: against the government
            targets = [Mention(self.kb.entities[c].name, 0, 0,
                               Actor(f"{c}.GOV", f"{c} government", "state", c, "GOV"))] \
                if c in self.kb.entities else []
        pairs = [(s, None if same_actor(s, t) else t) for s in sources or [None] for t in targets or [None]]
        if not targets and len(sources) == 2 and (event_type in RECIPROCAL_TYPES or sense.lemma in SYMMETRIC):
            # "their cooperation", "Indian and Pakistani troops exchanged fire": both ways
            pairs = [(sources[0], sources[1]), (sources[1], sources[0])]
        for source, target in pairs:
            if not self.plausible(source, target, mod, sense.pos == "noun"):
                continue
            event = self.event(sent, index, trigger, cameo, event_type, mode, source, target,
                               mod, claimant, instrument, category, sense)
            yield replace(event, location=location), mod, claimant

    def coding(self, sense: Predicate, category, sources=()) -> tuple[str, str | None, str | None]:
        cameo = sense.cameo
        if sense.lemma == "strike" and "hunger" in self._compounds:
            return "142", "PROTEST", "hunger"
        if cameo[:2] in ("18", "19") and self._compounds & {"cyber", "cyberspace", "digital"}:
            cameo = "176"  # "cyber warfare", "cyber attacks"
        if cameo == "150" and ("joint" in self._compounds or len({m.actor.key for m in sources}) > 1):
            cameo = "062"  # joint exercises are military cooperation, not a show of force
        if cameo[:2] in ("18", "19") and any(m.actor.sector == "CVL" for m in sources):
            cameo = "143" if sense.lemma == "strike" else "145"  # workers strike, crowds storm
        elif sense.lemma in ("block", "blockade") and any(m.actor.sector == "CVL" for m in sources):
            cameo = "144"  # protesters blocking roads: obstruction
        if category is not None and category.cameo and cameo[:2] in ("07", "06") and len(cameo) == 3 \
                and cameo.endswith("0"):
            cameo = category.cameo
        event_type, mode = self.onto.plover_of(cameo)
        if sense.mode:
            mode = sense.mode
        elif category is not None and event_type in ("AID", "COOPERATE", "AGREE", "REQUEST"):
            mode = category.mode
        return cameo, event_type, mode

    def eased(self, token: Token, sense: Predicate, roles):
        """Acts done to another act: "lifted the embargo" (ending a sanction is a
        concession, CAMEO 085/081), "cut aid to Argentina" (ending aid is a sanction,
        162), "cancelled a planned visit" (a rejection, 125). The act's source is
        whoever does the ending."""
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in FRAME_NOUNS:
            token = token.head.head  # "lifted the state of emergency"
        if token.dep_ == "compound" and token.head.pos_ == "NOUN":
            token = token.head  # "eased curfew hours", "lifted the arms embargo regime"
        head = token.head
        if sense.pos != "noun" or token.dep_ not in ("dobj", "nsubjpass", "npadvmod"):
            return sense, roles  # npadvmod: the small model's parse of "eased curfew hours"
        verb = head.lemma_.lower()
        plover_type, _ = self.onto.plover_of(sense.cameo)
        if verb in EASING_VERBS and plover_type in ("SANCTION", "COERCE", "PROTEST"):
            cameo = "085" if plover_type == "SANCTION" else "082" if plover_type == "PROTEST" \
                else EASED.get(sense.cameo, "081")
        elif verb in CUTTING_VERBS and plover_type in ("AID", "COOPERATE"):
            cameo = "162"
        elif verb in CUTTING_VERBS and plover_type in ("CONSULT", "AGREE"):
            cameo = "125"
        else:
            return sense, roles
        owner = roles.source
        roles.eased_by = head
        roles.source = subject_of(head) if token.dep_ != "nsubjpass" else (agent_of(head) or owner)
        if roles.target is None:  # "cut tariffs on Chinese goods" with "on" hanging on the verb,
            # "lifted sanctions imposed on Eritrea"
            objs = prep_objects(head, ("on", "against", "for", "with", "to")) or \
                [o for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"
                 for o in prep_objects(c, ("on", "against", "for", "with", "to"))] or \
                [o for o in prep_objects(head, ("in",)) + prep_objects(token, ("in",))
                 if o.ent_type_ in ("GPE", "LOC") or o.i in self.resolver.matches]  # "aid deliveries in Nigeria"
            roles.target = objs[0] if objs else None
        return replace(sense, cameo=cameo), roles

    def inquiry_destination(self, token: Token) -> list[Mention]:
        """"sent a team to Detroit to investigate a collision": where the inquiry is sent."""
        if token.dep_ not in ("xcomp", "advcl", "acl", "relcl"):
            return []
        sender = token.head.head if token.dep_ in ("acl", "relcl") and token.head.dep_ == "dobj" else token.head
        if sender.lemma_.lower() not in self.lex.cue("sending_verbs"):
            return []
        envoys = [c for c in sender.children if c.dep_ == "dobj"]  # "a team to Detroit"
        return [m for h in [sender, *envoys] for p in prep_objects(h, ("to",))
                for m in self.resolver.mentions(p)][:1]

    def eases_a_noun(self, token: Token, sense: Predicate) -> bool:
        """Whether the verb lifts, eases or cuts a measure coded as a noun event of its own:
        "lifted sanctions" (085), "suspended military aid" (162). A phrasal sense of its own
        ("cut off electricity supplies to Gaza") stays the verb's."""
        lemma = token.lemma_.lower()
        if sense.particle or lemma not in EASING_VERBS | CUTTING_VERBS:
            return False
        wanted = ({"SANCTION", "COERCE", "PROTEST"} if lemma in EASING_VERBS else set()) | \
            ({"AID", "COOPERATE", "CONSULT", "AGREE"} if lemma in CUTTING_VERBS else set())
        for child in token.children:
            if child.dep_ not in ("dobj", "nsubjpass"):
                continue
            # "eased curfew hours", "suspended aid deliveries": the measure may be a compound
            for noun in [child, *(c for c in child.children if c.dep_ == "compound")]:
                noun_sense = sense_for(noun, self.lex)
                if noun_sense is not None and noun_sense.pos == "noun" and \
                        self.onto.plover_of(noun_sense.cameo)[0] in wanted:
                    return True
        return False

    def sent_to_investigate(self, token: Token) -> bool:
        purposes = [c for c in token.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"]
        purposes += [g for c in token.children if c.dep_ == "dobj" for g in c.children
                     if g.dep_ in ("acl", "relcl") and g.pos_ == "VERB"]  # "sent a team to investigate"
        return any((sense := sense_for(p, self.lex)) is not None and sense.cameo[:2] == "09"
                   for p in purposes)

    def governed(self, token: Token) -> bool:
        """Under "agreed to", "threatened to" (also through a light verb: "threatened
        to impose tariffs")?"""
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj" and token.head.dep_ == "xcomp":
            token = token.head
        head = token.head
        if token.dep_ == "ccomp" and head.lemma_.lower() in REQUESTING and head is not token:
            return sense_for(head, self.lex) is not None  # "demanded that X release"
        if token.dep_ not in ("xcomp",) or head is token or head.lemma_.lower() not in GOVERNING:
            return False
        return sense_for(head, self.lex) is not None

    def plausible(self, source: Mention | None, target: Mention | None, mod: Modality,
                  noun: bool = False) -> bool:
        actors = [m.actor for m in (source, target) if m is not None]
        if not actors:
            return mod.stance_only or mod.status in (Status.UNCONFIRMED, Status.DENIED)
        if not any(is_actor(a) for a in actors):
            return mod.stance_only  # "floods killed 12 people": no political actor
        if source is not None and not is_actor(source.actor):
            return False  # "an earthquake struck Morocco": the source is a thing, not an actor
        if noun and (source is None or not is_actor(source.actor)) and not mod.stance_only:
            return False  # "sanctions on Iran" with no one imposing them: a topic, not an act
        return True

    def implied_target(self, token: Token) -> list[Mention]:
        """"defying warnings from the U.S." → the warning was aimed at the defier."""
        head = token.head
        if token.dep_ in ("dobj", "pobj") and head.lemma_.lower() in self.lex.cue("defiance_verbs"):
            return self.resolver.mentions(subject_of(head))
        return []

    def claimant(self, mod: Modality) -> Attribution | None:
        if mod.claimant is None:
            if mod.status is Status.REPORTED and mod.cue and self.outlet:
                return Attribution(self.outlet_mention(), mod.cue)
            return None
        found = self.resolver.mentions(mod.claimant)
        if found:
            mention = found[0]
        else:
            tok = mod.claimant
            mention = Mention(phrase_text(tok), tok.idx, tok.idx + len(tok.text),
                              Actor(None, phrase_text(tok), "unknown"))
        outlet = None
        if mod.outlet is not None:
            outs = self.resolver.mentions(mod.outlet)
            outlet = outs[0] if outs else None
        return Attribution(mention, mod.cue or "", outlet)

    def outlet_mention(self) -> Mention:
        """The document's outlet as an actor, through the KB when it knows the name."""
        terms = [t for t in self.kb.lookup(self.outlet or "") if t.code in self.kb.entities]
        actor = self.kb.entities[terms[0].code] if terms else Actor(None, self.outlet, "media", None, "MED")
        return Mention(self.outlet or "", 0, 0, actor)

    def event(self, sent: Span, index: int, token: Token, cameo: str, event_type: str,
              mode: str | None, source: Mention | None, target: Mention | None, mod: Modality,
              claimant: Attribution | None, instrument: str | None, category,
              sense: Predicate) -> Event:
        record = self.onto.code(cameo)
        status = mod.status
        if status is not Status.ASSERTED and claimant is None and status is Status.REPORTED:
            status = Status.REPORTED
        confidence = (0.9 if sense.pos == "verb" else 0.75)
        confidence *= 1.0 if (source and target) else 0.8
        if any(m and m.actor.code is None for m in (source, target)):
            confidence *= 0.85
        text = self.sentence_text(sent)
        lead = len(text) - len(text.lstrip())
        source, target = self.as_phrase(source), self.as_phrase(target)
        return Event(
            doc_id=str(self.doc._.fl_doc_id or ""),
            sentence=text.strip(),
            sentence_index=index,
            sentence_start=sent.start_char + lead,
            trigger=token.text,
            trigger_start=token.idx,
            event_type=event_type,
            mode=mode,
            cameo=cameo,
            quad_class=record.quad_class if event_type == "COMMENT" else self.onto.quad_of_type(event_type),
            goldstein=record.goldstein,
            source=source,
            target=target,
            status=status,
            attributed_to=claimant if status is not Status.ASSERTED else None,
            instrument=instrument,
            instrument_category=category.name if category else None,
            date=self.event_date(sent, token, future=status is Status.PLANNED),
            confidence=confidence,
            trigger_depth=sum(1 for a in token.ancestors if a.i >= sent.start),
        )

    def as_phrase(self, mention: Mention | None) -> Mention | None:
        """The mention as the whole phrase it stands in ("Russia's Supreme Court", not
        "Supreme Court"): what a reader, an annotator and the contract's `text` mean by the
        source or target. The name alone is the actor's `name`."""
        if mention is None or mention.phrase_start is None or mention.phrase_end is None \
                or mention.phrase_end <= mention.phrase_start:
            return mention
        return replace(mention, text=self.text[mention.phrase_start:mention.phrase_end],
                       start_char=mention.phrase_start, end_char=mention.phrase_end)

    def event_date(self, sent: Span, token: Token, future: bool = False) -> str | None:
        # the act's own verb: the trigger, or the verb an eventive noun is the object of
        own_verb = governing_verb(token) if token.pos_ != "VERB" else None
        acts = {token.i} | ({own_verb.i} if own_verb is not None else set())
        for ent in self.dates_in(sent):
            if ent.label_ == "DATE":
                verb = governing_verb(ent.root)
                if dates.is_coarse(ent.text) and verb is not None and verb.i not in acts:
                    continue  # "accused X of killing civilians in 2022": the year dates the killing
                found = dates.resolve(ent.text, self.date, future)
                if found:
                    return found
        return self.date

    def sentence_text(self, sent: Span) -> str:
        """`sent.text`, sliced from the Doc's text (Span.text joins its tokens on each call)."""
        return self.text[sent.start_char:sent.end_char]

    def dates_in(self, sent: Span) -> list[Span]:
        """The sentence's entities (`entities_in`), found once per sentence rather than
        once per event: every event of a sentence looks for its date among them."""
        key = (sent.start, sent.end)
        if key not in self.entities:
            self.entities[key] = entities_in(sent)
        return self.entities[key]

    def announcer(self, token: Token, subject: Token | None, mod: Modality) -> list[Mention]:
        """"Taliban leaders said the fighters will lay down their arms", "the spokesman said
        the government will not lift the ban": an announced act of one's own side is the
        announcer's commitment (CAMEO codes the speaker)."""
        if subject is None or mod.status is not Status.PLANNED or subject.lemma_.lower() not in OWN_SIDE:
            return []
        if not any(c.lower_ in ("the", "his", "her", "its", "their", "our") for c in subject.lefts):
            return []
        clause = token if token.pos_ in ("VERB", "AUX") else token.head
        while clause.dep_ in ("xcomp", "conj") and clause.head is not clause:
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH_VERBS:
            return []
        speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if speaker is None or speaker.pos_ == "PRON":
            return []
        return [m for m in self.resolver.mentions(speaker) if is_actor(m.actor)]

    def source_of_means(self, token: Token) -> list[Mention]:
        """"12 people were killed in an air strike carried out by the Iraqi air force": a
        verb with no agent of its own takes the source of the act it happened in."""
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "by")):
            for noun in (g for g in prep.children if g.dep_ == "pobj"):
                sense = sense_for(noun, self.lex)
                if sense is None or sense.pos != "noun":
                    continue
                found = [m for m in self.resolver.mentions(roles_for(noun, sense).source) if is_actor(m.actor)]
                if found:
                    return found
        return []

    def demand_parts(self, token: Token):
        """(modal, speakers, addressees, modality) when `token` is the act demanded in
        "X said Y must/should <act>", else None."""
        if token.dep_ != "ccomp":  # asked of every token: the cheap test first
            return None
        modal = next((c for c in token.children if c.dep_ == "aux" and c.lower_ in DEMAND_MODALS), None)
        if modal is None or token.head.pos_ != "VERB" \
                or token.head.lemma_.lower() not in self.lex.cue("report_verbs"):
            return None
        addressee = next((c for c in token.children if c.dep_ == "nsubj"), None)
        sources = [m for m in self.resolver.mentions(report_subject(token.head)) if is_actor(m.actor)]
        targets = [m for m in self.resolver.mentions(addressee) if m.actor.key]
        mod = analyse(token.head, self.lex, self.sentence_text(sentence_of(token)))
        if not sources or not targets or mod.negated:
            return None
        return modal, sources, targets, mod

    def demands(self, sent: Span, index: int):
        """"Washington said Kyiv must hold elections" → a demand (CAMEO 100) of the speaker
        on the subject of the clause; with "should", an appeal (020). The demanded act
        itself has not happened and is not coded (see code_predicate)."""
        for token in sent:
            parts = self.demand_parts(token)
            if parts is None:
                continue
            modal, sources, targets, mod = parts
            cameo = DEMAND_MODALS[modal.lower_]
            event_type, mode = self.onto.plover_of(cameo)
            sense = Predicate(lemma=modal.lower_, pos="verb", cameo=cameo)
            for source in sources:
                for target in targets:
                    if source.actor.key != target.actor.key:
                        yield self.event(sent, index, modal, cameo, event_type, mode, source, target, mod,
                                         self.claimant(mod), None, None, sense), mod, None

    def characterisations(self, sent: Span, index: int):
        """"described Russia's tactics as involving sabotage" → ACCUSE."""
        verbs = self.lex.cue("characterise_verbs")
        nouns = self.lex.cue("accusation_nouns")
        for token in sent:
            if token.pos_ != "VERB" or token.lemma_.lower() not in verbs:
                continue
            as_phrase = [c for c in token.children if c.dep_ in ("prep", "oprd", "xcomp", "ccomp")
                         and (c.lower_ == "as" or c.dep_ != "prep")]
            words = {t.lemma_.lower() for c in as_phrase for t in c.subtree}
            if not words & nouns:
                continue
            obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None and obj.tag_ in ("WDT", "WP") and token.dep_ == "relcl":
                obj = token.head
            targets = self.owner_of(obj)
            sources = self.resolver.mentions(subject_of(token))
            if not targets or not sources:
                continue
            mod = analyse(token, self.lex, self.sentence_text(sent))
            if mod.negated:
                continue
            sense = Predicate(lemma=token.lemma_.lower(), pos="verb", cameo="112")
            for source in sources:
                for target in targets:
                    if self.plausible(source, target, mod):
                        yield self.event(sent, index, token, "112", "ACCUSE", "allege", source,
                                         target, mod, self.claimant(mod), None, None, sense), mod, None

    def location(self, token: Token, roles) -> Location | None:
        """Where the text says it happened: "in/near/across X" on the predicate or its object."""
        heads = [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        for head in heads:
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is None or pobj.ent_type_ not in ("GPE", "LOC", "FAC", ""):
                    continue
                place = self.place(pobj)
                if place is not None:
                    return place
        return None

    def place(self, pobj: Token) -> Location | None:
        """A country (from the KB), its capital, or a city (from the gazetteer)."""
        sent = sentence_of(pobj)  # not pobj.sent, which walks the Doc's sentences from the start
        key = (sent.start, sent.end)
        if key not in self.countries:  # once per sentence, not per place
            self.countries[key] = sentence_countries(sent, self.resolver.matches, self.kb)
        hints = self.countries[key] + [self.ctx.country]
        return place_of(pobj, self.resolver.matches, self.kb, hints)

    def without_charge(self, obj: Token, targets: list[Mention]) -> list[Mention]:
        """"accused Baku of ethnic cleansing", "convicted a tourist of espionage", "blamed the
        vessels for damaging cables": the charge is the verb's, not part of who is charged."""
        cut = next((c for c in obj.children if c.i > obj.i and (
            (c.dep_ == "prep" and c.lower_ in ("of", "for")) or (c.dep_ == "amod" and c.lower_ == "guilty"))), None)
        if cut is None:
            return targets
        end = self.doc[cut.i - 1].idx + len(self.doc[cut.i - 1].text)
        return [replace(m, phrase_end=end) if m.phrase_end is not None and m.phrase_start is not None
                and m.phrase_start < end < m.phrase_end else m for m in targets]

    def restricted_place(self, token: Token, roles, targets: list[Mention]) -> list[Mention]:
        """"declared a state of emergency in Colombia", "imposed a curfew in parts of
        Ahmedabad": the target is the place the measure covers, named by its own phrase."""
        heads = [h for h in (roles.target, token) if h is not None]
        if token.dep_ == "pobj" and token.head.lower_ == "of":
            heads.append(token.head.head)  # "the state of emergency in Amhara"
        if roles.eased_by is not None:
            heads.append(roles.eased_by)
        places = [p for h in heads for p in prep_objects(h, ("in",)) if not is_time(p)]
        if not places:
            return targets
        start, end = self.resolver.span(places[0])
        inside = [replace(m, phrase_start=start, phrase_end=end) for m in targets
                  if start <= m.start_char and m.end_char <= end and m.end_char > m.start_char]
        if inside:
            return inside
        named = self.resolver.mentions(places[0])[:1]
        if named and named[0].actor.key or not any(m.actor.key for m in targets):
            return named or targets  # "in the Amhara region": named, even if unknown
        return targets

    def named_inside(self, obj: Token, targets: list[Mention]) -> list[Mention]:
        """"stormed a police headquarters in eastern Afghanistan": the target is AFG, and
        the phrase that names it is the whole object, the place attacked."""
        if any(is_actor(m.actor) for m in self.resolver.mentions(obj, conj=False)):
            return targets
        start, end = self.resolver.span(obj)
        return [replace(m, phrase_start=start, phrase_end=end)
                if m.start_char >= start and m.end_char <= end and m.end_char > m.start_char else m
                for m in targets]

    def object_owner(self, token: Token, sense: Predicate, roles, sources) -> list[Mention]:
        """When the object is a thing, its owner is the target: "vetoed a Security Council
        resolution", "blocked Sweden's bid", "recalled its ambassador to Kenya",
        "threatened to impose tariffs on Colombia"."""
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if roles.target is not None and roles.target not in objects:
            objects.insert(0, roles.target)
        for xcomp in (c for c in token.children if c.dep_ == "xcomp"):
            objects += [c for c in xcomp.children if c.dep_ in ("dobj",)]
        source_keys = {m.actor.key for m in sources}

        def wanted(m: Mention) -> bool:  # a known actor, or a named one the KB lacks ("Ehud Olmert")
            return (m.actor.key is not None and m.actor.key not in source_keys) or \
                (m.actor.key is None and m.actor.kind in NAMED_KINDS)

        purposes: list[Token] = []
        if sense.object == "theme" or sense.cameo.startswith("07"):
            # "gave €5 million to help Haiti", "donated ventilators to assist Ethiopia"
            for purpose in (c for c in token.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"
                            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)):
                purposes += [c for c in purpose.children if c.dep_ == "dobj"]
                purposes += [t for t in purpose.subtree if t.dep_ == "pobj" and t.head.lower_ == "in"]
            objects += purposes
        if sense.object == "theme":  # "provided €3.5 million in humanitarian funding to Lebanon"
            objects += [t for obj in list(objects) for t in obj.subtree
                        if t is not obj and t.pos_ in ("NOUN", "PROPN") and t.dep_ == "pobj" and t.head.lower_ == "in"]
        preps = ("to", "on", "against", "from", "in", "by", "for", "with")
        for obj in objects:
            direct = [m for m in self.resolver.mentions(obj) if m.actor.key and m.actor.key not in source_keys]
            if direct and obj in purposes:
                return direct
            # "a travel ban imposed on Chadian citizens": also through a participle
            # "weapons they seized from the army": and through a relative clause
            heads = [obj, *(c for c in obj.children if (c.dep_ == "acl" and c.tag_ == "VBN") or c.dep_ == "relcl")]
            for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in preps):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is None or is_time(pobj):
                    continue  # "held captive on Monday"
                found = [m for m in self.resolver.mentions(pobj) if wanted(m)]
                if found:
                    return found
            found = [m for m in self.owner_of(obj) if m.actor.key and m.actor.key not in source_keys]
            if found:
                # "defended China's expansion of the reefs": the phrase is the owner's thing
                start, end = self.resolver.span(obj)
                owner = next((c for c in obj.children if c.dep_ == "poss"), None)
                if owner is not None and any(m.start_char >= start and m.end_char <= owner.right_edge.idx
                                             + len(owner.right_edge.text) for m in found):
                    found = [replace(m, phrase_start=start, phrase_end=end) for m in found]
                return found
        # "suspended aid deliveries to Gaza", "a suspension of aid to Pakistan": the recipient
        # hangs on the predicate itself
        for pobj in prep_objects(token, ("to",)):
            if pobj.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or pobj.i in self.resolver.matches:
                found = [m for m in self.resolver.mentions(pobj) if wanted(m)]
                if found:
                    return found
        return []

    def owner_of(self, token: Token | None) -> list[Mention]:
        if token is None:
            return []
        direct = self.resolver.mentions(token)
        if direct:
            return direct
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound"):
                found = self.resolver.mentions(child)
                if found:
                    return found
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                found = self.owner_of(pobj)
                if found:
                    return found
        return []


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above `token` (what a date phrase attached there dates)."""
    node, steps = token.head, 0
    while node.i != node.head.i and node.pos_ not in ("VERB", "AUX") and steps < 40:
        node, steps = node.head, steps + 1
    return node if node.pos_ in ("VERB", "AUX") else None


def root_subject(sent: Span) -> Token | None:
    return next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def phrase_text(token: Token) -> str:
    """The noun phrase at `token` without trailing clauses."""
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "amod", "nummod", "flat", "conj", "cc") or \
                (child.dep_ == "prep" and child.lower_ == "of"):  # "a batch of drones"
            right = max(right, child.right_edge.i)
    span = token.doc[left : right + 1]
    words = [t for t in span if not (t.i == left and t.lower_ in ("the", "a", "an", "these", "those", "this", "that"))]
    return " ".join(t.text for t in words) if words else token.text


def attach_stances(events: list[Event], stances) -> list[Event]:
    """Fold "Burns did not confirm the transfer" into the transfer event."""
    from dataclasses import replace

    events = list(events)
    for candidate, mod, claimant in stances:
        if claimant is None:
            continue
        order = sorted(range(len(events)), key=lambda i: (
            events[i].sentence_index > candidate.sentence_index,
            abs(candidate.sentence_index - events[i].sentence_index),
            events[i].status is Status.HYPOTHETICAL))
        for i in order:
            event = events[i]
            same_type = event.event_type == candidate.event_type
            compatible = all(
                key_of(getattr(candidate, role)) is None or key_of(getattr(event, role)) is None
                or key_of(getattr(candidate, role)) == key_of(getattr(event, role))
                for role in ("source", "target"))
            if same_type and compatible:
                stance = Stance(candidate.status, claimant.mention, claimant.cue, candidate.sentence_index)
                events[i] = replace(event, stances=event.stances + (stance,))
                break
        else:
            if candidate.source is not None or candidate.target is not None:
                events.append(candidate)
    return events


def is_actor(actor: Actor) -> bool:
    """Known to the KB, a named entity, or an agent noun ("police", "gunmen")."""
    return bool(actor.key or actor.kind in NAMED_KINDS or actor.sector)


def same_actor(a: Mention | None, b: Mention | None) -> bool:
    """"NATO allies agreed to extend their mission": no event of NATO on itself."""
    return bool(a and b and a.actor.code and a.actor.code == b.actor.code)


def key_of(mention: Mention | None) -> str | None:
    return mention.actor.key if mention is not None else None


def dedupe(events: list[Event]) -> list[Event]:
    """One event per sentence, type and dyad: a verb and its noun often say the same."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (event.sentence_index, event.event_type,
               event.source.actor.key if event.source else None,
               event.target.actor.key if event.target else None)
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    kept = [e for e in best.values() if not subsumed(e, best.values())]
    return sorted(kept, key=lambda e: (e.sentence_index, e.trigger_start))


def subsumed(event: Event, others) -> bool:
    """"…fired missiles at Israel, killing 12": the targetless 'killing' is the same attack."""
    if event.target is not None and key_of(event.target) is not None:
        return False
    return any(o is not event and o.sentence_index == event.sentence_index
               and o.event_type == event.event_type and key_of(o.source) == key_of(event.source)
               and key_of(o.target) is not None for o in others)
