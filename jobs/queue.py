"""Which queue runs the jobs here, and how to start a worker of it."""

import socket
import sys

from django.conf import settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


def uses_celery():
    return bool(settings.CELERY_BROKER_URL)


def worker_command(*, worker_id, concurrency):
    """The command line of one worker process of this queue."""
    if uses_celery():
        return [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "jobs.celery",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrency),
            "--hostname",
            f"guidance-{worker_id}@{socket.gethostname()}",
        ]
    return [
        sys.executable,
        "-m",
        "django",
        "db_worker",
        "--worker-id",
        worker_id,
        "--interval",
        "0.5",
        "--no-reload",
    ]


def take_back_jobs_of(worker_id):
    """Jobs a worker that died had claimed, made ready to run again; how many.

    Celery's broker does this by itself (the dead worker never acknowledged
    them); the database queue would keep them "running" for ever.
    """
    if uses_celery():
        return 0
    with exclusive_transaction(DBTaskResult.objects.db):
        held = [
            result.pk
            for result in DBTaskResult.objects.running().only("worker_ids")
            if worker_id in result.worker_ids
        ]
        return DBTaskResult.objects.filter(pk__in=held, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
