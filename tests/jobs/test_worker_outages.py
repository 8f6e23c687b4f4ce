"""The worker outlives its database: while PostgreSQL is down it waits, and when it is
back the worker carries on by itself, with no one restarting it.

A PostgreSQL cluster of the test's own (pg_createcluster) is stopped and
started under a running ``manage.py worker``; the suite's own server is never
touched. It runs in the PostgreSQL pass of the suite.
"""

import os
import subprocess
import time

import pytest

from tests.config.processes import manage
from tests.jobs.processes import Receiver, Worker, fire_event, wait_until, worker_env

CLUSTER, PORT = "gjobs-outage", 5457
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PORT}/guidance"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://...), which has the tools",
    ),
    # Its cluster has a fixed name and port: its tests share one process.
    pytest.mark.xdist_group("jobs-outage-cluster"),
]


def cluster(*args):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", "15", CLUSTER, *args],
        check=True,
        capture_output=True,
    )


def answers():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PORT)]).returncode == 0


@pytest.fixture(scope="module")
def postgres():
    subprocess.run(["pg_dropcluster", "--stop", "15", CLUSTER], capture_output=True)
    subprocess.run(
        ["pg_createcluster", "15", CLUSTER, "-p", str(PORT), "--", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    try:
        cluster("start")
        wait_until(answers, 30, "the cluster started")
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "guidance"],
            check=True,
        )
        result = manage("migrate", "--noinput", env=worker_env(None, DATABASE_URL=DATABASE_URL))
        assert result.returncode == 0, result.stderr
        yield
    finally:
        subprocess.run(["pg_dropcluster", "--stop", "15", CLUSTER], capture_output=True)


def delivery_states():
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PORT),
            "-U",
            "postgres",
            "-d",
            "guidance",
            "-Atc",
            "SELECT state FROM editorial_webhookdelivery ORDER BY id",
        ],
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


def test_a_worker_waits_out_a_database_outage_and_delivers_after_it(postgres, tmp_path):
    receiver = Receiver()
    receiver.release.set()
    env = worker_env(None, DATABASE_URL=DATABASE_URL, JOB_LEASE_SECONDS="6")
    worker = Worker(env, tmp_path / "worker.log")
    try:
        fire_event(env, receiver.url)
        wait_until(lambda: delivery_states() == ["delivered"], 60, "the first delivery")

        cluster("stop", "-m", "fast")
        time.sleep(8)  # the worker process dies and is started again, more than once
        assert worker.process.poll() is None  # the supervisor stays up throughout
        cluster("start")
        wait_until(answers, 30, "the cluster started again")

        fire_event(env, receiver.url)
        wait_until(
            lambda: delivery_states() == ["delivered", "delivered"], 60, "delivered after it"
        )
    finally:
        worker.stop()
        receiver.close()
    log = (tmp_path / "worker.log").read_text()
    assert "starting it again" in log
    assert len(receiver.delivery_ids) == 2
