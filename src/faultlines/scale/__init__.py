"""Scale-out: the same extraction as `faultlines extract`, as a PySpark job.

When a corpus outgrows one machine, `run_extract` reads JSONL or Parquet
documents, codes them in Spark's Python workers (Arrow batches through
`mapInArrow`; the spaCy pipeline and knowledge base loaded once per worker
process) and writes the store's tables as Parquet: events partitioned by
year and month, documents, sentences, mentions, and the rows that could not be
processed. `Store.open_parquet` (and `--parquet DIR` on the read commands) then
lets one machine analyse what a cluster extracted.

- `session.py` — a local session that stays on loopback (tests, benchmarks, one machine).
- `records.py` — inputs (files, folders, JSONL lines, Parquet rows) to document rows.
- `worker.py` — what runs in the Python workers: parsing records and coding documents.
- `job.py` — the job: read, deduplicate, code, write, summarise.
- `submit.py` — the `spark-submit` entry point.
"""

from faultlines.scale.job import ExtractSummary, run_extract
from faultlines.scale.session import local_session

__all__ = ["ExtractSummary", "local_session", "run_extract"]
