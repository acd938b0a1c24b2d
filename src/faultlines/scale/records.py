"""Inputs of the Spark job: files and folders of JSONL or Parquet, as raw records.

Every record becomes a row `(input, default_id, raw, position)`: where it came
from ("corpus.jsonl:12", "corpus.parquet:row 7", as `faultlines extract` names
lines), the id a record without one gets ("corpus-12", as `faultlines extract`
gives), the record as JSON bytes, and its place in reading order (the file's
place among all input files, then the line or row): near-duplicates are
decided in that order, as `faultlines ingest` decides them while reading. The JSON is decoded in the Python workers
by the same `document_from_record` that `faultlines extract` uses, so a line
that is not JSON, has no string `text`, or has a bad date is reported the same
way, and never stops the job.

JSONL lines are numbered per file (`zipWithIndex` over each file's lines, whose
partitions follow the file's byte order), so a bad line is named by its line
number. Parquet rows are numbered by Spark's `_metadata.row_index`. Paths may
be local or anything Hadoop reads (hdfs://, s3a://); folders are searched
recursively, skipping `_`- and `.`-prefixed names (Spark's own markers).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from faultlines.errors import InputError, InputNotFound

JSONL_ENDINGS = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.bz2", ".ndjson.bz2")
PARQUET_ENDINGS = (".parquet",)
FIELDS = ("id", "text", "date", "source", "url", "title")
FILE_STRIDE = 1 << 40  # position = file ordinal * FILE_STRIDE + line or row number


def kind_of(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(JSONL_ENDINGS):
        return "jsonl"
    if lower.endswith(PARQUET_ENDINGS):
        return "parquet"
    return None


def list_files(spark, path: str) -> list[tuple[str, str, str]]:
    """(name to report, Hadoop path, "jsonl" | "parquet") for each input file under `path`."""
    jvm = spark.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(hpath):
        raise InputNotFound(f"{path}: no such file or directory")
    status = fs.getFileStatus(hpath)
    if status.isFile():
        kind = kind_of(path)
        if kind is None:
            raise InputError(f"{path}: not a corpus file; expected .jsonl/.ndjson (one JSON object per line) "
                             "or .parquet (a text column, optional id, date, title, source, url)")
        return [(path, fs.makeQualified(hpath).toString(), kind)]
    root = fs.makeQualified(hpath).toString().rstrip("/")
    found = []
    files = fs.listFiles(hpath, True)
    while files.hasNext():
        full = files.next().getPath().toString()
        relative = full[len(root):].lstrip("/")
        if any(part.startswith(("_", ".")) for part in PurePosixPath(relative).parts):
            continue
        kind = kind_of(relative)
        if kind is not None:
            found.append((f"{path.rstrip('/')}/{relative}", full, kind))
    if not found:
        raise InputError(f"{path}: no .jsonl, .ndjson or .parquet files in this folder")
    return sorted(found)


def raw_schema():
    from pyspark.sql.types import BinaryType, LongType, StringType, StructField, StructType

    return StructType([StructField("input", StringType()), StructField("default_id", StringType()),
                       StructField("raw", BinaryType()), StructField("position", LongType())])


def jsonl_records(spark, name: str, path: str, ordinal: int = 0):
    """One row per line of a JSONL file, numbered from 1 like `faultlines extract` numbers them."""
    stem = PurePosixPath(name).name.split(".")[0]
    base = ordinal * FILE_STRIDE
    lines = spark.sparkContext.textFile(path, minPartitions=1, use_unicode=False).zipWithIndex()
    rows = lines.map(lambda pair: (f"{name}:{pair[1] + 1}", f"{stem}-{pair[1] + 1}", bytes(pair[0]),
                                   base + pair[1] + 1))
    return spark.createDataFrame(rows, raw_schema())


def parquet_records(spark, name: str, paths: list[str], ordinals: dict[str, int] | None = None):
    """One row per Parquet row: the document fields as a JSON object (nulls left out).
    `ordinals` gives each file's place in reading order (by its qualified path)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, TimestampNTZType, TimestampType

    frame = spark.read.option("mergeSchema", "true").parquet(*paths)
    types = {field.name: field.dataType for field in frame.schema.fields}
    if "text" not in types:
        raise InputError(f"{name}: Parquet without a 'text' column (columns: {', '.join(types)})")
    if not isinstance(types["text"], StringType):
        raise InputError(f"{name}: the 'text' column holds {types['text'].simpleString()}, expected strings")
    columns = []
    for field in FIELDS:
        if field not in types:
            continue
        column = F.col(field)
        if field == "date" and isinstance(types[field], (TimestampType, TimestampNTZType)):
            column = F.to_date(column)  # dates print as YYYY-MM-DD once cast to strings
        columns.append((column if field == "text" else column.cast("string")).alias(field))
    file = F.regexp_replace(F.col("_metadata.file_path"), "^file:", "")
    row = (F.col("_metadata.row_index") + 1).cast("string")
    stem = F.regexp_extract(F.col("_metadata.file_name"), r"^([^.]*)", 1)
    pairs = [item for path, n in (ordinals or {}).items() for item in (F.lit(path), F.lit(n))]
    ordinal = F.coalesce(F.create_map(*pairs)[F.col("_metadata.file_path")], F.lit(0)) if pairs else F.lit(0)
    position = ordinal.cast("long") * F.lit(FILE_STRIDE) + F.col("_metadata.row_index") + 1
    return frame.select(F.concat(file, F.lit(":row "), row).alias("input"),
                        F.concat(stem, F.lit("-"), row).alias("default_id"),
                        F.to_json(F.struct(*columns)).cast("binary").alias("raw"),
                        position.alias("position"))


def read_records(spark, inputs: list[str]):
    """All records of all inputs as one DataFrame (input, default_id, raw, position)."""
    if not inputs:
        raise InputError("no input given (--input corpus.jsonl or corpus.parquet)")
    frames, ordinal = [], 0
    for path in inputs:
        files = list_files(spark, path)
        ordinals = {}
        for name, full, kind in files:
            ordinal += 1
            if kind == "jsonl":
                frames.append(jsonl_records(spark, name, full, ordinal))
            else:
                ordinals[full] = ordinal
        if ordinals:
            frames.append(parquet_records(spark, path, list(ordinals), ordinals))
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result
