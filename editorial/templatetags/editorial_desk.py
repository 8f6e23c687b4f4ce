import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from editorial.admin.desk import desk_of

register = template.Library()


@register.simple_tag
def desk_for(user):
    """The admin home's lists of ``user``'s work (editorial.admin.desk)."""
    return desk_of(user)


@register.filter
def waiting_since(moment):
    """How long something has waited, for a queue: "less than a minute" rather than
    Django's "0 minutes" for what was just submitted."""
    if timezone.now() - moment < datetime.timedelta(minutes=1):
        return "less than a minute"
    return timesince(moment)
