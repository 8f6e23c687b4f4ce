"""The Redis cache backend (config/cache.py): Django's, with one client kept per server and
the rate limit's counter counted with one command. (How it fails: test_cache_faults.py.)

Runs against the Redis the suite is given (CACHE_URL=redis://..., as the
PostgreSQL run of .ci/run does); with another cache there is nothing to test.
"""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "config.cache.RedisCache",
    reason="runs with CACHE_URL=redis://... (the PostgreSQL run of .ci/run)",
)


def test_a_window_counter_counts_and_expires_with_its_window():
    counts = [cache.count_in_window("window:test", timeout=30) for _ in range(3)]

    client = cache._cache.get_client(write=True)
    assert counts == [1, 2, 3]
    assert cache.get("window:test") == 3  # the same key Django's own calls use
    assert 0 < client.ttl(cache.make_and_validate_key("window:test")) <= 30


def test_one_client_is_kept_per_server():
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)


def test_the_cache_still_does_what_djangos_does():
    cache.set("plain", {"a": 1}, timeout=30)
    cache.set_many({"x": 1, "y": [2]}, timeout=30)

    assert cache.get("plain") == {"a": 1}
    assert cache.get_many(["x", "y"]) == {"x": 1, "y": [2]}
    assert cache.incr("x") == 2


def test_a_count_sent_now_is_read_after_other_commands_on_other_connections():
    later = cache.count_in_window_later("window:overlap", timeout=30)
    cache.set("meanwhile", "other I/O", timeout=30)  # another connection, in between
    also = cache.count_in_window_later("window:overlap", timeout=30)

    assert (later(), also()) == (1, 2)
    assert cache.get("meanwhile") == "other I/O"
    pool = cache._cache.get_client(write=True).connection_pool
    assert not pool._in_use_connections  # each read gave its connection back


def test_a_count_survives_a_server_that_forgot_the_script():
    cache.count_in_window("window:flushed", timeout=30)
    cache._cache.get_client(write=True).script_flush()

    assert cache.count_in_window("window:flushed", timeout=30) == 2


def test_counts_go_on_one_kept_connection_unless_one_is_still_to_be_read():
    first = cache.count_in_window_later("window:kept", timeout=30)
    kept = cache._counting.connection
    assert first() == 1
    assert cache.count_in_window("window:kept", timeout=30) == 2
    assert cache._counting.connection is kept

    outstanding = cache.count_in_window_later("window:kept", timeout=30)
    meanwhile = cache.count_in_window("window:kept", timeout=30)  # from the pool

    assert (meanwhile, outstanding()) == (4, 3)
    assert cache.count_in_window("window:kept", timeout=30) == 5
    assert cache._counting.connection is kept


def test_a_kept_counting_connection_the_server_dropped_is_made_again():
    cache.count_in_window("window:dropped", timeout=30)
    kept = cache._counting.connection
    client = cache._cache.get_client(write=True)
    client.client_kill_filter(_type="normal", skipme=True)  # what a restart does to them

    # The count in flight on it is counted again through the pool, once.
    assert cache.count_in_window("window:dropped", timeout=30) == 2
    assert cache.count_in_window("window:dropped", timeout=30) == 3
    assert cache._counting.connection is kept  # connected anew
    assert not cache.circuit.is_open  # a dropped connection is not a failed cache
