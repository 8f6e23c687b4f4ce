"""Making, changing and deleting webhook subscriptions, and rotating their secrets.

The one way for the admin, the editorial API and the import: the user's
right is the admin's model permission (none given: the command line,
trusted as the shell is), the row is validated as the admin's form
validates it (the target rule of targets.py included), and the secret is
made here, returned in clear once to be shown, and stored only encrypted.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editorial.editing import messages_of
from editorial.exceptions import InvalidInput, NotAllowed
from editorial.models import WebhookSubscription
from editorial.policy import content_refusal
from editorial.webhooks.encryption import secret_encrypt, secret_new

FIELDS = ("url", "events", "description", "is_active")


def subscription_save(subscription, *, user):
    """Validate and save ``subscription``, new or changed.

    A new one gets a new secret, returned in clear to be shown this once
    (None for a change). Raises NotAllowed, or InvalidInput naming the field
    (``details["errors"]``: the messages per field), having saved nothing.
    """
    adding = subscription._state.adding
    _refuse_without_right(user, "add" if adding else "change")
    secret = None
    if adding:
        secret = secret_new()
        subscription.secret_encrypted = secret_encrypt(secret)
    try:
        subscription.full_clean()
    except ValidationError as error:
        raise InvalidInput(messages_of(error), details={"errors": error.message_dict}) from error
    subscription.save()
    return secret


def subscription_delete(subscription, *, user):
    _refuse_without_right(user, "delete")
    subscription.delete()


def secret_rotate(subscription, *, user, at=None):
    """Give ``subscription`` a new secret; return it in clear, to be shown this once.

    The secret it replaces keeps signing deliveries, beside the new one, for
    ``WEBHOOK_SECRET_OVERLAP_HOURS``, while the receiver switches over. A
    second rotation within that time drops the oldest secret at once.
    """
    _refuse_without_right(user, "change")
    now = at or timezone.now()
    secret = secret_new()
    with transaction.atomic():
        row = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        row.previous_secret_encrypted = row.secret_encrypted
        row.previous_secret_until = now + datetime.timedelta(
            hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS
        )
        row.secret_encrypted = secret_encrypt(secret)
        row.save(
            update_fields=[
                "secret_encrypted",
                "previous_secret_encrypted",
                "previous_secret_until",
            ]
        )
    subscription.refresh_from_db()
    return secret


def _refuse_without_right(user, action):
    if user is None:
        return
    refusal = content_refusal(user, action, WebhookSubscription)
    if refusal:
        raise NotAllowed(refusal)
