"""Readers get live releases only: never a draft, an unpublished edit, a withdrawn
guide or a release before its go-live time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from editorial.services import guide_approve, guide_submit
from editorial.snapshot import fingerprint_guide
from guidance.models import Tip
from tests.factories import PersonFactory


def public_addresses(guide):
    """Every public address that shows something of ``guide``."""
    tip = Tip.objects.filter(section__guide=guide).order_by("position").first()
    return [
        f"/api/v1/guides/{guide.slug}/",
        f"/api/v1/tips/{tip.public_id}/",
    ]


def visible_slugs(client):
    return {guide["slug"] for guide in client.get("/api/v1/guides/").json()["results"]}


def visible_tip_guides(client):
    return {tip["guide"]["slug"] for tip in client.get("/api/v1/tips/").json()["results"]}


def test_a_draft_is_never_served(client, corpus):
    guide = corpus.guide(slug="draft-guide", topics=["partners"])

    for address in public_addresses(guide):
        assert client.get(address).status_code == 404, address
    assert visible_slugs(client) == set()
    assert visible_tip_guides(client) == set()
    assert client.get("/api/v1/topics/").json()["count"] == 0
    assert client.get("/api/v1/tips/daily/").status_code == 404


def test_an_approved_but_unpublished_guide_is_not_served(client, corpus, people):
    guide = corpus.guide(slug="approved-only")
    guide_submit(guide=guide, user=people["editor"], change_summary="First.")
    guide_approve(guide=guide, user=people["reviewer"], fingerprint=fingerprint_guide(guide))

    for address in public_addresses(guide):
        assert client.get(address).status_code == 404, address


def test_an_edit_after_publishing_is_not_served_until_the_next_release(client, corpus):
    guide = corpus.published_guide(slug="helping")
    tip = (
        Tip.objects.filter(section__guide=guide).order_by("section__position", "position").first()
    )
    tip.body = "A wording no clinician has read."
    tip.save()

    served = client.get(f"/api/v1/tips/{tip.public_id}/").json()
    in_guide = client.get("/api/v1/guides/helping/").json()["sections"][0]["tips"][0]
    in_list = client.get("/api/v1/tips/?guide=helping").json()["results"][0]

    assert served["body"] == "Say it **kindly**."
    assert in_guide["body"] == "Say it **kindly**."
    assert in_list["body"] == "Say it **kindly**."

    corpus.publish(guide, summary="Reworded the first tip.")

    assert client.get(f"/api/v1/tips/{tip.public_id}/").json()["body"] == (
        "A wording no clinician has read."
    )


def test_withdrawing_takes_the_guide_and_its_tips_off_at_once(client, corpus):
    kept = corpus.published_guide(slug="kept", topics=["partners"])
    guide = corpus.published_guide(slug="withdrawn", topics=["stigma"])
    writer = guide.contributors.first().person
    for address in public_addresses(guide):
        assert client.get(address).status_code == 200  # and now cached
    assert client.get(f"/api/v1/people/{writer.slug}/").status_code == 200

    corpus.withdraw(guide)

    for address in public_addresses(guide):
        assert client.get(address).status_code == 404, address
    assert client.get(f"/api/v1/people/{writer.slug}/").status_code == 404
    assert visible_slugs(client) == {kept.slug}
    assert visible_tip_guides(client) == {kept.slug}
    assert client.get("/api/v1/tips/?guide=withdrawn").status_code == 400
    topics = {topic["slug"] for topic in client.get("/api/v1/topics/").json()["results"]}
    assert topics == {"partners"}


def test_a_scheduled_release_is_invisible_until_its_time_then_live_with_no_step(client, corpus):
    guide = corpus.guide(slug="scheduled")
    release = corpus.schedule(guide, in_hours=3)

    for address in public_addresses(guide):
        assert client.get(address).status_code == 404, address
    assert visible_slugs(client) == set()

    with time_machine.travel(release.go_live_at + datetime.timedelta(seconds=1)):
        for address in public_addresses(guide):
            assert client.get(address).status_code == 200, address
        assert visible_slugs(client) == {"scheduled"}


def test_a_scheduled_update_replaces_the_live_release_at_its_time(client, corpus):
    guide = corpus.published_guide(slug="helping", title="Old title")
    guide.title = "New title"
    guide.save()
    update = corpus.schedule(guide, in_hours=1, summary="New title.")

    assert client.get("/api/v1/guides/helping/").json()["title"] == "Old title"
    with time_machine.travel(update.go_live_at + datetime.timedelta(minutes=1)):
        assert client.get("/api/v1/guides/helping/").json()["title"] == "New title"
        assert client.get("/api/v1/guides/").json()["results"][0]["title"] == "New title"


def test_tip_ids_stay_the_same_across_releases(client, corpus):
    guide = corpus.published_guide(slug="helping")
    ids_before = [tip["id"] for tip in client.get("/api/v1/tips/").json()["results"]]
    guide.title = "Retitled"
    guide.save()
    corpus.publish(guide, summary="Retitled.")

    tips = client.get("/api/v1/tips/").json()["results"]

    assert [tip["id"] for tip in tips] == ids_before
    assert {tip["guide"]["title"] for tip in tips} == {"Retitled"}
    assert client.get(f"/api/v1/tips/{ids_before[0]}/").json()["guide"]["title"] == "Retitled"


def test_a_person_on_no_live_guide_has_no_public_profile(client, corpus):
    corpus.published_guide(slug="helping")
    stranger = PersonFactory(name="Not credited anywhere")
    drafted = corpus.guide(slug="draft")
    draft_writer = drafted.contributors.first().person

    assert client.get(f"/api/v1/people/{stranger.slug}/").status_code == 404
    assert client.get(f"/api/v1/people/{draft_writer.slug}/").status_code == 404
    assert client.get("/api/v1/people/no-such-person/").status_code == 404


@pytest.mark.parametrize("moment", ["before", "after"])
def test_the_answer_follows_the_clock_not_the_time_it_was_cached(client, corpus, moment):
    guide = corpus.guide(slug="clockwork")
    release = corpus.schedule(guide, in_hours=2)
    client.get("/api/v1/guides/")  # cached while nothing is live
    offset = datetime.timedelta(minutes=-5 if moment == "before" else 5)

    with time_machine.travel(release.go_live_at + offset):
        slugs = visible_slugs(client)

    assert slugs == (set() if moment == "before" else {"clockwork"})
    assert timezone.now() < release.go_live_at


def test_a_cached_answer_is_not_served_past_the_next_go_live_time(client, corpus):
    # The cache's own expiry is whole seconds (rounded up); the answer itself
    # knows the go-live time to the microsecond.
    release = corpus.schedule(corpus.guide(slug="on-the-dot"), in_hours=2)
    go_live = release.go_live_at

    with time_machine.travel(go_live - datetime.timedelta(seconds=100), tick=False):
        before = visible_slugs(client)
    with time_machine.travel(go_live + datetime.timedelta(milliseconds=500), tick=False):
        after = visible_slugs(client)

    assert before == set()
    assert after == {"on-the-dot"}


def test_a_search_finds_only_what_readers_may_see(client, corpus):
    """Search reads the live releases the public state holds: not a superseded release's
    wording, not a withdrawn guide, not a release scheduled for later."""
    updated = corpus.published_guide(slug="updated")
    Tip.objects.filter(section__guide=updated).update(body="Old wording about boundaries.")
    corpus.publish(updated, summary="Old wording.")
    Tip.objects.filter(section__guide=updated).update(body="New wording about limits.")
    corpus.publish(updated, summary="New wording.")
    withdrawn = corpus.guide(slug="withdrawn")
    Tip.objects.filter(section__guide=withdrawn).update(body="Boundaries, withdrawn.")
    corpus.publish(withdrawn)
    corpus.withdraw(withdrawn)
    scheduled = corpus.guide(slug="scheduled")
    Tip.objects.filter(section__guide=scheduled).update(body="Boundaries, scheduled.")
    release = corpus.schedule(scheduled, in_hours=2)

    assert client.get("/api/v1/tips/?q=boundaries").json()["count"] == 0
    found = client.get("/api/v1/tips/?q=limits").json()
    assert {tip["guide"]["slug"] for tip in found["results"]} == {"updated"}
    assert found["count"] == Tip.objects.filter(section__guide=updated).count()
    with time_machine.travel(release.go_live_at + datetime.timedelta(seconds=1)):
        found = client.get("/api/v1/tips/?q=boundaries").json()
        assert {tip["guide"]["slug"] for tip in found["results"]} == {"scheduled"}
