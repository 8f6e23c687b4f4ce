"""The Celery application, configured from Django's settings (``CELERY_*``).

One Celery task, ``jobs.run``, runs any job declared with ``django_tasks``
by its import path (backends.py sends them). It is acknowledged only after
it finished (``acks_late``), and put back on the queue if the process
running it dies (``reject_on_worker_lost``), so the broker redelivers it to
another worker. A job that finds the database down is retried with
back-off rather than failed: the worker stays up through the outage.
"""

import os

from celery import Celery
from django.db import InterfaceError, OperationalError
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("guidance")
app.config_from_object("django.conf:settings", namespace="CELERY")

# Seconds before trying a job again while the database is down: 1, 2, 4 ... 30.
MAX_BACKOFF_SECONDS = 30


def backoff(retries):
    return min(MAX_BACKOFF_SECONDS, 2**retries)


@app.task(name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run(self, path, args, kwargs):
    """Run the job at ``path`` with ``args`` and ``kwargs``."""
    job = import_string(path)
    try:
        job.call(*args, **kwargs)
    except (OperationalError, InterfaceError) as failure:
        raise self.retry(exc=failure, countdown=backoff(self.request.retries)) from failure
