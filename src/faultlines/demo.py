"""The demo: extract the bundled example articles and summarise them.

The examples (`faultlines/examples/*.txt`) are fictionalised wire copy written
for the project. The summary shows what the extractor makes of them: events by
PLOVER type and status, the busiest dyads, and a sample of claims that are not
asserted as fact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from faultlines.extract import extract_documents
from faultlines.ingest import read_text_file
from faultlines.model import Document, Event, Status
from faultlines.nlp import DEFAULT_MODEL


@dataclass
class DemoSummary:
    documents: int = 0
    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def example_paths() -> list[Path]:
    folder = Path(str(resources.files("faultlines") / "examples"))
    return sorted(folder.glob("*.txt"))


def run(model: str = DEFAULT_MODEL, progress=None) -> DemoSummary:
    summary = DemoSummary()
    docs = [d for d in (read_text_file(p) for p in example_paths()) if isinstance(d, Document)]
    summary.documents = len(docs)
    task = None
    if progress is not None:
        progress.start()
        task = progress.add_task("extracting examples", total=len(docs))
    try:
        for result in extract_documents(docs, model=model):
            summary.events.extend(result.events)
            if result.error:
                summary.problems.append(result.error)
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    return summary


def render(summary: DemoSummary) -> str:
    events = summary.events
    by_type = Counter(e.event_type for e in events)
    by_status = Counter(e.status.value for e in events)
    dyads = Counter((e.source.actor.key, e.target.actor.key) for e in events
                    if e.source and e.target and e.source.actor.key and e.target.actor.key)
    lines = [f"{summary.documents} example articles, {len(events)} events, {len(summary.problems)} problems", ""]
    lines.append("Events by PLOVER type: " + ", ".join(f"{t} {n}" for t, n in by_type.most_common()))
    lines.append("Events by status:      " + ", ".join(f"{s} {n}" for s, n in by_status.most_common()))
    lines += ["", "Busiest dyads (source -> target: events):"]
    lines += [f"  {a} -> {b}: {n}" for (a, b), n in dyads.most_common(10)]
    lines += ["", "Claims not asserted as fact (sample):"]
    for e in [e for e in events if e.status is not Status.ASSERTED][:8]:
        who = e.attributed_to.mention.text if e.attributed_to else "-"
        src = e.source.text if e.source else "?"
        tgt = e.target.text if e.target else "?"
        lines.append(f"  [{e.status.value}, by {who}] {src} {e.event_type} {tgt}: \"{e.sentence[:110]}\"")
    for problem in summary.problems:
        lines.append(f"problem: {problem}")
    return "\n".join(lines)
