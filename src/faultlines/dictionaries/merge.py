"""Merge imported PETRARCH/TABARI dictionaries into faultlines' KB and lexicon.

Precedence, so that results stay predictable:

- **Our own data wins.** An imported name that our knowledge base already knows
  keeps our meaning; an imported verb sense is used only for a verb (or verb +
  particle) our lexicon has no sense for. Imported data fills gaps.
- Imported CAMEO codes become PLOVER types through the crosswalk in
  `cameo.csv`; codes the table does not know, and CAMEO 01 statements (no PLOVER
  type), are skipped and counted.
- Imported actor codes (CAMEO style: `AFGGOV`, `USAMIL`, `IGOUNO`) give the
  country (the first three letters, when they are a state we know) and the
  sector (the next three); date-restricted codes become roles with dates, so a
  person resolves by the document's date as our own people do.
- Verbs that are status or attribution cues for us (say, report, deny, confirm)
  are not imported as events.

Which reader a file needs is told by its name or, failing that, its first lines
(`dictionary_kind`).
"""

from __future__ import annotations

import re
from pathlib import Path

from faultlines.actors import NAME, PERSON, ActorKB, Role, Term
from faultlines.dictionaries import petrarch
from faultlines.errors import InputError
from faultlines.model import Actor
from faultlines.nlp.lexicon import Lexicon, Predicate
from faultlines.nlp.resources import Resources
from faultlines.nlp.roles import LIGHT_VERBS
from faultlines.ontology import load_ontology

GENERIC_VERBS = frozenset({"be", "have", "do", "go", "come", "get", "make", "take", "want", "begin",
                           "start", "continue", "leave", "help", "force", "allow", "join", "keep",
                           "put", "see", "look", "say", "tell", "according", "expect", "plan",
                           "consider", "announce", "call", "try", "seek", "need", "use", "work"})
SECTOR_ALIASES = {"SPY": "INTEL", "JRN": "MED", "COP": "COP", "IGO": "IGO"}
KIND_BY_SECTOR = {"REB": "armed_group", "IGO": "igo", "MED": "media", "JRN": "media",
                  "INS": "armed_group", "UAF": "armed_group"}


def dictionary_kind(path: str) -> str:
    """verbs, actors, agents or discards."""
    name = Path(path).name.lower()
    for kind, marker in (("agents", "agent"), ("discards", "discard"), ("verbs", "verb"),
                         ("verbs", "cameo"), ("actors", "actor")):
        if marker in name:
            return kind
    try:
        head = Path(path).read_text(encoding="utf-8", errors="replace")[:4000].upper()
    except OSError as exc:
        raise InputError(f"{path}: cannot read dictionary: {exc.strerror}") from exc
    if "VERB PATTERN" in head or re.search(r"^---\s+\w", head, re.M):
        return "verbs"
    return "actors"


def import_dictionaries(kb: ActorKB, lexicon: Lexicon, paths: tuple[str, ...]) -> Resources:
    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"{path}: no such dictionary file")
    kb = copy_kb(kb)
    report: list[str] = []
    senses: list[petrarch.VerbSense] = []
    discards: set[str] = set()
    for path in paths:
        kind = dictionary_kind(path)
        if kind == "verbs":
            verbs = petrarch.read_verb_dictionary(path)
            senses += verbs.senses
            report.append(f"{path}: {len(verbs.senses)} verb senses read, {verbs.skipped} patterns "
                          f"not importable, {len(verbs.problems)} malformed lines")
            report += [str(p) for p in verbs.problems]
        elif kind == "actors":
            actors = petrarch.read_actor_dictionary(path)
            added = merge_actors(kb, actors.entries)
            report.append(f"{path}: {len(actors.entries)} actors read, {added} new names, "
                          f"{len(actors.problems)} malformed lines")
            report += [str(p) for p in actors.problems]
        elif kind == "agents":
            agents, problems = petrarch.read_agent_dictionary(path)
            added = sum(merge_agent(kb, a) for a in agents)
            report.append(f"{path}: {len(agents)} agent nouns read, {added} new, {len(problems)} malformed lines")
            report += [str(p) for p in problems]
        else:
            phrases, problems = petrarch.read_discard_dictionary(path)
            discards.update(phrases)
            report.append(f"{path}: {len(phrases)} discard phrases, {len(problems)} malformed lines")
            report += [str(p) for p in problems]
    lexicon, used = extend_lexicon(lexicon, senses, discards)
    if senses:
        report.append(f"verb senses used (for verbs our lexicon lacks): {used}")
    return Resources(kb, lexicon, report)


def copy_kb(kb: ActorKB) -> ActorKB:
    return ActorKB(entities=dict(kb.entities), terms={k: list(v) for k, v in kb.terms.items()},
                   surface=dict(kb.surface), roles=list(kb.roles), members=dict(kb.members),
                   sector_nouns=dict(kb.sector_nouns), role_titles=dict(kb.role_titles),
                   titles=set(kb.titles))


def split_code(code: str, kb: ActorKB) -> tuple[str | None, str | None]:
    """"AFGGOV" -> ("AFG", "GOV"); "IGOUNO" -> (None, "IGO")."""
    prefix, rest = code[:3], code[3:6]
    country = prefix if prefix in kb.entities and kb.entities[prefix].kind == "state" else None
    sector = rest or (None if country else prefix)
    return country, SECTOR_ALIASES.get(sector or "", sector)


def merge_actors(kb: ActorKB, entries: list[petrarch.ActorEntry]) -> int:
    added = 0
    for entry in entries:
        if not entry.codes or not entry.names:
            continue
        actor = entry_actor(kb, entry)
        for name in entry.names:
            if name.lower() in kb.terms:
                continue  # our own data wins
            kb.terms[name.lower()] = [Term(actor.code, PERSON if actor.kind == "person" else NAME, entry.source)]
            kb.surface.setdefault(name.lower(), name.title())
            added += 1
    return added


def entry_actor(kb: ActorKB, entry: petrarch.ActorEntry) -> Actor:
    """The Actor an imported entry names; people get their dated codes as roles."""
    plain = [c for c in entry.codes if not c.start and not c.end]
    dated = [c for c in entry.codes if c.start or c.end]
    if plain and not dated and plain[0].code in kb.entities:
        return kb.entities[plain[0].code]  # "AFGHANISTAN_ [AFG]": a name of a state we know
    primary = plain[0] if plain else max(dated, key=lambda c: c.start or "")
    country, sector = split_code(primary.code, kb)
    slug = re.sub(r"[^A-Z0-9]+", "_", entry.names[0].upper()).strip("_")
    kind = "person" if dated else KIND_BY_SECTOR.get(sector or "", "agency" if country else "group")
    code = f"{country or 'PH'}.{slug}"
    if kind == "person":
        country, sector = None, None  # the role held on the document's date decides
    actor = kb.entities.get(code) or Actor(code, entry.names[0].title(), kind, country, sector)
    kb.entities.setdefault(code, actor)
    for dated_code in dated:
        holder_country, holder_sector = split_code(dated_code.code, kb)
        holder = f"{holder_country or 'PH'}.{holder_sector or 'GOV'}"
        kb.entities.setdefault(holder, Actor(holder, holder, "state" if holder_country else "group",
                                             holder_country, holder_sector))
        kb.roles.append(Role(code, "", holder, dated_code.start, dated_code.end))
    return actor


def merge_agent(kb: ActorKB, agent: petrarch.AgentEntry) -> bool:
    if agent.noun in kb.sector_nouns:
        return False
    kb.sector_nouns[agent.noun] = SECTOR_ALIASES.get(agent.code, agent.code)
    return True


def context_words(context: frozenset[str]) -> frozenset[str]:
    """Imported contexts are written forms, some multi-word ("arms shipment"); our
    check compares single tokens and lemmas, so keep each phrase's last word and a
    singular form of plurals."""
    words = set()
    for phrase in context:
        word = phrase.split()[-1] if phrase.split() else phrase
        words.add(word)
        if word.endswith("ies"):
            words.add(word[:-3] + "y")
        elif word.endswith("s") and not word.endswith("ss"):
            words.add(word[:-1])
    return frozenset(words)


def extend_lexicon(lexicon: Lexicon, senses: list[petrarch.VerbSense],
                   discards: set[str]) -> tuple[Lexicon, int]:
    onto = load_ontology()
    # verbs that carry status, attribution or other verbs' events for us, and verbs
    # too general to be events on their own
    cues = frozenset().union(*lexicon.cues.values()) | LIGHT_VERBS | GENERIC_VERBS
    verbs = {lemma: list(found) for lemma, found in lexicon.verbs.items()}
    own = {(p.lemma, p.particle) for found in lexicon.verbs.values() for p in found}
    used = 0
    for sense in senses:
        if sense.lemma in cues or (sense.lemma, sense.particle) in own:
            continue
        try:
            plover_type, _ = onto.plover_of(sense.cameo)
        except KeyError:
            continue
        if plover_type is None:
            continue
        verbs.setdefault(sense.lemma, []).append(Predicate(
            lemma=sense.lemma, pos="verb", cameo=sense.cameo, particle=sense.particle,
            # giving (CAMEO 07): the object is what is given, the recipient comes with "to"
            object="theme" if sense.cameo.startswith("07") else "target",
            context_required=context_words(sense.context), context_scope="object"))
        used += 1
    for found in verbs.values():
        found.sort(key=lambda p: (p.particle is None, not p.context_required))
    merged = Lexicon(verbs=verbs, nouns=lexicon.nouns, instruments=lexicon.instruments,
                     cues=lexicon.cues, unconfirmed_phrases=lexicon.unconfirmed_phrases,
                     idiom_objects=lexicon.idiom_objects,
                     discards=lexicon.discards | frozenset(discards),
                     business_pairs=lexicon.business_pairs)
    return merged, used
