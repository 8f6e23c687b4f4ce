"""Keep one worker process running, and the periodic jobs ticking beside it.

The worker process (queue.py says which) is started again whenever it
exits or is killed, after a pause that doubles while it keeps dying young
(a database or broker outage) and starts again at one second once it has
stayed up. Its claimed jobs are taken back when it dies. On Linux the worker
is told to stop if the supervisor itself dies, so no worker outlives it.
"""

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import threading
import time

from django.db import close_old_connections, connections

from jobs import periodic, queue

logger = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 10.0
# A worker up at least this long had not died of what stopped its predecessor.
STAYED_UP_SECONDS = 30.0
TICK_SECONDS = 0.5


def _stop_with_parent():
    """In the child, before exec: SIGTERM when the parent dies (Linux's PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError):  # not Linux: the worker outlives a killed supervisor
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


class Supervisor:
    def __init__(self, *, concurrency=1):
        self.concurrency = concurrency
        self.stopping = threading.Event()
        self.process = None
        self.starts = 0
        self.untaken = []  # dead workers whose jobs are not taken back yet (database down)
        self.untaken_lock = threading.Lock()

    def run(self):
        """Run the worker until ``stop()``; the periodic jobs tick in a thread meanwhile."""
        ticker = threading.Thread(target=self.tick, name="periodic-jobs", daemon=True)
        ticker.start()
        pause = FIRST_PAUSE
        while not self.stopping.is_set():
            worker_id = f"{socket.gethostname()}-{os.getpid()}-{self.starts}"
            started = time.monotonic()
            self.process = subprocess.Popen(
                queue.worker_command(worker_id=worker_id, concurrency=self.concurrency),
                preexec_fn=_stop_with_parent,
            )
            self.starts += 1
            logger.info("Worker %s started (pid %s).", worker_id, self.process.pid)
            code = self.process.wait()
            if self.stopping.is_set():
                break
            logger.warning("Worker %s stopped (exit %s); starting it again.", worker_id, code)
            self.untaken.append(worker_id)
            self.take_back_jobs()
            pause = FIRST_PAUSE if time.monotonic() - started >= STAYED_UP_SECONDS else pause
            self.stopping.wait(pause)
            pause = min(LONGEST_PAUSE, pause * 2)
        ticker.join(timeout=5)

    def stop(self, *_signal):
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def take_back_jobs(self):
        with self.untaken_lock:
            self._take_back_jobs()

    def _take_back_jobs(self):
        for worker_id in list(self.untaken):
            try:
                taken = queue.take_back_jobs_of(worker_id)
            except Exception as failure:
                logger.warning("Could not take back the jobs of %s yet: %s", worker_id, failure)
                connections.close_all()
                return
            self.untaken.remove(worker_id)
            if taken:
                logger.warning("Took back %s job(s) of worker %s.", taken, worker_id)

    def tick(self):
        """Run the periodic jobs when due (each at most once a period here) until stopped.

        While the database is down the pause doubles, and the failure is
        logged once, not at every tick.
        """
        jobs = periodic.schedule()
        tried = {}
        pause = TICK_SECONDS
        while not self.stopping.wait(pause):
            now = time.time()
            if self.untaken:
                self.take_back_jobs()
            try:
                for job in jobs:
                    period = int(now // job.every)
                    if tried.get(job.name) != period:
                        close_old_connections()
                        periodic.run_if_due(job)
                        tried[job.name] = period
            except Exception as failure:
                if pause == TICK_SECONDS:
                    logger.warning("Periodic jobs failed (%s); trying again later.", failure)
                connections.close_all()
                pause = min(LONGEST_PAUSE, pause * 2)
            else:
                if pause != TICK_SECONDS:
                    logger.warning("Periodic jobs are running again.")
                pause = TICK_SECONDS
