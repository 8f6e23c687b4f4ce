"""Public reads while the cache hangs: every answer within 2 s, a 200, and one warning per
cool-down; once Redis answers again and the cool-down is over, the cache is used again.

Against a redis-server of the test's own, paused with SIGSTOP (tests/conftest.py).
"""

import logging
import time

import pytest
from django.test import override_settings

from api.public.caching import forget_process_state
from tests.config.servers import redis_cache_options

COOLDOWN = 2.0
# Longer than the default, and than any request's own time here, so that the requests
# that met the hung cache stand out.
READ_TIMEOUT = 1.0
ADDRESSES = ["/api/v1/guides/", "/api/v1/guides/helping/", "/api/v1/tips/", "/api/v1/topics/"]


@pytest.fixture
def cache_on_its_own_server(redis_server):
    caches = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {**redis_cache_options(COOLDOWN), "socket_timeout": READ_TIMEOUT},
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.circuit.close()  # an earlier test's server may have had the same port
        yield cache


def read(client, address):
    """A public answer as a reader gets it from the shared cache: not from this process's
    memory, which would answer without asking the cache at all."""
    forget_process_state()
    started = time.monotonic()
    response = client.get(address)
    return response.status_code, time.monotonic() - started


def test_public_reads_while_the_cache_hangs_answer_within_two_seconds(
    client, corpus, redis_server, cache_on_its_own_server, caplog
):
    caplog.set_level(logging.INFO, logger="config.cache")
    corpus.published_guide(slug="helping")
    assert {read(client, address)[0] for address in ADDRESSES} == {200}
    assert redis_server.keys() > 0  # answers and rate-limit counts are kept there
    redis_server.pause()

    answers, paused_for = [], 3 * COOLDOWN + 1
    deadline = time.monotonic() + paused_for
    while time.monotonic() < deadline:
        answers.extend(read(client, address) for address in ADDRESSES)
    redis_server.resume()

    assert {status for status, _ in answers} == {200}
    assert max(waited for _, waited in answers) < 2
    failures = [r for r in caplog.records if r.name == "config.cache" and "failed" in r.message]
    # One when the pause began, and one per cool-down after it: its single try failed.
    assert 2 <= len(failures) <= paused_for / COOLDOWN + 1
    assert all(record.exc_info is None for record in caplog.records)  # no tracebacks
    # During each cool-down no request tried the cache: only the one that opened it
    # waited on it.
    slow = [waited for _, waited in answers if waited >= READ_TIMEOUT]
    assert len(slow) == len(failures)

    time.sleep(COOLDOWN)
    redis_server.client().flushdb()
    assert read(client, "/api/v1/guides/helping/")[0] == 200
    assert redis_server.keys() > 0  # used again: the answer was stored there
    assert any("answers again" in record.message for record in caplog.records)
