"""Servers a test starts, pauses, stops and kills: redis-server, a PostgreSQL cluster, gunicorn.

Ports are free ones the system picks, or, on a machine shared by several
runs, the first free one in ``TEST_PORTS`` (e.g. ``8650-8659``; PostgreSQL
clusters: ``TEST_POSTGRES_PORTS``, e.g. ``5450-5452``).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

from tests.config.processes import PROJECT_DIR


def free_port(ranges_variable="TEST_PORTS"):
    """A port nothing listens on: the system's pick, or the first free one in the range
    named by ``ranges_variable`` (``first-last``)."""
    chosen = os.environ.get(ranges_variable, "")
    if not chosen:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    first, last = (int(part) for part in chosen.split("-"))
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ranges_variable}={chosen}")


def wait_until(condition, seconds=30, every=0.1):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"Not ready after {seconds} s")
        time.sleep(every)


def get(url, headers=None, timeout=10):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class RedisServer:
    """A redis-server of the test's own, to pause (SIGSTOP), resume and kill."""

    def __init__(self, directory):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), *options, "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, seconds=10)
        return self

    def answers(self):
        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def client(self):
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)

    def keys(self):
        return self.client().dbsize()

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)


def redis_cache_options(cooldown):
    """The OPTIONS the settings give a Redis cache (config/settings), with ``cooldown``."""
    from django.conf import settings

    return {
        "socket_connect_timeout": settings.CACHE_CONNECT_TIMEOUT,
        "socket_timeout": settings.CACHE_READ_TIMEOUT,
        "cooldown": cooldown,
    }


class PostgresCluster:
    """A PostgreSQL cluster of the test's own (Debian's pg_createcluster), to stop and start.

    Needs Debian's postgresql-common and to run as root; dropped by ``drop``.
    """

    def __init__(self, name):
        if shutil.which("pg_createcluster") is None:
            pytest.skip("needs Debian's pg_createcluster (postgresql-common) to make a cluster")
        if os.geteuid() != 0:
            pytest.skip("making a PostgreSQL cluster with pg_createcluster needs root")
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
        self.version = versions[-1].name
        self.name = f"{name}_{os.getpid()}"
        self.port = free_port("TEST_POSTGRES_PORTS")
        self.created = False

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create(self):
        self.created = True  # from here on, ``drop`` removes whatever was made
        self._run(
            "pg_createcluster", self.version, self.name, "-p", str(self.port), "--start",
            "-o", "max_connections=40",
            "-o", "fsync=off", "-o", "full_page_writes=off",
            "--", "--auth=trust",
        )  # fmt: skip
        wait_until(self.is_up)
        return self

    def createdb(self, database):
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", database)

    def sql(self, query, database="postgres"):
        """The rows ``query`` prints, one string each (psql, unaligned)."""
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
            "-At", "-c", query,
        )  # fmt: skip
        return result.stdout.splitlines()

    def is_up(self):
        return (
            subprocess.run(
                ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False
            ).returncode
            == 0
        )

    def stop(self):
        """A fast shutdown: its connections are cut, as when the server goes away."""
        self._ctl("stop", "-m", "fast")

    def start(self):
        self._ctl("start")
        wait_until(self.is_up)

    def _ctl(self, *action):
        self._run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, *action)

    def drop(self):
        if self.created:
            subprocess.run(
                ["pg_dropcluster", "--stop", self.version, self.name],
                capture_output=True,
                check=False,
            )
            self.created = False

    def _run(self, *command):
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr}")
        return result


class Gunicorn:
    """gunicorn serving the project with ``env``, its output in ``log``."""

    def __init__(self, env, log, *options):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as output:
            bind = ["--bind", f"127.0.0.1:{self.port}"]
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", *bind, *options],
                cwd=PROJECT_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._answers, seconds=120)  # workers import Django first: slow on a busy host

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {self.output()}")
        try:
            get(self.url + "/api/", timeout=30)
        except OSError:
            return False
        return True

    def output(self):
        return Path(self.log).read_text(errors="replace")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
