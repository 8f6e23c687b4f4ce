"""``manage.py import_webhooks``: the same target rule as the admin and the API; a refused
target names itself and nothing is imported; each new secret is printed once."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from editorial.models import WebhookSubscription
from editorial.webhooks.encryption import secret_decrypt
from tests.webhooks import PUBLIC_ADDRESS, subscribe, webhook_user

pytestmark = pytest.mark.django_db

FIRST = f"https://{PUBLIC_ADDRESS}/first"
SECOND = "https://[2606:4700:4700::1111]/second"


def document(*webhooks):
    return {"format": "guidance.webhooks", "version": 1, "webhooks": list(webhooks)}


def import_webhooks(tmp_path, content, *options):
    path = tmp_path / "webhooks.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    out = StringIO()
    call_command("import_webhooks", str(path), *options, stdout=out)
    return out.getvalue()


def test_new_subscriptions_are_made_with_secrets_printed_once(tmp_path):
    out = import_webhooks(
        tmp_path,
        document(
            {"url": FIRST, "events": ["guide.published"], "description": "Partner"},
            {"url": SECOND, "events": ["guide.withdrawn"], "is_active": False},
        ),
    )

    printed = dict(re.findall(r"created (\S+) \(id \d+\), secret: (\S+)", out))
    first = WebhookSubscription.objects.get(url=FIRST)
    second = WebhookSubscription.objects.get(url=SECOND)
    assert secret_decrypt(first.secret_encrypted) == printed[FIRST]
    assert secret_decrypt(second.secret_encrypted) == printed[SECOND]
    assert (first.description, first.is_active, second.is_active) == ("Partner", True, False)
    assert "shown only this once" in out


@pytest.mark.parametrize(
    ("url", "error"),
    [
        (
            "https://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address",
        ),
        ("https://10.0.0.1/", "10.0.0.1 is a private or special-purpose address"),
        ("https://localhost/", "localhost resolves to 127.0.0.1, a loopback address"),
        ("https://0x7f000001/", "0x7f000001 resolves to 127.0.0.1, a loopback address"),
        ("https://[::ffff:127.0.0.1]/", "an IPv4-mapped form of 127.0.0.1"),
        ("https://100.64.0.1/", "100.64.0.1 is not a public address"),
        ("http://93.184.215.14/", "Webhook targets must use https"),
        ("ftp://example.org/", "this address uses “ftp:”"),
    ],
)
def test_a_refused_target_names_itself_and_nothing_is_imported(tmp_path, url, error):
    content = document(
        {"url": FIRST, "events": ["guide.published"]},
        {"url": url, "events": ["guide.published"]},
    )

    with pytest.raises(CommandError) as refused:
        import_webhooks(tmp_path, content)

    assert str(refused.value).startswith("Nothing was imported. webhooks[1].url: ")
    assert error in str(refused.value)
    assert not WebhookSubscription.objects.exists()


def test_a_secret_in_the_document_is_refused(tmp_path):
    content = document({"url": FIRST, "events": ["guide.published"], "secret": "mine"})

    with pytest.raises(CommandError, match=r"webhooks\[0\]\.secret: Unknown key"):
        import_webhooks(tmp_path, content)
    assert not WebhookSubscription.objects.exists()


def test_an_existing_subscription_is_changed_by_its_url_and_keeps_its_secret(tmp_path):
    subscription, secret = subscribe(FIRST, "guide.published")
    content = document(
        {"url": FIRST, "events": ["guide.published", "guide.went_live"]},
        {"url": SECOND, "events": ["guide.published"]},
    )

    out = import_webhooks(tmp_path, content)
    again = import_webhooks(tmp_path, content)

    subscription.refresh_from_db()
    assert subscription.events == ["guide.published", "guide.went_live"]
    assert subscription.signing_secrets(timezone.now()) == [secret]
    assert f"changed {FIRST}" in out
    assert secret not in out
    assert again.splitlines() == [f"unchanged {FIRST}", f"unchanged {SECOND}"]


def test_the_same_url_twice_is_refused(tmp_path):
    content = document(
        {"url": FIRST, "events": ["guide.published"]},
        {"url": FIRST, "events": ["guide.withdrawn"]},
    )

    with pytest.raises(CommandError, match=r"webhooks\[1\]\.url: The document names this URL"):
        import_webhooks(tmp_path, content)
    assert not WebhookSubscription.objects.exists()


def test_as_a_user_the_import_takes_their_rights(tmp_path):
    webhook_user("vera", "view")
    content = document({"url": FIRST, "events": ["guide.published"]})

    with pytest.raises(CommandError, match="You may not add webhook subscriptions"):
        import_webhooks(tmp_path, content, "--as", "vera")
    assert not WebhookSubscription.objects.exists()


def test_a_malformed_document_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"Nothing was imported\. format: "):
        import_webhooks(tmp_path, {"format": "guidance.guides", "version": 1, "webhooks": []})
    with pytest.raises(CommandError, match="The document must be a JSON object"):
        import_webhooks(tmp_path, [])
