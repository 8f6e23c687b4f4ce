"""Repeated failed sign-ins pause signing in, at the admin and at the token endpoint alike.

Five failures for one account, or from one address, within fifteen minutes
(the defaults) pause every sign-in for that account or from that address,
the right password included, until fifteen minutes after the failures; the
answer says until when. An administrator can lift the pause sooner.
"""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
START = datetime.datetime(2027, 1, 4, 12, 0, 5, tzinfo=datetime.UTC)
PAUSED = (
    "Too many failed sign-ins for this account or from this address, so signing in is paused "
    "until 12:16 UTC (in 15 minutes), even with the right password. Try again then, or ask an "
    "administrator to lift the lock."
)


def at(minutes):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def admin_sign_in(username, password, address="192.0.2.1"):
    return Client().post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def token_sign_in(username, password, address="192.0.2.1"):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


SIGN_INS = {"admin": admin_sign_in, "token": token_sign_in}
SIGNED_IN = {"admin": 302, "token": 200}
WRONG = {"admin": 200, "token": 400}  # the form again; the API's invalid input


@pytest.fixture
def edna(db):
    return EditorFactory(username="edna")


@pytest.fixture(params=SIGN_INS)
def entry(request):
    """Each test runs at the admin's sign-in page and at the token endpoint."""
    return request.param


def test_five_failures_for_one_account_pause_it_from_every_address(edna, entry):
    sign_in = SIGN_INS[entry]
    with at(0):
        failures = [
            sign_in("edna", "wrong", address=f"192.0.2.{n}").status_code for n in range(1, 6)
        ]
        right_password = sign_in("edna", PASSWORD, address="198.51.100.1")
        someone_else = sign_in("other", "wrong", address="198.51.100.2")

    assert failures == [WRONG[entry]] * 4 + [429]
    assert right_password.status_code == 429
    assert someone_else.status_code == WRONG[entry]


def test_five_failures_from_one_address_pause_every_account_there(edna, entry):
    sign_in = SIGN_INS[entry]
    with at(0):
        failures = [sign_in(f"guess{n}", "wrong").status_code for n in range(5)]
        right_password_here = sign_in("edna", PASSWORD)
        elsewhere = sign_in("edna", PASSWORD, address="198.51.100.1")

    assert failures == [WRONG[entry]] * 4 + [429]
    assert right_password_here.status_code == 429
    assert elsewhere.status_code == SIGNED_IN[entry]


def test_the_pause_ends_after_the_cool_off_and_trying_meanwhile_does_not_extend_it(edna, entry):
    sign_in = SIGN_INS[entry]
    with at(0):
        for _ in range(5):
            sign_in("edna", "wrong")
    with at(10):
        meanwhile = sign_in("edna", PASSWORD)
    with at(15 + 1 / 60):
        at_the_time_shown = sign_in("edna", PASSWORD)

    assert meanwhile.status_code == 429
    assert at_the_time_shown.status_code == SIGNED_IN[entry]


def test_the_api_answers_429_json_with_retry_after(edna):
    with at(0):
        for _ in range(4):
            token_sign_in("edna", "wrong")
        fifth = token_sign_in("edna", "wrong")
    with at(5):
        later = token_sign_in("edna", PASSWORD)

    assert fifth.status_code == 429
    assert fifth.json() == {"detail": PAUSED}
    assert fifth["Retry-After"] == "901"
    assert later.status_code == 429
    assert later["Retry-After"] == "601"
    assert "in 10 minutes" in later.json()["detail"]


def test_the_admin_shows_a_page_saying_when_to_try_again(edna):
    with at(0):
        for _ in range(5):
            admin_sign_in("edna", "wrong")
        page = admin_sign_in("edna", PASSWORD)

    assert page.status_code == 429
    assert page["Content-Type"].startswith("text/html")
    assert page["Retry-After"] == "901"
    html = page.content.decode()
    assert "Signing in is paused" in html
    assert PAUSED in html
    assert "sessionid" not in page.cookies


def test_failures_are_recorded_for_the_admin_to_see(edna, admin_client):
    with at(0):
        for n in range(3):
            admin_sign_in("edna", "wrong", address=f"192.0.2.{n + 1}")
        token_sign_in("edna", "wrong", address="192.0.2.9")

    assert AccessFailureLog.objects.filter(username="edna").count() == 4
    assert sorted(AccessAttempt.objects.values_list("ip_address", "path_info")) == [
        ("192.0.2.1", "/admin/login/"),
        ("192.0.2.2", "/admin/login/"),
        ("192.0.2.3", "/admin/login/"),
        ("192.0.2.9", "/api/v1/auth/token/"),
    ]
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "192.0.2.9" in listing.content.decode()


def test_an_administrator_lifts_a_pause_by_deleting_the_attempts(edna, admin_user, entry):
    sign_in = SIGN_INS[entry]
    with at(0):
        for _ in range(5):
            sign_in("edna", "wrong")
        assert sign_in("edna", PASSWORD).status_code == 429
    with at(1):
        administrator = Client()
        administrator.force_login(admin_user)
        attempts = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
        deleted = administrator.post(
            "/admin/axes/accessattempt/",
            {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
        )
        again = sign_in("edna", PASSWORD)

    assert deleted.status_code == 302
    assert deleted["Location"] == "/admin/axes/accessattempt/"
    assert not AccessAttempt.objects.exists()
    assert again.status_code == SIGNED_IN[entry]
