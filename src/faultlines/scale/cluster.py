"""A Spark standalone cluster on this machine, on loopback only, and how a job is shipped to it.

    with start_cluster(tmp / "cluster", workers=2) as cluster:
        archive = package_archive(tmp / "faultlines.zip")
        subprocess.run(submit_command(cluster.master_url, archive, ["--input", ..., "--output", ...]))

Why it exists: `local[N]` runs the Python workers as children of the driver,
with the driver's interpreter and imports. On a cluster manager they are
separate processes under separate executor JVMs, started by worker daemons,
with their own working folders: the package must be shipped to them, and an
executor can die mid-job. This module starts exactly that from the installed
PySpark's own `spark-class` (one master, N workers, each with its own working
folder), so the tests and benchmarks run the job the way a user submits it.

Loopback only: `SPARK_LOCAL_IP=127.0.0.1` for every daemon, every port chosen by
Spark (port 0), the master's REST submission server off. The master's and the
workers' web UIs cannot be switched off in Spark standalone; they bind to
127.0.0.1 on a free port. The application UI is off (`spark.ui.enabled`).

Shipping (`package_archive`, `submit_command`): the installed faultlines
package, data files and learned model included, as one zip passed with
`--archives faultlines.zip#faultlines_pkg`; Spark unpacks it in each executor's
working folder and `spark.executorEnv.PYTHONPATH=faultlines_pkg` puts it ahead
of anything the executors' interpreter has installed. Its dependencies (spaCy,
the spaCy model, onnxruntime) come from that interpreter (`spark.pyspark.python`).
`--py-files` does not work for faultlines: its data files are read from disk,
which a zip on the import path does not provide.

Every process is started here and stopped here by its PID, with the executors
and Python workers they started (collected from /proc before anything is
signalled).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.scale.session import LOOPBACK, SparkError

SHIPPED_AS = "faultlines_pkg"  # the folder the archive is unpacked into on each executor
DAEMON_CONF = "-Dspark.master.rest.enabled=false -Dspark.worker.cleanup.enabled=false"


def spark_home() -> Path:
    from pyspark.find_spark_home import _find_spark_home

    return Path(_find_spark_home())


def daemon_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment of the master and workers: loopback, an empty conf folder (no
    spark-defaults of the user's), and no PYTHONPATH (executors see only what is shipped)."""
    conf = root / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPARK_CONF_DIR")}
    env.update(SPARK_LOCAL_IP=LOOPBACK, SPARK_CONF_DIR=str(conf), SPARK_HOME=str(spark_home()),
               SPARK_MASTER_OPTS=DAEMON_CONF, SPARK_WORKER_OPTS=DAEMON_CONF, **extra)
    return env


def children(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def stop_pids(pids: list[int], grace: float = 10.0) -> None:
    """SIGTERM each PID, then SIGKILL whatever is left after `grace` seconds."""
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    for pid in pids:
        if _alive(pid):
            _signal(pid, signal.SIGKILL)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@dataclass
class Cluster:
    root: Path
    master_url: str = ""
    daemons: dict[str, subprocess.Popen] = field(default_factory=dict)

    def worker_dir(self, index: int) -> Path:
        return self.root / f"worker-{index}"

    def executor_pids(self, index: int) -> list[int]:
        """The executor JVMs worker `index` (1-based) runs now."""
        worker = self.daemons[f"worker-{index}"].pid
        return [pid for pid in children(worker) if "CoarseGrainedExecutorBackend" in command_line(pid)]

    def python_workers(self, executor: int) -> list[int]:
        """The Python processes (pyspark.daemon and its forked workers) under an executor."""
        return [pid for pid in descendants(executor) if "python" in command_line(pid).split(" ")[0]]

    def log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        pids = []
        for process in self.daemons.values():
            pids += [*descendants(process.pid), process.pid]
        stop_pids(pids)
        for process in self.daemons.values():
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _daemon(cluster: Cluster, name: str, args: list[str], env: dict[str, str]) -> None:
    log = open(cluster.root / f"{name}.log", "wb")
    with log:
        cluster.daemons[name] = subprocess.Popen([str(spark_home() / "bin" / "spark-class"), *args],
                                                 env=env, stdout=log, stderr=subprocess.STDOUT,
                                                 stdin=subprocess.DEVNULL)


def _wait_for(cluster: Cluster, name: str, pattern: str, timeout: float, count: int = 1) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.findall(pattern, cluster.log(name))
        if len(found) >= count:
            return found
        for daemon, process in cluster.daemons.items():
            if process.poll() is not None:
                raise SparkError(f"Spark {daemon} exited with code {process.returncode} while starting; "
                                 f"see {cluster.root / daemon}.log")
        time.sleep(0.3)
    raise SparkError(f"Spark {name} did not start within {timeout:.0f} s; see {cluster.root / name}.log")


def start_cluster(root: Path, workers: int = 2, cores: int = 1, memory: str = "2g",
                  timeout: float = 180.0) -> Cluster:
    """One master and `workers` workers of `cores` cores each, all on 127.0.0.1, each with its
    own working folder under `root`; returns once every worker has registered."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(root)
    try:
        _daemon(cluster, "master", ["org.apache.spark.deploy.master.Master", "--host", LOOPBACK,
                                    "--port", "0", "--webui-port", "0"], daemon_env(root))
        port = _wait_for(cluster, "master", r"Starting Spark master at spark://127\.0\.0\.1:(\d+)", timeout)[0]
        cluster.master_url = f"spark://{LOOPBACK}:{port}"
        for index in range(1, workers + 1):
            folder = cluster.worker_dir(index)
            (folder / "local").mkdir(parents=True, exist_ok=True)
            env = daemon_env(root, SPARK_WORKER_DIR=str(folder), SPARK_LOCAL_DIRS=str(folder / "local"))
            _daemon(cluster, f"worker-{index}",
                    ["org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--port", "0",
                     "--webui-port", "0", "--cores", str(cores), "--memory", memory,
                     "--work-dir", str(folder), cluster.master_url], env)
        _wait_for(cluster, "master", r"Registering worker", timeout, count=workers)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def package_archive(dest: Path) -> Path:
    """The installed faultlines package (code, data files, learned model) as a zip to ship
    with `--archives dest#faultlines_pkg`."""
    import faultlines

    package = Path(faultlines.__file__).resolve().parent
    dest = Path(dest)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, Path("faultlines") / path.relative_to(package))
    return dest


def submit_command(master_url: str, archive: Path, job_args: list[str], executor_cores: int = 1,
                   executor_memory: str = "1g", conf: dict[str, str] | None = None) -> list[str]:
    """The spark-submit command line of the extraction job on `master_url`, shipping `archive`."""
    from faultlines.scale import submit

    settings = {"spark.ui.enabled": "false", "spark.driver.host": LOOPBACK,
                "spark.driver.bindAddress": LOOPBACK, "spark.pyspark.python": sys.executable,
                "spark.executorEnv.PYTHONPATH": SHIPPED_AS, **(conf or {})}
    command = [str(spark_home() / "bin" / "spark-submit"), "--master", master_url,
               "--executor-cores", str(executor_cores), "--executor-memory", executor_memory,
               "--archives", f"{archive}#{SHIPPED_AS}"]
    for key, value in settings.items():
        command += ["--conf", f"{key}={value}"]
    return [*command, submit.__file__, *job_args]
