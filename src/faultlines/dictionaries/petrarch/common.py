"""Records and helpers shared by the PETRARCH/TABARI readers."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
