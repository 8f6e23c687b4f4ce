"""Several hosts on one machine, under load, while their parts are killed: the soak.

    python -m benchmarks.soak [--duration 180] [--output soak-report.json]
                              [--readers 4] [--reader-rate 25] [--editors 2]
                              [--drain 120] [--faults app-host,replica,worker,broker]
                              [--webhook-scheme https|http] [--keep-logs DIR]
    python -m benchmarks.soak --clean   # remove what a run that died left behind

Run as root on Debian with PostgreSQL 15, Redis and Varnish installed
(see docs/operators/several-hosts.md). Builds the topology in network
namespaces (benchmarks/soak/topology.py), loads it through Varnish for
``--duration`` seconds while it kills an app host, the replica, a worker and
the broker in turn (each restarted), waits up to ``--drain`` seconds for
webhook deliveries to arrive, then prints the report and writes it as JSON.
Everything it made is removed at the end, on failure and on Ctrl-C too.
"""

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.soak import figures, net, report
from benchmarks.soak.client import Client, sign_in
from benchmarks.soak.faults import ORDER, Faults, HealthWatch, read_lines
from benchmarks.soak.postgres import drop_soak_clusters
from benchmarks.soak.topology import EDGE, Topology
from benchmarks.soak.traffic import Editor, Journal, Publisher, Reader


def main():
    options = parse_arguments()
    if options.clean:
        clean()
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="gsoak-"))
    topology = Topology(
        work, python=sys.executable, webhook_scheme=options.webhook_scheme, queue=options.queue
    )
    try:
        result = soak(topology, options)
    finally:
        if options.keep_logs:
            shutil.copytree(work / "logs", options.keep_logs, dirs_exist_ok=True)
            for name in ("deliveries.jsonl", "several-hosts.vcl"):
                if (work / name).exists():
                    shutil.copy(work / name, options.keep_logs)
        progress("removing the namespaces, the bridge, the clusters and the files")
        topology.stop_everything()
        shutil.rmtree(work, ignore_errors=True)
    Path(options.output).write_text(json.dumps(result, indent=2, default=str))
    print(report.text(result))
    print(f"\nJSON: {options.output}")


def soak(topology, options):
    started = time.time()
    topology.build(progress)
    seeded = topology.prepare_database(progress)
    topology.serve(progress)
    tokens = {name: sign_in(EDGE, name, topology.password) for name in seeded["accounts"]}
    edited, cycled = seeded["edited"], [guide["slug"] for guide in seeded["cycled"]]
    slugs = [guide["slug"] for guide in edited] + cycled

    progress(f"soak: {options.duration} s of load; faults: {', '.join(options.faults)}")
    journal = Journal()
    deadline = journal.began + options.duration
    clients = [
        Reader(EDGE, journal, deadline, seed, slugs=slugs, tips=seeded["tips"],
               rate=options.reader_rate)
        for seed in range(options.readers)
    ]  # fmt: skip
    clients += [
        Editor(EDGE, tokens[f"soak-editor-{1 + n % 2}"], journal, deadline, 100 + n,
               name=f"soak-editor{n + 1}", guides=edited)
        for n in range(options.editors)
    ]  # fmt: skip
    publisher = Publisher(EDGE, tokens, journal, deadline, slugs=cycled)
    faults = Faults(
        topology, journal, options.duration, down_seconds=options.down, only=options.faults
    )
    watch = HealthWatch(topology, journal, deadline + 30)
    for thread in [*clients, publisher, faults, watch]:
        thread.start()
    for thread in [*clients, publisher]:
        thread.join(timeout=options.duration + 120)
    faults.join(timeout=120)
    soaked = time.monotonic() - journal.began
    watch.deadline = 0

    progress(f"draining: up to {options.drain} s for webhook deliveries")
    drained = drain(topology, journal, options.drain)
    final_bodies = read_sections(tokens["soak-editor-1"], edited)
    database = topology.database_state()
    databases = database_figures(topology)
    judged = figures.judge(
        journal,
        cycled=cycled,
        faults=faults.events,
        final_bodies=final_bodies,
        deliveries=read_lines(topology.receiver_log),
        database=database,
    )
    return {
        "setup": {
            "duration_s": options.duration,
            "soaked_s": round(soaked, 1),
            "drain_waited_s": drained,
            "readers": options.readers,
            "reader_rate": options.reader_rate,
            "editors": options.editors,
            "fault_down_s": options.down,
            "worker_command": " ".join(topology.worker_command()[1:]),
            "webhook_url": topology.webhook_url,
            "broker": (
                "Redis (append-only file, fsync every second)"
                if options.queue == "celery"
                else "none set (database queue)"
            ),
            "environment": {
                key: value
                for key, value in topology.app_environment().items()
                if "SECRET" not in key and key not in ("PATH", "HOME", "LANG")
            },
            "total_wall_s": round(time.time() - started, 1),
        },
        "faults": faults.events,
        "changes": journal.steps,
        "varnish_health": {
            "changes": watch.changes,
            "seconds_without_a_healthy_host": watch.seconds_without_a_host(soaked),
        },
        "databases": databases,
        "publisher_failures": publisher.failures,
        **judged,
    }


def drain(topology, journal, limit):
    """Wait until every acknowledged change's webhook arrived and the database has no delivery
    left pending, or ``limit`` s; the time waited."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        state = topology.database_state()
        delivered = figures.webhooks_judged(
            journal.steps, read_lines(topology.receiver_log), state
        )
        if (
            delivered["changes_with_event_delivered"] == delivered["changes_acknowledged"]
            and delivered["deliveries_never_received"] == 0
            and delivered["left_pending"] == 0
        ):
            break
        time.sleep(3)
    topology.reap()
    return round(time.monotonic() - started, 1)


def database_figures(topology):
    """How much each database served (the replica's count restarts with it), and its lag."""
    count = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'guidance'"
    figures = {}
    for name, cluster in (("primary", topology.primary), ("replica", topology.replica)):
        try:
            figures[f"{name}_transactions"] = int(cluster.psql(count))
        except (RuntimeError, ValueError) as failure:
            figures[f"{name}_transactions"] = str(failure)[:200]
    figures["replication"] = topology.primary.psql(
        "SELECT state || ' replay_lag=' || coalesce(replay_lag::text, '0') "
        "FROM pg_stat_replication"
    )
    return figures


def read_sections(token, edited):
    client = Client(EDGE, token)
    bodies = {}
    for guide in edited:
        for section in guide["sections"]:
            for _ in range(20):
                answer = client.get(f"/api/v1/editorial/sections/{section}/")
                if answer.status == 200:
                    bodies[section] = answer.json()["body"]
                    break
                time.sleep(1)
    return bodies


def clean():
    progress("removing every gsoak- namespace, link and cluster, and runs' work folders")
    net.remove_network()
    drop_soak_clusters()
    for work in Path(tempfile.gettempdir()).glob("gsoak-*"):
        if work.is_dir() and (work / "logs").is_dir() and (work / "ca-bundle.pem").exists():
            shutil.rmtree(work, ignore_errors=True)


def progress(message):
    print(f"== {message}", file=sys.stderr, flush=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=180, help="Seconds of load (max 1800).")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--reader-rate", type=float, default=25.0, help="Requests/s per reader.")
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--down", type=float, default=None, help="Seconds each part stays down.")
    parser.add_argument(
        "--drain", type=int, default=120, help="Most seconds to wait for webhooks."
    )
    parser.add_argument(
        "--faults",
        default=",".join(fault.replace(" ", "-") for fault in ORDER),
        help="Which faults, in this order: app-host, replica, worker, broker (or none).",
    )
    parser.add_argument("--webhook-scheme", choices=["https", "http"], default="https")
    parser.add_argument(
        "--queue",
        choices=["celery", "database"],
        default="celery",
        help="celery: CELERY_BROKER_URL names the broker host (used where the code has "
        "Celery); database: no broker setting, the database queue.",
    )
    parser.add_argument("--output", default="soak-report.json")
    parser.add_argument("--keep-logs", help="Copy the hosts' logs here before cleaning up.")
    parser.add_argument("--clean", action="store_true", help="Only remove leftovers, then exit.")
    options = parser.parse_args()
    options.duration = max(30, min(options.duration, 1800))
    options.drain = max(0, min(options.drain, 600))
    if options.down is None:
        options.down = max(5.0, min(20.0, options.duration / 12))
    chosen = {name.strip().replace("-", " ") for name in options.faults.split(",")}
    options.faults = [fault for fault in ORDER if fault in chosen]
    return options


if __name__ == "__main__":
    main()
