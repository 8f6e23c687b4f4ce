"""The jobs the worker runs (``manage.py worker``)."""

from django_tasks import task

from editorial.webhooks import sending


@task()
def deliver(delivery_pk):
    """One attempt at a delivery; a failed one is due again later, and the sweep enqueues it."""
    sending.attempt(delivery_pk)
