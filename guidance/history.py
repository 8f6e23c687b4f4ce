"""Row history: who changed a row and why, also for rows changed in passing.

django-simple-history takes the reason (and the user) from the instance being
saved. Rows that Django deletes by cascade (a section takes its tips with it)
were never in our hands, so they take those of the operation under way
instead: outside a request (a command, a worker) nothing else would name the
user.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

_operation_reason = ContextVar("history_operation_reason", default=None)
_operation_user = ContextVar("history_operation_user", default=None)


class ContentHistory(HistoricalRecords):
    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        return reason or _operation_reason.get()

    def get_history_user(self, instance):
        user = _operation_user.get()
        if user is not None and not hasattr(instance, "_history_user"):
            return user
        return super().get_history_user(instance)


@contextmanager
def history_reason(reason):
    """Record ``reason`` on every history row written inside this block without one."""
    token = _operation_reason.set(reason)
    try:
        yield
    finally:
        _operation_reason.reset(token)


@contextmanager
def history_user(user):
    """Record ``user`` on every history row written inside this block without one."""
    token = _operation_user.set(user)
    try:
        yield
    finally:
        _operation_user.reset(token)


def related_ids_at(record):
    """The many-to-many values of a history record, e.g. ``{"topics": [3, 5]}``."""
    return {
        field.name: list(
            getattr(record, field.name).values_list(get_m2m_reverse_field_name(field), flat=True)
        )
        for field in getattr(type(record), "_history_m2m_fields", [])
    }
