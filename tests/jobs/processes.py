"""A worker run as in production, against a database file of its own, and a receiver."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.config.processes import PROJECT_DIR, manage

SUBSCRIBE_AND_FIRE = """
import time
from django.db import transaction
from editorial.models import WebhookSubscription
from editorial.webhooks import announcements
from editorial.webhooks.subscriptions import subscription_save
if not WebhookSubscription.objects.filter(url={url!r}).exists():
    subscription_save(WebhookSubscription(url={url!r}, events=[{event!r}]), user=None)
started = time.monotonic()
with transaction.atomic():
    announcements.safety_information_published({{"region": "US"}})
print(round(time.monotonic() - started, 3))
"""


def worker_env(database, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "TMPDIR"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{database}" if database else None,
            "JOB_LEASE_SECONDS": "6",
            "WEBHOOK_ALLOWED_TARGETS": "127.0.0.1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def migrate(database):
    result = manage("migrate", "--noinput", env=worker_env(database))
    assert result.returncode == 0, result.stderr


def fire_event(env, url):
    """Subscribe ``url`` and publish safety information, as the app would; seconds it took."""
    result = manage(
        "shell",
        "-c",
        SUBSCRIBE_AND_FIRE.format(url=url, event="safety_information.published"),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return float(result.stdout.strip().splitlines()[-1])


def deliveries(database):
    """(delivery id, state) of each delivery made, in order."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT delivery_id, state FROM editorial_webhookdelivery ORDER BY id"
        ).fetchall()
    return [(str(uuid.UUID(delivery_id)), state) for delivery_id, state in rows]


def job_states(database):
    with sqlite3.connect(database) as db:
        return [
            state
            for (state,) in db.execute("SELECT status FROM django_tasks_database_dbtaskresult")
        ]


class Worker:
    """``manage.py worker`` in a session of its own, stopped at the end."""

    def __init__(self, env, log_path):
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def descendants(self):
        """The pids of every process under the supervisor, children first."""
        found, frontier = [], [self.process.pid]
        while frontier:
            pid = frontier.pop(0)
            try:
                with open(f"/proc/{pid}/task/{pid}/children") as children:
                    kids = [int(kid) for kid in children.read().split()]
            except FileNotFoundError:
                kids = []
            found.extend(kids)
            frontier.extend(kids)
        return found

    def stop(self):
        """SIGTERM to its session (the supervisor stops its worker); SIGKILL if it lingers."""
        for stop_signal in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, stop_signal)
            try:
                self.process.wait(timeout=15)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()


class Receiver:
    """A webhook receiver on 127.0.0.1 whose first request hangs until it is closed:
    the worker is caught in the middle of a delivery."""

    def __init__(self):
        self.delivery_ids = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.delivery_ids.append(self.headers["X-Guidance-Delivery"])
                if len(receiver.delivery_ids) == 1:
                    receiver.release.wait(120)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Not within {seconds} s: {what}")
