"""Webhook secrets: made by the service, shown once, stored only encrypted (so in no
database dump), rotated with an overlap in which both sign."""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from editorial.exceptions import NotAllowed
from editorial.models import WebhookSubscription
from editorial.webhooks.encryption import secret_decrypt
from editorial.webhooks.subscriptions import secret_rotate, subscription_save
from tests.webhooks import PUBLIC_ADDRESS, subscribe, webhook_user

URL = f"https://{PUBLIC_ADDRESS}/hooks"


def stored_values(subscription):
    """Every column of the subscription's row, as text."""
    row = WebhookSubscription.objects.filter(pk=subscription.pk).values().get()
    return " ".join(str(value) for value in row.values())


@pytest.mark.django_db
def test_the_service_makes_the_secret_and_stores_only_its_encryption():
    subscription, secret = subscribe(URL)

    assert len(secret) == 43  # 32 random bytes, URL-safe
    assert secret not in stored_values(subscription)
    assert secret_decrypt(subscription.secret_encrypted) == secret
    assert subscription.signing_secrets(timezone.now()) == [secret]
    assert subscribe(URL)[1] != secret


@pytest.mark.django_db
def test_no_secret_is_in_a_dumpdata_dump():
    subscription, secret = subscribe(URL)
    replaced = secret
    secret = secret_rotate(subscription, user=None)
    dump = io.StringIO()

    call_command("dumpdata", stdout=dump)

    assert subscription.url in dump.getvalue()  # the row is in it
    assert subscription.secret_encrypted in dump.getvalue()
    assert secret not in dump.getvalue()
    assert replaced not in dump.getvalue()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump dumps a PostgreSQL database only"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_secret_is_in_a_pg_dump_of_the_database():
    # Committed (transaction=True), so that pg_dump, another session, sees the row.
    subscription, secret = subscribe(URL)
    replaced = secret
    secret = secret_rotate(subscription, user=None)
    database = connection.settings_dict
    dump = subprocess.run(
        [
            shutil.which("pg_dump") or "pg_dump",
            "--host",
            database["HOST"] or "127.0.0.1",
            "--port",
            str(database["PORT"] or 5432),
            "--username",
            database["USER"] or "postgres",
            "--no-password",
            database["NAME"],
        ],
        env={**os.environ, "PGPASSWORD": database["PASSWORD"] or ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    assert "editorial_webhooksubscription" in dump
    assert subscription.url in dump
    assert secret not in dump
    assert replaced not in dump


@pytest.mark.django_db
def test_a_rotation_keeps_the_previous_secret_signing_for_the_overlap(settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 6
    subscription, first = subscribe(URL)
    now = timezone.now()

    second = secret_rotate(subscription, user=None, at=now)

    assert subscription.previous_secret_until == now + datetime.timedelta(hours=6)
    assert subscription.signing_secrets(now) == [second, first]
    assert subscription.signing_secrets(now + datetime.timedelta(hours=6)) == [second]
    assert first not in stored_values(subscription)
    assert second not in stored_values(subscription)

    third = secret_rotate(subscription, user=None, at=now + datetime.timedelta(hours=1))

    # A second rotation within the overlap drops the oldest secret at once.
    assert subscription.signing_secrets(now + datetime.timedelta(hours=1)) == [third, second]


@pytest.mark.django_db
def test_making_and_rotating_take_the_admins_rights():
    subscription, secret = subscribe(URL)
    viewer = webhook_user("vera", "view")
    manager = webhook_user("manny", "view", "add", "change")

    with pytest.raises(NotAllowed, match="You may not edit webhook subscriptions"):
        secret_rotate(subscription, user=viewer)
    with pytest.raises(NotAllowed, match="You may not add webhook subscriptions"):
        subscription_save(WebhookSubscription(url=URL, events=["guide.published"]), user=viewer)

    subscription.refresh_from_db()
    assert subscription.signing_secrets(timezone.now()) == [secret]
    assert secret_rotate(subscription, user=manager) != secret


@pytest.mark.django_db
def test_a_secret_encrypted_under_a_key_no_longer_configured_says_so(settings):
    subscription, _secret = subscribe(URL)
    settings.WEBHOOK_SECRET_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted with any key"):
        subscription.signing_secrets(timezone.now())


@pytest.mark.django_db
def test_the_encryption_key_is_replaced_without_changing_any_secret(settings):
    old_key, new_key = settings.WEBHOOK_SECRET_KEYS[0], Fernet.generate_key().decode()
    subscription, first = subscribe(URL)
    second = secret_rotate(subscription, user=None)
    settings.WEBHOOK_SECRET_KEYS = [new_key, old_key]

    out = io.StringIO()
    call_command("reencrypt_webhook_secrets", stdout=out)
    settings.WEBHOOK_SECRET_KEYS = [new_key]

    subscription.refresh_from_db()
    assert subscription.signing_secrets(timezone.now()) == [second, first]
    assert out.getvalue().strip() == "Encrypted 1 subscription(s)' secrets under the first key."


def _encrypting_migration(loader):
    """(app, name) of the migration that encrypts the secrets, and of the one before it."""
    (key,) = [
        key
        for key in loader.disk_migrations
        if key[0] == "editorial" and key[1].endswith("_webhook_secrets_encrypted")
    ]
    (before,) = loader.get_migration(*key).dependencies
    return key, before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_encrypts_existing_secrets_and_its_reverse_decrypts_them():
    executor = MigrationExecutor(connection)
    encrypting, before = _encrypting_migration(executor.loader)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps.get_model(
            "editorial", "WebhookSubscription"
        )
        old.objects.create(url=URL, secret="plain-old-secret", events=["guide.published"])

        executor = MigrationExecutor(connection)
        executor.migrate([encrypting])
        new = executor.loader.project_state([encrypting]).apps.get_model(
            "editorial", "WebhookSubscription"
        )
        (row,) = new.objects.values()
        assert "plain-old-secret" not in " ".join(str(value) for value in row.values())
        assert secret_decrypt(row["secret_encrypted"]) == "plain-old-secret"

        executor = MigrationExecutor(connection)
        executor.migrate([before])
        assert old.objects.get().secret == "plain-old-secret"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
