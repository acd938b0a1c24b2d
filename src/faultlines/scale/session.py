"""A Spark session for one machine that never leaves loopback.

On machines with a network interface Spark binds its driver to that
interface's address and starts a web UI; for local runs (tests, benchmarks,
`faultlines spark extract --master local[N]`) nothing should listen on or talk
to anything but 127.0.0.1. `SPARK_LOCAL_IP` must be in the environment before
the JVM starts, so it is set here, before the builder launches it; the driver's
bind address and host are pinned, and the UI is off. The Python workers run the
interpreter running this code, so they see the same installed faultlines.

Spark's own log (warnings, errors, Java stack traces) goes to a file, never to
the terminal: `log_file` chooses it ($FAULTLINES_SPARK_LOG, or a new file under
the temporary folder) and failures print its path after the one-line message.
A local session is started with the file configuration; a session that
spark-submit started is switched to it through `log_to_file`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

from faultlines.errors import FaultlinesError, InputError

LOG_CONFIG = Path(__file__).with_name("log4j2.properties")  # warnings and errors, to one file
LOG_PROPERTY = "faultlines.spark.log"  # the JVM system property naming that file
LOOPBACK = "127.0.0.1"
LOOPBACK_CONF = {
    "spark.driver.bindAddress": LOOPBACK,
    "spark.driver.host": LOOPBACK,
    "spark.ui.enabled": "false",
}
QUIET_CONF = {"spark.ui.showConsoleProgress": "false"}  # no progress bars between our lines


class SparkError(FaultlinesError):
    """Spark could not start, or a job failed (the message says which and why)."""

    exit_code = 6


def is_local(master: str | None) -> bool:
    return master is None or master.startswith("local")


def log_file(app_name: str = "faultlines") -> Path:
    """Where the driver JVM's log goes: $FAULTLINES_SPARK_LOG, or a new file in the temp folder."""
    chosen = os.environ.get("FAULTLINES_SPARK_LOG")
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = Path(chosen) if chosen else \
        Path(tempfile.gettempdir()) / "faultlines-spark" / f"{app_name}-{stamp}-{os.getpid()}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def log_to_file(jvm, path: Path) -> None:
    """Send a running JVM's log4j output to `path` (for sessions started by spark-submit)."""
    jvm.java.lang.System.setProperty(LOG_PROPERTY, str(path))
    # also for Spark's own re-initialisation of log4j when the SparkContext starts
    jvm.java.lang.System.setProperty("log4j2.configurationFile", LOG_CONFIG.as_uri())
    jvm.org.apache.logging.log4j.core.config.Configurator.reconfigure(jvm.java.net.URI(LOG_CONFIG.as_uri()))


def stderr_to_file(jvm, path: Path) -> None:
    """Send the JVM's own stderr to `path` too: what Spark copies there from its Python
    workers (a worker's traceback when the JVM closes it at shutdown) and stack traces
    printed without log4j. Call once the session is up."""
    stream = jvm.java.io.PrintStream(jvm.java.io.FileOutputStream(str(path), True), True)
    jvm.java.lang.System.setErr(stream)


def current_log(spark) -> str | None:
    """The file this session's JVM logs to, if faultlines chose it."""
    try:
        return spark.sparkContext._jvm.java.lang.System.getProperty(LOG_PROPERTY)
    except Exception:  # a stopped or broken gateway: no path to show
        return None


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
                "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()} "
                                                 f"-D{LOG_PROPERTY}={log_file(app_name)}",
                "spark.sql.session.timeZone": "UTC",
                "spark.sql.shuffle.partitions": "8",
                "spark.pyspark.python": sys.executable,
                **QUIET_CONF, **(config or {}), **LOOPBACK_CONF}
    for key, value in settings.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():  # pyspark's notice about pandas 3; faultlines' job uses no pandas
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        try:
            spark = builder.getOrCreate()
        except Exception as exc:  # no Java, a bad setting: pyspark raises assorted errors
            raise SparkError(f"cannot start Spark ({master}): {str(exc).strip().splitlines()[0][:300]}; "
                             "is Java 17 installed (java on PATH or JAVA_HOME)?") from exc
    path = current_log(spark)
    if path:
        stderr_to_file(spark.sparkContext._jvm, Path(path))
    return spark
