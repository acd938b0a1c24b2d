"""The actor knowledge base: who can act, under which names, with which codes.

Loaded from readable files in `data/` (each with a SOURCES note saying where
its facts come from and as of when):

- `countries.csv`: states with names, aliases, demonyms, capitals, seats of power.
- `orgs.yaml`: IGOs (with members), agencies, armed groups, media, groups.
- `people.csv`: officials, one row per role, with the dates of the role.
- `sectors.csv`: agent nouns ("officials", "forces") → sector code.
- `wikidata.csv`: the Wikidata QID of entries where it is known for certain
  (`ActorKB.wikidata`; its header says how they were assigned).

`ActorKB.terms` maps every lower-cased surface form to what it can name; the
spaCy component in `faultlines.nlp` turns those into a PhraseMatcher, and
`faultlines.nlp.resolve` uses the KB to turn phrases into Actors.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from faultlines.errors import DataError
from faultlines.model import Actor

# How a surface form names its entity; decides how the resolver uses it.
NAME, DEMONYM, METONYM, SEAT, PERSON = "name", "demonym", "metonym", "seat", "person"


@dataclass(frozen=True)
class Term:
    code: str
    how: str  # NAME, DEMONYM, METONYM, SEAT, PERSON
    source: str = ""  # the data file (and line) the name comes from


@dataclass(frozen=True)
class Role:
    person: str  # person code
    role: str  # lower-case title
    holder: str  # org code, or country code for heads of state/government
    start: str | None
    end: str | None

    def held_on(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        return (self.start or "0000") <= date <= (self.end or "9999")


@dataclass
class ActorKB:
    entities: dict[str, Actor] = field(default_factory=dict)
    terms: dict[str, list[Term]] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)  # lower-cased term -> as written
    roles: list[Role] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)  # IGO code -> states
    sector_nouns: dict[str, str] = field(default_factory=dict)  # "officials" -> GOV
    role_titles: dict[str, set[str]] = field(default_factory=dict)  # org -> titles
    titles: set[str] = field(default_factory=set)  # every role title, lower case
    wikidata: dict[str, str] = field(default_factory=dict)  # code -> QID ("IRN" -> "Q794")

    def add_term(self, text: str, code: str, how: str, source: str = "") -> None:
        text = " ".join(text.split()).strip()
        if not text:
            return
        key = text.lower()
        if key.startswith("the "):
            key, text = key[4:], text[4:]
        self.surface.setdefault(key, text)
        found = self.terms.setdefault(key, [])
        if all(t.code != code for t in found):
            found.append(Term(code, how, source))

    def lookup(self, text: str) -> list[Term]:
        key = " ".join(text.lower().split())
        if key.startswith("the "):
            key = key[4:]
        return self.terms.get(key, [])

    def holder_of(self, holder: str, title: str, date: str | None) -> Actor | None:
        """The person who held `title` at `holder` (org or state) on `date`."""
        title = title.lower()
        for role in self._roles_by()[0].get((holder, title), ()):
            if role.held_on(date):
                return self.entities.get(role.person)
        return None

    def person_role_on(self, person: str, date: str | None) -> Role | None:
        """The role a person held on `date` (else their latest role)."""
        roles = self._roles_by()[1].get(person, [])
        for role in roles:
            if role.held_on(date):
                return role
        return max(roles, key=lambda r: r.start or "", default=None)

    def _roles_by(self) -> tuple[dict[tuple[str, str], list[Role]], dict[str, list[Role]]]:
        """`roles` indexed by (holder, title) and by person, in their order: the resolver
        asks once per official named, and scanning all 650 roles took 11 µs a call (0.6
        with the index). Rebuilt when roles have been added since."""
        cached = self.__dict__.get("_roles_index")
        if cached is None or cached[0] != len(self.roles):
            by_post: dict[tuple[str, str], list[Role]] = {}
            by_person: dict[str, list[Role]] = {}
            for role in self.roles:
                by_post.setdefault((role.holder, role.role), []).append(role)
                by_person.setdefault(role.person, []).append(role)
            cached = (len(self.roles), by_post, by_person)
            self.__dict__["_roles_index"] = cached
        return cached[1], cached[2]


def data_dir() -> Path:
    return Path(str(resources.files("faultlines.actors") / "data"))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _read_csv(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise DataError(f"cannot read knowledge-base file {path}: {exc}") from exc


def _load_countries(kb: ActorKB, path: Path) -> None:
    for line, row in enumerate(_read_csv(path), start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code or not name:
            raise DataError(f"{path}, line {line}: a country needs code and name")
        kb.entities[code] = Actor(code, name, "state", code, None)
        where = f"{path.name}:{line}"
        for text in [name, row.get("official_name") or "", *_split(row.get("aliases"))]:
            kb.add_term(text, code, NAME, where)
        for text in _split(row.get("demonyms")):
            kb.add_term(text, code, DEMONYM, where)
        for text in _split(row.get("capital")) + _split(row.get("metonyms")):
            kb.add_term(text, code, METONYM, where)
        for text in _split(row.get("seats")):
            kb.add_term(text, code, SEAT, where)


def _load_orgs(kb: ActorKB, path: Path) -> None:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read knowledge-base file {path}: {exc}") from exc
    for i, entry in enumerate(entries):
        try:
            code, name, kind = entry["code"], entry["name"], entry["kind"]
        except (KeyError, TypeError) as exc:
            raise DataError(f"{path}: entry {i + 1} lacks code/name/kind") from exc
        kb.entities[code] = Actor(code, name, kind, entry.get("country") or None,
                                  entry.get("sector") or None)
        for text in [name, *(entry.get("aliases") or [])]:
            kb.add_term(str(text), code, NAME, path.name)
        for text in entry.get("demonyms") or []:
            kb.add_term(str(text), code, DEMONYM, path.name)
        if entry.get("members"):
            kb.members[code] = list(entry["members"])
        kb.role_titles[code] = {str(r).lower() for r in entry.get("roles") or []}
        kb.titles |= kb.role_titles[code]


def _load_people(kb: ActorKB, path: Path) -> None:
    for line, row in enumerate(_read_csv(path), start=2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if not code or not name:
            raise DataError(f"{path}, line {line}: a person needs code and name")
        country = (row.get("country") or "").strip() or None
        sector = (row.get("sector") or "").strip() or None
        if code not in kb.entities:
            kb.entities[code] = Actor(code, name, "person", country, sector)
        for text in [name, *_split(row.get("aliases"))]:
            kb.add_term(text, code, PERSON, f"{path.name}:{line}")
        holder = (row.get("org") or "").strip() or country
        if row.get("role") and holder:
            kb.titles.add(row["role"].strip().lower())
            kb.roles.append(Role(code, row["role"].strip().lower(), holder,
                                 (row.get("start") or "").strip() or None,
                                 (row.get("end") or "").strip() or None))


def _load_sectors(kb: ActorKB, path: Path) -> None:
    for row in _read_csv(path):
        for noun in _split(row.get("nouns")):
            kb.sector_nouns.setdefault(noun.lower(), row["sector"].strip())


QID = re.compile(r"Q[1-9][0-9]*")


def _load_wikidata(kb: ActorKB, path: Path) -> None:
    """QIDs of known entries; lines starting with # are the file's notes. Optional: a
    knowledge base of one's own need not have the file."""
    if not path.exists():
        return
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    except OSError as exc:
        raise DataError(f"cannot read knowledge-base file {path}: {exc}") from exc
    for n, row in enumerate(csv.DictReader(lines), start=2):
        code, qid = (row.get("code") or "").strip(), (row.get("wikidata") or "").strip()
        if code not in kb.entities:
            raise DataError(f"{path}, row {n}: {code!r} is no entry of the knowledge base")
        if not QID.fullmatch(qid):
            raise DataError(f"{path}, row {n}: {qid!r} is not a Wikidata QID (Q and digits)")
        kb.wikidata[code] = qid


@lru_cache(maxsize=4)
def load_kb(directory: str | None = None) -> ActorKB:
    """Load the knowledge base from `directory` (default: the bundled data)."""
    base = Path(directory) if directory else data_dir()
    kb = ActorKB()
    _load_countries(kb, base / "countries.csv")
    _load_orgs(kb, base / "orgs.yaml")
    _load_people(kb, base / "people.csv")
    _load_sectors(kb, base / "sectors.csv")
    _load_wikidata(kb, base / "wikidata.csv")
    return kb
