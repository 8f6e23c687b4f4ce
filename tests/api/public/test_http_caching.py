"""ETag, Last-Modified, 304 and Cache-Control, and a server-side cache that never serves
what readers should no longer get."""

import datetime

import time_machine
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from guidance.models import CrisisResource
from tests.factories import build_guide
from tests.workflow import edit_a_tip, publish

ADDRESSES = [
    "/api/v1/guides/",
    "/api/v1/guides/helping/",
    "/api/v1/tips/",
    "/api/v1/tips/daily/",
    "/api/v1/topics/",
]


def test_every_public_answer_carries_validators_and_a_cdn_friendly_cache_control(client, corpus):
    corpus.published_guide(slug="helping", topics=["partners"])

    for address in ADDRESSES:
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["ETag"].startswith('"'), address
        parse_http_date(response["Last-Modified"])
        assert response["Cache-Control"] == "public, no-cache", address


@override_settings(API_CLIENT_MAX_AGE=120)
def test_a_max_age_can_be_allowed_from_the_settings(client, corpus):
    corpus.published_guide(slug="helping")

    assert client.get("/api/v1/guides/helping/")["Cache-Control"] == "public, max-age=120"


def test_a_repeated_conditional_get_is_a_304_until_a_publish_changes_the_answer(client, corpus):
    guide = corpus.published_guide(slug="helping")
    first = client.get("/api/v1/guides/helping/")

    again = client.get("/api/v1/guides/helping/", headers={"if-none-match": first["ETag"]})
    since = client.get(
        "/api/v1/guides/helping/", headers={"if-modified-since": first["Last-Modified"]}
    )

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    # Last-Modified has one-second resolution: two changes within a second
    # would look like none, so only the ETag can earn a 304.
    assert since.status_code == 200

    edit_a_tip(guide)
    corpus.publish(guide, summary="Reworded a tip.")
    after = client.get("/api/v1/guides/helping/", headers={"if-none-match": first["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert after.json()["release"] == 2


def test_an_unpublished_edit_keeps_the_etag(client, corpus):
    guide = corpus.published_guide(slug="helping")
    first = client.get("/api/v1/guides/helping/")
    edit_a_tip(guide)

    again = client.get("/api/v1/guides/helping/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_a_corrected_crisis_line_reaches_every_guide_once_signed_off_and_published(
    client, corpus, django_capture_on_commit_callbacks
):
    corpus.published_guide(slug="helping")
    corpus.published_guide(slug="listening")
    etags = {
        slug: client.get(f"/api/v1/guides/{slug}/")["ETag"] for slug in ("helping", "listening")
    }
    with django_capture_on_commit_callbacks(execute=True):
        line = CrisisResource.objects.get()
        line.phone = "988 (press 1 for veterans)"
        line.save()

    for slug, etag in etags.items():  # an edit alone reaches no one
        response = client.get(f"/api/v1/guides/{slug}/", headers={"if-none-match": etag})
        assert response.status_code == 304

    corpus.publish_safety_information(summary="Veterans' line.")

    for slug, etag in etags.items():
        response = client.get(f"/api/v1/guides/{slug}/", headers={"if-none-match": etag})
        assert response.status_code == 200
        assert response.json()["crisis_resources"][0]["phone"] == "988 (press 1 for veterans)"


def test_last_modified_moves_on_when_a_scheduled_release_goes_live(client, corpus):
    corpus.published_guide(slug="helping")
    before = client.get("/api/v1/guides/")
    release = corpus.schedule(corpus.guide(slug="later"), in_hours=2)

    with time_machine.travel(release.go_live_at + datetime.timedelta(seconds=5)):
        after = client.get("/api/v1/guides/", headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["Last-Modified"] == http_date(release.go_live_at.timestamp())
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])


def test_a_cached_answer_costs_one_query_the_public_version(
    client, corpus, django_assert_num_queries
):
    corpus.published_guide(slug="helping", topics=["partners"])
    for address in ADDRESSES:
        client.get(address)

    for address in ADDRESSES:
        with django_assert_num_queries(1):
            assert client.get(address).status_code == 200


def test_the_cache_is_what_serves_until_a_release_step_invalidates_it(client, corpus):
    guide = corpus.published_guide(slug="helping", title="Cached title")
    client.get("/api/v1/guides/helping/")
    # Rows changed behind the services' back (no release step, no invalidation)
    # are not seen: the answer comes from the cache, not the database.
    from editorial.models import PublishedGuide

    PublishedGuide.objects.filter(guide=guide).update(title="Changed behind its back")

    assert client.get("/api/v1/guides/helping/").json()["title"] == "Cached title"


def test_a_publish_reaches_readers_even_if_no_after_commit_hook_runs(client, people, corpus):
    # The public version moves inside the step's transaction: no process
    # (nor a cache that missed a message) can keep serving what it replaced.
    from tests.workflow import publish

    guide = corpus.published_guide(slug="helping")
    client.get("/api/v1/guides/helping/")
    edit_a_tip(guide)
    publish(guide, **people, summary="Without hooks.")  # on-commit hooks never run here

    assert client.get("/api/v1/guides/helping/").json()["release"] == 2


def test_another_process_publishing_is_seen_at_once(client, corpus):
    from editorial.models import PublicVersion, PublishedGuide

    guide = corpus.published_guide(slug="helping", title="Before")
    client.get("/api/v1/guides/helping/")
    PublishedGuide.objects.filter(guide=guide).update(title="After")
    PublicVersion.advance()  # what another process's publish does

    assert client.get("/api/v1/guides/helping/").json()["title"] == "After"


UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "config.cache.RedisCache",  # what a redis:// CACHE_URL selects
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


def test_with_the_cache_down_readers_still_get_guides_and_crisis_lines(client, corpus):
    corpus.published_guide(slug="helping")

    with override_settings(CACHES=UNREACHABLE_CACHE):
        detail = client.get("/api/v1/guides/helping/")
        tips = client.get("/api/v1/tips/")

    assert detail.status_code == 200
    assert detail.json()["crisis_resources"][0]["phone"] == "988"
    assert tips.status_code == 200


@override_settings(EDGE_MAX_AGE=300)
def test_answers_let_proxies_hold_them_until_the_next_go_live(client, people, corpus):
    corpus.published_guide(slug="helping")
    assert client.get("/api/v1/guides/")["Cache-Control"] == "public, max-age=0, s-maxage=300"

    later = build_guide(sections=1, tips_per_section=1)
    publish(later, **people, go_live_at=timezone.now() + datetime.timedelta(seconds=90))

    cache_control = client.get("/api/v1/guides/")["Cache-Control"]
    held = int(cache_control.rsplit("s-maxage=", 1)[1])
    assert 85 <= held <= 90
