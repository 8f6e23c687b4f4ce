"""A database that cannot be reached answers 503 with Retry-After: JSON under /api/, a short
page elsewhere, with DEBUG on or off, whether a view or another middleware met it.

In process, on the suite's own kind of database: a connection of that kind to
a database nothing answers at (a SQLite file in no directory, a PostgreSQL
port nothing listens on) raises the real error. (A real PostgreSQL stopped
under gunicorn: tests/config/test_database_down.py.)
"""

import logging

import pytest
from django.db import OperationalError, connection, connections
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from api.errors import database_unavailable_cause
from config.urls import handler500  # noqa: F401 - the site's, for these addresses too
from tests.config.servers import free_port

pytestmark = pytest.mark.django_db


def unreachable_database():
    default = connections["default"]
    settings_dict = {**default.settings_dict}
    if default.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/directory/db.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    return type(default)(settings_dict, alias="unreachable")


def reads_an_unreachable_database(request):
    unreachable_database().ensure_connection()
    return HttpResponse("never")


def runs_a_query_that_fails(request):
    """An OperationalError of a query's own, the database being there: SQLite's missing
    table, PostgreSQL's statement timeout."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT * FROM no_such_table")
        else:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
    return HttpResponse("never")


class ReadsAnUnreachableDatabase:
    """Reads a database nothing answers at before the view, as the session middleware reads
    a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unreachable_database().ensure_connection()
        return self.get_response(request)


urlpatterns = [
    path("api/v1/unreachable/", reads_an_unreachable_database),
    path("guides/unreachable/", reads_an_unreachable_database),
    path("api/v1/failing-query/", runs_a_query_that_fails),
    path("", include("config.urls")),
]


def assert_unavailable(response, *, api):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    if api:
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"] == (
            "Service unavailable: the database cannot be reached. Try again in 30 seconds."
        )
    else:
        assert response["Content-Type"].startswith("text/html")
        assert b"<h1>Temporarily unavailable</h1>" in response.content


@pytest.mark.parametrize("debug", [False, True])
def test_a_view_that_meets_an_unreachable_database_answers_503(debug, caplog, settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = debug

    api = Client().get("/api/v1/unreachable/")
    page = Client().get("/guides/unreachable/")

    assert_unavailable(api, api=True)
    assert_unavailable(page, api=False)
    assert not [record for record in caplog.records if record.exc_info]


def test_a_query_that_fails_with_the_database_there_is_a_server_error_not_a_503(settings):
    settings.ROOT_URLCONF = __name__

    with pytest.raises(OperationalError):  # as any error of the code's: a 500, logged in full
        Client().get("/api/v1/failing-query/")
    answer = Client(raise_request_exception=False).get("/api/v1/failing-query/")

    assert answer.status_code == 500
    assert answer.json() == {"detail": "Server error: it has been logged."}


def test_a_middleware_that_meets_an_unreachable_database_answers_503_without_a_traceback(
    settings, caplog
):
    # After the session and authentication middleware: where their reads happen.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.ReadsAnUnreachableDatabase"]
    client = Client(raise_request_exception=False)  # Django's handler500 answers, as live

    api = client.get("/api/v1/guides/")
    page = client.get("/guides/")
    admin = client.get("/admin/")

    assert_unavailable(api, api=True)
    assert_unavailable(page, api=False)
    assert_unavailable(admin, api=False)
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert [record.getMessage() for record in logged] == [
        "Service Unavailable: /api/v1/guides/",
        "Service Unavailable: /guides/",
        "Service Unavailable: /admin/",
    ]
    assert not [record for record in caplog.records if record.exc_info]


def test_the_cause_is_logged_once_per_retry_after(settings, caplog):
    caplog.set_level(logging.WARNING, logger="api.errors")
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.ReadsAnUnreachableDatabase"]
    client = Client(raise_request_exception=False)
    database_unavailable_cause.forget()  # as in a process that has logged none yet

    for _ in range(5):
        assert client.get("/api/v1/guides/").status_code == 503

    causes = [record for record in caplog.records if record.name == "api.errors"]
    assert len(causes) == 1
    assert causes[0].getMessage().startswith("The database is unavailable (OperationalError: ")
