"""CAMEO 01 comments, coded only when asked (`comments=True`).

PLOVER dropped CAMEO's 01 "make public statement" category, so faultlines does
not store comments as events by default. Researchers who work in CAMEO still
count them ("expressed concern about X" is 012, "offered condolences to X" is
018, "declined to comment" is 011), so the coder can emit them, with the
event type COMMENT, the CAMEO code, its Goldstein score and QuadClass 1.

The cues are data (`ontology/data/comments.yaml`). Roles:
- source: the subject of the light verb or of the adjective's clause; a
  pronoun subject inside "X said it is skeptical" is X;
- target: the addressee ("to X"), else what the comment is about (its
  preposition's object, or the subject of its "that" clause).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from faultlines.nlp.roles import SPEECH_VERBS, agent_of, prep_objects, subject_of
from faultlines.ontology import data_path, read_yaml


@dataclass(frozen=True)
class CommentCues:
    light_verbs: frozenset[str]
    message_nouns: frozenset[str]
    nouns: dict[str, str]  # word -> CAMEO code
    adjectives: dict[str, str]
    verbs: dict[str, str]
    decline_verbs: frozenset[str]
    comment_words: frozenset[str]
    accord_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    charge_nouns: frozenset[str]
    topic_preps: frozenset[str]
    share_verbs: frozenset[str] = frozenset()
    view_nouns: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_cues() -> CommentCues:
    raw = read_yaml(data_path("comments.yaml")) or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or ())

    def coded(key: str) -> dict[str, str]:
        return {str(w).lower(): str(code) for code, ws in (raw.get(key) or {}).items() for w in ws or ()}

    return CommentCues(words("light_verbs"), words("message_nouns"), coded("nouns"), coded("adjectives"),
                       coded("verbs"), words("decline_verbs"), words("comment_words"),
                       words("accord_verbs"), words("deny_verbs"), words("charge_nouns"),
                       words("topic_preps"), words("share_verbs"), words("view_nouns"))


@dataclass
class Comment:
    trigger: Token  # the cue word
    anchor: Token  # the verb that carries it (depth and status are measured there)
    cameo: str
    source: Token | None
    target: Token | None


def find_comments(sent: Span) -> list[Comment]:
    cues = load_cues()
    found: list[Comment] = []
    for token in sent:
        lemma, lower = token.lemma_.lower(), token.lower_
        if token.pos_ in ("NOUN", "PROPN"):
            found.extend(_noun_comment(token, lemma, lower, cues))
        elif (token.pos_ == "ADJ" or token.tag_ == "VBN") and lower in cues.adjectives:
            found.extend(_adjective_comment(token, cues.adjectives[lower], cues))
        elif token.pos_ == "ADJ" and lemma in cues.adjectives:
            found.extend(_adjective_comment(token, cues.adjectives[lemma], cues))
        elif token.pos_ == "VERB":
            found.extend(_verb_comment(token, lemma, cues))
    return found


def _noun_comment(token: Token, lemma: str, lower: str, cues: CommentCues) -> list[Comment]:
    code = cues.nouns.get(lower) or cues.nouns.get(lemma)
    noun = token
    if code is None:
        return []
    if token.dep_ == "compound" and token.head.lower_ in cues.message_nouns:
        noun = token.head  # "a condolence message to X"
    elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in cues.message_nouns:
        noun = token.head.head  # "a message of sympathy to X", "a cable of condolence"
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB" or verb.lemma_.lower() not in cues.light_verbs:
        return []
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    source = agent_of(verb) if passive else subject_of(verb)  # "Pessimism … was expressed by Brazil"
    target = _first(prep_objects(verb, ("to",)) + prep_objects(noun, ("to",)))
    if target is None:
        target = _topic(noun, cues) or _topic(verb, cues, about_only=True)
    return [Comment(token, verb, code, source, target)]


def _adjective_comment(token: Token, code: str, cues: CommentCues) -> list[Comment]:
    if token.pos_ == "VERB":  # "Egypt is alarmed by …", "was encouraged by the progress"
        source = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if source is None:
            return []
        return [Comment(token, token, code, _speaker(source, token), agent_of(token) or _topic(token, cues))]
    verb = token.head
    if token.dep_ not in ("acomp", "oprd") or verb is token:
        return []
    source = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if source is None:
        return []
    return [Comment(token, verb, code, _speaker(source, verb), _topic(token, cues))]


def _verb_comment(token: Token, lemma: str, cues: CommentCues) -> list[Comment]:
    children = list(token.children)
    if lemma in cues.decline_verbs:
        said = [c for c in children if c.dep_ in ("xcomp", "dobj")]
        said += [g for c in said if c.pos_ == "VERB" for g in c.children if g.dep_ == "dobj"]  # "to make any statement"
        if any(c.lemma_.lower() in cues.comment_words for c in said):
            return [Comment(token, token, "011", _speaker(subject_of(token), token), None)]
        return []
    if lemma in cues.comment_words and any(c.dep_ == "neg" for c in children):
        return [Comment(token, token, "011", _speaker(subject_of(token), token), None)]  # "would not comment"
    if lemma == "have" and any(c.dep_ == "dobj" and c.lower_ == "comment" and any(
            g.lower_ == "no" for g in c.children) for c in children):
        return [Comment(token, token, "011", _speaker(subject_of(token), token), None)]  # "had no comment"
    if lemma in cues.share_verbs:
        # "shared Lithuania's view", "shared France's position": agreeing with a view (019)
        view = next((c for c in children if c.dep_ == "dobj" and c.lemma_.lower() in cues.view_nouns), None)
        owner = next((c for c in view.children if c.dep_ == "poss"), None) if view is not None else None
        if owner is not None:
            return [Comment(token, token, "019", _speaker(subject_of(token), token), owner)]
        return []
    if lemma in ("be", "see") and token.pos_ in ("VERB", "AUX"):
        agreeing = [g for c in children if c.dep_ == "prep" and c.lower_ in ("in", "of")
                    for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in ("agreement", "opinion", "view")]
        eye = any(c.lower_ == "eye" for c in children)
        if agreeing or eye:  # "was in complete agreement with Washington", "saw eye to eye with Nicosia"
            heads = [token, *agreeing] + [c for c in children if c.dep_ == "dobj"]
            partner = _first([p for h in heads for p in prep_objects(h, ("with", "as"))] +
                             [p for h in heads for c in h.children if c.dep_ == "prep"
                              for g in c.children if g.dep_ == "prep" for p in [x for x in g.children if x.dep_ == "pobj"]])
            subject = next((c for c in children if c.dep_ == "nsubj"), None)
            if subject is not None and partner is not None:
                return [Comment(token, token, "019", _speaker(subject, token), partner)]
        return []
    if lemma in cues.accord_verbs:
        withs = prep_objects(token, ("with",))
        if withs and not any(c.dep_ in ("xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ in ("on", "to", "upon", "over"))
                             for c in children):
            return [Comment(token, token, "019", _speaker(subject_of(token), token), withs[0])]
        return []
    if lemma in cues.deny_verbs:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_.lower() in cues.charge_nouns:
            accuser = _first(prep_objects(obj, ("by", "from")) + prep_objects(token, ("by", "from")))
            if accuser is None:
                accuser = next((c for c in obj.children if c.dep_ == "poss"), None)
            return [Comment(token, token, "016", _speaker(subject_of(token), token), accuser)]
        return []
    code = cues.verbs.get(lemma) or cues.verbs.get(token.lower_)
    if code is None:
        return []
    clause = next((c for c in children if c.dep_ == "ccomp"), None)
    if clause is None:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is None or code is None:
            return []
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)  # "doubted Russia's commitment"
        source = next((c for c in children if c.dep_ == "nsubj"), None)
        return [Comment(token, token, code, _speaker(source, token), owner or obj)]
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    target = subject if subject is not None and subject.pos_ != "PRON" else None
    source = next((c for c in children if c.dep_ == "nsubj"), None)
    return [Comment(token, token, code, _speaker(source, token), target)]


def _speaker(subject: Token | None, verb: Token) -> Token | None:
    """"The agency said it is skeptical of…": a pronoun subject under a speech verb is
    the speaker."""
    if subject is not None and subject.pos_ == "PRON" and verb.dep_ == "ccomp" \
            and verb.head.lemma_.lower() in SPEECH_VERBS:
        speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if speaker is not None and speaker.pos_ != "PRON":
            return speaker
    return subject


def _topic(head: Token, cues: CommentCues, about_only: bool = False) -> Token | None:
    """What a comment is about: "concern about X", "optimism that X will…"."""
    preps = ("about", "over", "regarding", "concerning") if about_only else cues.topic_preps
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and not pobj.ent_type_ in ("DATE", "TIME"):
                return pobj
    for child in head.children:
        if child.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children) \
                or child.dep_ == "ccomp":
            subject = next((g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None


def _first(tokens: list[Token]) -> Token | None:
    return tokens[0] if tokens else None
