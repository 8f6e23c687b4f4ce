"""The jobs the worker runs (``manage.py db_worker``), queued in the database."""

from django_tasks import task

from editorial.models import Release
from editorial.webhooks import events, sending


@task()
def deliver(delivery_pk):
    """One attempt at a delivery; a failed attempt enqueues the next, later."""
    sending.attempt(delivery_pk)


@task()
def announce_went_live(release_pk):
    """At a scheduled release's go-live time: tell subscribers, if it did go live.

    Enqueued by the publish to run at that time, so the worker's own schedule
    fires it, never a reader's request. A release withdrawn or superseded
    before its time never went live, and is not announced.
    """
    release = Release.objects.live().filter(pk=release_pk).select_related("guide").first()
    if release is not None:
        events.guide_went_live(release)
