"""The extraction job: JSONL/Parquet documents in, the store's tables as Parquet out.

    records (every line/row, named)  --mapInArrow parse-->  documents or problems
      --repartition by document id-->  --mapInArrow code-->  tagged rows (persisted)
      --> OUTPUT/documents, sentences, mentions, errors  and  OUTPUT/events/year=Y/month=M

Partitioning by document id sends exact duplicates (same normalised text and
URL, the store's identity) to the same task, which codes the document once; the
number of partitions is the unit of parallelism and of retry. The coded rows
are persisted once and split into one Parquet folder per store table, so no
document is coded twice. Near-duplicates (republished wire copy) are marked in
`documents.duplicate_of` by the store's own rule (`neardup.py`), so analyses
over the output count a republished story once, as over a store.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from functools import partial

from faultlines.errors import FaultlinesError, InputError
from faultlines.nlp import DEFAULT_MODEL
from faultlines.scale.records import read_records
from faultlines.scale.session import SparkError, current_log
from faultlines.store import EVENT_PARTITIONS, PARQUET_TABLES


@dataclass
class ExtractSummary:
    output: str
    documents: int = 0
    events: int = 0
    problems: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    sentences: int = 0
    mentions: int = 0
    partitions: int = 0
    seconds: float = 0.0
    log: str | None = None  # Spark's own log (warnings, errors, stack traces) of this session
    problem_samples: list[tuple[str, str]] = field(default_factory=list)


def _spark_schema(arrow_schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_schema)


def _check_output(spark, output: str, overwrite: bool) -> None:
    jvm = spark.sparkContext._jvm
    root = jvm.org.apache.hadoop.fs.Path(output)
    fs = root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if fs.exists(root) and fs.getFileStatus(root).isFile():
        raise InputError(f"{output}: is a file; --output needs a folder")
    existing = [f for f in PARQUET_TABLES.values() if fs.exists(jvm.org.apache.hadoop.fs.Path(root, f))]
    if existing and not overwrite:
        raise InputError(f"{output}: already holds output ({', '.join(existing)}); "
                         "pass --overwrite to replace it, or choose another folder")


def _reason(exc: Exception) -> str:
    """The useful line of a Spark failure (the Python error raised in a worker, if any)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for marker in ("PipelineError", "DataError", "InputError", "Error:", "Exception:"):
        found = [line for line in lines if marker in line and not line.startswith("at ")]
        if found:
            return found[-1][:500]
    return (lines[0] if lines else type(exc).__name__)[:500]


def _mark_duplicates(spark, documents, duplicate_of: dict[str, str]):
    """The documents rows with `duplicate_of` set from the near-duplicate pass."""
    from pyspark.sql import functions as F

    marks = spark.createDataFrame(sorted(duplicate_of.items()), "id string, original string")
    columns = [F.coalesce(F.col("original"), F.col("duplicate_of")).alias("duplicate_of")
               if name == "duplicate_of" else F.col(name) for name in documents.columns]
    return documents.join(F.broadcast(marks), "id", "left").select(*columns)


def run_extract(spark, inputs: str | list[str], output: str, model: str = DEFAULT_MODEL,
                partitions: int | None = None, batch_size: int = 32, chunk_size: int = 128,
                dictionaries: tuple[str, ...] = (), overwrite: bool = False,
                max_records_per_file: int = 1_000_000, coder: str | None = None) -> ExtractSummary:
    """Code every document of `inputs` (JSONL/Parquet files or folders) on `spark` and write
    the store's tables under `output`. `partitions` (default: 4 x the default parallelism)
    are the tasks documents are spread over; `batch_size` documents go to spaCy at a time."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from faultlines.scale.neardup import near_duplicates
    from faultlines.scale.worker import PARSED_SCHEMA, code_batches, parse_batches, tagged_schema

    started = time.perf_counter()
    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    partitions = partitions or 4 * spark.sparkContext.defaultParallelism
    summary = ExtractSummary(output, partitions=partitions, log=current_log(spark))
    from faultlines.extract import check_coder
    from faultlines.learned.hybrid import DEFAULT_CODER
    check_coder(coder or DEFAULT_CODER)  # an unknown coder or a missing model fails here, in one line
    coder = partial(code_batches, model=model, batch_size=batch_size, chunk_size=chunk_size,
                    dictionaries=tuple(dictionaries), coder=coder or DEFAULT_CODER)
    coded = None
    try:
        _check_output(spark, output, overwrite)
        records = read_records(spark, inputs)
        with warnings.catch_warnings():  # pyspark's notice about pandas 3 (mapInArrow uses no pandas)
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
            parsed = records.mapInArrow(parse_batches, _spark_schema(PARSED_SCHEMA))
            coded = (parsed.repartition(partitions, "id")
                     .mapInArrow(coder, _spark_schema(tagged_schema()))
                     .persist(StorageLevel.MEMORY_AND_DISK))
        counts = dict(coded.groupBy("kind").count().collect())
        duplicate_of = near_duplicates(coded)
        summary.near_duplicates = len(duplicate_of)
        mode = "overwrite" if overwrite else "errorifexists"
        for table, folder in PARQUET_TABLES.items():
            rows = coded.filter(F.col("kind") == table).select(f"{table}.*")
            if table == "documents" and duplicate_of:
                rows = _mark_duplicates(spark, rows, duplicate_of)
            path = f"{output.rstrip('/')}/{folder}"
            if table == "events":
                year, month = EVENT_PARTITIONS
                rows = (rows.withColumn(year, F.year("event_date")).withColumn(month, F.month("event_date"))
                        .repartition(year, month))
                writer = rows.write.partitionBy(year, month).option("maxRecordsPerFile", max_records_per_file)
            else:
                writer = rows.coalesce(max(1, min(partitions, 1 + counts.get(table, 0) // 200_000))).write
            writer.mode(mode).parquet(path)
        summary.problem_samples = [(r["input"], r["reason"]) for r in coded.filter(F.col("kind") == "ingest_errors")
                                   .select("ingest_errors.*").orderBy("input").limit(20).collect()]
    except FaultlinesError:
        raise
    except Exception as exc:  # py4j / pyspark failures: one clear line, the rest in Spark's log
        if type(exc).__module__.startswith(("pyspark", "py4j")):
            where = f" (Spark's log: {summary.log})" if summary.log else ""
            raise SparkError(f"Spark job on {', '.join(inputs)} failed: {_reason(exc)}{where}") from exc
        raise
    finally:
        if coded is not None:
            coded.unpersist()
    summary.documents = counts.get("documents", 0)
    summary.events = counts.get("events", 0)
    summary.problems = counts.get("ingest_errors", 0)
    summary.duplicates = counts.get("duplicate", 0)
    summary.sentences = counts.get("sentences", 0)
    summary.mentions = counts.get("mentions", 0)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary
