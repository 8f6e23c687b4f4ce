"""Periodic jobs run once per period, however many workers try, and miss no window."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from jobs import periodic
from jobs.models import PeriodicJobRun

calls = []


def record_window(*, since, until):
    calls.append((since, until))


def fail(*, since, until):
    calls.append((since, until))
    raise RuntimeError("The job failed half-way.")


def slow(*, since, until):
    calls.append((since, until))
    time.sleep(0.5)


@pytest.fixture(autouse=True)
def no_calls():
    calls.clear()


def job(function, every=60):
    return periodic.PeriodicJob(f"test.{function.__name__}", function, every)


@pytest.mark.django_db
def test_a_job_runs_once_per_period_and_is_given_the_window_since_its_last_run():
    start = datetime.datetime(2027, 3, 1, 12, 0, 10, tzinfo=datetime.UTC)

    assert periodic.run_if_due(job(record_window), start)
    assert not periodic.run_if_due(job(record_window), start + datetime.timedelta(seconds=30))
    assert periodic.run_if_due(job(record_window), start + datetime.timedelta(seconds=55))
    assert not periodic.run_if_due(job(record_window), start + datetime.timedelta(seconds=56))

    assert calls == [(None, start), (start, start + datetime.timedelta(seconds=55))]


@pytest.mark.django_db
def test_a_job_that_fails_leaves_its_period_to_run_again_over_the_same_window():
    start = datetime.datetime(2027, 3, 1, 12, 0, 10, tzinfo=datetime.UTC)
    periodic.run_if_due(job(record_window), start)
    failing = periodic.PeriodicJob("test.record_window", fail, 60)
    later = start + datetime.timedelta(minutes=1)

    with pytest.raises(RuntimeError):
        periodic.run_if_due(failing, later)
    assert periodic.run_if_due(job(record_window), later + datetime.timedelta(seconds=1))

    assert calls[-1] == (start, later + datetime.timedelta(seconds=1))
    assert PeriodicJobRun.objects.get(name="test.record_window").started_at == calls[-1][1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_run_one_period_once():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent claims need a database with row locks (PostgreSQL in CI).")
    now = timezone.now()
    periodic.run_if_due(job(slow, every=3600), now - datetime.timedelta(hours=1))
    calls.clear()
    ran = []

    def worker():
        try:
            ran.append(periodic.run_if_due(job(slow, every=3600), now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(ran) == [False, True]
    assert len(calls) == 1
