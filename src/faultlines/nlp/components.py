"""faultlines' spaCy components.

- `faultlines_actor_linker`: KB phrase matching → `doc.spans["fl_actors"]`
  (label = actor code, id = how the phrase names it: name, demonym, metonym...).
- `faultlines_event_coder`: predicates → roles → actors → status → events, as
  plain dicts in `doc._.fl_events` (msgpack-safe, so `nlp.pipe(n_process=2)` works).

The document's date and id travel in `doc._.fl_date` / `doc._.fl_doc_id`, its
dateline city and country in `doc._.fl_dateline` / `doc._.fl_country` (set by
`faultlines.extract` through `as_tuples`; the dateline city is the place of events
whose sentence names none, see faultlines.nlp.geocode).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from faultlines.actors import ActorKB
from faultlines.nlp import dates
from faultlines.nlp.event_builder import EventBuilder
from faultlines.nlp.geocode import with_places
from faultlines.nlp.lexicon import Lexicon
from faultlines.nlp.resources import resources

for _name, _default in (("fl_events", None), ("fl_date", None), ("fl_doc_id", None),
                        ("fl_outlet", None), ("fl_country", None), ("fl_dateline", None),
                        ("fl_errors", None),
                        ("fl_sentences", None), ("fl_comments", False),
                        ("fl_coder", "rules")):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class ActorLinker:
    """Marks every span the knowledge base can name."""

    def __init__(self, nlp: Language, name: str, kb: ActorKB):
        self.name = name
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for term, entries in kb.terms.items():
            pattern = nlp.make_doc(kb.surface.get(term, term))  # tokenise as written: "U.S."
            for entry in entries:
                self.matcher.add(f"{entry.code}|{entry.how}", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if not any(ch.isupper() for ch in span.text):
                continue  # "us", "turkey", "chad": names are capitalised
            code, how = doc.vocab.strings[match_id].split("|")
            spans.append(Span(doc, start, end, label=code, span_id=how))
        self.set_annotations(doc, spans)
        return doc

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        best = filter_spans(sorted(spans, key=lambda s: (s.start, -len(s), _rank(s))))
        doc.spans["fl_actors"] = best


def _rank(span: Span) -> int:
    return {"person": 0, "name": 1, "seat": 2, "metonym": 3, "demonym": 4}.get(span.id_, 5)


BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@Language.component("faultlines_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence. The parser otherwise runs a headline without
    final punctuation ("... Implications for the U.S.") into the paragraph below it,
    and the two are coded, and shown as evidence, as one sentence. Runs before the
    parser, which keeps the starts set here."""
    if not BLANK_LINE.search(doc.text):  # most texts: nothing to walk
        return doc
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("faultlines_actor_linker", assigns=["doc.spans"], requires=["token.lower"],
                  default_config={"kb_dir": None, "dictionaries": []})
def make_actor_linker(nlp: Language, name: str, kb_dir: str | None, dictionaries: list[str]):
    return ActorLinker(nlp, name, resources(kb_dir, tuple(dictionaries)).kb)


class EventCoder:
    """Codes the events of each sentence of a Doc."""

    def __init__(self, name: str, kb: ActorKB, lex: Lexicon):
        self.name = name
        self.kb = kb
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        """The rules, then the learned coder, per Doc. The model runs once per Doc over
        all its sentences, never over several Docs at once: its int8 activations are
        scaled per batch, so a Doc's events would depend on which Docs shared its batch
        (and Spark, `-j` and one process would disagree). (No `pipe` method: spaCy's
        batched path over a component generator measured 12% slower here.)"""
        builder = EventBuilder(self.kb, doc, doc._.fl_date, doc._.fl_outlet, doc._.fl_country, self.lex)
        events = builder.build_events()
        coder = doc._.fl_coder or "rules"
        if coder != "rules":
            events = self.learned(doc, builder, events, coder)
        events = with_places(events, doc, builder.resolver.matches, self.kb, doc._.fl_dateline,
                             doc._.fl_country)
        self.set_annotations(doc, [e.to_json() for e in events], builder.errors)
        return doc

    def learned(self, doc: Doc, builder: EventBuilder, events: list, coder: str) -> list:
        """The seam with the learned coder (faultlines.learned.hybrid): what
        `hybrid.combine` makes of the rules' events."""
        from faultlines.learned import hybrid, runtime
        model = runtime.shipped_coder()
        try:
            predictions = runtime.predict_doc(model, doc)
        except Exception as exc:  # the rules' events stand when the model cannot run
            builder.errors.append(f"learned coder: {type(exc).__name__}: {exc}")
            return events
        return hybrid.combine(builder, events, predictions, coder, model.policy, doc._.fl_comments)

    def set_annotations(self, doc: Doc, events: list[dict], errors: list[str]) -> None:
        doc._.fl_events = events
        doc._.fl_errors = errors
        doc._.fl_sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]


@Language.factory("faultlines_event_coder", assigns=["doc._.fl_events"],
                  requires=["token.dep", "token.lemma", "doc.spans"],
                  default_config={"kb_dir": None, "dictionaries": []})
def make_event_coder(nlp: Language, name: str, kb_dir: str | None, dictionaries: list[str]):
    found = resources(kb_dir, tuple(dictionaries))
    return EventCoder(name, found.kb, found.lexicon)


__all__ = ["ActorLinker", "EventCoder", "dates"]
