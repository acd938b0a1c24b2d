"""The demo: ingest the bundled example articles into a store and summarise them.

The examples (`faultlines/examples/*.txt`) are fictionalised wire copy written
for the project. The summary shows what the extractor makes of them: events by
PLOVER type and status, the busiest dyads, and a sample of claims that are not
asserted as fact.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from faultlines.model import Event, Status, event_from_json
from faultlines.nlp import DEFAULT_MODEL
from faultlines.pipeline import ingest
from faultlines.store import Store

DEMO_DB = "faultlines-demo.duckdb"


@dataclass
class DemoSummary:
    db: str = ""
    documents: int = 0
    new: int = 0
    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def example_paths() -> list[Path]:
    folder = Path(str(resources.files("faultlines") / "examples"))
    return sorted(folder.glob("*.txt"))


def run(db: str | Path = DEMO_DB, model: str = DEFAULT_MODEL, progress=None) -> DemoSummary:
    """Ingest the examples into the store `db` (again: adds nothing) and read the
    events back from it, so the summary shows what the dashboard will show."""
    paths = example_paths()
    summary = DemoSummary(db=str(db))
    task = None
    if progress is not None:
        progress.start()
        task = progress.add_task("ingesting examples", total=len(paths))
    try:
        with Store(db) as store:
            ingested = ingest([str(p) for p in paths], store, model=model,
                              on_progress=(lambda n: progress.advance(task, n)) if progress is not None else None)
            summary.new = ingested.new
            summary.problems = [f"{where}: {why}" for where, why in ingested.problems]
            summary.documents = store.db.execute(
                "SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
            records = store.db.execute(
                "SELECT e.record FROM events e JOIN documents d ON d.id = e.doc_id "
                "WHERE d.duplicate_of IS NULL ORDER BY e.event_date, e.doc_id, e.sentence_index").fetchall()
            summary.events = [event_from_json(json.loads(record)) for (record,) in records]
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
    lines = [f"{summary.documents} example articles in {summary.db} ({summary.new} new this run), "
             f"{len(events)} events, {len(summary.problems)} problems", ""]
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
    lines += ["", "Open the dashboard on this store (then http://127.0.0.1:8000/):",
              f"  {serve_command()} serve --db {summary.db}"]
    if Path(summary.db).name == "faultlines-demo.duckdb":
        lines.append("  or, in a clone of the repository: make serve")
    return "\n".join(lines)


def serve_command() -> str:
    """How to run faultlines from here: the script installed next to this Python (a fresh
    clone's .venv/bin is not on PATH), else `python -m faultlines`."""
    script = Path(sys.executable).parent / "faultlines"
    if shutil.which("faultlines") == str(script) or not script.exists():
        return "faultlines" if shutil.which("faultlines") else f"{sys.executable} -m faultlines"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)
