"""The `spark-submit` entry point of the extraction job.

    spark-submit --master yarn ... src/faultlines/scale/submit.py --input hdfs:///corpus --output hdfs:///out
    python -m faultlines.scale.submit --master local[2] --input corpus.jsonl --output out/

Under spark-submit the session comes from spark-submit's settings (master,
executors, memory); a local master is still pinned to loopback. Run with plain
Python, `--master local[N]` starts a loopback-only local session. faultlines
and its model must be installed where the executors run (see README, Running
at scale). Prints the summary as one JSON object; exit code 1 if any record
could not be processed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from dataclasses import asdict

if __package__ in (None, ""):  # run as a file by spark-submit: its folder must not shadow anything
    sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")  # the job uses no pandas

from faultlines.errors import FaultlinesError  # noqa: E402
from faultlines.nlp import DEFAULT_MODEL  # noqa: E402
from faultlines.scale.job import run_extract  # noqa: E402
from faultlines.scale.session import (LOOPBACK_CONF, QUIET_CONF, is_local, local_session,  # noqa: E402
                                      log_file, log_to_file, prepare_environment, stderr_to_file)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="faultlines.scale.submit", description=__doc__.splitlines()[0])
    parser.add_argument("--input", action="append", required=True,
                        help="JSONL/Parquet file or folder (local, hdfs://, s3a://...); repeatable")
    parser.add_argument("--output", required=True, help="output folder for the Parquet tables")
    parser.add_argument("--master", default=None,
                        help="only without spark-submit: local[N] (default local[*])")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline")
    parser.add_argument("--partitions", type=int, default=None, help="tasks to spread documents over")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per spaCy batch")
    parser.add_argument("--dictionary", "-d", action="append", default=[],
                        help="PETRARCH/TABARI dictionary file (readable on every executor); repeatable")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output")
    parser.add_argument("--coder", default=None, choices=["hybrid", "rules", "model"],
                        help="hybrid (rules and the learned model), rules or model (default: the package default)")
    return parser.parse_args(argv)


def session(master: str | None):
    """spark-submit's session (loopback when its master is local), or a local one. Either way
    Spark's log goes to a file (see session.py), so the terminal shows our messages only."""
    if "PYSPARK_GATEWAY_PORT" in os.environ:  # launched by spark-submit: the JVM is already up
        from pyspark import SparkConf, SparkContext
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("faultlines-extract")
        for key, value in QUIET_CONF.items():
            builder = builder.config(key, value)
        if is_local(SparkConf().get("spark.master", None)):
            prepare_environment()
            for key, value in LOOPBACK_CONF.items():
                builder = builder.config(key, value)
        path = log_file("faultlines-extract")
        SparkContext._ensure_initialized()
        log_to_file(SparkContext._jvm, path)
        spark = builder.getOrCreate()
        log_to_file(SparkContext._jvm, path)  # again: starting the context re-initialises log4j
        stderr_to_file(SparkContext._jvm, path)
        return spark
    return local_session(master or "local[*]", app_name="faultlines-extract")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        spark = session(args.master)
    except FaultlinesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        summary = run_extract(spark, args.input, args.output, model=args.model, partitions=args.partitions,
                              batch_size=args.batch_size, dictionaries=tuple(args.dictionary),
                              overwrite=args.overwrite, coder=args.coder)
    except FaultlinesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        spark.stop()
    for where, reason in summary.problem_samples:
        print(f"error: {where}: {reason}", file=sys.stderr)
    print(json.dumps(asdict(summary), ensure_ascii=False))
    return 1 if summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
