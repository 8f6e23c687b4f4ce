"""What the soak breaks, in turn: an app host, the replica, a worker, the broker.

Each fault is a SIGKILL (of every process in the host's namespace, or of the
worker's processes), a pause, and a restart, with the times recorded:
when it was killed, when Varnish noticed (an app host), when it was started
again and when it was back. The windows in which an answer may fail are the
app host's, from its kill until Varnish took it out of the rotation.
"""

import contextlib
import json
import os
import signal
import threading
import time

from benchmarks.soak import net
from benchmarks.soak.topology import APP_HOSTS, BROKER_PORT, wait_for_port

ORDER = ("app host", "replica", "worker", "broker")
# When each fault starts, as a fraction of the soak.
STARTS = {"app host": 0.12, "replica": 0.34, "worker": 0.56, "broker": 0.76}


class Faults(threading.Thread):
    def __init__(self, topology, journal, duration, *, down_seconds, only=ORDER):
        super().__init__(daemon=True)
        self.topology, self.journal = topology, journal
        self.duration, self.down = duration, down_seconds
        self.only = only
        self.events = []
        self.errors = []

    def run(self):
        for fault in ORDER:
            if fault not in self.only:
                continue
            wait_until(self.journal.began + STARTS[fault] * self.duration)
            event = {"fault": fault}
            self.events.append(event)
            try:
                getattr(self, fault.replace(" ", "_"))(event)
            except Exception as failure:  # recorded in the report; the soak goes on
                event["error"] = f"{type(failure).__name__}: {failure}"
            self.topology.reap()

    def now(self):
        return self.journal.at(time.monotonic())

    def app_host(self, event):
        host = APP_HOSTS[0]
        survivors = set(APP_HOSTS) - {host}
        event["target"] = host
        event["health_before"] = self.topology.backend_health()
        event["killed"] = self.now()
        event["processes"] = net.kill_namespace(host)
        noticed = self.topology.wait_until_backends(healthy=survivors, timeout=30)
        # From the kill: the namespace's processes take a moment to be reaped.
        event["varnish_noticed_after"] = (
            None if noticed is None else round(self.now() - event["killed"], 2)
        )
        self.pause(event)
        self.topology.start_app_host(host)
        event["restarted"] = self.now()
        back = self.topology.wait_until_backends(healthy=set(APP_HOSTS), timeout=60)
        event["back"] = None if back is None else self.now()

    def replica(self, event):
        cluster = self.topology.replica
        event["target"] = cluster.name
        event["killed"] = self.now()
        event["processes"] = net.kill_namespace(cluster.namespace)
        self.pause(event)
        event["changes_while_down"] = len(self.changes_since(event["killed"]))
        cluster.start()
        event["restarted"] = self.now()
        event["back"] = self.wait_for_streaming()

    def worker(self, event):
        host, in_flight = self.host_delivering(timeout=45)
        event["target"] = f"{host} worker"
        event["delivery_in_flight"] = in_flight
        process = self.topology.workers[host]
        children = descendants_of(process.pid)
        victims = children or [process.pid]
        event["killed"] = self.now()
        event["kind"] = (
            f"the {len(children)} processes under its supervisor" if children else "the worker"
        )
        for pid in victims:
            kill(pid)
        if children:
            event["back_by_itself"] = self.wait_for_new_children(process.pid, set(children))
            if event["back_by_itself"]:
                event["back"] = self.now()
                return
        else:
            process.wait(timeout=10)
            self.pause(event)
        self.topology.start_worker(host)
        event["restarted"] = event["back"] = self.now()

    def broker(self, event):
        event["target"] = "gsoak-broker (Redis)"
        event["killed"] = self.now()
        event["processes"] = net.kill_namespace("gsoak-broker")
        self.pause(event)
        # Down until a change has committed without it (its job could not be sent), or a minute.
        deadline = min(time.monotonic() + 60, self.journal.began + self.duration)
        while time.monotonic() < deadline and not self.changes_since(event["killed"]):
            time.sleep(0.2)
        event["changes_while_down"] = len(self.changes_since(event["killed"]))
        self.topology.start_redis("gsoak-broker", BROKER_PORT, durable=True)
        wait_for_port(net.HOSTS["gsoak-broker"], BROKER_PORT)
        event["restarted"] = event["back"] = self.now()

    def changes_since(self, moment):
        return [step for step in self.journal.steps if step["sent"] >= moment]

    def pause(self, event):
        wait_until(self.journal.began + event["killed"] + self.down)

    def host_delivering(self, timeout):
        """The app host whose worker is delivering a webhook now (the receiver is holding its
        answer), waiting up to ``timeout`` s; else the second host."""
        deadline = time.monotonic() + timeout
        by_address = {net.HOSTS[host]: host for host in APP_HOSTS}
        while time.monotonic() < deadline:
            open_deliveries = {}
            for line in read_lines(self.topology.receiver_log):
                if "begin" in line:
                    open_deliveries[line["begin"]] = line["from"]
                elif "end" in line:
                    open_deliveries.pop(line["end"], None)
            for address in open_deliveries.values():
                if address in by_address:
                    return by_address[address], True
            time.sleep(0.05)
        return APP_HOSTS[-1], False

    def wait_for_new_children(self, pid, old, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if set(children_of(pid)) - old:
                return True
            time.sleep(0.2)
        return False

    def wait_for_streaming(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.topology.primary.psql("SELECT state FROM pg_stat_replication")
            if "streaming" in state:
                return self.now()
            time.sleep(0.5)
        return None


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def descendants_of(pid):
    """Every live process under ``pid``, children first."""
    found, parents = [], [pid]
    while parents and len(found) < 1000:
        children = [child for parent in parents for child in children_of(parent)]
        found += children
        parents = children
    return found


def kill(pid):
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def read_lines(path):
    try:
        with open(path) as file:
            lines = file.read().splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        with contextlib.suppress(ValueError):  # a line still being written
            found.append(json.loads(line))
    return found


def wait_until(moment):
    time.sleep(max(0.0, moment - time.monotonic()))


class HealthWatch(threading.Thread):
    """Varnish's view of the app hosts through the soak: each change, with its time."""

    def __init__(self, topology, journal, deadline, every=0.5):
        super().__init__(daemon=True)
        self.topology, self.journal = topology, journal
        self.deadline, self.every = deadline, every
        self.changes = []

    def run(self):
        last = None
        while time.monotonic() < self.deadline:
            health = self.topology.backend_health()
            if health and health != last:
                self.changes.append({"at": self.journal.at(time.monotonic()), **health})
                last = health
            time.sleep(self.every)

    def seconds_without_a_host(self, end):
        """How long Varnish had no healthy app host, from the recorded changes."""
        total, since = 0.0, None
        for change in self.changes:
            down = not any(value for key, value in change.items() if key != "at")
            if down and since is None:
                since = change["at"]
            elif not down and since is not None:
                total, since = total + change["at"] - since, None
        if since is not None:
            total += end - since
        return round(total, 2)
