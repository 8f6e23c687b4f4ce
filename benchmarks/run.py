"""Measure the public API against floors served beside it (see benchmarks/README.md).

    python -m benchmarks.run [--guides 50] [--postgres postgres://postgres@127.0.0.1:5432]
                             [--cache-url redis://127.0.0.1:6379/15] [--keep] [--output FILE]

Builds a database (the demo plus generated guides, all published through
the workflow; with ``--keep`` it is kept and reused by the next run with as
many guides), counts each answer's SQL queries in-process, times the
publishing of 100-tip guides, then serves the answers with gunicorn three
ways: warm (answers cached for an hour, the default), cold (cached answers
expiring at once, so every answer is computed afresh) and through Varnish.
Against each, wrk loads each answer and its floor in alternating order,
round after round: a minimal Django view serving the same bytes for the
origin, nginx serving them as a file for Varnish. Prints Markdown.
"""

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

import django

DEMO_GUIDE = "/api/v1/guides/helping-a-loved-one-embrace-therapy/"
ANSWERS = {
    "guide": "/api/v1/guides/generated-guide-001/",
    "guides": "/api/v1/guides/",
    "tips-page": "/api/v1/tips/",
    "tips-search": "/api/v1/tips/?q=counselor+session",
    "tip-of-the-day": "/api/v1/tips/daily/",
}
# API_CACHE_SECONDS: the default, and answers expiring as soon as they are stored.
CACHE_SECONDS = {"warm": "3600", "cold": "0"}
# Throttling stays on, as it is part of every answer; per second, so the
# request count it keeps per client stays as small as at production rates.
ANON_RATE = "1000000/second"
POSTGRES_DATABASE = "guidance_bench"
CORPUS_BUILT = "guidance benchmark corpus, built"


def main():
    options = parse_arguments()
    from benchmarks.load import require_wrk

    require_wrk()
    with tempfile.TemporaryDirectory() as work, database(options, work) as (url, mark_built):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": url,
            "BENCH_FLOOR_DIR": work,
            "API_ANON_RATE": ANON_RATE,
        }
        if options.cache_url:
            environment["CACHE_URL"] = options.cache_url
        # The demo set-up runs only with DEBUG on; the servers run with it off.
        os.environ.update(environment, DEBUG="true")
        django.setup()
        corpus = prepare(options.guides, mark_built)
        if options.build_only:
            progress(corpus)
            return
        publishing = time_publishing()
        answers = {name: describe(path) for name, path in ANSWERS.items()}
        samples, memory = {}, {}
        for cache, seconds in CACHE_SECONDS.items():
            if cache in options.servers:
                samples[cache], memory[cache] = serve_and_measure(
                    options, environment, work, cache, seconds, answers
                )
        if "varnish" in options.servers and not options.no_edge:
            samples["Varnish"], memory["Varnish"] = serve_through_varnish(
                options, environment, work, answers
            )
    from benchmarks.report import markdown

    setup = {
        "Database": "PostgreSQL" if options.postgres else "SQLite",
        "Answer cache": options.cache_url or "local memory, per worker (the default)",
        "Content": corpus,
        "Server": f"gunicorn, {options.workers} sync workers, DEBUG off, on loopback",
        "Load": (
            f"wrk, 1 thread, {options.connections} connections, {options.seconds} s per run, "
            f"{options.rounds} rounds; floor and API alternate which goes first"
        ),
        "Publishing a 100-tip guide (guide_publish)": publishing,
        "Peak worker memory (VmHWM)": ", ".join(
            f"{cache} {megabytes:.0f} MB" for cache, megabytes in memory.items()
        ),
    }
    text = markdown(setup=setup, answers=answers, samples=samples)
    print(text)
    if options.output:
        Path(options.output).write_text(text)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guides", type=int, default=50, help="generated guides (default 50)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3, help="per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        help=f"e.g. postgres://postgres@127.0.0.1:5432: use a database "
        f"{POSTGRES_DATABASE}_<guides> there, not SQLite",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the PostgreSQL database, and reuse it if a run with as many guides "
        "built it (migrations still run)",
    )
    parser.add_argument("--cache-url", help="e.g. redis://127.0.0.1:6379/15")
    parser.add_argument(
        "--build-only", action="store_true", help="build (or migrate) the database and stop"
    )
    parser.add_argument("--no-edge", action="store_true", help="skip Varnish against nginx")
    parser.add_argument(
        "--servers",
        type=lambda text: {name.strip().lower() for name in text.split(",")},
        default={"warm", "cold", "varnish"},
        help="which servers to measure, of warm,cold,varnish (default: all three)",
    )
    parser.add_argument("--output", help="also write the Markdown to this file")
    return parser.parse_args()


@contextlib.contextmanager
def database(options, work):
    """Yields the database's URL, and a function to call once its corpus is built (or None:
    the corpus is there)."""
    if not options.postgres:
        yield f"sqlite:///{work}/db.sqlite3", lambda: None
        return
    import psycopg

    name = f"{POSTGRES_DATABASE}_{options.guides}"
    server = options.postgres.rstrip("/")

    def admin():
        return psycopg.connect(f"{server}/postgres", autocommit=True)

    def mark_built():
        with admin() as connection:
            connection.execute(f"COMMENT ON DATABASE {name} IS '{CORPUS_BUILT}'")

    with admin() as connection:
        # A kept database is reused only if its corpus was built to the end.
        built = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') = %s FROM pg_database "
            "WHERE datname = %s",
            [CORPUS_BUILT, name],
        ).fetchone()
        reuse = bool(options.keep and built and built[0])
        if not reuse:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{server}/{name}", None if reuse else mark_built
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            with admin() as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def prepare(guides, mark_built):
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.corpus import build_corpus
    from editorial.models import PublishedGuide, PublishedTip

    call_command("migrate", verbosity=0)
    if mark_built is not None:
        progress(f"Loading the demo and publishing {guides} generated guides")
        call_command("load_demo", stdout=io.StringIO())
        build_corpus(guides, progress=lambda done, total: progress(f"{done} of {total}"))
        mark_built()
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum keeps them on a live database: a
        # corpus just written has none, and its plans would be a fresh load's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    live_guides = PublishedGuide.objects.live().count()
    live_tips = PublishedTip.objects.live().count()
    return f"{live_guides} live guides (the demo and {guides} generated), {live_tips} live tips"


def time_publishing():
    from benchmarks.corpus import time_publishing_long_guides

    progress("Timing the publishing of 100-tip guides")
    seconds = time_publishing_long_guides(tips=100, times=5)
    shown = ", ".join(f"{second * 1000:.0f}" for second in seconds)
    return f"{shown} ms (5 guides, each in a transaction rolled back afterwards)"


def describe(path):
    from benchmarks.answers import count_queries

    cold, warm = count_queries(path)
    return {"path": path, "cold_queries": cold, "warm_queries": warm}


def serve_and_measure(options, environment, work, cache, cache_seconds, answers):
    from django.db import connections

    from benchmarks.answers import save_floor_body
    from benchmarks.server import gunicorn, server_environment

    connections.close_all()  # the servers have the database to themselves
    server = server_environment(environment, API_CACHE_SECONDS=cache_seconds)
    with gunicorn(server, workers=options.workers) as app:
        urls = {}
        for name, path in ANSWERS.items():
            body = save_floor_body(app.url, name, path, work)
            answers[name]["bytes"] = len(body)
            urls[name] = (f"{app.url}/bench/floor/{name}/", app.url + path)
        samples = measure(options, cache, urls)
        return samples, app.peak_worker_megabytes()


def serve_through_varnish(options, environment, work, answers):
    """Varnish in front of the warm app, against nginx serving the same bytes as files."""
    from django.db import connections

    from benchmarks.answers import fetch
    from benchmarks.edge import nginx, varnish
    from benchmarks.server import gunicorn, server_environment

    connections.close_all()
    server = server_environment(environment, API_CACHE_SECONDS="3600", EDGE_MAX_AGE="3600")
    with (
        gunicorn(server, workers=options.workers) as app,
        varnish(app.url, work) as proxy,
        nginx(work) as files,
    ):
        urls = {}
        for name, path in ANSWERS.items():
            # nginx serves what Varnish answers (its links name Varnish's address).
            status, _, body = fetch(proxy + path)
            if status != 200:
                raise RuntimeError(f"Varnish answered {path} with {status}.")
            Path(work, f"edge-{name}.json").write_bytes(body)
            if fetch(f"{files}/edge-{name}.json")[2] != body:
                raise RuntimeError(f"nginx does not serve what Varnish answers for {path}.")
            urls[name] = (f"{files}/edge-{name}.json", proxy + path)
        samples = measure(options, "Varnish", urls)
        return samples, app.peak_worker_megabytes()


def measure(options, cache, urls):
    from benchmarks.load import run_wrk

    def load(url, seconds=options.seconds):
        return run_wrk(url, seconds=seconds, connections=options.connections)

    progress(f"{cache}: warming up")
    for floor_url, api_url in urls.values():
        load(floor_url, 1)
        load(api_url, 1)
    samples = {name: [] for name in urls}
    for number in range(options.rounds):
        progress(f"{cache}: round {number + 1} of {options.rounds}")
        for name, (floor_url, api_url) in urls.items():
            # Alternate which goes first, so a drift in the machine's speed
            # within a round favours neither.
            if number % 2:
                api, floor = load(api_url), load(floor_url)
            else:
                floor, api = load(floor_url), load(api_url)
            samples[name].append((floor, api))
    return samples


def progress(message):
    print(f"== {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
