"""The CAMEO verb-pattern dictionary reader."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from faultlines.dictionaries.petrarch.common import (
    Problem,
    VerbDictionary,
    VerbSense,
    _ADVERB_PARTICLES,
    _BLOCK_HEADER,
    _CAMEO_CODE,
    _MARKERS,
    _Malformed,
    _STOP_WORDS,
    _SYNSET_NAME,
    _VERB_LINE,
    _VERB_PARTICLES,
    _content_lines,
    _dedupe,
    _excerpt,
    _normalise,
    _read_text,
    _source,
    _unbalanced,
)

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
