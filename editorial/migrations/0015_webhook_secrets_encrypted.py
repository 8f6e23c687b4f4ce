"""Webhook secrets encrypted at rest (Fernet, WEBHOOK_SECRET_KEYS), with a previous
secret for rotation; the URL checked by the target rule instead of URLValidator.

The data step encrypts every existing secret, and the reverse decrypts them
back. Fernet is used directly rather than through editorial.webhooks, so
that this migration keeps working whatever that code becomes.
"""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations, models

import editorial.webhooks.targets


def _fernet():
    return MultiFernet([Fernet(key) for key in settings.WEBHOOK_SECRET_KEYS])


def encrypt_secrets(apps, schema_editor):
    subscriptions = apps.get_model("editorial", "WebhookSubscription").objects
    fernet = _fernet()
    for subscription in subscriptions.using(schema_editor.connection.alias).iterator():
        subscription.secret_encrypted = fernet.encrypt(subscription.secret.encode()).decode()
        subscription.save(update_fields=["secret_encrypted"])


def decrypt_secrets(apps, schema_editor):
    subscriptions = apps.get_model("editorial", "WebhookSubscription").objects
    fernet = _fernet()
    for subscription in subscriptions.using(schema_editor.connection.alias).iterator():
        subscription.secret = fernet.decrypt(subscription.secret_encrypted.encode()).decode()
        subscription.save(update_fields=["secret"])


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0014_delivery_leases"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhooksubscription",
            name="secret_encrypted",
            field=models.TextField(
                default="",
                editable=False,
                help_text="The secret each delivery is signed with (HMAC-SHA256), encrypted under WEBHOOK_SECRET_KEYS. Shown once, when it is made.",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="webhooksubscription",
            name="previous_secret_encrypted",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The secret the last rotation replaced, encrypted.",
            ),
        ),
        migrations.AddField(
            model_name="webhooksubscription",
            name="previous_secret_until",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Until then, deliveries are signed with the previous secret as well.",
                null=True,
            ),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False),
        # A default for the reverse, which adds the column back to rows that
        # exist, before decrypting into it.
        migrations.AlterField(
            model_name="webhooksubscription",
            name="secret",
            field=models.CharField(default="", max_length=200),
        ),
        migrations.RemoveField(
            model_name="webhooksubscription",
            name="secret",
        ),
        migrations.AlterField(
            model_name="webhooksubscription",
            name="url",
            field=models.CharField(
                help_text="Where each delivery is POSTed: an https address whose host resolves to public addresses only.",
                max_length=500,
                validators=[editorial.webhooks.targets.validate_target],
            ),
        ),
    ]
