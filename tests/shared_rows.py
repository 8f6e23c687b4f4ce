"""Rows many tests share, made through the services once and copied into each test.

The editorial roles' people and the live safety information are made through
the same services the product uses (factories, submit, sign-off, publish),
which costs tens of queries and a good part of a second on a busy machine. A
:class:`SharedRows` makes them once per test process, inside a savepoint it
rolls back, and keeps what that changed in the database as serialized rows;
each later test that asks for them gets those rows loaded into its own
transaction, as ``loaddata`` loads a fixture (raw saves: no signals, no
history rows, timestamps kept), and rolled back with it. No test sees another
test's rows.

The copy is used only when it is what the services would make now: the
database holds exactly what it held when the rows were made (a test that made
rows of its own first gets the services instead), and the clock is within a
minute of that time and on the same day (licences are valid by the day; a
test travelling in time gets the services, and the copy is made again at the
new time for the next one).
"""

import datetime
import json

from django.apps import apps
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

FRESH_FOR = datetime.timedelta(minutes=1)


class _Undo(Exception):
    """Raised to roll the savepoint back once the rows are serialized."""


def _stored_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _contents(using):
    """Every row of every table, by model: what the copy is valid against."""
    return {
        model._meta.label: {
            tuple(_hashable(value) for value in row)
            for row in model._base_manager.using(using).values_list(
                *(field.attname for field in model._meta.concrete_fields)
            )
        }
        for model in _stored_models()
    }


def _hashable(value):
    if isinstance(value, dict | list):  # JSON fields
        return json.dumps(value, sort_keys=True, default=str)
    return value


class _Copy:
    def __init__(self, *, made_at, before, rows, results):
        self.made_at, self.before, self.rows, self.results = made_at, before, rows, results

    def fits(self, using):
        now = timezone.now()
        return (
            abs(now - self.made_at) < FRESH_FOR
            and timezone.localdate(now) == timezone.localdate(self.made_at)
            and _contents(using) == self.before
        )

    def load(self, using):
        with transaction.atomic(using=using):
            for deserialized in serializers.deserialize("python", self.rows, using=using):
                deserialized.save(using=using)
        return {
            name: apps.get_model(label)._base_manager.using(using).get(pk=pk)
            for name, (label, pk) in self.results.items()
        }


class SharedRows:
    """What ``make()`` adds to the database, made once and loaded again where it fits.

    ``make()`` returns a dict of the model instances a test needs by name; the
    test gets the same names, read back from the loaded rows.
    """

    def __init__(self, make):
        self.make = make
        self.copies = {}

    def __call__(self, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        if not connection.in_atomic_block:
            # A transactional test: nothing would roll the savepoint's sequences
            # and the copy back together; make the rows as the product would.
            return self.make()
        copy = self.copies.get(using)
        if copy is None or not copy.fits(using):
            copy = self.copies[using] = self._copy(using)
        return copy.load(using)

    def _copy(self, using):
        before = _contents(using)
        made_at = timezone.now()
        try:
            with transaction.atomic(using=using):
                results = self.make()
                after = _contents(using)
                changed = [
                    instance
                    for model in _stored_models()
                    for instance in _changed_instances(
                        model, before[model._meta.label], after[model._meta.label], using
                    )
                ]
                rows = serializers.serialize("python", changed)
                raise _Undo
        except _Undo:
            pass
        return _Copy(
            made_at=made_at,
            before=before,
            rows=rows,
            results={
                name: (instance._meta.label, instance.pk) for name, instance in results.items()
            },
        )


def _changed_instances(model, before, after, using):
    pk_index = [field.attname for field in model._meta.concrete_fields].index(
        model._meta.pk.attname
    )
    added_or_changed = {row[pk_index] for row in after - before}
    if {row[pk_index] for row in before - after} - added_or_changed:
        raise RuntimeError(f"Shared rows may add and change rows, not delete them: {model}")
    if not added_or_changed:
        return []
    return list(model._base_manager.using(using).filter(pk__in=added_or_changed).order_by("pk"))
