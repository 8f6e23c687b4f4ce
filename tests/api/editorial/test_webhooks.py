"""Webhook subscriptions over the editorial API: the target rule answered as a 400 with
its message, the secret in the create's and the rotation's answers only."""

import pytest
from django.utils import timezone

from editorial.models import WebhookSubscription
from editorial.webhooks.encryption import secret_decrypt
from editorial.webhooks.sending import signature
from tests.webhooks import PUBLIC_ADDRESS, subscribe, webhook_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/editorial/webhooks/"
URL = f"https://{PUBLIC_ADDRESS}/guidance"


@pytest.fixture
def manager(api_as):
    return api_as(webhook_user("wendy", "view", "add", "change", "delete"))


def detail(subscription):
    return f"{LIST}{subscription.pk}/"


def test_a_create_answers_the_secret_once_and_no_read_answers_it_again(manager):
    response = manager.post(
        LIST, {"url": URL, "events": ["guide.published"], "description": "Partner"}, format="json"
    )

    assert response.status_code == 201, response.json()
    created = response.json()
    secret = created.pop("secret")
    subscription = WebhookSubscription.objects.get()
    assert response["Location"] == detail(subscription)
    assert created == {
        "id": subscription.pk,
        "url": URL,
        "events": ["guide.published"],
        "description": "Partner",
        "is_active": True,
        "created_at": created["created_at"],
        "previous_secret_until": None,
    }
    assert secret_decrypt(subscription.secret_encrypted) == secret
    body = b'{"event":"guide.published"}'
    assert signature(subscription.signing_secrets(timezone.now())[0], body) == signature(
        secret, body
    )
    for read in (manager.get(detail(subscription)), manager.get(LIST)):
        assert read.status_code == 200
        assert secret not in read.content.decode()
        assert b'"secret"' not in read.content


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://169.254.169.254/latest/meta-data/", "Webhook targets must use https"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("https://10.0.0.1/", "10.0.0.1 is a private or special-purpose address"),
        ("https://localhost:8000/", "localhost resolves to 127.0.0.1, a loopback address"),
        ("https://127.1/", "127.1 resolves to 127.0.0.1, a loopback address"),
        ("https://2130706433/", "2130706433 resolves to 127.0.0.1, a loopback address"),
        ("https://017700000001/", "017700000001 resolves to 127.0.0.1, a loopback address"),
        ("https://[::1]/", "::1 is a loopback address"),
        ("https://[::ffff:7f00:1]/", "an IPv4-mapped form of 127.0.0.1"),
        ("https://100.64.0.1/", "100.64.0.1 is not a public address"),
        ("https://0.0.0.0/", "0.0.0.0 is the unspecified address"),
        ("https://[fd00::1]/", "fd00::1 is a private or special-purpose address"),
        ("https://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("ftp://example.org/", "this address uses “ftp:”"),
        ("gopher://example.org/", "this address uses “gopher:”"),
    ],
)
def test_a_refused_target_is_a_400_naming_why_and_nothing_is_saved(manager, url, error):
    response = manager.post(LIST, {"url": url, "events": ["guide.published"]}, format="json")

    assert response.status_code == 400
    answer = response.json()
    assert answer["detail"].startswith("url: ")
    assert error in answer["detail"]
    assert error in answer["errors"]["url"][0]
    assert not WebhookSubscription.objects.exists()


def test_a_secret_in_the_body_is_refused_saying_who_makes_it(manager):
    response = manager.post(
        LIST, {"url": URL, "events": ["guide.published"], "secret": "mine"}, format="json"
    )

    assert response.status_code == 400
    assert "The service makes the secret" in response.json()["errors"]["secret"][0]
    assert not WebhookSubscription.objects.exists()


def test_unknown_events_and_missing_fields_are_400s(manager):
    unknown = manager.post(LIST, {"url": URL, "events": ["guide.deleted"]}, format="json")
    missing = manager.post(LIST, {"url": URL}, format="json")
    empty = manager.post(LIST, {"url": URL, "events": []}, format="json")

    assert unknown.status_code == missing.status_code == empty.status_code == 400
    assert "events" in unknown.json()["errors"]
    assert "events" in missing.json()["errors"]
    assert "events" in empty.json()["errors"]
    assert not WebhookSubscription.objects.exists()


def test_changing_to_a_refused_target_is_a_400_and_changes_nothing(manager):
    subscription, _secret = subscribe(URL)

    response = manager.patch(detail(subscription), {"url": "https://0x7f.1/"}, format="json")

    assert response.status_code == 400
    assert "0x7f.1 resolves to 127.0.0.1, a loopback address" in response.json()["detail"]
    subscription.refresh_from_db()
    assert subscription.url == URL


def test_a_change_keeps_the_secret_and_answers_without_it(manager):
    subscription, secret = subscribe(URL)

    response = manager.patch(
        detail(subscription), {"events": ["guide.withdrawn"], "is_active": False}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["events"], response.json()["is_active"]) == (
        ["guide.withdrawn"],
        False,
    )
    assert "secret" not in response.json()
    subscription.refresh_from_db()
    assert subscription.signing_secrets(timezone.now()) == [secret]


def test_rotating_answers_the_new_secret_and_the_old_one_keeps_signing(manager, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    subscription, old = subscribe(URL)

    response = manager.post(f"{detail(subscription)}rotate-secret/")

    assert response.status_code == 200
    new = response.json()["secret"]
    subscription.refresh_from_db()
    assert subscription.signing_secrets(timezone.now()) == [new, old]
    assert response.json()["previous_secret_until"].startswith(
        subscription.previous_secret_until.date().isoformat()
    )
    assert new not in manager.get(detail(subscription)).content.decode()


def test_a_delete_removes_the_subscription(manager):
    subscription, _secret = subscribe(URL)

    assert manager.delete(detail(subscription)).status_code == 204
    assert not WebhookSubscription.objects.exists()
    assert manager.get(detail(subscription)).status_code == 404


def test_rights_are_the_admins(api_as, editor):
    subscription, secret = subscribe(URL)
    viewer = api_as(webhook_user("vera", "view"))

    assert api_as(editor).get(LIST).status_code == 403
    assert viewer.get(LIST).status_code == 200
    refused = [
        viewer.post(LIST, {"url": URL, "events": ["guide.published"]}, format="json"),
        viewer.patch(detail(subscription), {"description": "x"}, format="json"),
        viewer.post(f"{detail(subscription)}rotate-secret/"),
        viewer.delete(detail(subscription)),
    ]
    assert [response.status_code for response in refused] == [403] * 4
    assert refused[0].json()["detail"] == (
        "You may not add webhook subscriptions: that takes the right to add webhook subscriptions."
    )
    subscription.refresh_from_db()
    assert (WebhookSubscription.objects.count(), subscription.description) == (1, "")
    assert subscription.signing_secrets(timezone.now()) == [secret]
