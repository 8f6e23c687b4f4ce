"""Editorial API tokens: issued like a sign-in, gone with the password, expiring, throttled."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

TOKEN_URL = "/api/v1/auth/token/"
GUIDES_URL = "/api/v1/editorial/guides/"


@pytest.fixture
def api():
    return APIClient()


def token_for(api, user, password="a-long-test-password"):
    user.set_password(password)
    user.save()
    response = api.post(
        TOKEN_URL, {"username": user.username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def read_guides(api, token):
    return api.get(GUIDES_URL, headers={"authorization": f"Token {token}"})


def test_a_password_change_revokes_the_users_tokens(api, editor):
    token = token_for(api, editor)
    assert read_guides(api, token).status_code == 200

    editor.set_password("another-long-password")
    editor.save()

    assert read_guides(api, token).status_code == 401
    assert not Token.objects.filter(user=editor).exists()


def test_other_saves_of_the_user_keep_the_token(api, editor):
    token = token_for(api, editor)
    editor.first_name = "Edna"
    editor.save()

    assert read_guides(api, token).status_code == 200


@override_settings(API_TOKEN_MAX_AGE_DAYS=30)
def test_a_token_expires_and_a_new_one_is_issued(api, editor):
    token = token_for(api, editor)

    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=31)):
        expired = read_guides(api, token)
        renewed = token_for(api, editor)
        assert read_guides(api, renewed).status_code == 200

    assert expired.status_code == 401
    assert expired.json()["detail"].startswith("Token expired")
    assert renewed != token


def test_a_body_nested_too_deep_is_a_400_not_a_500(api, db):
    body = '{"username": ' + "[" * 100_000 + "]" * 100_000 + ', "password": "x"}'

    response = api.post(TOKEN_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@override_settings(API_TOKEN_RATE="3/minute")
def test_made_up_forwarded_addresses_do_not_escape_the_password_throttle(
    api, editor, throttle_clock
):
    statuses = [
        api.post(
            TOKEN_URL,
            {"username": editor.username, "password": "wrong"},
            format="json",
            headers={"x-forwarded-for": f"203.0.113.{attempt}"},
        ).status_code
        for attempt in range(5)
    ]

    assert statuses == [400, 400, 400, 429, 429]


def test_a_username_longer_than_any_account_can_have_is_a_400(api, db):
    response = api.post(TOKEN_URL, {"username": "x" * 300, "password": "x"}, format="json")

    assert response.status_code == 400
    assert (
        response.json()["detail"] == "username: Ensure this field has no more than 150 characters."
    )
