"""Signing in to the editorial API: tokens, sessions, and who gets nothing."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.backends import DEMO_EMAIL_DOMAIN
from api.tokens import WRONG_CREDENTIALS
from tests.api.editorial.content import if_match, part, url
from tests.factories import EditorFactory, UserFactory
from tests.sign_in import log_in

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's

ENDPOINTS = [
    ("get", "/api/v1/editorial/guides/"),
    ("get", url("helping-a-partner")),
    ("get", url("helping-a-partner", "diff")),
    ("patch", url("helping-a-partner")),
    ("post", url("helping-a-partner", "submit")),
    ("post", url("helping-a-partner", "approve")),
    ("post", url("helping-a-partner", "request-changes")),
    ("post", url("helping-a-partner", "publish")),
    ("post", url("helping-a-partner", "withdraw")),
]


def test_a_username_and_password_get_a_token_that_opens_the_editorial_api(editor, guide):
    response = APIClient().post(
        TOKEN_URL, {"username": "edna", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=editor).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/editorial/guides/").status_code == 200


def test_asking_again_gives_the_same_token(editor):
    answers = [
        APIClient()
        .post(TOKEN_URL, {"username": "edna", "password": PASSWORD}, format="json")
        .json()["token"]
        for _ in range(2)
    ]
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "edna", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
    ],
)
def test_wrong_credentials_get_400_with_a_clear_message(editor, credentials):
    response = APIClient().post(TOKEN_URL, credentials, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == WRONG_CREDENTIALS
    assert not Token.objects.exists()


def test_missing_fields_are_named():
    response = APIClient().post(TOKEN_URL, {"username": "edna"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field is required."]}


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("username=edna&password=x", "application/x-www-form-urlencoded", 415),
        ('["edna"]', "application/json", 400),
    ],
)
def test_only_a_json_object_is_accepted(editor, body, content_type, status):
    response = APIClient().post(TOKEN_URL, body, content_type=content_type)

    assert response.status_code == status
    assert response.json()["detail"]


def test_an_inactive_user_gets_no_token_and_their_token_stops_working(editor):
    token = Token.objects.create(user=editor)
    editor.is_active = False
    editor.save()

    response = APIClient().post(
        TOKEN_URL, {"username": "edna", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/editorial/guides/")
    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


@pytest.fixture
def demo_editor(db):
    return EditorFactory(username="editor", email=f"editor@{DEMO_EMAIL_DOMAIN}")


def test_a_demo_account_is_refused_with_debug_off(demo_editor, settings):
    settings.DEBUG = False
    token = Token.objects.create(user=demo_editor)

    response = APIClient().post(
        TOKEN_URL, {"username": "editor", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == WRONG_CREDENTIALS

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/editorial/guides/").status_code == 401


def test_a_demo_account_signs_in_on_a_debug_machine(demo_editor, settings):
    settings.DEBUG = True

    response = APIClient().post(
        TOKEN_URL, {"username": "editor", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_token_requests_are_throttled_at_the_configured_rate(editor, settings, throttle_clock):
    settings.API_TOKEN_RATE = "2/minute"
    cache.clear()
    client = APIClient()
    wrong = {"username": "edna", "password": "guess"}

    statuses = [client.post(TOKEN_URL, wrong, format="json").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    refused = client.post(TOKEN_URL, {"username": "edna", "password": PASSWORD}, format="json")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    cache.clear()


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_anonymous_requests_get_401_asking_for_a_token(guide, method, path):
    headers = if_match(guide) if method == "patch" else {}

    response = getattr(APIClient(), method)(path, {}, format="json", **headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_an_unknown_token_gets_401(guide):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/editorial/guides/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_a_user_without_the_right_to_view_guides_gets_403(api_as, guide, method, path):
    headers = if_match(guide) if method == "patch" else {}

    response = getattr(api_as(UserFactory()), method)(path, {}, format="json", **headers)

    assert response.status_code == 403
    assert "that takes the right to view guides" in response.json()["detail"]


def test_a_signed_in_session_works_too(editor, guide):
    client = APIClient()
    log_in(client, username="edna", password=PASSWORD)

    assert client.get(url(guide.slug)).status_code == 200
    response = client.patch(
        url(guide.slug), {"title": "By session"}, format="json", **if_match(guide)
    )
    assert response.status_code == 200
    assert response.json()["title"] == "By session"


def test_a_session_write_needs_the_csrf_token(editor, guide):
    client = APIClient(enforce_csrf_checks=True)
    log_in(client, username="edna", password=PASSWORD)

    response = client.patch(
        f"/api/v1/editorial/sections/{part(guide, 1).pk}/",
        {"heading": "X"},
        format="json",
        **if_match(guide),
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert part(guide, 1).heading == "Part 1"
