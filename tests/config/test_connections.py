"""No server the project offers holds more PostgreSQL connections than it has threads
serving at once, or runs the database out of them.

``manage.py runserver`` (what ``make run`` serves with) starts a thread per
request: a connection kept for ``CONN_MAX_AGE`` would stay with each
finished thread, so there connections are closed after each request.
gunicorn's workers and threads are fixed: each keeps one. Measured in
``pg_stat_activity`` of a PostgreSQL cluster of the tests' own that allows
40 connections (tests/config/conftest.py), under more simultaneous requests.
"""

import concurrent.futures
import configparser
import shlex
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tests.config.conftest import postgres_pass_only
from tests.config.processes import PROJECT_DIR
from tests.config.servers import Gunicorn, free_port, get, wait_until

# One PostgreSQL cluster of the tests' own per process: their modules share one process.
pytestmark = [postgres_pass_only, pytest.mark.xdist_group("own-postgres-cluster")]

ADDRESSES = ["/api/v1/guides/", "/api/v1/topics/", "/guides/"]
SIMULTANEOUS = 60  # more than the cluster's 40 connections


class ConnectionCount:
    """Samples how many connections the site's database has, every few milliseconds,
    on a connection of its own (to another database, so it is not counted)."""

    def __init__(self, site):
        self.samples = []
        self._connection = psycopg.connect(site.cluster.url("postgres"), autocommit=True)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def now(self):
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = 'guidance'"
        return self._connection.execute(query).fetchone()[0]

    def _sample(self):
        while not self._stop.is_set():
            self.samples.append(self.now())
            time.sleep(0.005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._connection.close()

    @property
    def peak(self):
        return max(self.samples)


def all_at_once(url, count=SIMULTANEOUS):
    """The statuses of ``count`` requests sent at the same moment."""
    start = threading.Barrier(count)

    def one(number):
        start.wait()
        return get(url + ADDRESSES[number % len(ADDRESSES)], timeout=120)[0]

    with concurrent.futures.ThreadPoolExecutor(count) as clients:
        return list(clients.map(one, range(count)))


def two_clients(url, each=30):
    """The statuses of two clients' requests, each client sending one after another (as a
    fuzzer with two workers does)."""

    def client(offset):
        return [get(url + ADDRESSES[(offset + n) % len(ADDRESSES)])[0] for n in range(each)]

    with concurrent.futures.ThreadPoolExecutor(2) as clients:
        return [status for statuses in clients.map(client, range(2)) for status in statuses]


@pytest.fixture
def runserver(site_on_its_own_postgres, tmp_path):
    """``manage.py runserver`` as ``make run`` starts it (DEBUG on; no CONN_MAX_AGE given)."""
    port = free_port()
    env = site_on_its_own_postgres.env(DEBUG="true")
    with open(tmp_path / "runserver.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(url), seconds=120)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def answers(url):
    try:
        get(url + "/api/", timeout=30)
    except OSError:
        return False
    return True


def test_runserver_keeps_no_connection_past_its_request(site_on_its_own_postgres, runserver):
    with ConnectionCount(site_on_its_own_postgres) as count:
        paced = two_clients(runserver)
        paced_peak = count.peak
        burst = all_at_once(runserver)
        kept = count.now()
        deadline = time.monotonic() + 2
        while kept and time.monotonic() < deadline:
            time.sleep(0.05)
            kept = count.now()

    assert set(paced) == {200}
    # Two requests served at once; each client's next request may open its connection
    # while the last one's is still closing (PostgreSQL lists a backend until it exits).
    assert paced_peak <= 4
    assert burst == [200] * SIMULTANEOUS, count.peak  # the database never ran out
    assert kept == 0  # none stays once its request is answered


def shipped_gunicorn_options():
    """The options deploy/systemd/guidance-web.service starts gunicorn with, but its address."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(PROJECT_DIR / "deploy" / "systemd" / "guidance-web.service")
    command = shlex.split(parser["Service"]["ExecStart"].replace("\\\n", " "))
    options = command[2:]
    bind = options.index("--bind")
    return options[:bind] + options[bind + 2 :]


@pytest.mark.parametrize(
    ("options", "most"),
    [(shipped_gunicorn_options(), 4), (["--workers", "2", "--threads", "3"], 6)],
    ids=["the shipped unit's four sync workers", "two workers of three threads"],
)
def test_gunicorn_holds_one_connection_per_thread_serving(
    site_on_its_own_postgres, tmp_path, options, most
):
    server = Gunicorn(site_on_its_own_postgres.env(), tmp_path / "gunicorn.log", *options)
    try:
        with ConnectionCount(site_on_its_own_postgres) as count:
            burst = all_at_once(server.url)
            again = all_at_once(server.url)
    finally:
        server.stop()

    assert burst == again == [200] * SIMULTANEOUS
    assert 1 <= count.peak <= most  # kept between requests (CONN_MAX_AGE), one per thread
