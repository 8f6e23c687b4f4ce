"""The soak's PostgreSQL: a primary and a streaming replica, each a Debian cluster in its host.

Made with ``pg_createcluster`` (names starting ``gsoak``), the replica from
the primary with ``pg_basebackup -R``; each is started inside its host's
namespace, listening only on that host's address, and dropped at the end.
Connections from the soak's subnet are trusted: nothing else can reach it.
"""

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.soak.net import in_namespace

VERSION = "15"
SUBNET = "10.231.0.0/24"
SETTINGS = """
listen_addresses = '{address}'
max_connections = 100
wal_level = replica
hot_standby = on
max_wal_senders = 5
wal_keep_size = 256MB
"""


@dataclass
class Cluster:
    name: str
    namespace: str
    address: str
    port: int

    @property
    def config(self):
        return Path(f"/etc/postgresql/{VERSION}/{self.name}")

    @property
    def data(self):
        return Path(f"/var/lib/postgresql/{VERSION}/{self.name}")

    def url(self, database):
        return f"postgres://postgres@{self.address}:{self.port}/{database}"

    def create(self):
        run(["pg_createcluster", VERSION, self.name, "--port", str(self.port)])
        (self.config / "conf.d" / "soak.conf").write_text(SETTINGS.format(address=self.address))
        with open(self.config / "pg_hba.conf", "a") as hba:
            hba.write(f"host all all {SUBNET} trust\nhost replication all {SUBNET} trust\n")

    def start(self):
        run(in_namespace(self.namespace, ["pg_ctlcluster", VERSION, self.name, "start"]))
        self.wait_until_ready()

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["pg_isready", "-q", "-h", self.address, "-p", str(self.port)], check=False
            )
            if probe.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL {self.name} did not start: see its log, {self.log}")

    @property
    def log(self):
        return Path(f"/var/log/postgresql/postgresql-{VERSION}-{self.name}.log")

    def replicate_from(self, primary):
        """Make this cluster a streaming replica of ``primary`` (already running)."""
        run(["find", str(self.data), "-mindepth", "1", "-delete"])
        run(
            [
                "runuser", "-u", "postgres", "--",
                "pg_basebackup", "-h", primary.address, "-p", str(primary.port),
                "-U", "postgres", "-D", str(self.data), "-R", "-X", "stream", "-c", "fast",
            ]
        )  # fmt: skip

    def psql(self, sql, database="postgres"):
        return run(
            [
                "psql", "-X", "-A", "-t", "-h", self.address, "-p", str(self.port),
                "-U", "postgres", "-d", database, "-c", sql,
            ]
        ).stdout.strip()  # fmt: skip

    def drop(self):
        subprocess.run(
            ["pg_dropcluster", VERSION, self.name, "--stop"], check=False, capture_output=True
        )
        self.log.unlink(missing_ok=True)


def drop_soak_clusters():
    """Drop every cluster whose name starts with ``gsoak`` (what a run that died left)."""
    listed = subprocess.run(["pg_lsclusters", "-h"], check=False, capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        fields = line.split()
        if len(fields) > 1 and fields[0] == VERSION and fields[1].startswith("gsoak"):
            Cluster(fields[1], "", "", 0).drop()


def run(command):
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-2000:]}")
    return done
