"""The training corpus: reading it, checking it against `train/GUIDE.md`, splitting it.

The corpus is JSONL under `train/corpus/` (written for the project, see
`train/README.md`), plus the older `train/train_sentences_*.jsonl` sets, which
follow the same conventions without the sentence-level `cameo` and `form`.

Run `python -m faultlines.learned.corpus check FILE...` to check files before
they are handed in, and `... agreement ORIGINAL... --second FILE...` to compare a
blind second labelling with the originals (Cohen's kappa, span exact match).
Nothing here needs torch: the runtime, the scorer and the checker share it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FORMS = {"wire", "headline", "quote", "long", "passive", "analysis", "caption", "codebook", "plain"}
STATUSES = {"asserted", "reported", "planned", "hypothetical", "denied", "unconfirmed"}
KEY_RE = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WORD_RE = re.compile(r"\w+", re.UNICODE)
NGRAM = 8
VALIDATION_SHARE = 0.12  # a fixed share of records, chosen by a hash of the text, never trained on


def repo_root() -> Path:
    """The checkout whose train/ and eval/ are used (FAULTLINES_REPO_ROOT overrides it:
    training on a frozen copy while the corpus is still being written)."""
    if os.environ.get("FAULTLINES_REPO_ROOT"):
        return Path(os.environ["FAULTLINES_REPO_ROOT"])
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "train").is_dir():
            return parent
    return Path.cwd()


def cameo_table() -> dict[str, dict]:
    path = Path(__file__).resolve().parent.parent / "ontology" / "data" / "cameo.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def pentaclass_of_root(root: int) -> int:
    """CAMEO root -> pentaclass, CAMEO 16 in material conflict (the corpus convention)."""
    return 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


# -- reading -------------------------------------------------------------------

@dataclass
class Record:
    """One labelled sentence, with the labels the model learns."""
    id: str
    text: str
    pentaclass: int | None      # None: no political event
    root: int | None            # CAMEO root 1..20, None when unknown or no event
    plover: str | None          # PLOVER type of the headline event (None: none or a CAMEO 01 statement)
    source_text: str | None
    target_text: str | None
    form: str
    origin: str                 # file name

    @property
    def has_event(self) -> bool:
        return self.pentaclass is not None


def sentence_cameo(item: dict) -> str | None:
    """The sentence's CAMEO code: the record's own, else the headline event's when it
    agrees with the record's pentaclass (older sets have no sentence-level code)."""
    if item.get("cameo"):
        return str(item["cameo"])
    events = item.get("events") or []
    if events and events[0].get("cameo") and item.get("pentaclass") is not None:
        code = str(events[0]["cameo"])
        if code[:2].isdigit() and pentaclass_of_root(int(code[:2])) == item["pentaclass"]:
            return code
    return None


def to_record(item: dict, origin: str) -> Record:
    events = item.get("events") or []
    head = events[0] if events else {}
    code = sentence_cameo(item)
    pentaclass = item.get("pentaclass")
    return Record(
        id=str(item["id"]), text=item["text"], pentaclass=pentaclass,
        root=int(code[:2]) if code and pentaclass is not None else None,
        plover=head.get("event_type") if pentaclass is not None else None,
        source_text=head.get("source_text"), target_text=head.get("target_text"),
        form=item.get("form") or "plain", origin=origin)


def corpus_files(root: Path | None = None) -> list[Path]:
    root = root or repo_root()
    return sorted((root / "train").glob("train_sentences_*.jsonl")) + sorted((root / "train" / "corpus").glob("*.jsonl"))


def read_jsonl(path: Path) -> list[dict]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            items.append(json.loads(line))
    return items


def load_corpus(files: list[Path] | None = None) -> list[Record]:
    records = []
    for path in files or corpus_files():
        records.extend(to_record(item, path.name) for item in read_jsonl(path))
    return records


def is_validation(record: Record) -> bool:
    """The validation split: a fixed share of sentences by a hash of their text, so it
    does not move when files are added or reordered."""
    digest = hashlib.sha1(normal_text(record.text).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < VALIDATION_SHARE


def split(records: list[Record]) -> tuple[list[Record], list[Record]]:
    train = [r for r in records if not is_validation(r)]
    valid = [r for r in records if is_validation(r)]
    return train, valid


# -- checking ------------------------------------------------------------------

def normal_text(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = WORD_RE.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def protected_ngrams(root: Path) -> set[tuple[str, ...]]:
    """8-word runs of the sets the model is measured on: the project's dev set, the
    comments set and, when present beside the checkout, the real measurement sentences.
    Only used to refuse training sentences that share one; nothing else is read."""
    grams: set[tuple[str, ...]] = set()
    for path in sorted((root / "eval").rglob("*.jsonl")):
        for item in read_jsonl(path):
            grams |= ngrams(item.get("text", ""))
    shared = root.parent / "shared" / "data" / "dev"
    if shared.is_dir():
        tsv = shared / "cameo_pentaclass_train.tsv"
        if tsv.exists():
            for line in tsv.read_text(encoding="utf-8").splitlines():
                grams |= ngrams(line.rsplit("\t", 1)[0])
        bio = shared / "cameo_source_target_train.bio"
        if bio.exists():
            words: list[str] = []
            for line in bio.read_text(encoding="utf-8").splitlines() + [""]:
                if line.strip():
                    words.append(line.rsplit(" ", 1)[0])
                elif words:
                    grams |= ngrams(" ".join(words))
                    words = []
    return grams


def check_item(item: dict, codes: dict[str, dict]) -> list[str]:
    """Problems with one record, as short phrases; [] when it follows the guide."""
    problems = []
    for name in ("id", "text", "date", "events"):
        if name not in item:
            problems.append(f"missing '{name}'")
    if problems:
        return problems
    text = item["text"]
    if not isinstance(text, str) or not text.strip():
        return ["empty text"]
    if not DATE_RE.match(str(item.get("date", ""))):
        problems.append(f"date {item.get('date')!r} is not YYYY-MM-DD")
    form = item.get("form")
    if form not in FORMS:
        problems.append(f"form {form!r} is not one of {sorted(FORMS)}")
    code = item.get("cameo")
    pentaclass = item.get("pentaclass")
    events = item.get("events")
    if not isinstance(events, list):
        return problems + ["'events' is not a list"]
    if code is None:
        if pentaclass is not None:
            problems.append("pentaclass set but cameo is null")
        if events:
            problems.append("events listed but cameo is null (no political event)")
    else:
        code = str(code)
        if code not in codes:
            problems.append(f"cameo {code!r} is not a CAMEO code")
        elif pentaclass != pentaclass_of_root(int(code[:2])):
            problems.append(f"pentaclass {pentaclass!r} does not match cameo {code} "
                            f"(expected {pentaclass_of_root(int(code[:2]))})")
        if not events:
            problems.append("cameo set but no events")
    for i, event in enumerate(events):
        where = f"events[{i}]"
        trigger = event.get("trigger")
        if not trigger or not re.search(r"(?<!\w)" + re.escape(str(trigger)) + r"(?!\w)", text):
            problems.append(f"{where}.trigger {trigger!r} is not a word of the text")
        ecode = event.get("cameo")
        if ecode is not None and str(ecode) not in codes:
            problems.append(f"{where}.cameo {ecode!r} is not a CAMEO code")
        etype = event.get("event_type")
        if ecode is not None and str(ecode) in codes:
            expected = codes[str(ecode)]["plover_type"] or None
            if str(ecode)[:2] == "01" and etype is not None:
                problems.append(f"{where}.event_type must be null for a CAMEO 01 statement")
            elif str(ecode)[:2] != "01" and etype is None:
                problems.append(f"{where}.event_type is null but cameo {ecode} has PLOVER type {expected}")
        for role in ("source", "target", "attributed_to"):
            value = event.get(role)
            if value is not None and not KEY_RE.match(str(value)):
                problems.append(f"{where}.{role} {value!r} is not an actor key")
        for role in ("source_text", "target_text"):
            value = event.get(role)
            if value is not None and (not isinstance(value, str) or value not in text):
                problems.append(f"{where}.{role} {value!r} is not a substring of the text")
        status = event.get("status")
        if status not in STATUSES:
            problems.append(f"{where}.status {status!r} is not one of {sorted(STATUSES)}")
    return problems


def check_files(paths: list[Path], root: Path | None = None, out=sys.stdout) -> int:
    """Print one line per problem ('file:line id: problem'); return the number of problems."""
    root = root or repo_root()
    codes = cameo_table()
    protected = protected_ngrams(root)
    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    # Texts and ids already in the corpus (outside the files checked) count as taken.
    checked = {p.resolve() for p in paths}
    for other in corpus_files(root):
        if other.resolve() in checked:
            continue
        for item in read_jsonl(other):
            seen_ids[str(item.get("id"))] = other.name
            seen_texts[normal_text(item.get("text", ""))] = other.name
    count = 0
    totals: Counter = Counter()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: cannot read: {exc}", file=out)
            count += 1
            continue
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{lineno}: not JSON: {exc.msg}", file=out)
                count += 1
                continue
            if not isinstance(item, dict):
                print(f"{path}:{lineno}: not a JSON object", file=out)
                count += 1
                continue
            problems = check_item(item, codes)
            rid = str(item.get("id"))
            if rid in seen_ids:
                problems.append(f"id also in {seen_ids[rid]}")
            seen_ids[rid] = path.name
            norm = normal_text(str(item.get("text", "")))
            if norm in seen_texts:
                problems.append(f"same text as a sentence in {seen_texts[norm]}")
            seen_texts[norm] = path.name
            if ngrams(str(item.get("text", ""))) & protected:
                problems.append("shares an 8-word run with an evaluation set: rewrite it")
            for problem in problems:
                print(f"{path}:{lineno} {rid}: {problem}", file=out)
            count += len(problems)
            totals["records"] += 1
            if item.get("cameo"):
                totals[f"root {str(item['cameo'])[:2]}"] += 1
            else:
                totals["no event"] += 1
            totals[f"form {item.get('form')}"] += 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(totals.items()))
    print(f"{count} problem(s) in {totals['records']} record(s). {summary}", file=out)
    return count


# -- agreement between two labellings -----------------------------------------------

def cohen_kappa(a: list, b: list) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(originals: list[Path], seconds: list[Path]) -> dict:
    """Compare a blind second labelling with the originals, by id."""
    first = {str(i["id"]): i for p in originals for i in read_jsonl(p)}
    pairs = [(first[str(i["id"])], i) for p in seconds for i in read_jsonl(p) if str(i["id"]) in first]
    def root(item):
        code = sentence_cameo(item)
        return code[:2] if code else "none"
    def cls(item):
        return "none" if item.get("pentaclass") is None else str(item["pentaclass"])
    def span(item, role):
        events = item.get("events") or []
        return (events[0].get(role) or "").strip() if events else ""
    both_events = [(a, b) for a, b in pairs if a.get("events") and b.get("events")]
    report = {
        "pairs": len(pairs),
        "pentaclass_kappa": cohen_kappa([cls(a) for a, _ in pairs], [cls(b) for _, b in pairs]),
        "pentaclass_agreement": sum(cls(a) == cls(b) for a, b in pairs) / max(1, len(pairs)),
        "root_kappa": cohen_kappa([root(a) for a, _ in pairs], [root(b) for _, b in pairs]),
        "root_agreement": sum(root(a) == root(b) for a, b in pairs) / max(1, len(pairs)),
        "event_pairs": len(both_events),
        "source_exact": sum(span(a, "source_text") == span(b, "source_text") for a, b in both_events) / max(1, len(both_events)),
        "target_exact": sum(span(a, "target_text") == span(b, "target_text") for a, b in both_events) / max(1, len(both_events)),
        "disagreements": [(a["id"], cls(a), cls(b), root(a), root(b)) for a, b in pairs if root(a) != root(b)],
    }
    return report


def blind_sample(paths: list[Path], share: float = 0.10) -> list[dict]:
    """A fixed share of the records of `paths` (by a hash of the text), with the text and
    its metadata only: what a second labeller sees."""
    out = []
    for path in paths:
        for item in read_jsonl(path):
            digest = hashlib.sha1(("second:" + normal_text(item["text"])).encode()).digest()
            if int.from_bytes(digest[:4], "big") / 2**32 < share:
                out.append({k: item.get(k) for k in ("id", "text", "date", "source", "form")})
    return out


def near_duplicates(paths: list[Path], threshold: float = 0.7) -> list[tuple[str, str, float]]:
    """Pairs of sentences (ids) whose word trigrams overlap by at least `threshold`
    (Jaccard, estimated with MinHash): parallel writers sometimes write the same
    sentence with another dateline or country, which the exact-duplicate check
    misses and which, split across training and validation, flatters the model."""
    import re

    from datasketch import MinHash, MinHashLSH

    def signature(text: str) -> MinHash:
        words = re.findall(r"\w+", normal_text(text))
        shingles = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
        m = MinHash(num_perm=64, seed=1)
        for shingle in shingles:
            m.update(shingle.encode("utf-8"))
        return m

    index = MinHashLSH(threshold=threshold, num_perm=64)
    items = [(str(item["id"]), signature(item["text"])) for path in paths for item in read_jsonl(path)]
    pairs = []
    for n, (key, sig) in enumerate(items):
        for other in index.query(sig):
            similarity = sig.jaccard(items[other][1])
            if similarity >= threshold:
                pairs.append((items[other][0], key, round(similarity, 3)))
        index.insert(n, sig)
    return pairs


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m faultlines.learned.corpus")
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="check files against train/GUIDE.md")
    c.add_argument("files", nargs="+", type=Path)
    a = sub.add_parser("agreement", help="compare a blind second labelling with the originals")
    a.add_argument("originals", nargs="+", type=Path)
    a.add_argument("--second", nargs="+", type=Path, required=True)
    s = sub.add_parser("stats", help="counts by root, class, form and split")
    b = sub.add_parser("sample", help="write a blind 10%% sample (text only) for a second labeller")
    b.add_argument("files", nargs="+", type=Path)
    b.add_argument("--out", type=Path, required=True)
    n = sub.add_parser("near-duplicates", help="pairs of near-identical sentences across files (MinHash)")
    n.add_argument("files", nargs="*", type=Path, help="default: the corpus and the calibration set")
    args = parser.parse_args(argv)
    if args.cmd == "near-duplicates":
        pairs = near_duplicates(args.files or corpus_files())
        for first, second, similarity in pairs:
            print(f"near-duplicate: {first} {second} ({similarity:.2f})")
        print(f"{len(pairs)} near-duplicate pair(s)")
        return 1 if pairs else 0
    if args.cmd == "sample":
        rows = blind_sample(args.files)
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} sentences written to {args.out}")
        return 0
    if args.cmd == "check":
        return 1 if check_files(args.files) else 0
    if args.cmd == "agreement":
        report = agreement(args.originals, args.second)
        for key, value in report.items():
            if key != "disagreements":
                print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
        for row in report["disagreements"]:
            print("disagree:", *row)
        return 0
    records = load_corpus()
    train, valid = split(records)
    print(f"{len(records)} records: {len(train)} train, {len(valid)} validation")
    print("by root:", dict(sorted(Counter(r.root for r in records if r.root).items())))
    print("by class:", dict(sorted(Counter(str(r.pentaclass) for r in records).items())))
    print("by form:", dict(sorted(Counter(r.form for r in records).items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
