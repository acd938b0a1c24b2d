"""Readers for actor, agent and discard dictionaries."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from faultlines.dictionaries.petrarch.common import (
    ActorCode,
    ActorDictionary,
    ActorEntry,
    AgentEntry,
    Problem,
    _AGENT_LINE,
    _BRACKET,
    _CODE,
    _MACRO,
    _MACRO_DEF,
    _Malformed,
    _content_lines,
    _dedupe,
    _excerpt,
    _normalise,
    _read_text,
    _source,
    _unbalanced,
)

# ----------------------------------------------------------------------------- actors


def _iso_date(text: str) -> str:
    """"040601" -> "2004-06-01", "19820101" -> "1982-01-01"; two-digit years 00-30 are 20xx."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise _Malformed(f"bad date {text!r}: expected YYMMDD or YYYYMMDD")
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise _Malformed(f"bad date {text!r}: no such day") from None


def _date_range(restriction: str) -> tuple[str | None, str | None]:
    """(start, end) of "", ">DATE", "<DATE" or "DATE-DATE"; both ends are inclusive."""
    if not restriction:
        return None, None
    if restriction[0] == ">":
        return _iso_date(restriction[1:]), None
    if restriction[0] == "<":
        return None, _iso_date(restriction[1:])
    if restriction.count("-") == 1:
        start, end = (_iso_date(part) for part in restriction.split("-"))
        if start > end:
            raise _Malformed(f"date range {restriction} ends before it starts")
        return start, end
    raise _Malformed(f"bad date restriction {restriction!r}: expected >DATE, <DATE or DATE-DATE")


def _actor_code(inner: str) -> ActorCode | None:
    """The code in one [CODE restriction] group; None for the null code [---]."""
    fields = inner.split(None, 1)
    if not fields:
        raise _Malformed("empty actor code []")
    code = fields[0]
    if set(code) == {"-"}:
        return None
    if not _CODE.fullmatch(code):
        raise _Malformed(f"bad actor code {code!r}")
    restriction = "".join(fields[1].split()) if len(fields) > 1 else ""
    start, end = _date_range(restriction)
    return ActorCode(code.upper(), start, end)


def _split_codes(line: str) -> tuple[str, list[str], str]:
    """(text before the first '[', contents of each [...], text left after them)."""
    bad = _unbalanced(line, "[]")
    if bad:
        raise _Malformed(f"unbalanced '{bad}'")
    head, bracket, rest = line.partition("[")
    rest = bracket + rest
    return head, _BRACKET.findall(rest), _BRACKET.sub(" ", rest).strip()


@dataclass
class _ActorDraft:
    names: list[str]
    codes: list[ActorCode]
    line: int


def _line_codes(line: str, number: int, path, problems: list[Problem]) -> tuple[str, list[ActorCode]]:
    """The name part of an actor line and its readable codes; each bad code is one Problem."""
    head, groups, trailing = _split_codes(line)
    codes = []
    for inner in groups:
        try:
            code = _actor_code(inner)
        except _Malformed as exc:
            problems.append(Problem(str(path), number, f"[{inner}]: {exc}; code skipped"))
            continue
        if code:
            codes.append(code)
    if trailing:
        problems.append(Problem(str(path), number, f"text after the codes ignored: {_excerpt(trailing)}"))
    return head, codes


def read_actor_dictionary(path) -> ActorDictionary:
    """Read a PETRARCH actor dictionary (e.g. Phoenix.Countries.actors.txt).

    An entry is a headword line (`NAME_ [CODE]`, code optional), any `+ALIAS` lines, and any
    code lines `[CODE restriction]` (indented in the files, but recognised by the bracket).
    Codes on the headword line, on alias lines and on code lines all belong to the entry.
    """
    lines = _content_lines(_read_text(path))
    problems: list[Problem] = []
    drafts: list[_ActorDraft] = []
    current: _ActorDraft | None = None
    broken = False  # the headword was unreadable: drop its aliases and codes with it
    for number, line in lines:
        try:
            if line.startswith("[") or line.startswith("+"):
                if current is None:
                    if not broken:
                        raise _Malformed("alias or code before any actor name")
                    continue
                head, codes = _line_codes(line, number, path, problems)
                current.codes += codes
                if line.startswith("+"):
                    name = _normalise(head[1:])
                    if not name:
                        raise _Malformed("empty alias")
                    if name not in current.names:
                        current.names.append(name)
            else:
                current, broken = None, True
                head, codes = _line_codes(line, number, path, problems)
                name = _normalise(head)
                if not name:
                    raise _Malformed("empty actor name")
                current, broken = _ActorDraft([name], codes, number), False
                drafts.append(current)
        except _Malformed as exc:
            what = "entry skipped" if current is None and broken else "line skipped"
            problems.append(Problem(str(path), number, f"{exc}; {what}: {_excerpt(line)}"))
    entries = [ActorEntry(tuple(d.names), tuple(_dedupe(d.codes, lambda c: c)), _source(path, d.line))
               for d in drafts]
    problems.sort(key=lambda p: p.line)
    return ActorDictionary(entries, problems)


# ----------------------------------------------------------------------------- agents


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    """"CATTLE!PERSON!" -> ["CATTLEMAN", "CATTLEMEN", ...]: every item replaces the marker.

    The substitution is literal, as in PETRARCH: "FOREIGN_!MINIST!" keeps its own `_`.
    """
    parts = _MACRO.split(phrase)
    choices = []
    for part in parts:
        if _MACRO.fullmatch(part):
            items = macros.get(part.upper())
            if items is None:
                raise _Malformed(f"unknown substitution {part}")
            choices.append(items)
        else:
            choices.append([part])
    return ["".join(combo) for combo in itertools.product(*choices)]


def _agent_code(inner: str) -> str:
    """"~GOV" -> "GOV", "NGO~" -> "NGO" (the side of '~' only says where the code attaches)."""
    code = inner.strip()
    if code.startswith("~"):
        code = code[1:]
    elif code.endswith("~"):
        code = code[:-1]
    else:
        raise _Malformed(f"agent code [{inner}] has no '~'")
    if not _CODE.fullmatch(code):
        raise _Malformed(f"bad agent code [{inner}]")
    return code.upper()


def _read_macros(lines: list[tuple[int, str]], path) -> tuple[dict[str, list[str]], list[Problem]]:
    """The `!NAME! = A, B, C` substitution sets, wherever they are in the file."""
    macros: dict[str, list[str]] = {}
    problems = []
    for number, line in lines:
        match = _MACRO_DEF.match(line)
        if not match:
            continue
        items = [item.strip() for item in match["items"].split(",") if item.strip()]
        if not items:
            problems.append(Problem(str(path), number, f"substitution !{match['name']}! is empty"))
            continue
        macros[f"!{match['name'].upper()}!"] = items
    return macros, problems


def _agent_entries(line: str, number: int, path, macros: dict[str, list[str]]) -> list[AgentEntry]:
    """The entries of one agent line: each substitution, plus the {irregular plural} if given."""
    bad = _unbalanced(line, "{}[]")
    if bad:
        raise _Malformed(f"unbalanced '{bad}'")
    match = _AGENT_LINE.match(line)
    if not match:
        raise _Malformed("agent line needs a [~CODE]" if "[" not in line
                         else "cannot read agent line")
    code = _agent_code(match["code"])
    phrases = [match["phrase"]] + ([match["plural"]] if match["plural"] and match["plural"].strip() else [])
    entries = []
    for phrase in phrases:
        for form in _expand_macros(phrase, macros):
            noun = _normalise(form)
            if not noun:
                raise _Malformed("empty agent noun")
            entries.append(AgentEntry(noun, code, _source(path, number)))
    return entries


def read_agent_dictionary(path) -> tuple[list[AgentEntry], list[Problem]]:
    """Read a PETRARCH agents dictionary (e.g. Phoenix.agents.txt): sector nouns and codes.

    Regular plurals are not generated (faultlines lemmatises); irregular ones given in {...}
    become entries of their own. Entries repeated in the file are kept once.
    """
    lines = _content_lines(_read_text(path))
    macros, problems = _read_macros(lines, path)
    entries: list[AgentEntry] = []
    for number, line in lines:
        if _MACRO_DEF.match(line):
            continue
        try:
            entries += _agent_entries(line, number, path, macros)
        except _Malformed as exc:
            problems.append(Problem(str(path), number, f"{exc}: {_excerpt(line)}"))
    problems.sort(key=lambda p: p.line)
    return _dedupe(entries, lambda e: (e.noun, e.code)), problems


# ----------------------------------------------------------------------------- discards


def read_discard_dictionary(path) -> tuple[list[str], list[Problem]]:
    """Read a PETRARCH discard list (e.g. Phoenix.discards.txt): phrases that mark off-topic text.

    The markers are dropped: a leading '+' (discard the whole story rather than the sentence)
    and a trailing '_' (match whole words only). Repeated phrases are kept once.
    """
    problems: list[Problem] = []
    phrases: list[str] = []
    for number, line in _content_lines(_read_text(path)):
        text = line[1:] if line.startswith("+") else line
        if any(c in text for c in "[]{}"):
            problems.append(Problem(str(path), number, f"unexpected brackets in discard phrase {line!r}"))
            continue
        phrase = _normalise(text)
        if not phrase:
            problems.append(Problem(str(path), number, "empty discard phrase"))
            continue
        phrases.append(phrase)
    return _dedupe(phrases, lambda p: p), problems
