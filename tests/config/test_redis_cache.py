"""The Redis cache backend (config/cache.py): Django's Redis cache's behaviour, with one
client kept per server and the rate limit's counter counted with one command. (How it
fails: test_cache_faults.py.)

Runs against the Redis the suite is given (CACHE_URL=redis://..., as the
PostgreSQL run of .ci/run does); with another cache there is nothing to test.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangosRedisCache

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "config.cache.RedisCache",
    reason="runs with CACHE_URL=redis://... (the PostgreSQL run of .ci/run)",
)


def test_a_window_counter_counts_and_expires_with_its_window():
    counts = [cache.count_in_window("window:test", timeout=30) for _ in range(3)]

    client = cache.get_client(write=True)
    assert counts == [1, 2, 3]
    assert cache.get("window:test") == 3  # the same key Django's own calls use
    assert 0 < client.ttl(cache.make_and_validate_key("window:test")) <= 30


def test_one_client_is_kept_per_server():
    assert cache.get_client(write=True) is cache.get_client(write=True)


def test_the_cache_still_does_what_djangos_does():
    cache.set("plain", {"a": 1}, timeout=30)
    cache.set_many({"x": 1, "y": [2]}, timeout=30)

    assert cache.get("plain") == {"a": 1}
    assert cache.get_many(["x", "y", "absent"]) == {"x": 1, "y": [2]}
    assert cache.incr("x") == 2
    assert cache.decr("x", 5) == -3
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")
    assert cache.add("plain", "other", timeout=30) is False
    assert cache.add("fresh", "new", timeout=30) is True
    assert cache.add("gone-at-once", "new", timeout=0) is True
    assert not cache.has_key("gone-at-once")
    cache.set("deleted-by-its-timeout", 1, timeout=0)
    assert not cache.has_key("deleted-by-its-timeout")
    assert cache.touch("plain", timeout=None) is True
    assert cache.get_client(write=True).ttl(cache.make_and_validate_key("plain")) == -1
    assert cache.delete("plain") is True
    assert cache.delete("plain") is False
    cache.delete_many(["x", "y"])
    assert cache.get_many(["x", "y"]) == {}
    assert cache.get("absent", "default") == "default"


def test_what_djangos_redis_cache_writes_this_one_reads_and_the_other_way_round():
    location = settings.CACHES["default"]["LOCATION"]
    djangos = DjangosRedisCache(
        location, {"KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", "")}
    )

    djangos.set("written-by-django", {"a": [1]}, timeout=30)
    djangos.set("counted-by-django", 7, timeout=30)
    cache.set("written-here", ("b", 2), timeout=30)

    assert cache.get("written-by-django") == {"a": [1]}
    assert cache.incr("counted-by-django") == 8
    assert djangos.get("counted-by-django") == 8
    assert djangos.get("written-here") == ("b", 2)


def test_a_count_sent_now_is_read_after_other_commands_on_other_connections():
    later = cache.count_in_window_later("window:overlap", timeout=30)
    cache.set("meanwhile", "other I/O", timeout=30)  # another connection, in between
    also = cache.count_in_window_later("window:overlap", timeout=30)

    assert (later(), also()) == (1, 2)
    assert cache.get("meanwhile") == "other I/O"
    pool = cache.get_client(write=True).connection_pool
    assert not pool._in_use_connections  # each read gave its connection back


def test_a_count_survives_a_server_that_forgot_the_script():
    cache.count_in_window("window:flushed", timeout=30)
    cache.get_client(write=True).script_flush()

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
    client = cache.get_client(write=True)
    client.client_kill_filter(_type="normal", skipme=True)  # what a restart does to them

    # The count in flight on it is counted again through the pool, once.
    assert cache.count_in_window("window:dropped", timeout=30) == 2
    assert cache.count_in_window("window:dropped", timeout=30) == 3
    assert cache._counting.connection is kept  # connected anew
    assert not cache.circuit.is_open  # a dropped connection is not a failed cache
