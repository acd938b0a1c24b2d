"""Find event predicates in a parsed sentence and the tokens that fill their roles.

Pure functions over spaCy tokens: no actors, no statuses. `find_predicates`
returns the predicate tokens with their lexicon sense; `roles` returns the
tokens heading the source, target and instrument phrases, handling passives,
control ("agreed to send"), relative clauses, coordinated verbs, light verbs
("impose sanctions on", "launched an attack against") and eventive nouns
("Iran's transfer of missiles to Russia").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from faultlines.nlp.sentences import sentence_of
from faultlines.nlp.lexicon import Lexicon, Predicate

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
INHERIT_SUBJECT_DEPS = {"xcomp", "conj", "advcl", "acomp"}
LIGHT_VERBS = {"impose", "launch", "carry", "conduct", "hold", "sign", "issue", "reach", "stage",
               "mount", "announce", "begin", "start", "continue", "step", "resume", "order",
               "make", "give", "provide", "offer", "extend", "deliver", "unleash", "level",
               "slap", "lodge", "file", "deepen", "strengthen", "expand", "seek", "hold",
               "host", "agree", "approve", "pledge", "promise", "vow", "escalate", "intensify",
               "adopt", "pass", "unveil", "prepare", "finalize", "finalise", "renew", "tighten",
               "broaden", "oversee", "end", "halt", "stop", "suspend", "perform",
               "declare", "distribute", "make", "pay", "set", "establish", "restore", "resume",
               "open", "wage", "wag", "initiate",  # "opened an investigation", "waged a campaign" ("wag": spaCy's lemma of "waged")
               "stag"}  # spaCy's small model lemmatises "staged" to "stag"
FRAME_NOUNS = {"round", "series", "wave", "package", "set", "string", "spate", "campaign",
               "day", "days", "hours", "weeks", "rounds", "months",
               "number", "batch", "effort", "efforts", "programme", "program", "plan",
               "state"}  # "a state of emergency"
# Documents through which their author acts ("a statement condemning the attack").
DOCUMENT_NOUNS = {"statement", "resolution", "report", "letter", "declaration", "communique", "communiqué",
                  "motion", "decree", "bill", "message", "note", "memo", "video", "post", "tweet",
                  "complaint", "petition", "order", "ruling", "verdict", "document", "text", "draft"}
INTENT_ADJECTIVES = {"ready", "willing", "prepared", "eager"}
BLAME_ADJECTIVES = {"responsible", "guilty", "culpable", "behind"}
# "apologised during a visit", "said after talks with X": the subject took part. For hostile
# acts only "during"/"on" say so: "condoled following the attack" says nothing of the attacker
FRAME_PREPS = {"during", "after", "before", "amid", "ahead", "following", "on"}
TEMPORAL_PREPS = {"after", "before", "amid", "following"}
ACTIVE_DEPS = {"dobj", "obj", "attr", "oprd"}


@dataclass
class RoleTokens:
    source: Token | None = None
    target: Token | None = None
    instrument: Token | None = None
    via_light_verb: Token | None = None  # the verb whose subject a noun event took
    source_alone: bool = False  # "between X and Y": X is the source, Y (its conjunct) the target
    extra_targets: list[Token] = field(default_factory=list)
    eased_by: Token | None = None  # the verb that lifts or cuts the measure ("lifted the sanctions")


def sense_for(token: Token, lex: Lexicon, clause_lemmas: set[str] | None = None) -> Predicate | None:
    """The lexicon sense of `token`, if it is an event predicate here. `clause_lemmas`
    (its `clause_words`) is computed only when a sense needs it: most tokens have no
    sense at all, and walking every candidate's subtree took about a tenth of the event
    coder's time."""
    lemma = token.lemma_.lower()
    if token.pos_ == "ADJ":
        # "is ready to contribute troops", "willing to talk": an expressed intent (CAMEO 030)
        acts = [c for c in token.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if lemma not in INTENT_ADJECTIVES or not acts:
            return None
        act = sense_for(acts[0], lex)
        hostile = act is not None and act.cameo[:2] >= "09"  # "prepared to strike": a threat (130)
        return Predicate(lemma, "verb", "130" if hostile else "030", object="none", preps=("to", "with"))
    if token.pos_ in ("VERB",) or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
        senses = lex.verbs.get(lemma, [])
    elif token.pos_ in ("NOUN", "PROPN"):
        senses = lex.nouns.get(lemma, []) or lex.nouns.get(token.lower_, [])
    else:
        return None
    if not senses:
        return None  # most tokens: skip the particle and context checks
    # a particle follows its verb: "On Nov. 2, X called Y" is not "called on"
    attached = {c.lower_ for c in token.children
                if c.dep_ in ("prt", "prep", "dative", "agent") and (c.i > token.i or token.pos_ != "VERB")
                and not any(is_time(g) for g in c.children if g.dep_ == "pobj")}
    # "called on Friday for Britain to stay": "for" marks the clause of the appeal
    attached |= {g.lower_ for c in token.children if c.dep_ == "advcl"
                 for g in c.children if g.dep_ == "mark" and g.lower_ == "for"}
    for sense in senses:
        if sense.particle and sense.particle not in attached:
            continue
        if sense.plural_only and token.tag_ not in ("NNS", "NNPS"):
            continue
        if sense.object_required and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children):
            continue
        if sense.object_actor and (not any(c.dep_ in ("dobj", "oprd") and names_actor(c) for c in token.children)
                                   or any(c.dep_ == "oprd" and not names_actor(c) for c in token.children)):
            continue  # "called Erdogan", not "called the move illegal" or "called the envoy a fool"
        if sense.context_required:
            if sense.context_scope == "object":
                words = object_words(token)
            else:
                if clause_lemmas is None:
                    clause_lemmas = clause_words(token)
                words = clause_lemmas
            if not (sense.context_required & words):
                continue
        return sense
    return None


# Verbs that report what someone says: "X said Y will …", "X said it is skeptical of …"
SPEECH_VERBS = {"say", "tell", "state", "add", "note", "reply", "announce", "insist", "warn", "stress",
                "declare", "vow", "pledge", "promise", "threaten", "confirm", "assert", "reiterate",
                "claim", "admit", "acknowledge", "allege", "report"}
PERSON_HEADS = {"counterpart", "counterparts", "president", "minister", "leader", "premier",
                "chancellor", "king", "queen", "emir", "prince", "secretary", "envoy", "ambassador"}


def names_actor(token: Token) -> bool:
    """Whether a phrase names a person, group or state ("Erdogan", "his counterpart")."""
    return token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.lower_ in PERSON_HEADS


def names_place_or_actor(token: Token) -> bool:
    """"Nauru", "eastern Ukraine", "the entities in Uganda", "his counterpart": not "their conflict"."""
    return names_actor(token) or any(t.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "ORG")
                                     for t in token.subtree)


def object_words(token: Token) -> set[str]:
    """Words of the predicate's own complements: its objects and their modifiers,
    the objects of its prepositions ("rushed aid", "rushed police to the border")."""
    words = set()
    heads = [c for c in token.children if c.dep_ in ("dobj", "dative", "attr", "oprd", "xcomp", "acomp", "prt")]
    heads += [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for head in heads:
        for t in [head, *(c for c in head.children if c.dep_ in ("compound", "amod"))]:
            words.add(t.lower_)
            words.add(t.lemma_.lower())
    return words


def clause_words(token: Token) -> set[str]:
    """Lemmas and lower-cased words of the predicate's own clause."""
    words = set()
    for t in token.subtree:
        words.add(t.lemma_.lower())
        words.add(t.lower_)
    if token.dep_ == "pobj" and token.head.lower_ == "of":  # "a state of emergency"
        words |= {token.head.head.lemma_.lower(), token.head.head.lower_}
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
        words |= {token.head.lemma_.lower(), token.head.lower_}  # "opened fire": the verb that governs the noun
    return words


def find_predicates(sent: Span, lex: Lexicon) -> list[tuple[Token, Predicate]]:
    found = []
    for token in sent:
        if token.pos_ not in ("VERB", "NOUN", "PROPN", "AUX", "ADJ"):
            continue
        if token.pos_ == "VERB" and token.dep_ in ("amod", "compound"):
            continue  # "Iran-backed militias", "detained journalists": attributes, not acts
        if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
            continue  # "Ban Ki-moon", "Strike" as a surname: a name, not an act
        sense = sense_for(token, lex) or hyphenated_sense(token, lex)
        if sense is not None and not is_idiom(token, lex):
            found.append((token, sense))
    return found


def hyphenated_sense(token: Token, lex: Lexicon) -> Predicate | None:
    """"cease-fire", "co-operation": spaCy splits them at the hyphen."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-" or token.pos_ not in ("NOUN", "PROPN", "VERB"):
        return None
    joined = f"{doc[token.i - 2].lower_}-{token.lemma_.lower()}"
    senses = lex.nouns.get(joined) or lex.nouns.get(joined.replace("-", ""), [])
    return senses[0] if senses else None


def is_idiom(token: Token, lex: Lexicon) -> bool:
    """"struck a deal", "sent a letter", "refused to comment": no event. Also "agreed with
    the Senate that …": agreeing with a view is a statement (CAMEO 019), not an agreement."""
    if token.lemma_.lower() in ("agree", "concur") and any(c.dep_ == "prep" and c.lower_ == "with"
                                                          for c in token.children):
        if any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
               for c in token.children):
            return True
        if not any(c.dep_ in ("xcomp", "dobj", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("on", "to", "upon", "over"))
                   for c in token.children):
            return True  # "they agree with Tantan": a view shared, not a deal
    objects = lex.idiom_objects.get(token.lemma_.lower())
    if not objects:
        return False
    for child in token.children:
        if child.dep_ in ("dobj", "xcomp", "prt", "attr", "nsubjpass") and \
                (child.lemma_.lower() in objects or child.lower_ in objects):  # also "a report was released"
            return True
    return False


# "X accused Y of firing", "blamed Y for shelling", "thanked Y for sending": Y did it
CHARGING_VERBS = {"accuse", "blame", "charge", "convict", "suspect", "indict", "condemn", "criticize",
                  "criticise", "denounce", "fault", "punish", "praise", "thank", "credit", "commend"}


def accused_of(verb: Token) -> Token | None:
    """The one charged with (or thanked for) the act of a gerund after "of"/"for": the
    object of the charging verb. The act is the content of the accusation, which is
    coded as the accusation (CAMEO 112) and not as an act of its own, and never as
    the accuser's."""
    if verb.dep_ != "pcomp" or verb.head.dep_ != "prep" or verb.head.lower_ not in ("of", "for"):
        return None
    attached = verb.head.head
    node, steps = attached, 0
    # "accused Malian troops and fighters from Russia's Wagner group of killing": the
    # gerund hangs inside the object phrase; climb to the object
    while node.dep_ in ("pobj", "prep", "conj", "appos", "compound") and steps < 6:
        node, steps = node.head, steps + 1
    if node.pos_ in ("NOUN", "PROPN") and node.dep_ == "dobj" \
            and node.head.lemma_.lower() in CHARGING_VERBS:
        return node
    if node.pos_ == "VERB" and node.lemma_.lower() in CHARGING_VERBS:
        return next((c for c in node.children if c.dep_ == "dobj"), None)
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject, inherited through control, coordination and relative clauses."""
    seen = set()
    while verb is not None and verb.i not in seen:
        seen.add(verb.i)
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                    return verb.head
                return child
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in DOCUMENT_NOUNS:
            # "issued a statement condemning", "a UN report accusing": the author of the
            # document acts through it
            document = verb.head
            author = next((c for c in document.children if c.dep_ in ("poss", "compound")), None)
            if author is not None:
                return author
            if document.dep_ in ("dobj", "nsubjpass") and document.head.pos_ == "VERB":
                verb = document.head
                continue
        if verb.tag_ == "VBG":
            before = gerund_subject(verb)
            if before is not None:
                return before
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "NOUN":
            # "its commitment to supporting Ukraine": the noun's owner or its verb's subject
            noun = verb.head.head
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            verb = noun.head if noun.dep_ in ("dobj", "pobj") else None
            continue
        if verb.dep_ in INHERIT_SUBJECT_DEPS:
            # "Iran agreed to send" (xcomp); "Iran met X and signed" (conj)
            if verb.dep_ == "xcomp":
                obj = next((c for c in verb.head.children if c.dep_ in ("dobj",)), None)
                if obj is not None and verb.head.lemma_ in ("urge", "ask", "call", "press", "tell", "order", "force", "persuade", "encourage"):
                    return obj
            verb = verb.head
            continue
        return None
    return None


def gerund_subject(verb: Token) -> Token | None:
    """"about Iran potentially supplying missiles": the noun just before a gerund."""
    i = verb.i - 1
    while i >= sentence_of(verb).start and verb.doc[i].pos_ == "ADV":
        i -= 1
    if i < sentence_of(verb).start:
        return None
    prev = verb.doc[i]
    if prev.pos_ in ("PROPN", "NOUN") and prev.dep_ in ("pobj", "dobj", "poss") and prev is not verb.head \
            and not is_time(prev):  # "passed a law on Monday banning…": Monday bans nothing
        return prev
    return None


def passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def prep_objects(head: Token, preps: tuple[str, ...] | set[str]) -> list[Token]:
    """Objects of the given prepositions, skipping times ("on Tuesday")."""
    objs = []
    for child in head.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            objs.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp") and not is_time(g))
    return objs


TIME_WORDS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
              "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
              "yesterday", "morning", "evening", "night", "week", "weekend", "month", "year"}


def is_time(token: Token) -> bool:
    """"on Tuesday", "on Nov. 2", "in 2019": times, never actors."""
    return token.ent_type_ in ("DATE", "TIME") or token.lower_.rstrip(".") in TIME_WORDS \
        or token.like_num


def direct_object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ACTIVE_DEPS), None)


def indirect_object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"), None)


def verb_roles(verb: Token, sense: Predicate) -> RoleTokens:
    roles = RoleTokens()
    target_preps = sense.preps or (("to", "for") if sense.object == "theme" else ())
    passive = passive_subject(verb)
    if passive is not None:
        roles.source = agent_of(verb)
        if sense.object == "theme":
            roles.instrument = passive
        else:
            roles.target = passive
    else:
        roles.source = subject_of(verb)
        obj = direct_object(verb)
        with_objs = prep_objects(verb, {"with"})
        if sense.object == "theme" and with_objs and obj is not None:
            roles.target, roles.instrument = obj, with_objs[0]  # "supplied Ukraine with tanks"
        elif sense.object == "theme":
            roles.instrument = obj
            roles.target = indirect_object(verb)
        elif sense.object == "target":
            roles.target = obj
            if sense.object_actor:
                roles.target = next((c for c in verb.children if c.dep_ in ("dobj", "oprd") and names_actor(c)), obj)
    if roles.target is None:
        objs = prep_objects(verb, set(target_preps))
        obj = direct_object(verb)
        if not objs and obj is not None and sense.object == "none":
            # "established diplomatic ties with Nauru"
            objs = [o for o in prep_objects(obj, set(target_preps)) if names_place_or_actor(o)]
        if objs:
            roles.target = objs[0]
    if roles.target is None and (sense.particle == "for" or sense.cameo[:2] == "03"):
        # "called for sanctions against Turkey", "agreed to a ceasefire in Yemen": the
        # actor or place the asked-for or agreed thing is aimed at
        for thing in prep_objects(verb, {"for", "to"}):
            aimed = [o for o in prep_objects(thing, {"against", "on", "in", "with", "for"})
                     if names_place_or_actor(o)]
            if aimed:
                roles.target = aimed[0]
                break
    if roles.target is None and sense.cameo[:2] in ("02", "10", "11", "13", "03"):
        # "demanded that Russia release…", "warned that Iran would…": the complement's subject
        for child in verb.children:
            if child.dep_ == "ccomp" or (child.dep_ == "advcl" and any(
                    g.dep_ == "mark" and g.lower_ == "for" for g in child.children)):
                subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and subj.pos_ != "PRON":
                    roles.target = subj
                    break
    if roles.target is None:
        # "threatened to use nuclear weapons against the United States", "agreed to lend to Indonesia"
        for child in verb.children:
            if child.dep_ == "xcomp":
                # "willing to send its troops to Iraq", "agreed to withdraw from Lebanon": the place
                # or actor the act is aimed at, before the thing moved
                own = next((c for c in child.children if c.dep_ == "dobj"), None)
                own = own is None or any(g.dep_ == "poss" and g.pos_ == "PRON" for g in own.children)
                placed = [o for o in prep_objects(child, {"to", "from", "into", "in"})
                          if own and not is_time(o)]
                objs = placed or prep_objects(child, {"against", "on", "at", "to", "with"}) or \
                    [c for c in child.children if c.dep_ in ("dobj", "dative")]
                if objs:
                    roles.target = objs[0]
                    break
    if sense.subject == "target":
        roles.source, roles.target = None, roles.source
        objs = prep_objects(verb, set(sense.source_preps or ("from",)))
        roles.source = objs[0] if objs else None
    if roles.instrument is None:
        with_objs = prep_objects(verb, {"with", "using"})
        if with_objs:
            roles.instrument = with_objs[0]
    return roles


def noun_roles(noun: Token, sense: Predicate) -> RoleTokens:
    roles = RoleTokens()
    theme = sense.object == "theme" or sense.cameo.startswith("07")  # "transfer of missiles"
    for child in noun.children:
        if (child.dep_ == "poss" and not is_time(child)) or \
                (child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ("NORP", "GPE", "ORG")):
            roles.source = roles.source or child  # not "Wednesday's assault"
    by = prep_objects(noun, {"by"})
    if by:
        roles.source = by[0]
    src_preps = set(sense.source_preps or ("from",))
    if roles.source is None:
        objs = prep_objects(noun, src_preps)
        roles.source = objs[0] if objs else None
    between = prep_objects(noun, {"between", "among"})
    if not between and noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        between = prep_objects(noun.head, {"between", "among"})  # "a mediation effort between X and Y"
    if between and sense.cameo.startswith("045"):
        roles.target = between[0]  # the mediator is someone else: the parties are its targets
        between = []
    if between:
        roles.source = between[0]
        others = [c for c in between[0].children if c.dep_ == "conj"]
        roles.target = others[0] if others else None
        roles.source_alone = bool(others)
    target_preps = set(sense.preps or ("on", "against", "to", "with", "for"))
    if roles.target is None:
        objs = prep_objects(noun, target_preps - {"between"})
        first = noun
        while not objs and first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
            first = first.head  # "air and artillery strikes on X": the preposition hangs on "air"
            objs = [o for o in prep_objects(first, target_preps - {"between"}) if o.i > noun.i]
        roles.target = objs[0] if objs else None
    of = prep_objects(noun, {"of"})
    if of:
        if theme:
            roles.instrument = of[0]
        elif roles.target is None and noun.lemma_ not in ("cooperation",):
            roles.target = of[0]
    if roles.instrument is None and theme:
        mods = [c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.ent_type_ == ""]
        if mods:
            roles.instrument = mods[0]
    if roles.source is None:
        for child in noun.children:  # "air strikes carried out by Myanmar's military"
            if child.dep_ == "acl" and child.tag_ == "VBN":
                agent = agent_of(child)
                if agent is not None:
                    roles.source = agent
    if roles.source is None and noun.dep_ == "pobj" and noun.head.head.lemma_.lower() in BLAME_ADJECTIVES:
        # "X is responsible for mass killings", "guilty of violating the ceasefire"
        adjective = noun.head.head
        roles.source = next((c for c in adjective.head.children if c.dep_ == "nsubj"), None)
    claimed = responsibility_claimed(noun)
    if roles.source is None or claimed:  # "claimed responsibility for the Ghazni attack": the claimant
        if claimed:
            roles.source = None
        light = light_verb(noun, hostile=sense.cameo[:2] >= "11")
        if light is not None:
            roles.via_light_verb = light
            roles.source = subject_of(light) if passive_subject(light) is None else agent_of(light)
            if roles.target is None and sense.object != "theme":
                objs = prep_objects(light, target_preps)
                roles.target = objs[0] if objs else None
    return roles


def responsibility_claimed(noun: Token) -> bool:
    """"claimed responsibility for the attack": the noun is the act claimed."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.lemma_.lower() == "responsibility"


def light_verb(noun: Token, hostile: bool = False) -> Token | None:
    """The verb that makes a noun an action: "imposed sanctions", "launched an attack",
    "launched a mediation effort", "began a new round of joint exercises"."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head  # "launched air and artillery strikes": the first conjunct is the object
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head  # "a mediation effort"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in FRAME_NOUNS:
        noun = noun.head.head  # "a new round of talks", "a package of sanctions"
    head = noun.head
    if responsibility_claimed(noun) and head.head.dep_ == "dobj" and head.head.head.pos_ == "VERB":
        return head.head.head  # "the Taliban claimed responsibility for the attack": the claimant did it
    if noun.dep_ in ("dobj", "obj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_ in LIGHT_VERBS:
        return head
    if noun.dep_ == "pobj" and head.lower_ in FRAME_PREPS and head.head.pos_ in ("VERB", "AUX") \
            and not (hostile and head.lower_ in TEMPORAL_PREPS):
        return head.head  # "apologised ... during a three-day visit": the visitor is the subject
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and \
            head.head.lemma_ in LIGHT_VERBS and head.lower_ in ("in", "to"):
        return head.head
    return None


def roles_for(token: Token, sense: Predicate) -> RoleTokens:
    return verb_roles(token, sense) if sense.pos == "verb" else noun_roles(token, sense)
