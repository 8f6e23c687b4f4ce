"""Encrypt every webhook secret again under the first key of WEBHOOK_SECRET_KEYS.

To replace a key: put the new one first in WEBHOOK_SECRET_KEYS (keeping the
old one after it), restart, run this, then remove the old key. The secrets
themselves do not change: receivers notice nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.models import WebhookSubscription
from editorial.webhooks.encryption import secret_reencrypt


class Command(BaseCommand):
    help = (
        "Encrypt every webhook secret again under the first key of WEBHOOK_SECRET_KEYS, so "
        "that older keys can be removed. The secrets themselves do not change."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for subscription in WebhookSubscription.objects.select_for_update().order_by("pk"):
                subscription.secret_encrypted = secret_reencrypt(subscription.secret_encrypted)
                if subscription.previous_secret_encrypted:
                    subscription.previous_secret_encrypted = secret_reencrypt(
                        subscription.previous_secret_encrypted
                    )
                subscription.save(update_fields=["secret_encrypted", "previous_secret_encrypted"])
                count += 1
        self.stdout.write(f"Encrypted {count} subscription(s)' secrets under the first key.")
