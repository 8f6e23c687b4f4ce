"""The production stack: gunicorn serves the app, whitenoise its static files."""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.config.processes import PROJECT_DIR, manage, production_env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=15)
        # A first answer slower than the timeout (a busy machine) is waited for too.
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def gunicorn(tmp_path):
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_the_admin_with_hashed_static_files(gunicorn):
    login = wait_for(f"{gunicorn}/admin/login/")
    page = login.read().decode()
    assert login.status == 200
    assert "Guidance content service" in page
    assert login.headers["X-Frame-Options"] == "DENY"
    assert login.headers["X-Content-Type-Options"] == "nosniff"

    stylesheet = re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", page)
    assert stylesheet, "admin stylesheet should be served under a content hash"
    css = urllib.request.urlopen(gunicorn + stylesheet.group(0), timeout=5)
    assert css.status == 200
    assert "immutable" in css.headers["Cache-Control"]


def test_plain_http_is_redirected_to_https_behind_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/admin/login/").status_code == 301
    assert client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
