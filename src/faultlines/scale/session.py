"""A Spark session for one machine that never leaves loopback.

On machines with a network interface Spark binds its driver to that
interface's address and starts a web UI; for local runs (tests, benchmarks,
`faultlines spark extract --master local[N]`) nothing should listen on or talk
to anything but 127.0.0.1. `SPARK_LOCAL_IP` must be in the environment before
the JVM starts, so it is set here, before the builder launches it; the driver's
bind address and host are pinned, and the UI is off. The Python workers run the
interpreter running this code, so they see the same installed faultlines.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

from faultlines.errors import FaultlinesError, InputError

LOG_CONFIG = Path(__file__).with_name("log4j2.properties")  # errors only, on stderr
LOOPBACK = "127.0.0.1"
LOOPBACK_CONF = {
    "spark.driver.bindAddress": LOOPBACK,
    "spark.driver.host": LOOPBACK,
    "spark.ui.enabled": "false",
}


class SparkError(FaultlinesError):
    """Spark could not start, or a job failed (the message says which and why)."""

    exit_code = 6


def is_local(master: str | None) -> bool:
    return master is None or master.startswith("local")


def prepare_environment() -> None:
    """Environment the JVM and the Python workers must inherit; call before the JVM starts."""
    os.environ["SPARK_LOCAL_IP"] = LOOPBACK
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)


def local_session(master: str = "local[2]", app_name: str = "faultlines",
                  driver_memory: str = "2g", config: dict[str, str] | None = None):
    """A `local[N]` SparkSession bound to 127.0.0.1 with the UI disabled.

    `driver_memory` takes effect only if this call starts the JVM (in local mode the
    executors live in the driver). `config` adds or overrides settings, except the
    loopback ones."""
    from pyspark.sql import SparkSession

    if not is_local(master):
        raise InputError(f"--master {master!r}: local_session is for local[N] masters; "
                         "submit to a cluster with spark-submit (see README, Running at scale)")
    prepare_environment()
    builder = SparkSession.builder.master(master).appName(app_name)
    settings = {"spark.driver.memory": driver_memory,
                "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
                "spark.sql.session.timeZone": "UTC",
                "spark.sql.shuffle.partitions": "8",
                "spark.pyspark.python": sys.executable,
                **(config or {}), **LOOPBACK_CONF}
    for key, value in settings.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():  # pyspark's notice about pandas 3; faultlines' job uses no pandas
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        try:
            spark = builder.getOrCreate()
        except Exception as exc:  # no Java, a bad setting: pyspark raises assorted errors
            raise SparkError(f"cannot start Spark ({master}): {str(exc).strip().splitlines()[0][:300]}; "
                             "is Java 17 installed (java on PATH or JAVA_HOME)?") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark
