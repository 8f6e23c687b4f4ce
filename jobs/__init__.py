"""Background work: one task interface, two queues, and what keeps both honest.

Jobs are declared and enqueued with Django's task API (``django_tasks``:
``@task``, ``.enqueue()``, ``.using(run_after=...)``), whatever runs them:

- with ``CELERY_BROKER_URL`` set, Celery on that broker (RabbitMQ or Redis),
  shared by the workers of every host (backends.py, celery.py);
- without it, the database itself (``django_tasks_db``): the embedded default
  of ``make run``, which needs no broker.

``manage.py worker`` runs either: it supervises the worker process, starting
it again when it dies, and runs the periodic jobs (periodic.py), each once
per period however many workers run. Jobs never rely on the queue alone for
at-least-once delivery: what must happen is a row in the database, claimed
for a lease (``JOB_LEASE_SECONDS``) and taken back by a periodic sweep when
its worker stops reporting (editorial/webhooks/sweep.py).
"""
