"""PostgreSQL clusters of their own for the replica tests: a primary, and a streaming
replica of it made with ``pg_basebackup -R``, on ports 5440-5449.

Debian's postgresql-common tools make and drop them (pg_createcluster,
pg_ctlcluster, pg_dropcluster), which needs root; the servers run as the
``postgres`` user. Not the shared server on 5432: a base backup copies a
whole cluster, and its configuration is everyone's.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import psycopg

PORTS = range(5440, 5450)
HOST = "127.0.0.1"
TOOLS = ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters", "runuser")


def missing_requirements():
    """Why clusters cannot be made here, or None."""
    if os.geteuid() != 0:
        return "making PostgreSQL clusters (pg_createcluster) needs root"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"making PostgreSQL clusters needs {', '.join(missing)} (postgresql-common)"
    if server_version() is None:
        return "no PostgreSQL server is installed under /usr/lib/postgresql"
    return None


def server_version():
    """The newest PostgreSQL major version installed, as Debian names it ("15"), or None."""
    versions = sorted(
        (path.parent.parent.name for path in Path("/usr/lib/postgresql").glob("*/bin/postgres")),
        key=int,
    )
    return versions[-1] if versions else None


def free_ports(count):
    """``count`` ports in PORTS that no cluster is configured on and nothing listens on."""
    taken = set()
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    for line in listed.stdout.splitlines():
        taken.add(int(line.split()[2]))
    found = []
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"No {count} free ports in {PORTS.start}-{PORTS.stop - 1}.")


class Cluster:
    """One PostgreSQL cluster made for the tests (trust authentication from 127.0.0.1)."""

    def __init__(self, version, name, port):
        self.version, self.name, self.port = version, name, port
        self.data = Path("/var/lib/postgresql") / version / name

    def ctl(self, action, *options):
        _run("pg_ctlcluster", *options, self.version, self.name, action)

    def start(self):
        self.ctl("start")

    def stop(self):
        self.ctl("stop", "--mode", "fast")

    def is_running(self):
        listed = subprocess.run(
            ["pg_lsclusters", "-h", self.version, self.name], capture_output=True, text=True
        )
        return "online" in listed.stdout

    def postmaster_pid(self):
        return int((self.data / "postmaster.pid").read_text().split()[0])

    @contextlib.contextmanager
    def hung(self):
        """The server stopped in its tracks (SIGSTOP): connections are accepted by the
        kernel and never answered, as with a host that froze."""
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)

    def url(self, database):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def settings(self, database):
        return {"NAME": database, "USER": "postgres", "HOST": HOST, "PORT": str(self.port)}

    def connect(self, database="postgres"):
        return psycopg.connect(
            host=HOST, port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def value(self, sql, *params, database="postgres"):
        with self.connect(database) as connection:
            return connection.execute(sql, params).fetchone()[0]

    def execute(self, sql, database="postgres"):
        with self.connect(database) as connection:
            connection.execute(sql)

    def drop(self):
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name],
            capture_output=True,
            check=False,
        )


def create_primary(cluster):
    """Make ``cluster`` (a Cluster) a new one that streams its WAL to replicas, started."""
    settings = {
        "wal_level": "replica",
        "max_wal_senders": "4",
        "hot_standby": "on",
        # Test data only: nothing here needs to survive a crash.
        "fsync": "off",
        "full_page_writes": "off",
    }
    options = [option for key, value in settings.items() for option in ("-o", f"{key}={value}")]
    _run(
        "pg_createcluster", cluster.version, cluster.name, "-p", str(cluster.port), *options,
        "--", "--auth=trust",
    )  # fmt: skip
    with (Path("/etc/postgresql") / cluster.version / cluster.name / "pg_hba.conf").open(
        "a"
    ) as hba:
        hba.write(f"host replication all {HOST}/32 trust\n")
    cluster.start()


def create_replica(primary, cluster):
    """Make ``cluster`` (a Cluster) a streaming replica of ``primary`` (pg_basebackup -R),
    started."""
    cluster.data.mkdir(mode=0o700)
    shutil.chown(cluster.data, "postgres", "postgres")
    _run(
        "runuser", "-u", "postgres", "--", "pg_basebackup", "-h", HOST, "-p", str(primary.port),
        "-U", "postgres", "-D", str(cluster.data), "-R", "-X", "stream", "-c", "fast",
    )  # fmt: skip
    # pg_createcluster adopts an existing data directory given its configuration
    # files (the primary's; it points them at the new cluster and port).
    for file in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
        target = cluster.data / file
        shutil.copy(Path("/etc/postgresql") / primary.version / primary.name / file, target)
        shutil.chown(target, "postgres", "postgres")
    _run("pg_createcluster", cluster.version, cluster.name, "-p", str(cluster.port))
    cluster.start()


def wait_for_replay(primary, replica, timeout=20):
    """Until ``replica`` has replayed everything ``primary`` has written so far."""
    target = primary.value("SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while not replica.value("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target):
        if time.monotonic() > deadline:
            raise TimeoutError(f"The replica did not replay up to {target} in {timeout} s.")
        time.sleep(0.02)


def pause_replay(replica, timeout=10):
    """Stop the replica replaying, and wait until it has."""
    replica.execute("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + timeout
    while replica.value("SELECT pg_get_wal_replay_pause_state()") != "paused":
        if time.monotonic() > deadline:
            raise TimeoutError("The replica did not pause its replay.")
        time.sleep(0.02)


def resume_replay(replica):
    replica.execute("SELECT pg_wal_replay_resume()")


def _run(*command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr or done.stdout}")
    return done
