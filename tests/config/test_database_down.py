"""A database that is down answers 503 with Retry-After, not a 500 per request: JSON under
/api/, a short page elsewhere; the same processes serve again once it is back.

gunicorn (DEBUG off, two workers) on a PostgreSQL cluster of the tests' own,
stopped and started again under it (tests/config/conftest.py); the suite's
own server is never touched. (The same answers in process, on either
database: tests/api/test_database_unavailable.py.)
"""

import json
import re
import urllib.error
import urllib.request

import pytest

from tests.config.conftest import ADMIN_PASSWORD, ADMIN_USERNAME, postgres_pass_only
from tests.config.conftest import signed_in_to_the_admin as signed_in
from tests.config.servers import Gunicorn, get

# One PostgreSQL cluster of the tests' own per process: their modules share one process.
pytestmark = [postgres_pass_only, pytest.mark.xdist_group("own-postgres-cluster")]

RETRY_AFTER = "17"  # not the default: the setting is followed


def opened(opener, url):
    """(status, headers, body) of a GET through ``opener``, whatever the status."""
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def api_token(url):
    request = urllib.request.Request(
        f"{url}/api/v1/auth/token/",
        data=json.dumps({"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["token"]


@pytest.fixture
def server(site_on_its_own_postgres, tmp_path):
    env = site_on_its_own_postgres.env(DATABASE_DOWN_RETRY_AFTER=RETRY_AFTER)
    server = Gunicorn(env, tmp_path / "gunicorn.log", "--workers", "2")
    try:
        yield server
    finally:
        server.stop()


def test_a_stopped_database_answers_503_with_retry_after_everywhere_until_it_is_back(
    site_on_its_own_postgres, server
):
    url, cluster = server.url, site_on_its_own_postgres.cluster
    admin = signed_in(url)
    token = api_token(url)
    reads = {
        "public API": lambda: get(f"{url}/api/v1/guides/"),
        "editorial API": lambda: get(
            f"{url}/api/v1/editorial/guides/", headers={"Authorization": f"Token {token}"}
        ),
        "admin": lambda: opened(admin, f"{url}/admin/"),
        "reader page": lambda: get(f"{url}/guides/"),
    }
    assert {name: read()[0] for name, read in reads.items()} == dict.fromkeys(reads, 200)

    cluster.stop()
    try:
        down = {name: [read() for _ in range(4)] for name, read in reads.items()}
    finally:
        cluster.start()
    back = {name: read()[0] for name, read in reads.items()}

    for name, answers in down.items():
        for status, headers, body in answers:
            assert status == 503, (name, body)
            assert headers["Retry-After"] == RETRY_AFTER, name
            assert "no-store" in headers["Cache-Control"], name
            if name.endswith("API"):
                assert headers["Content-Type"] == "application/json", name
                assert "database cannot be reached" in json.loads(body)["detail"]
            else:
                assert headers["Content-Type"].startswith("text/html"), name
                assert b"Temporarily unavailable" in body
                assert f"Try again in {RETRY_AFTER} seconds".encode() in body
    assert back == dict.fromkeys(reads, 200)  # the same processes, no restart
    log = server.output()
    assert server.process.poll() is None
    assert len(re.findall("Booting worker", log)) == 2
    assert "Traceback" not in log
    # One line per failed request, and the cause at most once per Retry-After per worker.
    assert len(re.findall(r"Service Unavailable: /", log)) == 16
    assert 1 <= len(re.findall(r"The database is unavailable \(OperationalError", log)) <= 2
