"""People and topics reach readers as released: their edits are guide changes like any other.

A snapshot carries the public profile of each person a guide credits and the
description of each topic it uses, so an edit of a bio or a description
changes the fingerprint of every guide showing it, is named in the
reviewer's diff, and reaches readers with the next release.
"""

import pytest
from django.urls import reverse

from editorial.diff import diff_snapshots
from editorial.legacy_pins import full_snapshot, holds, legacy_form
from editorial.models import GuideState, PublishedPerson, PublishedTopicDetail
from editorial.people import person_save
from editorial.services import guide_submit
from editorial.snapshot import fingerprint_guide, fingerprint_of, serialize_guide
from editorial.status import status_of
from tests.api.editorial.content import editorial_guide, topic, url
from tests.workflow import approve, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as():
    """``api_as(user)``: an API client sending that user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def client_for(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def guide():
    guide = editorial_guide(slug="helping", title="Helping")
    described = topic("partners")
    described.description = "Supporting the person you live with."
    described.save()
    writer = guide.contributors.get().person
    writer.bio = "Maya writes about families."
    writer.save()
    return guide


def writer_of(guide):
    return guide.contributors.get().person


def edit_bio(guide, user, bio="Maya writes about couples.", reason="Updated bio"):
    writer = writer_of(guide)
    writer.bio = bio
    return person_save(person=writer, user=user, reason=reason)


def test_the_snapshot_carries_the_people_it_credits_and_the_topics_it_uses(guide):
    snapshot = serialize_guide(guide)

    (person,) = snapshot["people"]
    assert person == {
        "slug": writer_of(guide).slug,
        "name": "Maya Writer",
        "credentials": "LPC",
        "job_title": "Editorial writer",
        "bio": "Maya writes about families.",
        "photo_url": "",
        "specialties": "",
    }
    assert snapshot["topic_details"] == [
        {
            "slug": "partners",
            "name": "Partners",
            "description": "Supporting the person you live with.",
        }
    ]
    assert snapshot["format"] == 2


def test_a_topic_only_a_tip_uses_is_carried_too(guide):
    tip_topic = topic("stigma")
    tip_topic.description = "What others think."
    tip_topic.save()
    guide.sections.first().tips.first().topics.add(tip_topic)

    details = serialize_guide(guide)["topic_details"]

    assert [detail["slug"] for detail in details] == ["partners", "stigma"]
    assert details[1]["description"] == "What others think."


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda person, _: setattr(person, "bio", "Another bio."), id="bio"),
        pytest.param(lambda person, _: setattr(person, "credentials", "PhD"), id="credentials"),
        pytest.param(lambda person, _: setattr(person, "job_title", "Editor"), id="job title"),
        pytest.param(
            lambda person, _: setattr(person, "photo_url", "https://x.org/a.jpg"), id="photo"
        ),
        pytest.param(lambda person, _: setattr(person, "specialties", "grief"), id="specialties"),
        pytest.param(lambda _, topic: setattr(topic, "description", "Other."), id="description"),
    ],
)
def test_an_edit_of_a_credited_person_or_used_topic_changes_the_fingerprint(guide, edit):
    before = fingerprint_guide(guide)
    person, used = writer_of(guide), topic("partners")
    edit(person, used)
    person.save()
    used.save()

    assert fingerprint_guide(guide) != before


def test_an_edit_of_someone_the_guide_does_not_credit_changes_nothing(guide):
    from tests.factories import PersonFactory, TopicFactory

    before = fingerprint_guide(guide)
    PersonFactory(bio="Someone else.")
    TopicFactory(description="Another topic.")

    assert fingerprint_guide(guide) == before


def test_a_bio_edit_voids_an_approval_and_needs_review_again(guide, people):
    approve(guide, editor=people["editor"], reviewer=people["reviewer"])
    edit_bio(guide, people["editor"])

    status = status_of(guide)
    assert status.needs_review_again
    assert status.label == "Needs review again (edited after approval)"


def test_a_bio_edit_alone_is_submitted_reviewed_and_released(guide, people):
    publish(guide, **people)
    edit_bio(guide, people["editor"])

    status = status_of(guide)
    assert status.label == "Published, with unpublished edits"
    assert not status.matches_newest_release

    release = publish(guide, **people, summary="Updated Maya's bio.")

    (shown,) = PublishedPerson.objects.filter(release=release).values("bio", "person")
    assert shown == {"bio": "Maya writes about couples.", "person": writer_of(guide).pk}
    assert release.snapshot["people"][0]["bio"] == "Maya writes about couples."
    assert release.fingerprint == release.review.fingerprint == fingerprint_guide(guide)
    (described,) = PublishedTopicDetail.objects.filter(release=release).values_list(
        "description", flat=True
    )
    assert described == "Supporting the person you live with."


def test_the_diff_names_the_changed_bio_and_description(guide, people):
    release = publish(guide, **people)
    edit_bio(guide, people["editor"])
    described = topic("partners")
    described.description = "Supporting a partner."
    described.save()

    diff = diff_snapshots(release.snapshot, serialize_guide(guide))

    assert diff.summary_line == (
        "Maya Writer's bio changed, Topic “Partners”'s description changed"
    )
    bio, description = diff.fields
    assert (bio.name, bio.old, bio.new) == (
        f"person:{writer_of(guide).slug}:bio",
        "Maya writes about families.",
        "Maya writes about couples.",
    )
    assert bio.html == "Maya writes about <del>families</del><ins>couples</ins>."
    assert description.new == "Supporting a partner."
    assert not diff.other_changes


def test_a_first_release_shows_every_profile_as_added(guide):
    diff = diff_snapshots(None, serialize_guide(guide))

    labels = [change.label for change in diff.fields]
    assert "Maya Writer's bio" in labels
    assert "Topic “Partners”'s description" in labels


def test_a_changed_bio_is_no_correction(guide, people):
    publish(guide, **people)
    edit_bio(guide, people["editor"], bio="Maya writes about familes.")

    with pytest.raises(Exception, match="not a correction") as refused:
        guide_submit(guide=guide, user=people["editor"], change_summary="Typo.", kind="correction")
    assert "Maya Writer's bio changed." in str(refused.value)


def test_the_reviewers_page_and_the_editorial_api_name_the_change(client, api_as, guide, people):
    publish(guide, **people)
    edit_bio(guide, people["editor"])

    body = api_as(people["reviewer"]).get(url(guide.slug, "diff")).json()
    client.force_login(people["reviewer"])
    page = client.get(reverse("admin:guidance_guide_workflow", args=[guide.pk, "changes"]))

    assert body["has_changes"] is True
    assert body["summary"] == "Maya Writer's bio changed"
    (field,) = body["fields"]
    assert (field["label"], field["new"]) == ("Maya Writer's bio", "Maya writes about couples.")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Maya Writer&#x27;s bio" in html
    assert "<ins>couples</ins>" in html


def test_the_working_copy_answer_carries_people_and_topic_details(api_as, guide, people):
    body = api_as(people["editor"]).get(url(guide.slug)).json()

    content = body["content"]
    assert content["people"][0]["bio"] == "Maya writes about families."
    assert content["topic_details"][0]["description"] == "Supporting the person you live with."


# Releases made before snapshots carried people and topics (format 1), as migration 0016
# finds them.


@pytest.fixture
def format_1(monkeypatch):
    """Publishing as it was before format 2: format-1 snapshots, no profile rows, and
    public-row digests without the parts for them. Undone by calling the result."""
    import editorial.public_rows
    import editorial.publishing
    import editorial.snapshot

    original = editorial.snapshot._snapshot
    monkeypatch.setattr(editorial.snapshot, "_snapshot", lambda g: legacy_form(original(g)))
    monkeypatch.setattr(editorial.publishing, "write_profiles", lambda *args: None)
    monkeypatch.setattr(editorial.publishing, "full_snapshot", lambda release: release.snapshot)
    monkeypatch.setattr(editorial.public_rows, "profile_parts", lambda *args: {})
    return monkeypatch.undo


def migrate_0016():
    from importlib import import_module

    from django.apps import apps

    import_module("editorial.migrations.0016_people_and_topics_as_released").fill(apps, None)


def test_the_migration_keeps_what_readers_see_and_every_pin(client, guide, people, format_1):
    from django.core.management import call_command

    release = publish(guide, **people)
    pending = editorial_guide(slug="pending", title="Pending")
    approve(pending, editor=people["editor"], reviewer=people["reviewer"])
    assert release.snapshot["format"] == 1
    format_1()

    migrate_0016()

    call_command("verify_audit")  # raises if the chain or any release's public rows differ
    profile = client.get(f"/api/v1/people/{writer_of(guide).slug}/").json()
    assert profile["bio"] == "Maya writes about families."
    (shown,) = client.get("/api/v1/topics/").json()["results"]
    assert shown["description"] == "Supporting the person you live with."
    # Nothing reads as edited: the release and the approval still hold.
    assert status_of(guide).label == "Published"
    assert status_of(pending).approval_is_current
    assert diff_snapshots(full_snapshot(release), serialize_guide(guide)).is_empty


def test_after_the_migration_a_bio_edit_is_a_change_and_is_released(
    client, guide, people, format_1
):
    from django.core.management import call_command

    release = publish(guide, **people)
    pending = editorial_guide(slug="pending", title="Pending")
    approve(pending, editor=people["editor"], reviewer=people["reviewer"])
    format_1()
    migrate_0016()

    from editorial.services import guide_publish

    # An approval given before the migration is published as it was signed.
    pending_release = guide_publish(guide=pending, user=people["publisher"])
    assert pending_release.fingerprint == pending_release.review.fingerprint
    assert fingerprint_of(pending_release.snapshot) == pending_release.fingerprint
    assert PublishedPerson.objects.filter(release=pending_release).exists()

    edit_bio(guide, people["editor"])
    status = status_of(guide)
    assert status.label == "Published, with unpublished edits"
    assert not holds(release.fingerprint, status.snapshot)
    diff = diff_snapshots(full_snapshot(release), status.snapshot)
    assert diff.summary_line == "Maya Writer's bio changed"

    before = client.get(f"/api/v1/people/{writer_of(guide).slug}/").json()
    publish(guide, **people, summary="Updated Maya's bio.")
    after = client.get(f"/api/v1/people/{writer_of(guide).slug}/").json()

    assert before["bio"] == "Maya writes about families."
    assert after["bio"] == "Maya writes about couples."
    assert status_of(guide).state == GuideState.PUBLISHED
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_a_database_of_format_1_releases_loses_nothing(client, people, format_1):
    """Today's schema with releases and a pending approval → migration 0016 → verify_audit whole,
    readers see what they saw, and nothing reads as edited."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    (latest,) = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "editorial"]
    adding = ("editorial", "0016_people_and_topics_as_released")
    (before,) = executor.loader.get_migration(*adding).dependencies[:1]
    try:
        executor.migrate([before])
        guide = editorial_guide(slug="helping", title="Helping")
        writer = writer_of(guide)
        writer.bio = "Maya writes about families."
        writer.save()
        publish(guide, **people)
        pending = editorial_guide(slug="pending", title="Pending")
        approve(pending, editor=people["editor"], reviewer=people["reviewer"])
        format_1()

        executor = MigrationExecutor(connection)
        executor.migrate([latest])

        call_command("verify_audit")
        profile = client.get(f"/api/v1/people/{writer.slug}/").json()
        assert profile["bio"] == "Maya writes about families."
        assert status_of(guide).label == "Published"
        assert status_of(pending).approval_is_current
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
