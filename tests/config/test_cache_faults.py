"""A Redis cache that hangs or dies costs a request one timeout at most, then is skipped
for a cool-down, saying so once (config/cache.py).

Against redis-server processes of the tests' own: paused with SIGSTOP (a
hung cache: connections open, nothing answers), resumed, killed and
started again. (Public reads through it: tests/api/public/test_cache_faults.py.)
"""

import concurrent.futures
import logging
import re
import time

import pytest
from django.conf import settings

from config.cache import RedisCache
from tests.config.processes import manage, production_env
from tests.config.servers import Gunicorn, get, redis_cache_options, wait_until

COOLDOWN = 2.0
# What a call skipped during the cool-down may take: no round trip at all.
SKIPPED = 0.05


def cache_at(server, *, first=True):
    """The project's Redis cache at ``server``, with the timeouts the settings give it.

    ``first``: the first for this server in the test. Its circuit is closed,
    as an earlier test's server may have had the same port.
    """
    cache = RedisCache(server.url, {"OPTIONS": redis_cache_options(COOLDOWN)})
    if first:
        cache.circuit.close()
    return cache


def timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def warnings_of(caplog, text):
    return [
        record
        for record in caplog.records
        if record.name == "config.cache" and text in record.getMessage()
    ]


def test_a_hung_cache_costs_one_read_timeout_then_every_call_is_a_miss_at_once(
    redis_server, caplog
):
    cache = cache_at(redis_server)
    cache.set("kept", "value", 60)
    cache.count_in_window("window", 60)
    redis_server.pause()

    value, waited = timed(cache.get, "kept")

    assert value is None
    assert settings.CACHE_READ_TIMEOUT - 0.1 < waited < settings.CACHE_READ_TIMEOUT + 0.5
    assert cache.circuit.is_open
    skipped = [
        timed(cache.get, "kept", "default"),
        timed(cache.get_many, ["kept", "other"]),
        timed(cache.add, "new", 1, 60),
        timed(cache.set, "kept", "changed", 60),
        timed(cache.set_many, {"a": 1}, 60),
        timed(cache.has_key, "kept"),
        timed(cache.delete, "kept"),
        timed(cache.count_in_window, "window", 60),
    ]
    assert [result for result, _ in skipped] == ["default", {}, False, None, [], False, False, 0]
    assert max(waited for _, waited in skipped) < SKIPPED
    with pytest.raises(ValueError, match="not found"):  # Django's answer for a missing key
        cache.incr("window")
    failures = warnings_of(caplog, "failed")
    assert len(failures) == 1
    assert f"127.0.0.1:{redis_server.port}/0" in failures[0].getMessage()
    assert f"answering without it for {COOLDOWN:g} s" in failures[0].getMessage()
    assert failures[0].exc_info is None  # a line, not a traceback


def test_after_the_cool_down_a_resumed_cache_is_used_again(redis_server, caplog):
    cache = cache_at(redis_server)
    cache.set("kept", "value", 60)
    redis_server.pause()
    cache.get("kept")
    opened_at = time.monotonic()
    redis_server.resume()

    during = cache.get("kept")  # Redis answers again, but the cool-down holds
    time.sleep(max(0, opened_at + COOLDOWN - time.monotonic()) + 0.1)
    after = cache.get("kept")

    assert (during, after) == (None, "value")
    assert not cache.circuit.is_open
    assert len(warnings_of(caplog, "answers again")) == 1


def test_a_cache_still_hung_after_the_cool_down_is_tried_once_and_skipped_again(
    redis_server, caplog
):
    cache = cache_at(redis_server)
    cache.set("kept", "value", 60)
    redis_server.pause()
    cache.get("kept")
    time.sleep(COOLDOWN + 0.1)

    _, tried = timed(cache.get, "kept")
    _, skipped = timed(cache.get, "kept")

    assert settings.CACHE_READ_TIMEOUT - 0.1 < tried < settings.CACHE_READ_TIMEOUT + 0.5
    assert skipped < SKIPPED
    assert len(warnings_of(caplog, "failed")) == 2  # one per cool-down


def test_the_rate_limits_kept_connection_times_out_too(redis_server):
    cache = cache_at(redis_server)
    assert cache.count_in_window("window", 60) == 1  # the kept connection is open
    redis_server.pause()

    count, waited = timed(cache.count_in_window_later("window", 60))

    assert count == 0  # not counted: the request is let through
    assert waited < settings.CACHE_READ_TIMEOUT + 0.5
    assert cache.circuit.is_open


def test_when_threads_wait_on_a_hung_cache_together_the_log_says_it_once(redis_server, caplog):
    cache = cache_at(redis_server)
    cache.set("kept", "value", 60)
    redis_server.pause()

    def read(_):  # Django gives each thread a cache of its own; the circuit is the process's
        return timed(cache_at(redis_server, first=False).get, "kept")

    with concurrent.futures.ThreadPoolExecutor(8) as threads:
        results = list(threads.map(read, range(8)))

    assert all(value is None for value, _ in results)
    assert max(waited for _, waited in results) < settings.CACHE_READ_TIMEOUT + 0.5
    assert len(warnings_of(caplog, "failed")) == 1


def test_a_killed_cache_is_a_miss_at_once_and_used_again_once_restarted(redis_server, caplog):
    cache = cache_at(redis_server)
    cache.set("kept", "value", 60)
    redis_server.kill()

    value, waited = timed(cache.get, "kept")
    count = cache.count_in_window("window", 60)
    redis_server.start()  # the same port, empty
    time.sleep(COOLDOWN + 0.1)
    cache.set("kept", "again", 60)

    assert (value, count) == (None, 0)
    assert waited < 0.5  # refused: no timeout to wait for
    assert cache.get("kept") == "again"
    assert cache.count_in_window("window", 60) == 1
    assert len(warnings_of(caplog, "failed")) == 1


@pytest.fixture
def api_on_gunicorn(redis_server, tmp_path):
    """The public API on gunicorn (two sync workers, DEBUG off) with ``redis_server`` as its
    cache: each request counts its rate limit there and reads its answer from there. Its
    access log gives each answer's status and how long gunicorn took over it (in µs)."""
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL=redis_server.url,
        CACHE_COOLDOWN_SECONDS=str(COOLDOWN),
        API_LOCAL_CACHE_BYTES="0",  # no answers from the process's own memory
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    result = manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    access_log = tmp_path / "access.log"
    server = Gunicorn(
        env,
        tmp_path / "gunicorn.log",
        *["--workers", "2", "--access-logfile", str(access_log)],
        *["--access-logformat", "%(s)s %(D)s %(U)s"],
    )
    server.access_log = access_log
    try:
        yield server
    finally:
        server.stop()


def test_gunicorn_answers_every_read_within_two_seconds_while_the_cache_hangs(
    redis_server, api_on_gunicorn
):
    addresses = ["/api/v1/guides/", "/api/v1/topics/", "/api/v1/tips/"]

    def logged():  # gunicorn writes a request's line once its answer is sent
        return len(api_on_gunicorn.access_log.read_text().splitlines())

    def settled():  # nothing more written for half a second: start-up's lines are in
        count = logged()
        time.sleep(0.5)
        return logged() == count

    wait_until(settled, seconds=10)
    logged_before = logged()
    for address in addresses * 2:
        assert get(api_on_gunicorn.url + address)[0] == 200
    assert redis_server.keys() > 0  # answers and counts are kept there
    # The warm-up's own lines, before counting what the paused cache's requests log.
    wait_until(lambda: logged() >= logged_before + 2 * len(addresses), seconds=10)
    served_before = logged()
    redis_server.pause()
    paused_for = 3 * COOLDOWN + 1

    def read_for(seconds, offset):
        statuses, deadline, number = [], time.monotonic() + seconds, offset
        while time.monotonic() < deadline:
            address = addresses[number % len(addresses)]
            statuses.append(get(api_on_gunicorn.url + address, timeout=30)[0])
            number += 1
        return statuses

    with concurrent.futures.ThreadPoolExecutor(4) as clients:  # more clients than workers
        statuses = [
            status
            for client in clients.map(read_for, [paused_for] * 4, range(4))
            for status in client
        ]
    redis_server.resume()

    # How long gunicorn spent on each answer, from its access log: the wait on the
    # cache, without the time a request queued for a free worker (capacity, which a
    # busy test machine also takes its share of).
    def served():  # each line is written once its answer is sent
        return api_on_gunicorn.access_log.read_text().splitlines()[served_before:]

    wait_until(lambda: len(served()) >= len(statuses), seconds=10)
    served = served()
    seconds = [int(line.split()[1]) / 1e6 for line in served]
    assert len(statuses) == len(served) > 40
    assert set(statuses) == {200}
    assert {line.split()[0] for line in served} == {"200"}
    assert max(seconds) < 2, sorted(seconds)[-5:]
    log = api_on_gunicorn.output()
    failures = re.findall(r"The cache at .* failed", log)
    # One per cool-down and worker: the pause began one, and each later one ended with a
    # single try that failed and began the next.
    assert 1 <= len(failures) <= 2 * (paused_for / COOLDOWN + 1)
    assert "Traceback" not in log

    time.sleep(COOLDOWN + 0.5)
    redis_server.client().flushdb()
    for address in addresses * 2:  # each worker tries it again, at least once
        assert get(api_on_gunicorn.url + address)[0] == 200
    assert redis_server.keys() > 0  # used again
    assert "answers again" in api_on_gunicorn.output()


def test_settings_give_redis_connections_short_timeouts_and_a_cool_down():
    show = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], "
        "sorted(settings.CACHES['default']['OPTIONS'].items()))"
    )
    defaults = manage("shell", "-c", show, env=production_env())
    chosen = manage(
        "shell",
        "-c",
        show,
        env=production_env(
            CACHE_CONNECT_TIMEOUT="0.2", CACHE_READ_TIMEOUT="0.3", CACHE_COOLDOWN_SECONDS="5"
        ),
    )

    assert defaults.returncode == 0, defaults.stderr
    assert defaults.stdout.strip().splitlines()[-1] == (
        "config.cache.RedisCache [('cooldown', 30.0), "
        "('socket_connect_timeout', 0.5), ('socket_timeout', 0.5)]"
    )
    assert chosen.stdout.strip().splitlines()[-1] == (
        "config.cache.RedisCache [('cooldown', 5.0), "
        "('socket_connect_timeout', 0.2), ('socket_timeout', 0.3)]"
    )


@pytest.fixture(autouse=True)
def _cache_log_at_info(caplog):
    caplog.set_level(logging.INFO, logger="config.cache")
