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

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.errors import InputError, InputNotFound

# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Problem:
    """A line, or part of one, that could not be read; it is reported and skipped."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class VerbSense:
    """One importable verb sense: verb (+ particle) in this context codes as `cameo`."""

    lemma: str
    particle: str | None
    cameo: str
    context: frozenset[str]
    source: str


@dataclass(frozen=True)
class VerbDictionary:
    senses: list[VerbSense]
    synsets: dict[str, list[str]]
    problems: list[Problem]
    skipped: int


@dataclass(frozen=True)
class ActorCode:
    code: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class ActorEntry:
    names: tuple[str, ...]
    codes: tuple[ActorCode, ...]
    source: str


@dataclass(frozen=True)
class ActorDictionary:
    entries: list[ActorEntry]
    problems: list[Problem]


@dataclass(frozen=True)
class AgentEntry:
    noun: str
    code: str
    source: str


class _Malformed(ValueError):
    """Raised inside the parsers; the reader turns it into a Problem for the current line."""


# ----------------------------------------------------------------------------- word lists

# Pattern markers for source/target/object positions; they constrain roles, not words.
_MARKERS = frozenset({"$", "+", "%", "^"})

_PREPOSITIONS = frozenset(
    "about above across after against along amid amidst among amongst around as at before "
    "behind below beneath beside besides between beyond by despite down during except for "
    "from in inside into like near of off on onto out outside over past per since than "
    "through throughout till to toward towards under underneath until unto up upon via "
    "with within without".split())

# Words that turn a verb into a phrasal verb when they follow it directly ("set OFF").
_ADVERB_PARTICLES = frozenset(
    "up down out off in on over back away forward forth together aside apart along around "
    "about through ahead behind".split())

# A multi-word verb "+ASK_FOR" keeps its second word as a particle only if it is one of these.
_VERB_PARTICLES = _ADVERB_PARTICLES | _PREPOSITIONS

# Function words carry no sense information, so they never count as required context.
_STOP_WORDS = _PREPOSITIONS | frozenset(
    "a an the this that these those his her hers its their theirs our ours my your yours "
    "him himself herself itself themselves ourselves yourself them they he she it we you "
    "i me us and or nor but be been being is are was were am will would shall should can "
    "could may might must has have had do does did which who whom whose what there here "
    "then so also very".split())

_COMMENT_START = re.compile(r"[#;]")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CAMEO_CODE = re.compile(r"\d{2,4}")
_BLOCK_HEADER = re.compile(r"^-{3,}\s*(?P<name>[^\[]*?)\s*(?:\[(?P<code>[^\[\]]*)\].*)?$")
_VERB_LINE = re.compile(
    r"^(?P<verb>[^\s{}\[\]]+)\s*(?:\{(?P<forms>[^{}\[\]]*)\})?\s*(?:\[(?P<code>[^{}\[\]]*)\])?$")
_SYNSET_NAME = re.compile(r"&[A-Za-z0-9_'-]+")
_AGENT_LINE = re.compile(
    r"^(?P<phrase>[^{}\[\]]+?)\s*(?:\{(?P<plural>[^{}\[\]]*)\})?\s*\[(?P<code>[^{}\[\]]*)\]$")
_MACRO_DEF = re.compile(r"^!(?P<name>[^!\s]+)!\s*=(?P<items>.*)$")
_MACRO = re.compile(r"(![^!\s]+!)")
_CODE = re.compile(r"[A-Za-z0-9]+")

# ----------------------------------------------------------------------------- shared helpers


def _read_text(path) -> str:
    """The file's text; undecodable bytes are replaced so one bad byte cannot stop an import."""
    file = Path(path)
    if not file.is_file():
        raise InputNotFound(f"{path}: no such dictionary file")
    try:
        return file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read dictionary: {exc.strerror}") from exc


def _strip_xml_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Remove `<!-- ... -->` from one line; the flag carries an unclosed comment to the next."""
    kept = []
    while line:
        if in_comment:
            end = line.find("-->")
            if end < 0:
                return "".join(kept), True
            line, in_comment = line[end + 3:], False
        start = line.find("<!--")
        if start < 0:
            kept.append(line)
            break
        kept.append(line[:start] + " ")
        line, in_comment = line[start + 4:], True
    return "".join(kept), in_comment


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of every line that has content once comments are removed.

    Splits on newlines only, so stray control characters cannot shift line numbers.
    """
    lines = []
    in_comment = False
    for number, raw in enumerate(text.split("\n"), 1):
        line, in_comment = _strip_xml_comments(raw.rstrip("\r"), in_comment)
        line = _COMMENT_START.split(line, 1)[0].strip()
        if line:
            lines.append((number, line))
    return lines


def _normalise(phrase: str) -> str:
    """Lower case, words separated by single blanks; `_` counts as a blank."""
    return " ".join(phrase.replace("_", " ").split()).lower()


def _unbalanced(text: str, pairs: str = "{}[]()") -> str | None:
    """The first bracket character that has no partner (nesting of one kind is not allowed)."""
    for opening, closing in zip(pairs[::2], pairs[1::2]):
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
                if depth > 1:
                    return opening
            elif char == closing:
                depth -= 1
                if depth < 0:
                    return closing
        if depth:
            return opening
    return None


def _excerpt(line: str, limit: int = 72) -> str:
    """The line as a problem message quotes it: blanks collapsed, long lines cut."""
    text = " ".join(line.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _source(path, line: int) -> str:
    return f"{Path(path).name}:{line}"


def _dedupe(items: list, key) -> list:
    """Keep the first of items that share a key, in file order."""
    seen: set = set()
    kept = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


# ----------------------------------------------------------------------------- verbs


@dataclass
class _Verb:
    lemma: str
    particle: str | None
    code: str | None  # None: use the block's code; "": explicitly no code ([---])
    line: int


@dataclass
class _Pattern:
    particle: str | None
    context: frozenset[str]
    cameo: str
    line: int


@dataclass
class _Block:
    code: str | None
    line: int
    verbs: list[_Verb] = field(default_factory=list)
    patterns: list[_Pattern] = field(default_factory=list)


def _cameo_code(text: str) -> str | None:
    """"042:043" -> "042", ":173" -> "173", "---" -> None; raises on anything else.

    A pair names the codes of an event and its reciprocal; the first real one is the event.
    """
    for part in text.split(":"):
        part = part.strip()
        if not part or set(part) == {"-"}:
            continue
        if not _CAMEO_CODE.fullmatch(part):
            raise _Malformed(f"bad CAMEO code [{text.strip()}]: expected 2-4 digits")
        return part
    return None


def _synset_key(name: str) -> str:
    """"&AUXVERB1_" and "&AUXVERB1" name the same synset (the `_` only stops plurals)."""
    return name.upper().rstrip("_")


def _read_synsets(lines: list[tuple[int, str]], path) -> tuple[dict[str, list[str]], list[Problem]]:
    """All `&NAME` blocks and their `+member` lines, wherever they are in the file.

    Read in a first pass so that a pattern may use a synset defined further down.
    """
    synsets: dict[str, list[str]] = {}
    problems: list[Problem] = []
    current: list[str] | None = None
    for number, line in lines:
        if line.startswith("&"):
            name = line.split()[0]
            if not _SYNSET_NAME.fullmatch(name) or len(line.split()) > 1:
                problems.append(Problem(str(path), number, f"bad synset label: {_excerpt(line)}"))
                current = None
            elif _synset_key(name) in synsets:
                problems.append(Problem(str(path), number, f"synset {name} defined twice; "
                                                           "later members added"))
                current = synsets[_synset_key(name)]
            else:
                current = synsets.setdefault(_synset_key(name), [])
        elif line.startswith("+") and current is not None:
            member = _normalise(line[1:])
            if member and member not in current:
                current.append(member)
        else:
            current = None
    return synsets, problems


def _tokens(text: str) -> list[str]:
    """Words, with braces and parentheses as tokens of their own."""
    return re.findall(r"[{}()]|[^\s{}()]+", text)


def _items(tokens: list[str]) -> list[tuple[str, object]]:
    """Group pattern tokens: ("word", w), ("phrase", [words]) for {...}, ("prep", items) for (...)."""
    items: list[tuple[str, object]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("{", "("):
            closing = "}" if token == "{" else ")"
            j = i + 1
            while j < len(tokens) and tokens[j] != closing:
                if tokens[j] in ("(", ")") or (token == "{" and tokens[j] == "{"):
                    raise _Malformed(f"unbalanced or nested '{tokens[j]}'")
                j += 1
            if j == len(tokens):
                raise _Malformed(f"unbalanced '{token}'")
            inner = tokens[i + 1:j]
            items.append(("phrase", inner) if token == "{" else ("prep", _items(inner)))
            i = j + 1
        elif token in ("}", ")"):
            raise _Malformed(f"unbalanced '{token}'")
        else:
            items.append(("word", token))
            i += 1
    return items


def _word_forms(word: str, synsets: dict[str, list[str]]) -> list[str]:
    """The strings one pattern word stands for: a synset's members, "A/B" alternatives, or itself."""
    if word.startswith("&"):
        members = synsets.get(_synset_key(word))
        if members is None:
            raise _Malformed(f"unknown synset {word}")
        return list(members)
    forms = [_normalise(alt) for alt in word.split("/")]
    return [f for f in forms if f]


def _phrase_forms(words: list[str], synsets: dict[str, list[str]]) -> frozenset[str]:
    """A {A B} phrase as the strings it matches; a synset inside multiplies them out."""
    parts = [_word_forms(w, synsets) for w in words if w not in _MARKERS]
    parts = [p for p in parts if p]
    if not parts:
        return frozenset()
    return frozenset(" ".join(combo) for combo in itertools.product(*parts))


def _content_units(items, synsets: dict[str, list[str]]) -> list[frozenset[str]]:
    """The content groups among items; each is the set of strings that satisfies it.

    Markers and function words are dropped; a prepositional group contributes the content
    of its object (its first word is the preposition itself).
    """
    units: list[frozenset[str]] = []
    for kind, value in items:
        if kind == "word":
            if value in _MARKERS or value.lower() in _STOP_WORDS:
                continue
            if "*" in value:
                raise _Malformed(f"'*' must stand alone, found {value!r}")
            forms = frozenset(_word_forms(value, synsets))
            if forms:
                units.append(forms)
        elif kind == "phrase":
            forms = _phrase_forms(value, synsets)
            if forms:
                units.append(forms)
        else:
            inner = value[1:] if value and value[0][0] == "word" else value  # drop the preposition
            units.extend(_content_units(inner, synsets))
    return units


def _parse_pattern(body: str, synsets: dict[str, list[str]]):
    """The (particle, context) a pattern body requires, or None if it is not importable.

    Importable: nothing before `*`, and after it at most a particle plus exactly one content
    group (a word, a {phrase}, a &SYNSET, or a (PREP object) group) — or a particle alone.
    """
    tokens = _tokens(body)
    stars = [i for i, t in enumerate(tokens) if t in ("*", "**")]
    if not stars:
        if any("*" in t for t in tokens):
            raise _Malformed("'*' must stand alone")
        raise _Malformed("pattern has no '*' for the verb")
    if len(stars) > 1:
        raise _Malformed("pattern has more than one '*'")
    before = _items(tokens[:stars[0]])
    after = _items(tokens[stars[0] + 1:])
    if _content_units(before, synsets) or any(k != "word" for k, _ in before):
        return None  # a subject constraint: the lexicon cannot express it
    particle = None
    if after and after[0][0] == "word" and after[0][1].lower() in _ADVERB_PARTICLES:
        particle = after[0][1].lower()
        after = after[1:]
    units = _content_units(after, synsets)
    if len(units) == 1:
        return particle, units[0]
    if not units and particle:
        return particle, frozenset()
    return None


def _verb_lemma(word: str) -> tuple[str, str | None] | None:
    """"RUSH" -> ("rush", None); "+PULL_OUT" -> ("pull", "out"); None if not representable.

    A multi-word verb marks its verb word with '+'; we keep it only when that is the first
    word and the one after it is a particle.
    """
    words = [w for w in word.split("_") if w]
    if len(words) == 1:
        lemma = words[0].lstrip("+").lower()
        if not lemma or "+" in lemma:
            raise _Malformed(f"bad verb {word!r}")
        return lemma, None
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if not marked:
        raise _Malformed(f"multi-word verb {word!r} needs a '+' on its verb word")
    if marked != [0] or len(words) != 2 or words[1].lower() not in _VERB_PARTICLES:
        return None
    return words[0][1:].lower(), words[1].lower()


def _parse_verb_line(line: str) -> tuple[str, str | None, str | None] | None:
    """(lemma, particle, own code) of a verb line; None when the verb is not representable.

    The own code is None when absent and "" for an explicit [---]. The {irregular forms} are
    only checked: faultlines lemmatises text itself.
    """
    bad = _unbalanced(line, "{}[]")
    if bad:
        raise _Malformed(f"unbalanced '{bad}' in verb line")
    match = _VERB_LINE.match(line)
    if not match:
        raise _Malformed("cannot read verb line")
    verb = _verb_lemma(match["verb"])
    if verb is None:
        return None
    code = match["code"]
    own = None if code is None else (_cameo_code(code) or "")
    return verb[0], verb[1], own


def _parse_pattern_line(line: str, synsets: dict[str, list[str]]):
    """(code, particle, context) of a "- ... [code]" line; None if well formed but not importable."""
    body = line[1:]
    bad = _unbalanced(body, "[]")
    if bad:
        raise _Malformed(f"unbalanced '{bad}' in pattern")
    match = re.search(r"\[([^\[\]]*)\]\s*$", body)
    if not match:
        raise _Malformed("pattern has no [code]")
    code = _cameo_code(match[1])
    body = body[:match.start()]
    if "[" in body:
        raise _Malformed("pattern has more than one [code]")
    bad = _unbalanced(body, "{}()")
    if bad:
        raise _Malformed(f"unbalanced '{bad}' in pattern")
    shape = _parse_pattern(body, synsets)
    if shape is None or code is None:
        return None
    return code, shape[0], shape[1]


def _block_senses(block: _Block, path) -> list[VerbSense]:
    """Every verb of a block with its default code and with each importable pattern."""
    senses = []
    for verb in block.verbs:
        default = block.code if verb.code is None else verb.code
        if default:
            line = block.line if verb.code is None else verb.line
            senses.append(VerbSense(verb.lemma, verb.particle, default, frozenset(),
                                    _source(path, line)))
        for pattern in block.patterns:
            if pattern.particle and verb.particle:
                continue  # "+SET_UP" with "- * OUT ...": two particles, not one phrasal verb
            senses.append(VerbSense(verb.lemma, verb.particle or pattern.particle, pattern.cameo,
                                    pattern.context, _source(path, pattern.line)))
    return senses


def read_verb_dictionary(path) -> VerbDictionary:
    """Read a PETRARCH verb dictionary (e.g. CAMEO.2.0.txt) into importable verb senses.

    Senses that share verb, particle, code and context are kept once (the first source).
    `skipped` counts verb lines, patterns and transformation lines that are well formed but
    cannot be expressed as a VerbSense (subject constraints, several content groups, no code,
    multi-word verbs that are not verb + particle).
    """
    lines = _content_lines(_read_text(path))
    synsets, problems = _read_synsets(lines, path)
    senses: list[VerbSense] = []
    skipped = 0
    block: _Block | None = None
    in_synset = False
    for number, line in lines:
        try:
            if line.startswith("---"):
                if block:
                    senses += _block_senses(block, path)
                block, in_synset = _Block(None, number), False
                header = _BLOCK_HEADER.match(line)
                if header and header["code"]:
                    block.code = _cameo_code(header["code"])
            elif line.startswith("&"):
                if block:
                    senses += _block_senses(block, path)
                block, in_synset = None, True
            elif line.startswith("+") and in_synset:
                continue  # a synset member, read in the first pass
            elif line.startswith("~"):
                in_synset = False
                skipped += 1  # a transformation rule between events, not a verb sense
            elif line.startswith("-"):
                in_synset = False
                if block is None:
                    raise _Malformed("pattern outside a verb block")
                pattern = _parse_pattern_line(line, synsets)
                if pattern is None:
                    skipped += 1
                else:
                    block.patterns.append(_Pattern(pattern[1], pattern[2], pattern[0], number))
            else:
                in_synset = False
                if block is None:
                    raise _Malformed("verb line outside a verb block")
                verb = _parse_verb_line(line)
                if verb is None:
                    skipped += 1
                else:
                    block.verbs.append(_Verb(verb[0], verb[1], verb[2], number))
        except _Malformed as exc:
            problems.append(Problem(str(path), number, f"{exc}: {_excerpt(line)}"))
    if block:
        senses += _block_senses(block, path)
    senses = _dedupe(senses, lambda s: (s.lemma, s.particle, s.cameo, s.context))
    problems.sort(key=lambda p: p.line)
    return VerbDictionary(senses, synsets, problems, skipped)


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
