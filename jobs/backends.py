"""Django's task API on Celery: ``enqueue`` sends the job to the broker once the
transaction commits.

Jobs stay declared with ``django_tasks.task`` and enqueued as with any other
backend; on the broker each is one message for the ``jobs.run`` Celery task
(celery.py), which imports the job by its path and calls it. Sending waits
for the commit, so a worker never looks for rows that are not there yet and
a change that rolls back sends nothing. A send that fails (the broker down)
is logged and dropped: what the job was for is a row that the periodic sweep
enqueues again (editorial/webhooks/sweep.py), so nothing is lost and no
request waits on the broker.
"""

import functools
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)


class CeleryBackend(BaseTaskBackend):
    supports_defer = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(functools.partial(send, result), robust=True)
        task_enqueued.send(type(self), task_result=result)
        return result


def send(result):
    """Publish ``result``'s job to the broker; False, logged once, if the broker refused."""
    from jobs.celery import run

    try:
        run.apply_async(
            args=[result.task.module_path, result.args, result.kwargs],
            task_id=result.id,
            eta=result.task.run_after,
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        )
    except Exception as failure:
        logger.warning(
            "Could not send job %s to the broker (%s): the sweep will enqueue it again.",
            result.task.module_path,
            failure,
        )
        return False
    return True
