"""The knowledge base and lexicon a pipeline codes with: the bundled data files,
plus any PETRARCH/TABARI dictionaries the user imports (see
`faultlines.dictionaries`). Loaded once per combination and shared by the
components, the dateline reader and `faultlines kb lookup`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from faultlines.actors import ActorKB, load_kb
from faultlines.nlp.lexicon import Lexicon, load_lexicon


@dataclass
class Resources:
    kb: ActorKB
    lexicon: Lexicon
    report: list[str] = field(default_factory=list)  # what was imported, and problems


@lru_cache(maxsize=4)
def resources(kb_dir: str | None = None, dictionaries: tuple[str, ...] = ()) -> Resources:
    kb, lexicon = load_kb(kb_dir), load_lexicon()
    if not dictionaries:
        return Resources(kb, lexicon)
    from faultlines.dictionaries.merge import import_dictionaries

    return import_dictionaries(kb, lexicon, dictionaries)
