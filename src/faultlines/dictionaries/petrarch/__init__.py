"""Readers for the PETRARCH/TABARI dictionary formats (CAMEO verbs, Phoenix actors, agents, discards).

Users of PETRARCH and TABARI have years of work in these flat-text dictionaries; these
readers turn them into plain records that faultlines can merge with its own data. The
formats are described in the header comments of the files themselves and in PETRARCH's
documentation (`PETRreader.read_verb_dictionary`, `read_actor_dictionary`); this is an
independent implementation of what those describe.

What every reader shares:

- Comments are dropped: `#` (and the legacy `;`) to the end of the line, and XML-style
  `<!-- ... -->`, which may span lines. Blank lines are ignored.
- Phrases are lower-cased; `_` and blanks both separate words, and a trailing `_` (PETRARCH's
  "no plural / whole word" marker) is dropped.
- A malformed line never stops reading: it becomes a `Problem` naming the file and line,
  and the rest of the file is loaded. A missing file raises `InputNotFound`.

The verb reader keeps only what faultlines' lexicon can represent: a single-word verb with
an optional particle, one CAMEO code, and at most one group of content words required after
the verb. Everything else is counted in `VerbDictionary.skipped`, not reported as a problem,
because it is well formed, just richer than we import.
"""

from faultlines.dictionaries.petrarch.actors import (
    read_actor_dictionary,
    read_agent_dictionary,
    read_discard_dictionary,
)
from faultlines.dictionaries.petrarch.common import (
    Problem,
    VerbSense,
    VerbDictionary,
    ActorCode,
    ActorEntry,
    ActorDictionary,
    AgentEntry,
)
from faultlines.dictionaries.petrarch.verbs import read_verb_dictionary

__all__ = [
    'Problem',
    'VerbSense',
    'VerbDictionary',
    'ActorCode',
    'ActorEntry',
    'ActorDictionary',
    'AgentEntry',
    'read_actor_dictionary',
    'read_agent_dictionary',
    'read_discard_dictionary',
    'read_verb_dictionary',
]
