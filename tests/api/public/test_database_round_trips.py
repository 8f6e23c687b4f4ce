"""What a public answer costs PostgreSQL, seen on the wire: each request reaches the
service through Django's WSGI handler, as in production, where a kept connection is
health-checked at the start of every request (CONN_HEALTH_CHECKS)."""

import io
import tempfile
import wsgiref.util

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tests.workflow import on_postgresql

pytestmark = [
    pytest.mark.skipif(
        not on_postgresql(), reason="connection health checks are on for PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADDRESS = "/api/v1/topics/"


def get(path):
    """A GET through the WSGI handler, which (unlike the test client) starts and ends the
    request as a server does: kept connections are checked and closed as configured."""
    environ = {"PATH_INFO": path, "wsgi.input": io.BytesIO(), "HTTP_HOST": "testserver"}
    wsgiref.util.setup_testing_defaults(environ)
    statuses = []
    body = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    return statuses[0], body


def statements_sent(path):
    """The statements the request sends on the kept connection, read from libpq's trace."""
    connection.ensure_connection()
    with tempfile.TemporaryFile() as trace:
        connection.connection.pgconn.trace(trace.fileno())
        try:
            status, _ = get(path)
        finally:
            connection.connection.pgconn.untrace()
        trace.seek(0)
        lines = trace.read().decode().splitlines()
    # Each line: when, F(rontend) or B(ackend), length, message, its fields.
    sent = [line.split("\t")[3:] for line in lines if line.split("\t")[1:2] == ["F"]]
    return status, [" ".join(part.strip() for part in message) for message in sent]


def test_a_warm_answer_asks_postgresql_one_thing_and_the_connection_is_checked_by_it():
    get(ADDRESS)

    status, sent = statements_sent(ADDRESS)

    assert status == "200 OK"
    assert sent == ['Query "SELECT number FROM editorial_publicversion WHERE id = 1"']


@pytest.mark.skipif(
    settings.DATABASE_POOLER == "transaction",
    reason="behind a pooler the kept connection is the pooler's, whose server connections "
    "are its own to replace",
)
def test_a_kept_connection_the_database_dropped_is_replaced_and_the_answer_served():
    assert get(ADDRESS)[0] == "200 OK"
    dropped = connection.connection
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [dropped.info.backend_pid])

    status, body = get(ADDRESS)

    assert status == "200 OK"
    assert body.startswith(b'{"count":')
    assert connection.connection is not dropped
    assert get(ADDRESS)[0] == "200 OK"
