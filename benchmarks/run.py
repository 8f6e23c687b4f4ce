"""Measure the public API against a floor served beside it (see benchmarks/README.md).

    python -m benchmarks.run [--postgres postgres://postgres@127.0.0.1:5432] [--output FILE]

Builds a throwaway database (the demo plus generated guides, all published
through the workflow), counts each answer's SQL queries in-process, then
serves it with gunicorn twice: with answers cached for an hour, the default
(warm: every answer after the first comes from the cache), and with cached
answers expiring at once (cold: every answer computed afresh). Against each server,
wrk loads each API answer and the floor view serving the same bytes, in
alternating order, round after round. Prints the results as Markdown.
"""

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

import django

ANSWERS = {
    "guide": "/api/v1/guides/helping-a-loved-one-embrace-therapy/",
    "guides": "/api/v1/guides/",
    "tips-page": "/api/v1/tips/?page_size=100",
    "tips-search": "/api/v1/tips/?q=therapy",
    "tip-of-the-day": "/api/v1/tips/daily/",
}
# API_CACHE_SECONDS: the default, and answers expiring as soon as they are stored.
CACHE_SECONDS = {"warm": "3600", "cold": "0"}
# Throttling stays on, as it is part of every answer; per second, so the
# request history it keeps per client stays as short as at production rates.
ANON_RATE = "1000000/second"
POSTGRES_DATABASE = "guidance_bench"


def main():
    options = parse_arguments()
    from benchmarks.load import require_wrk

    require_wrk()
    with tempfile.TemporaryDirectory() as work, database(options, work) as database_url:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": database_url,
            "BENCH_FLOOR_DIR": work,
            "API_ANON_RATE": ANON_RATE,
        }
        if options.cache_url:
            environment["CACHE_URL"] = options.cache_url
        # The demo set-up runs only with DEBUG on; the servers run with it off.
        os.environ.update(environment, DEBUG="true")
        django.setup()
        corpus = prepare(options.guides)
        answers = {name: describe(path) for name, path in ANSWERS.items()}
        samples = {
            cache: serve_and_measure(options, environment, work, cache, seconds, answers)
            for cache, seconds in CACHE_SECONDS.items()
        }
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
    }
    text = markdown(setup=setup, answers=answers, samples=samples)
    print(text)
    if options.output:
        Path(options.output).write_text(text)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guides", type=int, default=20, help="generated guides (default 20)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3, help="per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        help=f"e.g. postgres://postgres@127.0.0.1:5432: use a database {POSTGRES_DATABASE} "
        "there (dropped and created again), not SQLite",
    )
    parser.add_argument("--cache-url", help="e.g. redis://127.0.0.1:6379/15")
    parser.add_argument("--output", help="also write the Markdown to this file")
    return parser.parse_args()


@contextlib.contextmanager
def database(options, work):
    if not options.postgres:
        yield f"sqlite:///{work}/db.sqlite3"
        return
    import psycopg

    server = options.postgres.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        admin.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        yield f"{server}/{POSTGRES_DATABASE}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


def prepare(guides):
    from django.core.management import call_command

    from benchmarks.corpus import build_corpus
    from editorial.models import PublishedGuide, PublishedTip

    progress("Migrating, loading the demo and publishing the generated guides")
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    build_corpus(guides)
    live_guides = PublishedGuide.objects.live().count()
    live_tips = PublishedTip.objects.live().count()
    return f"{live_guides} live guides (the demo and {guides} generated), {live_tips} live tips"


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
    with gunicorn(server, workers=options.workers) as base_url:
        urls = {}
        for name, path in ANSWERS.items():
            body = save_floor_body(base_url, name, path, work)
            answers[name]["bytes"] = len(body)
            urls[name] = (f"{base_url}/bench/floor/{name}/", base_url + path)
        return measure(options, cache, urls)


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
