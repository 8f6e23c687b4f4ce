"""Every answer under /api/ is JSON, errors included, with DEBUG on or off."""

import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def over_size_body(settings):
    """A JSON body one megabyte over Django's limit on a request body read into memory."""
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1_000_000)
    return json.dumps({"username": "edna", "password": padding})


@pytest.mark.parametrize(
    "address", ["/api/v1/tips/not-a-uuid/", "/api/nothing-here/", "/api/v1/guides/a/b/c/"]
)
def test_an_unknown_api_address_is_a_json_404_with_debug_on(client, settings, address):
    settings.DEBUG = True

    response = client.get(address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found: no such address."}


def test_with_debug_on_a_missing_slash_is_still_redirected(client, settings):
    settings.DEBUG = True

    response = client.get("/api/v1/guides")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/guides/"


def test_with_debug_on_the_apis_own_404s_keep_their_message(client, settings):
    settings.DEBUG = True

    response = client.get("/api/v1/guides/no-such-guide/")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("No live guide has the slug")


def test_outside_the_api_debug_keeps_djangos_own_404_page(client, settings):
    settings.DEBUG = True

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_body_over_the_size_limit_is_a_json_413(settings, caplog):
    response = APIClient().post(
        TOKEN_URL, over_size_body(settings), content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is too large: this API accepts at most "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
    }
    assert not [record for record in caplog.records if record.exc_info]


@pytest.mark.parametrize("debug", [False, True])
def test_a_bad_host_header_is_a_json_400(settings, debug):
    settings.DEBUG = debug  # with DEBUG on, Django answers with its technical page

    response = APIClient().get("/api/v1/guides/", headers={"host": "evil.example"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request: it was refused as malformed."}
