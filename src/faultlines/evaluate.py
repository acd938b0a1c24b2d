"""Score extraction against labelled data.

Two kinds of data:

1. The project's own development set (`eval/dev_sentences*.jsonl`,
   `eval/dev_articles.jsonl`; format in eval/README.md). A predicted event
   matches a gold event in the same sentence when their triggers are the same
   word, or failing that when type and dyad agree. Reported: event detection
   precision/recall/F1, type accuracy, source and target accuracy (by actor key),
   status accuracy with per-status precision/recall, attribution accuracy, and
   the share of no-event sentences where nothing was coded.

2. The real annotated sentences in `../shared/data/dev/` (measurement only;
   nothing from them is stored or learned): CAMEO pentaclass macro-F1 of the
   sentence's main event, and source/target span F1 (exact spans, seqeval
   style, plus token-overlap F1).
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.errors import InputError
from faultlines.extract import extract_documents
from faultlines.learned.corpus import pentaclass_of_root
from faultlines.learned.hybrid import CODERS, headline
from faultlines.model import Document, Event, Status
from faultlines.nlp import DEFAULT_MODEL
from faultlines.nlp.resources import resources

STATUSES = [s.value for s in Status]


@dataclass
class DevScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_ok: int = 0
    source_ok: int = 0
    target_ok: int = 0
    status_ok: int = 0
    attr_total: int = 0
    attr_ok: int = 0
    null_sentences: int = 0
    null_clean: int = 0
    status_pairs: list = field(default_factory=list)  # (gold, predicted) over matches
    mismatches: list = field(default_factory=list)
    items: int = 0
    seconds: float = 0.0


def default_dev_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "eval").is_dir() and (parent / "pyproject.toml").exists():
            return parent / "eval"
    return Path("eval")


def default_shared_dir() -> Path | None:
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        cand = base.parent / "shared" / "data" / "dev"
        if cand.is_dir():
            return cand
    return None


def load_dev(directory: Path) -> list[dict]:
    items = []
    files = sorted(directory.glob("dev_sentences*.jsonl")) + sorted(directory.glob("dev_articles*.jsonl"))
    if not files:
        raise InputError(f"{directory}: no dev_sentences*.jsonl or dev_articles*.jsonl found")
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
    return items


def key(mention) -> str | None:
    return mention.actor.key if mention is not None else None


def attr_key(event: Event) -> str | None:
    return key(event.attributed_to.mention) if event.attributed_to else None


def match_events(gold: list[dict], predicted: list[Event]) -> list[tuple[dict, Event | None]]:
    """Greedy one-to-one matching: same trigger first (best role agreement), then type+dyad."""
    pairs: list[tuple[dict, Event | None]] = []
    free = list(predicted)

    def agreement(g: dict, p: Event) -> int:
        return (g.get("source") == key(p.source)) + (g.get("target") == key(p.target)) + \
            (g.get("event_type") == p.event_type)

    for g in gold:
        cands = [p for p in free if p.trigger.lower() == str(g.get("trigger", "")).lower()]
        if not cands:
            cands = [p for p in free if p.event_type == g.get("event_type")
                     and key(p.source) == g.get("source") and key(p.target) == g.get("target")]
        best = max(cands, key=lambda p: agreement(g, p), default=None)
        if best is not None:
            free.remove(best)
        pairs.append((g, best))
    return pairs + [(None, p) for p in free]


def score_dev(items: list[dict], model: str, show_errors: bool,
              dictionaries: tuple[str, ...] = (), coder: str = "rules") -> DevScore:
    score = DevScore(items=len(items))
    docs = [Document(str(it["id"]), it["text"], it.get("date"), it.get("source")) for it in items]
    start = time.perf_counter()
    results = {r.document.id: r for r in extract_documents(docs, model=model, dictionaries=dictionaries,
                                                           coder=coder)}
    score.seconds = time.perf_counter() - start
    for item in items:
        predicted = results[str(item["id"])].events
        gold = item.get("events") or []
        if any("sentence_contains" in g for g in gold):
            pairs = article_pairs(gold, predicted)
        else:
            if not gold:
                score.null_sentences += 1
                score.null_clean += not predicted
            pairs = match_events(gold, predicted)
        for g, p in pairs:
            tally(score, item, g, p, show_errors)
    return score


def article_pairs(gold: list[dict], predicted: list[Event]) -> list:
    """Match within sentences: each gold event belongs to the predicted sentence that
    holds its snippet."""
    by_sentence: dict[int, tuple[list, list]] = {}
    for p in predicted:
        by_sentence.setdefault(p.sentence_index, ([], []))[1].append(p)
    sentences = {p.sentence_index: p.sentence for p in predicted}
    unplaced = []
    for g in gold:
        index = next((i for i, text in sentences.items() if g.get("sentence_contains", "\0") in text), None)
        if index is None:
            unplaced.append((g, None))
        else:
            by_sentence[index][0].append(g)
    pairs = [pair for golds, preds in by_sentence.values() for pair in match_events(golds, preds)]
    return pairs + unplaced


def tally(score: DevScore, item: dict, g: dict | None, p: Event | None, show_errors: bool) -> None:
    if g is not None and p is not None:
        score.tp += 1
        score.type_ok += g.get("event_type") == p.event_type
        score.source_ok += g.get("source") == key(p.source)
        score.target_ok += g.get("target") == key(p.target)
        score.status_ok += g.get("status", "asserted") == p.status.value
        score.status_pairs.append((g.get("status", "asserted"), p.status.value))
        if g.get("attributed_to"):
            score.attr_total += 1
            score.attr_ok += g["attributed_to"] == attr_key(p)
        ok = (g.get("event_type"), g.get("source"), g.get("target"), g.get("status")) == \
            (p.event_type, key(p.source), key(p.target), p.status.value)
        if not ok and show_errors:
            score.mismatches.append(f"{item['id']} WRONG gold={g.get('event_type')} {g.get('source')}->{g.get('target')} "
                                    f"{g.get('status')}/{g.get('attributed_to')} | got {p.event_type} {key(p.source)}->{key(p.target)} "
                                    f"{p.status.value}/{attr_key(p)} [{p.trigger}]")
    elif g is not None:
        score.fn += 1
        if show_errors:
            score.mismatches.append(f"{item['id']} MISSED {g.get('event_type')} {g.get('source')}->{g.get('target')} "
                                    f"[{g.get('trigger')}] :: {g.get('sentence_contains') or item['text'][:160]}")
    elif p is not None:
        score.fp += 1
        if show_errors:
            score.mismatches.append(f"{item['id']} EXTRA {p.event_type} {key(p.source)}->{key(p.target)} "
                                    f"[{p.trigger}] :: {p.sentence[:160]}")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def status_table(pairs: list[tuple[str, str]]) -> dict[str, tuple[float, float, int]]:
    table = {}
    for status in STATUSES:
        tp = sum(1 for g, p in pairs if g == status and p == status)
        fp = sum(1 for g, p in pairs if g != status and p == status)
        fn = sum(1 for g, p in pairs if g == status and p != status)
        prec, rec, _ = prf(tp, fp, fn)
        table[status] = (prec, rec, tp + fn)
    return table


# -- the shared real sentences -------------------------------------------------

def pentaclass_of(cameo: str, reduce_relations: int = 4) -> int:
    """CAMEO root -> pentaclass: 0 = 01-02, 1 = 03-05, 2 = 06-08, 3 = 09-13, 4 = 14-20
    (CAMEO's QuadClass, as the shared README states it). `reduce_relations` = 3 puts
    CAMEO 16 in verbal conflict, the convention the shared sentences' labels follow."""
    root = int(cameo[:2])
    return reduce_relations if root == 16 else pentaclass_of_root(root)


def event_class(event: Event, reduce_relations: int = 4) -> int:
    """The pentaclass CAMEO would give the sentence of `event`. An act we mark
    hypothetical ("is considering sending aid") is CAMEO 014, consider a policy
    option, and one whose actor denies it is CAMEO 016, deny responsibility:
    both are statements (class 0) in CAMEO, whatever the act."""
    if event.status in (Status.HYPOTHETICAL, Status.DENIED):
        return 0
    return pentaclass_of(event.cameo, reduce_relations)


main_event = headline  # the sentence's headline event, as the hybrid coder picks it


def read_bio(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        tok, _, tag = line.rpartition(" ")
        tokens.append(tok)
        tags.append(tag if tag[-1:] in ("S", "T") else "O")
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def spans_from_tags(tags: list[str], role: str) -> set[tuple[int, int]]:
    spans, start = set(), None
    for i, tag in enumerate(tags + ["O"]):
        if tag == f"B-{role}" or (tag == f"I-{role}" and start is None):
            if start is not None:
                spans.add((start, i))
            start = i
        elif tag != f"I-{role}":
            if start is not None:
                spans.add((start, i))
            start = None
    return spans


def score_shared(directory: Path, model: str, limit: int, dictionaries: tuple[str, ...] = (),
                 comments: bool = False, coder: str = "rules") -> dict:
    report: dict = {}
    penta = directory / "cameo_pentaclass_train.tsv"
    if penta.exists():
        rows = [l.rsplit("\t", 1) for l in penta.read_text(encoding="utf-8").splitlines() if "\t" in l]
        rows = rows[:limit] if limit else rows
        docs = [Document(f"p{i}", text) for i, (text, _) in enumerate(rows)]
        start = time.perf_counter()
        preds = [main_event(r.events) for r in extract_documents(docs, model=model, dictionaries=dictionaries,
                                                                 comments=comments, coder=coder)]
        gold = [int(label) for _, label in rows]
        strict = [event_class(e) if e else -1 for e in preds]
        # PLOVER does not code CAMEO 01 statements, so "no event" is our class 0
        guess = [0 if p == -1 else p for p in strict]
        f1s = class_f1s(gold, guess)
        alt = [0 if e is None else event_class(e, reduce_relations=3) for e in preds]
        report["pentaclass"] = {
            "macro_f1_16_as_3": sum(class_f1s(gold, alt)) / 5,
            "sentences": len(rows), "macro_f1": sum(f1s) / 5, "per_class_f1": f1s,
            "accuracy": sum(g == p for g, p in zip(gold, guess)) / max(1, len(rows)),
            "no_event": sum(p == -1 for p in strict),
            "strict_macro_f1": sum(class_f1s(gold, strict)) / 5,
            "seconds": time.perf_counter() - start}
    bio = directory / "cameo_source_target_train.bio"
    if bio.exists():
        sents = read_bio(bio)
        sents = sents[:limit] if limit else sents
        report["spans"] = score_spans(sents, model, dictionaries, comments, coder)
    return report


def class_f1s(gold: list[int], guess: list[int]) -> list[float]:
    """F1 of each of the five pentaclasses."""
    f1s = []
    for cls in range(5):
        tp = sum(1 for g, p in zip(gold, guess) if g == cls and p == cls)
        fp = sum(1 for g, p in zip(gold, guess) if g != cls and p == cls)
        fn = sum(1 for g, p in zip(gold, guess) if g == cls and p != cls)
        f1s.append(prf(tp, fp, fn)[2])
    return f1s


NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "’s", "n't", "'re", "'ll", "'ve", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "$", "€", "£"}


def detokenize(tokens: list[str]) -> tuple[str, list[int]]:
    """The sentence as running text ("Japan’s", "cease-fire", "(NAF)"), with the offset of
    each token, so the parser sees what a reader would rather than "Japan ’ s"."""
    text, starts = "", []
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        glued = i == 0 or tok in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER \
            or (tok == "s" and prev in ("’", "'")) or (tok in ("’", "'") and i + 1 < len(tokens)
                                                      and tokens[i + 1] == "s") \
            or (tok == "-" and prev[-1:].isalnum() and i + 1 < len(tokens) and tokens[i + 1][:1].isalnum()) \
            or (prev == "-" and i > 1 and tokens[i - 2][-1:].isalnum() and tok[:1].isalnum())
        if not glued:
            text += " "
        starts.append(len(text))
        text += tok
    return text, starts


def score_spans(sents, model: str, dictionaries: tuple[str, ...] = (), comments: bool = False,
                coder: str = "rules") -> dict:
    docs, offsets = [], []
    for i, (tokens, _) in enumerate(sents):
        text, starts = detokenize(tokens)
        docs.append(Document(f"b{i}", text))
        offsets.append(starts)
    counts = {role: Counter() for role in ("S", "T")}
    for (tokens, tags), starts, result in zip(sents, offsets,
                                              extract_documents(docs, model=model, dictionaries=dictionaries,
                                                                comments=comments, coder=coder)):
        event = main_event(result.events)
        for role, attr in (("S", "source"), ("T", "target")):
            gold = spans_from_tags(tags, role)
            mention = getattr(event, attr) if event else None
            pred = set()
            if mention is not None and mention.end_char > mention.start_char:
                lo, hi = mention.phrase_span
                covered = [i for i, s in enumerate(starts) if s >= lo and s + len(tokens[i]) <= hi]
                if covered:
                    pred.add((covered[0], covered[-1] + 1))
            c = counts[role]
            c["tp"] += len(gold & pred)
            c["fp"] += len(pred - gold)
            c["fn"] += len(gold - pred)
            gold_tok = {i for a, b in gold for i in range(a, b)}
            pred_tok = {i for a, b in pred for i in range(a, b)}
            c["ttp"] += len(gold_tok & pred_tok)
            c["tfp"] += len(pred_tok - gold_tok)
            c["tfn"] += len(gold_tok - pred_tok)
    out = {"sentences": len(sents)}
    for role, c in counts.items():
        out[role] = {"exact_f1": prf(c["tp"], c["fp"], c["fn"])[2],
                     "token_f1": prf(c["ttp"], c["tfp"], c["tfn"])[2]}
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    out["exact_f1"] = prf(tp, fp, fn)[2]
    ttp = sum(c["ttp"] for c in counts.values())
    out["token_f1"] = prf(ttp, sum(c["tfp"] for c in counts.values()), sum(c["tfn"] for c in counts.values()))[2]
    return out


def run(dev: Path | None, shared: Path | None, model: str = DEFAULT_MODEL, limit: int = 0,
        show_errors: bool = False, dictionaries: tuple[str, ...] = (),
        coders: tuple[str, ...] = CODERS, progress=None) -> dict:
    """Every set `eval` knows, scored for each coder: {"coders": {coder: {set: score}}}."""
    dev = dev or default_dev_dir()
    items = load_dev(dev)
    items = items[:limit] if limit else items
    started = time.perf_counter()
    imported = resources(None, dictionaries) if dictionaries else None
    report = {"dictionaries": dictionaries, "load_seconds": time.perf_counter() - started,
              "import_report": imported.report if imported else [], "coders": {}}
    heldout = dev.parent / "train"
    comments = dev / "comments" / "comments.jsonl"
    shared = shared or default_shared_dir()
    for coder in coders:
        say = progress or (lambda _msg: None)
        part: dict = {}
        say(f"{coder}: development set")
        part["dev"] = score_dev(items, model, show_errors and coder == coders[0], dictionaries, coder)
        if comments.exists():
            say(f"{coder}: comments set")
            part["comments"] = score_comments(comments, model, dictionaries, coder)
        # CAMEO 01 comments are opt-in (PLOVER has no such type): each real-text set is
        # scored without them, the default, and with them (`extract --comments`)
        if heldout.is_dir() and any(heldout.rglob("*.jsonl")):
            say(f"{coder}: validation split of train/")
            part["heldout"] = score_heldout(heldout, model, limit, dictionaries, coder=coder,
                                            validation_only=True)
            part["heldout"]["with_comments"] = score_heldout(heldout, model, limit, dictionaries, comments=True,
                                                             coder=coder, validation_only=True)
        if shared is not None and shared.is_dir():
            say(f"{coder}: shared real sentences")
            part["shared"] = score_shared(shared, model, limit, dictionaries, coder=coder)
            part["shared"]["with_comments"] = score_shared(shared, model, limit, dictionaries, comments=True,
                                                           coder=coder)
        report["coders"][coder] = part
    return report


def score_heldout(directory: Path, model: str, limit: int = 0, dictionaries: tuple[str, ...] = (),
                  comments: bool = False, coder: str = "rules", validation_only: bool = False) -> dict:
    """The training corpus's validation split (`validation_only`: the sentences of
    `train/corpus/` the learned coder is never trained on; see learned/corpus.py), or every
    sentence of a folder of such files: sentence pentaclass as on the shared
    sentences, no-event sentences left empty, and exact source/target spans of the
    sentence's first gold event against the headline event's argument phrases."""
    from faultlines.learned.corpus import is_validation, to_record
    paths = sorted(directory.glob("*.jsonl")) + sorted((directory / "corpus").glob("*.jsonl"))
    if validation_only:  # train/train_sentences_*.jsonl calibrate the model; the corpus is split
        paths = sorted((directory / "corpus").glob("*.jsonl")) or paths
    records = [json.loads(line) for path in paths
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if validation_only:
        records = [r for r in records if is_validation(to_record(r, ""))]
    records = records[:limit] if limit else records
    docs = [Document(r["id"], r["text"], r.get("date")) for r in records]
    gold, guess, empty, no_event = [], [], 0, 0
    spans = {role: Counter() for role in ("source", "target")}
    for record, result in zip(records, extract_documents(docs, model=model, dictionaries=dictionaries,
                                                         comments=comments, coder=coder)):
        event = main_event(result.events)
        if record.get("pentaclass") is None:
            no_event += 1
            empty += not result.events
            continue
        gold.append(int(record["pentaclass"]))
        guess.append(event_class(event) if event else 0)
        first = record["events"][0]
        for role in spans:
            truth = normal_space(first.get(f"{role}_text"))
            mention = getattr(event, role) if event else None
            said = normal_space(record["text"][mention.phrase_start:mention.phrase_end]
                                if mention is not None and mention.phrase_start is not None else
                                mention.text if mention is not None else None)
            c = spans[role]
            c["tp"] += bool(truth and said and truth == said)
            c["fp"] += bool(said and said != truth)
            c["fn"] += bool(truth and said != truth)
    f1s = class_f1s(gold, guess)
    out = {"sentences": len(records), "macro_f1": sum(f1s) / 5, "per_class_f1": f1s,
           "no_event": no_event, "left_empty": empty}
    for role, c in spans.items():
        out[role] = prf(c["tp"], c["fp"], c["fn"])[2]
    total = Counter()
    for c in spans.values():
        total.update(c)
    out["span_f1"] = prf(total["tp"], total["fp"], total["fn"])[2]
    return out


def score_comments(path: Path, model: str, dictionaries: tuple[str, ...] = (), coder: str = "rules") -> dict:
    """The comment coder (`--comments`) on the project's labelled comment sentences
    (`eval/comments/comments.jsonl`): a gold comment is found when a COMMENT event has
    its speaker; code and addressee are then scored on the found ones."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [Document(r["id"], r["text"], r.get("date")) for r in records]
    tp = fp = fn = code_ok = target_ok = 0
    empty = negatives = 0
    for record, result in zip(records, extract_documents(docs, model=model, dictionaries=dictionaries,
                                                         comments=True, coder=coder)):
        said = [e for e in result.events if e.event_type == "COMMENT"]
        gold = record.get("comments") or []
        if not gold:
            negatives += 1
            empty += not said
        free = list(said)
        for g in gold:
            match = next((e for e in free if key(e.source) == g.get("source")), None)
            if match is None:
                fn += 1
                continue
            free.remove(match)
            tp += 1
            code_ok += match.cameo == g.get("cameo")
            target_ok += key(match.target) == g.get("target")
        fp += len(free)
    p, r, f = prf(tp, fp, fn)
    return {"items": len(records), "precision": p, "recall": r, "f1": f,
            "code_accuracy": code_ok / max(1, tp), "target_accuracy": target_ok / max(1, tp),
            "negatives": negatives, "negatives_empty": empty}


def normal_space(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def coder_rows(part: dict) -> list[tuple[str, str | None]]:
    """(measure, value) rows for one coder; a heading row has value None."""
    rows: list[tuple[str, str | None]] = []
    s: DevScore = part["dev"]
    p, r, f = prf(s.tp, s.fp, s.fn)
    n = max(1, s.tp)
    rows += [(f"Development set (eval/): {s.items} items, {s.tp + s.fn} gold events", None),
             ("  event detection P / R / F1", f"{p:.3f} / {r:.3f} / {f:.3f}"),
             ("  type accuracy (matched events)", f"{s.type_ok / n:.3f}"),
             ("  source accuracy", f"{s.source_ok / n:.3f}"),
             ("  target accuracy", f"{s.target_ok / n:.3f}"),
             ("  status accuracy", f"{s.status_ok / n:.3f}"),
             ("  attribution accuracy", f"{s.attr_ok / max(1, s.attr_total):.3f}"),
             ("  no-event sentences left empty", f"{s.null_clean}/{s.null_sentences}"),
             ("  seconds", f"{s.seconds:.1f}")]
    cm = part.get("comments")
    if cm:
        rows += [(f"Comments set (eval/comments/, --comments): {cm['items']} sentences", None),
                 ("  comments found P / R / F1", f"{cm['precision']:.3f} / {cm['recall']:.3f} / {cm['f1']:.3f}"),
                 ("  CAMEO code / addressee (found)", f"{cm['code_accuracy']:.3f} / {cm['target_accuracy']:.3f}"),
                 ("  look-alikes left empty", f"{cm['negatives_empty']}/{cm['negatives']}")]
    held = part.get("heldout")
    if held:
        rows += [(f"Validation split of train/ (never trained on): {held['sentences']} sentences", None),
                 ("  pentaclass macro-F1", f"{held['macro_f1']:.3f}"),
                 ("  per class 0-4", " ".join(f"{x:.2f}" for x in held["per_class_f1"])),
                 ("  no-event sentences left empty", f"{held['left_empty']}/{held['no_event']}"),
                 ("  exact-span F1 (source / target)",
                  f"{held['span_f1']:.3f} ({held['source']:.3f} / {held['target']:.3f})")]
        wc = held.get("with_comments")
        if wc:
            rows.append(("  with --comments: pentaclass / span F1", f"{wc['macro_f1']:.3f} / {wc['span_f1']:.3f}"))
    shared = part.get("shared") or {}
    if "pentaclass" in shared:
        pc = shared["pentaclass"]
        rows += [(f"Shared real sentences (../shared/data/dev, measurement only): {pc['sentences']} pentaclass", None),
                 ("  pentaclass macro-F1", f"{pc['macro_f1']:.3f}"),
                 ("  per class 0-4", " ".join(f"{x:.2f}" for x in pc["per_class_f1"])),
                 ("  accuracy", f"{pc['accuracy']:.3f}"),
                 ("  sentences with no event (class 0)", f"{pc['no_event']}"),
                 ("  macro-F1, no event counted wrong", f"{pc['strict_macro_f1']:.3f}"),
                 ("  macro-F1, CAMEO 16 as verbal conflict", f"{pc['macro_f1_16_as_3']:.3f}")]
    if "spans" in shared:
        sp = shared["spans"]
        rows += [(f"  spans ({sp['sentences']} sentences): exact F1 (source / target)",
                  f"{sp['exact_f1']:.3f} ({sp['S']['exact_f1']:.3f} / {sp['T']['exact_f1']:.3f})"),
                 ("  token-overlap F1", f"{sp['token_f1']:.3f}")]
    wc = shared.get("with_comments") or {}
    if "pentaclass" in wc:
        rows.append(("  with --comments: pentaclass macro-F1", f"{wc['pentaclass']['macro_f1']:.3f}"))
    if "spans" in wc:
        rows.append(("  with --comments: exact-span F1", f"{wc['spans']['exact_f1']:.3f}"))
    return rows


def format_report(report: dict) -> str:
    """Every measure on every set, one column per coder."""
    lines = []
    if report.get("dictionaries"):
        lines.append(f"Imported dictionaries ({report['load_seconds']:.1f}s to load): "
                     + ", ".join(report["dictionaries"]))
        lines += [f"  {line}" for line in report["import_report"] if not line[:1].isdigit()][:12]
    coders = list(report["coders"])
    table = {c: coder_rows(report["coders"][c]) for c in coders}
    first = table[coders[0]]
    width = max(len(label) for label, _ in first) + 2
    col = max(16, *(len(v or "") + 2 for c in coders for _, v in table[c]))
    lines.append(" " * width + "".join(f"{c:>{col}}" for c in coders))
    for i, (label, value) in enumerate(first):
        if value is None:
            lines.append(label)
            continue
        lines.append(f"{label:<{width}}" + "".join(f"{table[c][i][1] or '':>{col}}" for c in coders))
    s: DevScore = report["coders"][coders[0]]["dev"]
    lines.append(f"Development set per status ({coders[0]})  precision  recall  gold")
    for status, (prec, rec, support) in status_table(s.status_pairs).items():
        lines.append(f"    {status:<14}    {prec:.3f}     {rec:.3f}   {support}")
    if s.mismatches:
        lines += ["", f"Mismatches ({coders[0]}):"] + s.mismatches
    return "\n".join(lines)
