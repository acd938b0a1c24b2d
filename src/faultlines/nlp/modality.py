"""How certain an event is, and whose claim it is, from cues around its predicate.

Walks from the predicate up the dependency tree. What it meets decides:

- a negator on the predicate ("did not attack"): the event did not happen —
  unless a deny/confirm verb governs it ("denied sending" = `denied`);
- a modal or conditional on the way up (could, would, may, if): `hypothetical`;
  will/plans to/is set to: `planned`;
- a report verb (said, reported, told, suggested) or "according to": `reported`,
  attributed to its subject (the innermost claimant); an outer report verb
  whose subject is a news outlet becomes the `outlet`;
- deny verbs: `denied`; negated confirm verbs ("did not confirm"): `unconfirmed`.

Returns tokens, not actors: the caller resolves claimants with the same
resolver as sources and targets.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from faultlines.nlp.sentences import sentence_of
from faultlines.model import Status
from faultlines.nlp.lexicon import Lexicon

CLIMB_DEPS = {"ccomp", "xcomp", "advcl", "pcomp", "pobj", "prep", "acl", "conj", "dobj",
              "nsubj", "nsubjpass", "relcl", "parataxis", "attr", "oprd", "amod", "compound",
              "appos", "dep", "acomp"}
REPORT_COMPLEMENT_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "advcl", "conj", "pcomp",
                          "prep", "pobj", "nsubj", "dep", "oprd"}


@dataclass
class Modality:
    status: Status = Status.ASSERTED
    negated: bool = False
    claimant: Token | None = None  # token heading the claimant phrase
    cue: str | None = None
    outlet: Token | None = None
    stance_only: bool = False  # "did not confirm the transfer": a stance, not an event
    refused: bool = False  # "failed to reach a deal", "declined to lift": negated by a refusal


def is_negated(token: Token, lex: Lexicon) -> bool:
    negators = lex.cue("negators")
    if token.dep_ == "acomp" and token.pos_ == "ADJ" and is_negated(token.head, lex):
        return True  # "are not ready to": the copula carries the negation
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")):
            return True
    return token.dep_ in ("pobj",) and token.head.lower_ == "without" or \
        any(c.lower_ in negators and c.dep_ == "neg" for c in token.children)


def modal_of(token: Token, lex: Lexicon) -> Status | None:
    for child in token.children:
        if child.dep_ != "aux":
            continue
        word = child.lower_
        if word in lex.cue("hypothetical_modals"):
            if word == "would" and reported_past(token, lex) and subject_is_pronoun(token):
                return Status.PLANNED
            return Status.HYPOTHETICAL
        if word in lex.cue("planned_modals"):
            return Status.PLANNED
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and \
            token.head.lemma_ == "go" and token.head.dep_ != "ROOT":
        return Status.PLANNED  # "is going to send"
    return None


def subject_is_pronoun(token: Token) -> bool:
    """'Russia said it would retaliate' is intent; 'he said the move would ...' is not."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in token.children)


def reported_past(token: Token, lex: Lexicon) -> bool:
    """'said it would send': future in the past, i.e. announced intent."""
    head = token.head
    return token.dep_ in ("ccomp",) and head.lemma_.lower() in lex.cue("report_verbs") and \
        head.tag_ in ("VBD", "VBN")


def conditional(token: Token, lex: Lexicon) -> bool:
    marks = lex.cue("conditional_marks")
    return any(c.dep_ == "mark" and c.lower_ in marks for c in token.children)


def noun_modifier_status(token: Token, lex: Lexicon) -> Status | None:
    deps = ("amod", "compound", "advmod") if token.pos_ in ("NOUN", "PROPN") else ("advmod",)
    words = {c.lower_ for c in token.children if c.dep_ in deps}
    if words & lex.cue("unconfirmed_modifiers"):
        return Status.UNCONFIRMED
    if words & lex.cue("hypothetical_modifiers"):
        return Status.HYPOTHETICAL
    if words & lex.cue("planned_modifiers"):
        return Status.PLANNED
    if words & lex.cue("reported_modifiers"):
        return Status.REPORTED
    return None


def report_subject(verb: Token) -> Token | None:
    from faultlines.nlp.roles import agent_of, subject_of

    if any(c.dep_ == "nsubjpass" for c in verb.children):
        subject = agent_of(verb)
    else:
        subject = subject_of(verb)
    if subject is not None and subject.pos_ == "NOUN":
        return noun_claimant(subject)  # "Recent reports from Bloomberg suggest"
    return subject


def noun_claimant(noun: Token) -> Token:
    """Who stands behind "reports from Bloomberg", "warnings issued by Burns", "Bloomberg's report"."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if child.dep_ == "acl":
            for grand in child.children:
                if grand.dep_ == "agent":
                    obj = next((g for g in grand.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return noun


def trailing_report(pred: Token, lex: Lexicon, mod: Modality) -> None:
    """"Iran rejected the offer, the Tasnim news agency reported": the parser often
    hangs the report verb under the main clause instead of above it."""
    root = sentence_of(pred).root
    if pred.i > root.i and pred is not root and not is_ancestor(root, pred):
        return
    for child in root.children:
        if child.i <= pred.i:
            continue
        verb, subject = child, None
        if child.dep_ in ("ccomp", "parataxis", "advcl", "conj") and child.pos_ == "VERB":
            # an explicit subject: "…, the ministry said"; not "…, saying …" (the actor's own words)
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif child.dep_ in ("dobj", "npadvmod", "appos") and child.pos_ in ("NOUN", "PROPN"):
            # "…, the semi-official Tasnim news agency reported": parsed as an object + acl
            verb = next((c for c in child.children if c.dep_ in ("acl", "relcl")
                         and c.lemma_.lower() in lex.cue("report_verbs")), None)
            subject = child if verb is not None else None
        if subject is not None and verb.lemma_.lower() in lex.cue("report_verbs"):
            if mod.status is Status.ASSERTED:
                mod.status = Status.REPORTED
            mod.claimant, mod.cue = noun_claimant(subject) if subject.pos_ == "NOUN" else subject, verb.text
            return


def done_aside(clause: Token) -> bool:
    """A past-tense clause subordinated by a contrast, cause or time ("would send
    batteries, while Hungary blocked the package"): its act happened; the modal of the
    clause it hangs on is not its own."""
    return clause.dep_ == "advcl" and clause.tag_ == "VBD" and any(
        c.dep_ == "mark" and c.lower_ not in ("if", "unless") for c in clause.children)


def is_ancestor(node: Token, token: Token) -> bool:
    return any(a.i == node.i for a in token.ancestors)


def according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for to in child.children:
                obj = next((g for g in to.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        if child.dep_ == "prep" and child.lower_ == "to" and child.head.lower_ == "according":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def dative_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "dative":
            if child.pos_ == "ADP":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
            return child
        if child.dep_ == "dobj" and verb.lemma_ == "tell":
            return child
    return None


# "announced a ceasefire", "announced the release of the hostages": the act announced is
# done, not planned ("announced plans to" stays planned through "plans")
ENACTING_VERBS = {"announce", "declare", "unveil"}


def analyse(pred: Token, lex: Lexicon, sentence_text: str) -> Modality:
    """The status of the event at `pred`, with claimant and cue tokens."""
    mod = Modality()
    own = modal_of(pred, lex) or noun_modifier_status(pred, lex)
    if conditional(pred, lex):
        own = Status.HYPOTHETICAL
    mod.negated = is_negated(pred, lex)
    if own:
        mod.status, mod.cue = own, "modal"
    claimed = False
    by_noun = False  # claimed by a report noun: a deny/confirm verb above it still decides
    token, child = pred.head, pred
    steps = 0
    aside = False  # passed a clause done aside: what is planned or possible above is not its status
    while token is not child and steps < 12:
        steps += 1
        lemma = token.lemma_.lower()
        via = child.dep_
        aside = aside or done_aside(child)
        neg = is_negated(token, lex)
        src = according_to(token) if not claimed else None
        if src is not None and not (lemma in lex.cue("report_verbs") and via in REPORT_COMPLEMENT_DEPS):
            mod.claimant, mod.cue, claimed = noun_claimant(src), "according to", True
            if mod.status is Status.ASSERTED:
                mod.status = Status.REPORTED
        elif src is not None and mod.outlet is None:
            mod.outlet = noun_claimant(src)
        if by_noun and (lemma in lex.cue("deny_verbs") or lemma in lex.cue("confirm_verbs")) \
                and token.pos_ == "VERB":
            mod.outlet = mod.claimant  # "rejected Western media reports that…": the reports relay
            claimed = by_noun = False
        if lemma in lex.cue("deny_verbs") and via in REPORT_COMPLEMENT_DEPS and via != "conj" and not claimed:
            # (via "conj" the act is the denier's next one, "denied the charges and warned
            # Washington", not the thing denied)
            mod.status, mod.claimant, mod.cue, claimed = Status.DENIED, report_subject(token), token.text, True
            mod.negated = False
        elif lemma in lex.cue("confirm_verbs") and via in REPORT_COMPLEMENT_DEPS and not claimed:
            status = Status.UNCONFIRMED if neg else Status.REPORTED
            if mod.status in (Status.ASSERTED, Status.REPORTED):
                mod.status = status
            mod.claimant, mod.cue, claimed = report_subject(token), token.text, True
            mod.stance_only = neg or mod.stance_only
        elif lemma in lex.cue("report_verbs") and via in REPORT_COMPLEMENT_DEPS and token.pos_ in ("VERB", "AUX"):
            if not claimed:
                if mod.status is Status.ASSERTED:
                    mod.status = Status.REPORTED
                if lemma in lex.cue("hedge_report_verbs") and mod.status is Status.REPORTED:
                    mod.status = Status.HYPOTHETICAL
                mod.claimant, mod.cue, claimed = report_subject(token), token.text, True
                if lemma == "tell":
                    mod.outlet = dative_of(token)
            elif mod.outlet is None:
                mod.outlet = report_subject(token)
        elif token.pos_ in ("NOUN", "PROPN") and lemma in lex.cue("report_nouns") and via in ("acl", "prep", "pobj", "ccomp", "relcl") and not claimed:
            if mod.status is Status.ASSERTED:
                mod.status = Status.REPORTED
            mod.claimant, mod.cue, claimed = noun_claimant(token), token.text, True
            by_noun = True
        elif mod.status is Status.ASSERTED and not claimed and not aside:
            if lemma in lex.cue("hypothetical_heads") and via in ("xcomp", "ccomp", "pobj", "prep", "acl", "dobj", "advcl", "amod"):
                mod.status, mod.cue = Status.HYPOTHETICAL, token.text
            elif lemma in lex.cue("planned_heads") and via in ("xcomp", "ccomp", "dobj", "acl", "pobj", "prep") \
                    and not (lemma in ENACTING_VERBS and via == "dobj" and child is pred):
                mod.status, mod.cue = Status.PLANNED, token.text
            else:
                status = modal_of(token, lex)
                if status and via in ("xcomp", "conj", "ccomp", "advcl", "dobj", "pobj", "prep", "nsubj", "nsubjpass"):
                    mod.status, mod.cue = status, "modal"
                elif conditional(token, lex) and via in ("xcomp", "conj", "dobj", "pobj", "prep", "nsubj"):
                    mod.status, mod.cue = Status.HYPOTHETICAL, "if"
        if via in ("dobj", "xcomp") and neg and not claimed and pred.pos_ in ("NOUN", "PROPN") \
                and lemma not in lex.cue("confirm_verbs") | lex.cue("deny_verbs") | lex.cue("report_verbs"):
            mod.negated = True  # "has never joined Western sanctions": the noun's act is negated too
        if via == "xcomp" and lemma in ("fail", "refrain", "cease", "stop") and not claimed:
            mod.negated = True  # "failed to reach a deal" did not happen
            mod.refused = lemma == "fail"
        if via == "xcomp" and lemma in ("decline", "refuse") and not claimed:
            mod.refused = True
        if token.dep_ == "ROOT":
            break
        child, token = token, token.head
    if not claimed:
        trailing_report(pred, lex, mod)
    lowered = sentence_text.lower()
    if any(p in lowered for p in lex.unconfirmed_phrases) and mod.status in (Status.ASSERTED, Status.REPORTED):
        mod.status = Status.UNCONFIRMED
    return mod
