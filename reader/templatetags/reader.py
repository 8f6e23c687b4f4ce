"""Template filters of the reader pages: dates as the payload carries them, JSON-LD, roles."""

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from guidance.models import ContributorRole

register = template.Library()

# As Django's json_script: nothing inside the script element can close it.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def as_date(value):
    """A payload date (a date, a datetime or an ISO 8601 string) as a local date, or None."""
    if not value:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@register.filter
def json_ld(data):
    """``data`` as the body of a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(text.translate(SCRIPT_SAFE))


@register.filter
def role_label(role):
    try:
        return ContributorRole(role).label
    except ValueError:
        return role
