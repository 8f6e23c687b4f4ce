"""The service under gunicorn, as in production, on a port the system picks."""

import contextlib
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

LISTENING = re.compile(rb"Listening at: http://127\.0\.0\.1:(\d+)")


def server_environment(base, **settings):
    """Production settings (DEBUG off) for a plain-HTTP server on loopback."""
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "WEBHOOK_SECRET_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        **settings,
    }


class Server:
    def __init__(self, process, url):
        self.process = process
        self.url = url

    def peak_worker_megabytes(self):
        """The largest peak resident memory (VmHWM) among the workers, in MB (Linux)."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        peaks = [_peak_kilobytes(pid) for pid in children]
        return max(peaks, default=0) / 1024


def _peak_kilobytes(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


@contextlib.contextmanager
def gunicorn(environment, *, workers):
    """Serve until the block ends; yields a Server once it answers."""
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(gunicorn_bin), "config.wsgi", "--bind=127.0.0.1:0", f"--workers={workers}"],
            env=environment,
            stdout=log,
            stderr=log,
        )
        try:
            base_url = f"http://127.0.0.1:{_port(process, log)}"
            _wait_until_answering(base_url)
            yield Server(process, base_url)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _port(process, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(0)
        output = log.read()
        if match := LISTENING.search(output):
            return int(match[1])
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start:\n{output.decode(errors='replace')}")


def _wait_until_answering(base_url, timeout=30):
    """Requests wait in the queue until a worker has booted: one answer is enough."""
    with urllib.request.urlopen(f"{base_url}/api/v1/topics/", timeout=timeout) as response:
        response.read()
