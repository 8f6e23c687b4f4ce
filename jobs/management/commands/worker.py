import signal

from django.core.management.base import BaseCommand

from jobs import queue
from jobs.supervisor import Supervisor


class Command(BaseCommand):
    help = (
        "Run background jobs: a worker of the job queue (Celery when CELERY_BROKER_URL is "
        "set, else the database), started again whenever it dies, and the periodic jobs. "
        "Run one per host; any number share the work."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            default=2,
            help="Jobs run at once by a Celery worker (the database queue runs one).",
        )

    def handle(self, *, concurrency, **options):
        supervisor = Supervisor(concurrency=concurrency)
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop_signal, supervisor.stop)
        which = "Celery" if queue.uses_celery() else "the database"
        self.stdout.write(f"Running background jobs from {which}.")
        supervisor.run()
