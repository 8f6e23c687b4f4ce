"""Webhook subscriptions from a JSON document, all or nothing (``manage.py import_webhooks``).

The document: ``{"format": "guidance.webhooks", "version": 1, "webhooks":
[{"url", "events", "description", "is_active"}]}``. A subscription is matched
by its URL: one that exists is changed, keeping its secret; any other is
made with a new secret, reported once. Each goes through the same service
as the admin and the editorial API (the target rule included), so a
refused target stops the import, naming it, and nothing is imported.
Secrets are never read from a document: the service makes them.
"""

from dataclasses import dataclass, field

from django.db import transaction
from rest_framework import serializers

from editorial.exceptions import InvalidInput
from editorial.exchange.validation import ImportProblem, StrictInput, Text, first_problem
from editorial.models import WebhookEvent, WebhookSubscription
from editorial.webhooks.subscriptions import FIELDS, subscription_save

FORMAT = "guidance.webhooks"
VERSION = 1


class WebhookShape(StrictInput):
    url = Text(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.values), allow_empty=False
    )
    description = Text(max_length=200, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)


class DocumentShape(StrictInput):
    format = serializers.ChoiceField(choices=[FORMAT])
    version = serializers.ChoiceField(choices=[VERSION])
    webhooks = WebhookShape(many=True)


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # (subscription, secret in clear)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def import_webhooks(document, *, user=None):
    """Import ``document`` in one transaction; return an ImportReport.

    ``user`` (optional) needs the admin's rights to add and change webhook
    subscriptions. Raises ImportProblem (nothing changed) naming the first
    problem and where it is, or NotAllowed.
    """
    items = _checked(document)
    report = ImportReport()
    with transaction.atomic():
        for index, item in enumerate(items):
            _import_one(item, f"webhooks[{index}]", user, report)
    return report


def _checked(document):
    if not isinstance(document, dict):
        raise ImportProblem("", "The document must be a JSON object.")
    shape = DocumentShape(data=document)
    if not shape.is_valid():
        raise ImportProblem(*first_problem(shape.errors))
    items = shape.validated_data["webhooks"]
    first_of = {}
    for index, item in enumerate(items):
        earlier = first_of.setdefault(item["url"], index)
        if earlier != index:
            raise ImportProblem(
                f"webhooks[{index}].url",
                f"The document names this URL twice (webhooks[{earlier}]).",
            )
    return items


def _import_one(item, path, user, report):
    existing = list(WebhookSubscription.objects.filter(url=item["url"]).order_by("pk")[:2])
    if len(existing) > 1:
        raise ImportProblem(
            f"{path}.url", "Several subscriptions have this URL: change them in the admin instead."
        )
    subscription = existing[0] if existing else WebhookSubscription()
    unchanged = bool(existing) and all(
        getattr(subscription, name) == item[name] for name in FIELDS
    )
    if unchanged:
        report.unchanged.append(subscription)
        return
    for name in FIELDS:
        setattr(subscription, name, item[name])
    try:
        secret = subscription_save(subscription, user=user)
    except InvalidInput as refusal:
        errors = refusal.details.get("errors") or {"": [refusal.message]}
        name, messages = next(iter(errors.items()))
        where = f"{path}.{name}" if name and name != "__all__" else path
        raise ImportProblem(where, messages[0]) from refusal
    if secret is None:
        report.changed.append(subscription)
    else:
        report.created.append((subscription, secret))
