"""A token's sentence in constant time.

spaCy's `Token.sent` walks `doc.sents` from the start of the document on every
call, so code that asks it once per predicate or mention is quadratic in the
length of the document: a 200k-character text without sentence punctuation took
minutes. The sentence starts are computed once per Doc (after the parser, which
is the last thing to set them) and kept in `doc.user_data` as plain ints, which
survive `nlp.pipe(n_process>1)`.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Span, Token

KEY = "fl_sentence_starts"


def sentence_starts(doc) -> list[int]:
    starts = doc.user_data.get(KEY)
    if starts is None:
        starts = [sent.start for sent in doc.sents]
        doc.user_data[KEY] = starts
    return starts


def sentence_of(token: Token) -> Span:
    """The sentence holding `token` (what `token.sent` gives, without the walk)."""
    doc = token.doc
    starts = sentence_starts(doc)
    i = bisect_right(starts, token.i) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(doc)
    return doc[starts[i]:end]


def entity_of(token: Token) -> Span | None:
    """The named entity holding `token`, found from its IOB tags (`doc.ents` builds
    every entity of the document on each call: quadratic again when asked per token)."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type)


def entities_in(span: Span) -> list[Span]:
    """The entities that begin and end inside `span` (what `span.ents` gives)."""
    found = (entity_of(t) for t in span if t.ent_iob_ == "B")
    return [e for e in found if e is not None and e.end <= span.end]
