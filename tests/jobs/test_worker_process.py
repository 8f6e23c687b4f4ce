"""The worker as operators run it: killed in the middle of a delivery, or left without
its broker, it comes back by itself and the event is delivered.

Each test runs ``manage.py worker`` as a process of its own, on a SQLite file
(the embedded default of ``make run``) or on Celery with a real broker, and a
real receiver whose first request hangs, so the worker is killed while it
waits for the answer. ``JOB_LEASE_SECONDS`` is 6 here: a delivery claimed by
a dead worker is taken back within 6 seconds.
"""

import os
import shutil
import signal
import socket
import subprocess
import uuid

import pytest

from tests.jobs.processes import (
    Receiver,
    Worker,
    deliveries,
    fire_event,
    job_states,
    migrate,
    wait_until,
    worker_env,
)

LEASE = 6


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("worker") / "migrated.sqlite3"
    migrate(path)
    return path


@pytest.fixture
def database(migrated_database, tmp_path):
    return shutil.copy(migrated_database, tmp_path / "db.sqlite3")


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.close()


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(env):
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def delivered_after_kill(worker, database, receiver, env):
    fire_event(env, receiver.url)
    wait_until(lambda: len(receiver.delivery_ids) == 1, 60, "the worker began the delivery")
    doomed = worker.descendants()
    for pid in doomed:
        os.kill(pid, signal.SIGKILL)

    wait_until(
        lambda: deliveries(database)[0][1] == "delivered",
        LEASE + 60,
        "the delivery was taken back and delivered",
    )
    ((delivery_id, _state),) = deliveries(database)
    assert receiver.delivery_ids == [delivery_id, delivery_id]  # the same event, once more
    restarted = worker.descendants()
    assert restarted
    assert not set(restarted) & set(doomed)


def test_the_database_queue_worker_killed_mid_delivery_is_restarted_and_delivers(
    database, receiver, start_worker
):
    env = worker_env(database, JOB_LEASE_SECONDS=str(LEASE))
    worker = start_worker(env)

    delivered_after_kill(worker, database, receiver, env)
    # The job the dead worker held is not left "running" for ever: it was run again.
    wait_until(lambda: set(job_states(database)) == {"SUCCESSFUL"}, 30, "jobs settled")


def test_a_celery_worker_killed_mid_delivery_is_restarted_and_the_event_delivered(
    database, receiver, start_worker
):
    env = worker_env(
        database,
        JOB_LEASE_SECONDS=str(LEASE),
        CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//",
        CELERY_QUEUE=f"tests-{uuid.uuid4().hex}",
    )
    worker = start_worker(env)

    delivered_after_kill(worker, database, receiver, env)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, to stop and start again on the same port."""

    def __init__(self, directory):
        self.port, self.directory, self.process = free_port(), directory, None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, 10, "redis-server started")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def broker(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed (Debian: apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_without_its_broker_an_event_is_recorded_at_once_and_delivered_when_it_is_back(
    database, start_worker, broker
):
    received = Receiver()
    received.release.set()  # this receiver answers at once
    env = worker_env(
        database,
        JOB_LEASE_SECONDS=str(LEASE),
        CELERY_BROKER_URL=f"redis://127.0.0.1:{broker.port}/0",
    )
    start_worker(env)
    try:
        broker.stop()

        seconds = fire_event(env, received.url)
        assert seconds < 5  # the change commits without waiting on the broker
        assert deliveries(database)[0][1] == "pending"

        broker.start()
        wait_until(
            lambda: deliveries(database)[0][1] == "delivered",
            LEASE + 60,
            "the worker reconnected and the sweep enqueued the delivery again",
        )
        assert received.delivery_ids == [deliveries(database)[0][0]]
    finally:
        received.close()
