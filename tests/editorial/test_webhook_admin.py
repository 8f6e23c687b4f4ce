"""Webhook subscriptions in the admin: the target rule as a form error, the secret shown
once on the page that answers the save, and rotation as an action."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import WebhookSubscription
from editorial.webhooks.encryption import secret_decrypt
from tests.webhooks import PUBLIC_ADDRESS, subscribe

pytestmark = pytest.mark.django_db

ADD = reverse("admin:editorial_webhooksubscription_add")
LIST = reverse("admin:editorial_webhooksubscription_changelist")
URL = f"https://{PUBLIC_ADDRESS}/guidance"


def form(url, **extra):
    return {
        "url": url,
        "events": ["guide.published", "guide.went_live"],
        "is_active": "on",
    } | extra


def shown_secret(page):
    text = page.content.decode()
    start = text.index('<code class="webhook-secret">') + len('<code class="webhook-secret">')
    return html.unescape(text[start : text.index("</code>", start)])


@pytest.mark.parametrize(
    ("url", "error"),
    [
        (
            "https://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address",
        ),
        ("https://10.0.0.1/", "10.0.0.1 is a private or special-purpose address"),
        ("https://localhost:8000/", "localhost resolves to 127.0.0.1, a loopback address"),
        ("https://2130706433/", "2130706433 resolves to 127.0.0.1, a loopback address"),
        ("https://0x7f000001/", "0x7f000001 resolves to 127.0.0.1, a loopback address"),
        ("https://[::ffff:127.0.0.1]/", "an IPv4-mapped form of 127.0.0.1"),
        ("https://100.64.0.1/", "100.64.0.1 is not a public address"),
        ("https://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://93.184.215.14/", "Webhook targets must use https"),
        ("ftp://example.org/", "this address uses “ftp:”"),
    ],
)
def test_a_refused_target_is_a_form_error_and_nothing_is_saved(admin_client, url, error):
    response = admin_client.post(ADD, form(url))

    assert response.status_code == 200
    (messages,) = [
        errors
        for field, errors in response.context["adminform"].form.errors.items()
        if field == "url"
    ]
    assert error in messages[0]
    assert not WebhookSubscription.objects.exists()


def test_adding_shows_the_new_secret_once_and_stores_it_encrypted(admin_client):
    assert "Made when the subscription is saved" in admin_client.get(ADD).content.decode()

    response = admin_client.post(ADD, form(URL, description="Partner app"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "shown only this once" in response.content.decode()
    secret = shown_secret(response)
    subscription = WebhookSubscription.objects.get()
    assert (subscription.url, subscription.events) == (URL, ["guide.published", "guide.went_live"])
    assert secret_decrypt(subscription.secret_encrypted) == secret
    for page in (
        admin_client.get(
            reverse("admin:editorial_webhooksubscription_change", args=[subscription.pk])
        ),
        admin_client.get(LIST),
    ):
        assert page.status_code == 200
        assert secret not in page.content.decode()  # never shown again


def test_a_secret_typed_into_the_form_is_not_taken(admin_client):
    admin_client.post(ADD, form(URL, secret="my-own-secret"))

    subscription = WebhookSubscription.objects.get()
    assert secret_decrypt(subscription.secret_encrypted) != "my-own-secret"


def test_changing_to_a_refused_target_is_a_form_error_and_changes_nothing(admin_client):
    subscription, _secret = subscribe(URL)
    change = reverse("admin:editorial_webhooksubscription_change", args=[subscription.pk])

    response = admin_client.post(change, form("https://[::1]:8443/hooks"))

    assert response.status_code == 200
    assert "::1 is a loopback address" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.url == URL


def test_changing_a_subscription_keeps_its_secret(admin_client):
    subscription, secret = subscribe(URL)
    change = reverse("admin:editorial_webhooksubscription_change", args=[subscription.pk])

    response = admin_client.post(change, form(f"https://{PUBLIC_ADDRESS}/v2", description="v2"))

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.url, subscription.description) == (f"https://{PUBLIC_ADDRESS}/v2", "v2")
    assert subscription.signing_secrets(timezone.now()) == [secret]


def test_rotating_shows_the_new_secret_once_and_keeps_the_old_one_signing(admin_client):
    subscription, old = subscribe(URL)

    response = admin_client.post(
        LIST, {"action": "rotate_secret", "_selected_action": [subscription.pk]}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    new = shown_secret(response)
    assert "X-Guidance-Signature-Previous" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.signing_secrets(timezone.now()) == [new, old]
    assert new != old
