"""Releases: immutable snapshots, which one is live, scheduling, withdrawal, update history."""

import datetime
import hashlib
import importlib

import pytest
import time_machine
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from editorial.models import Release, Review, WorkflowEvent
from editorial.models.releases import ReleaseIsImmutable
from editorial.selectors import update_history
from editorial.services import guide_publish, guide_withdraw, review_due_after
from editorial.snapshot import canonical_json, fingerprint_guide
from editorial.status import status_of
from guidance.models import Tip
from tests.factories import ContributorFactory, PersonFactory, build_guide
from tests.workflow import approve, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(editor, reviewer, publisher):
    return {"editor": editor, "reviewer": reviewer, "publisher": publisher}


@pytest.fixture
def published(staff):
    guide = build_guide(sections=2, tips_per_section=2)
    publish(guide, **staff)
    return guide


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def test_a_release_holds_the_approved_snapshot_and_its_sign_off(published, publisher):
    release = Release.objects.get(guide=published)
    assert release.number == 1
    assert release.published_by == publisher
    assert release.go_live_at == release.published_at
    assert release.snapshot["sections"][0]["tips"][0]["lead"] == "Tip 1.1"
    assert release.change_summary == "First version."
    assert release.review_due == review_due_after(release.review.decided_at.date())


def test_the_sha256_of_every_snapshot_equals_its_sign_offs_fingerprint(staff, published):
    Tip.objects.filter(section__guide=published).update(body="Second version.")
    publish(published, summary="Second.", **staff)
    for release in Release.objects.filter(guide=published):
        release.refresh_from_db()  # as stored, after a round trip through the database
        digest = hashlib.sha256(canonical_json(release.snapshot)).hexdigest()
        assert digest == release.fingerprint == release.review.fingerprint


def test_a_release_row_cannot_be_edited_or_deleted_through_the_orm(published):
    release = Release.objects.get(guide=published)
    release.change_summary = "Rewritten history"
    with pytest.raises(ReleaseIsImmutable):
        release.save()
    with pytest.raises(ReleaseIsImmutable):
        Release.objects.filter(pk=release.pk).update(snapshot={})
    with pytest.raises(ReleaseIsImmutable):
        release.delete()
    with pytest.raises(ReleaseIsImmutable):
        Release.objects.filter(pk=release.pk).delete()
    release.refresh_from_db()
    assert release.change_summary == "First version."


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE editorial_release SET change_summary = 'Rewritten' WHERE id = %s",
        "UPDATE editorial_release SET number = 7 WHERE id = %s",
    ],
)
def test_the_database_refuses_to_edit_a_release(published, statement):
    release = Release.objects.get(guide=published)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [release.pk])
    release.refresh_from_db()
    assert (release.number, release.change_summary) == (1, "First version.")


def test_the_database_refuses_to_rewrite_a_withdrawal(published, publisher):
    guide_withdraw(guide=published, user=publisher, reason="Outdated.")
    release = Release.objects.get(guide=published)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE editorial_release SET withdrawal_reason = 'Other' WHERE id = %s",
            [release.pk],
        )
    release.refresh_from_db()
    assert release.withdrawal_reason == "Outdated."


def test_edits_after_publishing_touch_only_the_working_copy(published):
    release = Release.objects.get(guide=published)
    Tip.objects.filter(lead="Tip 1.1").update(body="Unreviewed edit.")
    live = Release.objects.live().get(guide=published)
    assert live == release
    assert live.snapshot["sections"][0]["tips"][0]["body"] != "Unreviewed edit."
    assert status_of(published).label == "Published, with unpublished edits"


def test_the_newest_release_whose_time_has_come_is_live(staff, published):
    first = Release.objects.get(guide=published)
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    second = publish(published, summary="Second.", **staff)
    assert Release.objects.live().get(guide=published) == second
    assert (
        Release.objects.live(at=second.go_live_at - datetime.timedelta(microseconds=1)).get(
            guide=published
        )
        == first
    )


def test_a_scheduled_release_is_invisible_until_its_time_then_live_with_no_command(staff):
    guide = build_guide()
    go_live = later(seconds=2)
    release = publish(guide, go_live_at=go_live, **staff)
    assert not Release.objects.live().filter(guide=guide).exists()
    assert status_of(guide).label.startswith("Scheduled to go live")
    assert update_history(guide) == []

    with time_machine.travel(go_live + datetime.timedelta(milliseconds=100), tick=False):
        assert Release.objects.live().get(guide=guide) == release
        assert len(update_history(guide)) == 1


def test_a_scheduled_update_leaves_the_current_release_live_until_its_time(staff, published):
    first = Release.objects.get(guide=published)
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    second = publish(published, summary="Second.", go_live_at=later(days=1), **staff)
    assert Release.objects.live().get(guide=published) == first
    assert Release.objects.live(at=later(days=1, seconds=1)).get(guide=published) == second


def test_withdrawing_takes_the_guide_off_at_once_and_no_older_release_returns(staff, published):
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    publish(published, summary="Second.", **staff)
    numbers = guide_withdraw(guide=published, user=staff["reviewer"], reason="Unsafe advice.")
    assert numbers == [1, 2]
    assert not Release.objects.live().filter(guide=published).exists()
    assert all(r.withdrawal_reason == "Unsafe advice." for r in published.releases.all())


def test_withdrawing_also_cancels_a_scheduled_release(staff, published):
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    publish(published, summary="Second.", go_live_at=later(days=1), **staff)
    guide_withdraw(guide=published, user=staff["publisher"], reason="Unsafe advice.")
    assert not Release.objects.live(at=later(days=2)).filter(guide=published).exists()


def test_a_withdrawn_guide_comes_back_only_through_a_new_review(staff, published):
    guide_withdraw(guide=published, user=staff["publisher"], reason="Check dosage wording.")
    release = publish(published, summary="Re-checked.", **staff)
    assert release.number == 2
    assert Release.objects.live().get(guide=published) == release


def test_the_update_history_has_one_entry_per_release_newest_first(staff):
    guide = build_guide(authors=0)
    writer = ContributorFactory(guide=guide, role="clinical_writer", person__name="Maya").person
    ContributorFactory(guide=guide, role="original_author", person=PersonFactory(name="Sam"))
    first = publish(guide, summary="First version.", **staff)
    Tip.objects.filter(section__guide=guide).update(body="Updated.")
    second = publish(guide, summary="Rewrote the tips.", **staff)

    history = update_history(guide)
    assert [entry["release"] for entry in history] == [2, 1]
    assert history[0]["summary"] == "Rewrote the tips."
    assert history[1]["summary"] == "Originally published."
    assert history[0]["date"] == second.go_live_at.date().isoformat()
    assert history[1]["date"] == first.go_live_at.date().isoformat()
    assert [a["name"] for a in history[1]["authors"]] == ["Maya", "Sam"]
    assert [a["name"] for a in history[0]["authors"]] == [writer.name]
    assert history[0]["reviewer"]["name"] == "Rita Alvarez"


def test_a_release_withdrawn_before_it_went_live_is_not_in_the_history(staff, published):
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    publish(published, summary="Never shown.", go_live_at=later(days=1), **staff)
    guide_withdraw(guide=published, user=staff["publisher"], reason="Wrong.")
    Tip.objects.filter(lead="Tip 1.1").update(body="Third version.")
    publish(published, summary="Third.", **staff)
    assert [entry["release"] for entry in update_history(published)] == [3, 1]


@pytest.mark.parametrize(
    ("signed", "due"),
    [
        (datetime.date(2025, 3, 14), datetime.date(2026, 3, 14)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
    ],
)
def test_review_is_due_a_review_interval_after_sign_off(signed, due):
    assert review_due_after(signed) == due


def test_the_review_interval_comes_from_settings(settings):
    settings.GUIDANCE_REVIEW_INTERVAL_MONTHS = 6
    assert review_due_after(datetime.date(2025, 8, 31)) == datetime.date(2026, 2, 28)


def test_live_guides_due_or_overdue_for_review_are_listed(staff, published, settings):
    release = Release.objects.get(guide=published)
    assert list(Release.objects.due_for_review()) == []
    assert list(Release.objects.due_for_review(at=later(days=366))) == [release]
    settings.GUIDANCE_REVIEW_DUE_SOON_DAYS = 400
    assert list(Release.objects.due_for_review()) == [release]


def test_publishing_numbers_releases_per_guide(staff, published):
    other = build_guide()
    assert publish(other, **staff).number == 1
    Tip.objects.filter(section__guide=published).update(body="Again.")
    approve(published, editor=staff["editor"], reviewer=staff["reviewer"], summary="Again.")
    assert guide_publish(guide=published, user=staff["publisher"]).number == 2


def test_a_release_fingerprint_matches_the_working_copy_it_was_made_from(staff):
    guide = build_guide()
    expected = fingerprint_guide(guide)
    assert publish(guide, **staff).fingerprint == expected


def test_a_decided_review_cannot_be_rewritten(published):
    review = Release.objects.get(guide=published).review
    with pytest.raises(DatabaseError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(reviewer_name="Someone Else")
    review.refresh_from_db()
    assert review.reviewer_name == "Rita Alvarez"


def test_a_withdrawal_is_recorded_whole_or_not_at_all(published):
    release = Release.objects.get(guide=published)
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(withdrawal_reason="Only a reason.")
    assert Release.objects.live().get(guide=published) == release


def test_publishing_supersedes_a_release_still_waiting_to_go_live(staff, published):
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    scheduled = publish(published, summary="Second.", go_live_at=later(days=3), **staff)
    Tip.objects.filter(lead="Tip 1.1").update(body="Third version.")
    third = publish(published, summary="Third.", **staff)

    scheduled.refresh_from_db()
    assert scheduled.is_withdrawn
    assert scheduled.withdrawal_reason == "Superseded by release 3 before it went live."
    assert Release.objects.live(at=later(days=4)).get(guide=published) == third
    assert [entry["release"] for entry in update_history(published, at=later(days=4))] == [3, 1]
    assert not status_of(published).label.startswith("Scheduled")


def test_a_go_live_time_in_the_current_minute_means_now(staff):
    guide = build_guide()
    release = publish(guide, go_live_at=later(seconds=-30), **staff)
    assert Release.objects.live().get(guide=guide) == release
    assert release.go_live_at >= release.published_at


def test_superseding_is_told_in_the_publish_step(staff, published):
    Tip.objects.filter(lead="Tip 1.1").update(body="Second version.")
    publish(published, summary="Second.", go_live_at=later(days=3), **staff)
    Tip.objects.filter(lead="Tip 1.1").update(body="Third version.")
    publish(published, summary="Third.", **staff)
    event = WorkflowEvent.objects.filter(guide=published, release__number=3).get()
    assert event.detail == "Release 3; superseded release 2 before it went live"


def test_the_immutability_triggers_exist_after_migrating():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {"editorial_release_immutable", "editorial_review_decided_is_final"} <= triggers


def test_the_release_trigger_guards_every_column():
    # The latest migration that (re)creates the trigger.
    migration = importlib.import_module("editorial.migrations.0008_corrections_and_checks")
    guarded = set(migration.CONTENT_COLUMNS) | set(migration.WITHDRAWAL_COLUMNS)
    columns = {field.column for field in Release._meta.concrete_fields} - {"id"}
    assert columns == guarded
