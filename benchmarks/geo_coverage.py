"""How many extracted events carry a place with coordinates: the bundled examples and a
generated corpus.

    PYTHONPATH=src .venv/bin/python benchmarks/geo_coverage.py [--articles 200] [--seed 7]
                                                               [--coder hybrid]

Why: GDELT's ActionGeo fields and the dashboard's map are only as full as the events'
`location`; this prints the share of events with coordinates, split by where the place
came from (`sentence`: named in the event's sentence; `dateline`: the story's dateline
city, used when the sentence names no place) and by precision (`city` or `country`:
country-level places have a GeoNames id but no coordinates, see README "Places").

The corpus is `benchmarks/make_corpus.py` output (synthetic wire copy with datelines),
regenerated into a temporary folder with the given seed, first `--articles` articles.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from faultlines.demo import example_paths
from faultlines.extract import extract_documents
from faultlines.ingest import read_text_file
from faultlines.model import Document

HERE = Path(__file__).resolve().parent


def example_documents() -> list[Document]:
    return [d for d in (read_text_file(p) for p in example_paths()) if isinstance(d, Document)]


def corpus_documents(articles: int, seed: int) -> list[Document]:
    """The first `articles` articles of a freshly generated synthetic corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--out", tmp,
                        "--articles", str(articles), "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
        lines = (Path(tmp) / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    docs = []
    for line in lines[:articles]:
        item = json.loads(line)
        docs.append(Document(item["id"], item["text"], item.get("date"), item.get("source"),
                             item.get("title")))
    return docs


def coverage(docs: list[Document], coder: str) -> dict:
    """Counts of events, with any place, with coordinates, and by place source/precision."""
    counts: Counter = Counter()
    for result in extract_documents(docs, coder=coder):
        for event in result.events:
            counts["events"] += 1
            loc = event.location
            if loc is None:
                continue
            counts["with a place"] += 1
            if loc.lat is not None and loc.lon is not None:
                counts["with coordinates"] += 1
            counts[f"source={getattr(loc, 'source', None) or 'sentence'}"] += 1
            counts[f"feature={getattr(loc, 'feature', None) or '?'}"] += 1
    return dict(counts)


def report(name: str, counts: dict) -> str:
    total = counts.get("events", 0) or 1
    share = counts.get("with coordinates", 0) / total
    parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "events")
    return (f"{name}: {counts.get('events', 0)} events, {counts.get('with coordinates', 0)} with "
            f"coordinates ({share:.1%}); {parts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--coder", default="hybrid")
    args = parser.parse_args()
    print(report("examples", coverage(example_documents(), args.coder)))
    print(report(f"generated corpus ({args.articles} articles, seed {args.seed})",
                 coverage(corpus_documents(args.articles, args.seed), args.coder)))


if __name__ == "__main__":
    main()
