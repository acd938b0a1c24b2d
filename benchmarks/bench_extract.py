"""Throughput of `extract` (each coder) against the bare spaCy pipeline, on the same texts, in one run.

    make bench            # or: .venv/bin/python benchmarks/bench_extract.py [--repeat N]

Texts: the development set's sentences and articles plus the bundled example
articles (all written for the project), repeated to give a stable timing. The
baseline is `nlp.pipe` of the same spaCy model without faultlines' components;
the ratio (extract / bare) says what our work costs on top of the parse, for
`--coder rules` (target ≥ 0.9) and `--coder hybrid`, which also runs the learned
coder over every sentence (target ≥ 0.5).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from functools import lru_cache
from pathlib import Path

import spacy

from faultlines.demo import example_paths
from faultlines.evaluate import default_dev_dir, load_dev
from faultlines.extract import extract_documents
from faultlines.ingest import read_text_file
from faultlines.model import Document
from faultlines.nlp import DEFAULT_MODEL, load_pipeline


def corpus(repeat: int) -> list[Document]:
    docs = [Document(str(it["id"]), it["text"], it.get("date")) for it in load_dev(default_dev_dir())]
    docs += [d for d in (read_text_file(p) for p in example_paths()) if isinstance(d, Document)]
    return [Document(f"{d.id}#{i}", d.text, d.date) for i in range(repeat) for d in docs]


@lru_cache(maxsize=2)
def bare_pipeline(model: str):
    return spacy.load(model)


def time_bare(model: str, texts: list[str]) -> float:
    nlp = bare_pipeline(model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def time_extract(model: str, docs: list[Document], coder: str = "rules") -> tuple[float, int]:
    load_pipeline(model)
    start = time.perf_counter()
    events = sum(len(r.events) for r in extract_documents(docs, model=model, batch_size=32, coder=coder))
    return time.perf_counter() - start, events


def time_in_modality(model: str, docs: list[Document]) -> float:
    """Seconds spent in status/attribution analysis during one extract run, measured
    by timing every call of `modality.analyse` (what issue 3 added)."""
    from faultlines.nlp import event_builder

    original, spent = event_builder.analyse, [0.0]

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    event_builder.analyse = timed
    try:
        for _ in extract_documents(docs, model=model, batch_size=32, coder="rules"):
            pass
    finally:
        event_builder.analyse = original
    return spent[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="copies of the corpus")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best is kept)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    docs = corpus(args.repeat)
    texts = [d.text for d in docs]
    bare_nlp = bare_pipeline(args.model)
    sentences = sum(len(list(doc.sents)) for doc in bare_nlp.pipe(texts[: len(texts) // args.repeat]))
    sentences *= args.repeat
    # warm both up once, then time them alternately
    from faultlines.learned.runtime import model_available
    coders = ["rules", "hybrid"] if model_available() else ["rules"]
    time_bare(args.model, texts[:20])
    for coder in coders:
        time_extract(args.model, docs[:20], coder)
    # interleaved rounds, best of each: this machine's timings drift by ~10% run to run
    bares, times, counts = [], {c: [] for c in coders}, {}
    for _ in range(args.rounds):
        bares.append(time_bare(args.model, texts))
        for coder in coders:
            t, counts[coder] = time_extract(args.model, docs, coder)
            times[coder].append(t)
    bare, ours = min(bares), min(times["rules"])
    events = counts["rules"]
    plain = ours - time_in_modality(args.model, docs)
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "model": args.model,
        "documents": len(docs),
        "sentences": sentences,
        "events": events,
        "bare_sentences_per_s": round(sentences / bare, 1),
        "extract_sentences_per_s": round(sentences / ours, 1),
        "ratio_extract_over_bare": round(bare / ours, 3),
        "ratio_without_modality_over_bare": round(bare / plain, 3),
    }
    if "hybrid" in times:
        hybrid = min(times["hybrid"])
        result.update({"hybrid_sentences_per_s": round(sentences / hybrid, 1),
                       "hybrid_events": counts["hybrid"],
                       "ratio_hybrid_over_bare": round(bare / hybrid, 3)})
    print(f"{len(docs)} documents, {sentences} sentences, {events} events ({args.model})")
    print(f"  bare spaCy nlp.pipe : {result['bare_sentences_per_s']:8.1f} sentences/s")
    print(f"  faultlines extract  : {result['extract_sentences_per_s']:8.1f} sentences/s (--coder rules)")
    print(f"  ratio extract/bare  : {result['ratio_extract_over_bare']:.3f}  (--coder rules; target >= 0.9)")
    if "hybrid" in times:
        print(f"  extract --coder hybrid: {result['hybrid_sentences_per_s']:8.1f} sentences/s, "
              f"{result['hybrid_events']} events; ratio hybrid/bare {result['ratio_hybrid_over_bare']:.3f} "
              f"(target >= 0.5)")
    print(f"  ratio without the time in status/attribution analysis: "
          f"{result['ratio_without_modality_over_bare']:.3f}  (their cost: "
          f"{100 * (result['ratio_without_modality_over_bare'] - result['ratio_extract_over_bare']):.1f} points)")
    Path(__file__).with_name("results.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
