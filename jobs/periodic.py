"""Periodic jobs: tried by every worker's ticker, run once per period across all of them.

``settings.PERIODIC_JOBS`` names each job's function and its interval. A
period is a whole number of intervals since the epoch, the same on every
host. A worker claims a period with one conditional UPDATE of the job's
``PeriodicJobRun`` row (``period < this one``) and runs the job in that
transaction: a second worker's UPDATE waits for the first to commit, then
matches nothing; a job that fails rolls its claim back, and the next tick
tries the period again.

Each job is called with the window it covers, ``since`` (when the last run
that committed started; None the first time) and ``until`` (now), so a job
that acts on what happened in between misses nothing when a period is
skipped (no worker running) and repeats nothing when one is tried again.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import PeriodicJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: object
    every: float  # seconds

    def period_at(self, moment):
        return int(moment.timestamp() // self.every)


def schedule():
    """The periodic jobs ``settings.PERIODIC_JOBS`` declares."""
    return [
        PeriodicJob(name, import_string(spec["job"]), float(spec["every"]))
        for name, spec in settings.PERIODIC_JOBS.items()
    ]


def run_if_due(job, now=None):
    """Run ``job`` for the period ``now`` falls in, unless that period has run; whether it ran."""
    now = now or timezone.now()
    period = job.period_at(now)
    PeriodicJobRun.objects.bulk_create([PeriodicJobRun(name=job.name)], ignore_conflicts=True)
    with transaction.atomic():
        claimed = PeriodicJobRun.objects.filter(name=job.name, period__lt=period).update(
            period=period, previous_started_at=F("started_at"), started_at=now
        )
        if not claimed:
            return False
        since = PeriodicJobRun.objects.get(name=job.name).previous_started_at
        job.function(since=since, until=now)
        PeriodicJobRun.objects.filter(name=job.name).update(finished_at=timezone.now())
    return True


def run_due(now=None):
    """Run every periodic job that is due; the names of those this call ran."""
    return [job.name for job in schedule() if run_if_due(job, now)]
