"""The audit chain: whole after every step, and tampering named, even with the triggers off."""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from editorial.audit import verify_chain
from editorial.models import (
    AuditEntry,
    AuditEntryIsFinal,
    PublishedGuide,
    Release,
    Review,
    WorkflowEvent,
)
from guidance.models import Tip
from tests.factories import ContributorFactory, TopicFactory, build_guide
from tests.workflow import build_state, on_postgresql, publish

pytestmark = pytest.mark.django_db

TABLES = ["editorial_release", "editorial_review", "editorial_workflowevent"]


@contextmanager
def triggers_disabled():
    """What an attacker with database access does first: switch the immutability triggers off."""
    with connection.cursor() as cursor:
        if on_postgresql():
            # The test's transaction holds deferred foreign-key checks: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
            f"({', '.join('%s' for _ in TABLES)})",
            TABLES,
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {name}")
        yield cursor
        for _, sql in triggers:
            cursor.execute(sql)


@pytest.fixture
def history(people):
    """Two guides through every kind of step: submitted, decided, published, withdrawn."""
    build_state("withdrawn", people)
    return build_state("published_with_edits", people)


def verify():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_every_event_review_and_release_is_in_one_whole_chain(history):
    state = verify_chain()

    assert state.is_whole, state.problems
    chained = {(entry.kind, entry.object_id) for entry in AuditEntry.objects.all()}
    assert {("release", pk) for pk in Release.objects.values_list("pk", flat=True)} <= chained
    assert {("review", pk) for pk in Review.objects.values_list("pk", flat=True)} <= chained
    assert {("event", pk) for pk in WorkflowEvent.objects.values_list("pk", flat=True)} <= chained
    assert "The audit chain is whole" in verify()


@pytest.mark.parametrize(
    ("table", "change", "named"),
    [
        ("editorial_release", "change_summary = 'Nothing to see.'", "change_summary"),
        ("editorial_release", "fingerprint = 'f00d'", "fingerprint"),
        ("editorial_review", "reviewer_name = 'Someone Else'", "reviewer_name"),
        ("editorial_workflowevent", "detail = 'Never happened.'", "detail"),
    ],
)
def test_a_field_changed_in_sql_is_named_by_verify_audit(history, table, change, named):
    victim = {
        "editorial_release": Release.objects.order_by("pk").first(),
        "editorial_review": Review.objects.filter(state="approved").order_by("pk").first(),
        "editorial_workflowevent": WorkflowEvent.objects.order_by("pk").first(),
    }[table]
    with triggers_disabled() as cursor:
        cursor.execute(f"UPDATE {table} SET {change} WHERE id = %s", [victim.pk])

    with pytest.raises(CommandError) as broken:
        verify()

    message = str(broken.value)
    kind = {"editorial_release": "release", "editorial_review": "review"}.get(
        table, "workflow event"
    )
    assert f"broken at {kind} {victim.pk} " in message
    assert f"{named} changed since audit entry" in message


@pytest.fixture
def with_topics(history, people):
    """A release whose guide and tips are on topics, with someone credited."""
    guide = build_guide(sections=2, tips_per_section=2)
    ContributorFactory(guide=guide, person__bio="Writes about families.")
    guide.topics.add(TopicFactory(slug="partners", name="Partners"))
    for tip in Tip.objects.filter(section__guide=guide):
        tip.topics.add(TopicFactory())
    return publish(guide, **people)


def test_every_release_s_public_rows_are_what_publishing_wrote(with_topics):
    # PostgreSQL gives the topics' keys back in its own order: no difference.
    assert "What readers get of every release is what publishing wrote." in verify()


def test_an_edit_of_a_credited_person_is_not_taken_for_tampering(history, people):
    reviewer = people["reviewer"].person
    reviewer.slug = "renamed-reviewer"
    reviewer.save()

    assert "What readers get of every release is what publishing wrote." in verify()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            "UPDATE editorial_publishedguide SET sections_json = "
            "REPLACE(sections_json, 'Tip', 'Ignore them') WHERE release_id = %s",
            "sections_json",
        ),
        (
            "UPDATE editorial_publishedguide SET last_reviewed = '2026-11-01' "
            "WHERE release_id = %s",
            "last_reviewed",
        ),
        (
            "UPDATE editorial_publishedtip SET body_html = '<p>Ignore their feelings.</p>' "
            "WHERE release_id = %s",
            "tips",
        ),
        (
            "INSERT INTO editorial_publishedcredit (release_id, person_slug, role) "
            "VALUES (%s, 'someone-else', 'signed_off')",
            "credits",
        ),
        ("DELETE FROM editorial_publishedtopic WHERE release_id = %s", "topics"),
        (
            "UPDATE editorial_publishedperson SET bio = 'A bio no one signed off.' "
            "WHERE release_id = %s",
            "people",
        ),
        (
            "UPDATE editorial_publishedtopicdetail SET description = 'Unreviewed.' "
            "WHERE release_id = %s",
            "topic_details",
        ),
    ],
)
def test_what_readers_get_rewritten_in_sql_is_named(with_topics, change, named):
    """The public rows need no trigger switched off to be rewritten: the chain pins them."""
    release = with_topics
    with connection.cursor() as cursor:
        cursor.execute(change, [release.pk])

    with pytest.raises(CommandError) as changed:
        verify()

    message = str(changed.value)
    assert f"at release {release.pk} (guide “{release.guide.slug}”" in message
    assert f"what readers get was changed since it was published: {named}" in message


def test_public_rows_left_behind_by_a_deleted_guide_row_are_named(history):
    release = PublishedGuide.objects.order_by("release_id").first().release
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM editorial_publishedguide WHERE release_id = %s", [release.pk])

    with pytest.raises(CommandError, match=f"at release {release.pk} .*: what readers get"):
        verify()


def test_a_release_snapshot_rewritten_in_sql_is_named(history):
    release = Release.objects.order_by("pk").first()
    with triggers_disabled() as cursor:
        cursor.execute(
            "UPDATE editorial_release SET snapshot = %s WHERE id = %s",
            ['{"title": "x"}', release.pk],
        )
    assert f"release {release.pk} " in str(verify_chain().first_problem)
    assert "snapshot" in str(verify_chain().first_problem)


def test_a_row_written_behind_the_workflows_back_is_named(history, people):
    event = WorkflowEvent.objects.order_by("pk").first()
    WorkflowEvent.objects.create(
        guide=event.guide,
        action="approved",
        actor=people["reviewer"],
        at=event.at,
        detail="Forged.",
    )
    assert "has no audit entry" in str(verify_chain().first_problem)


def test_a_deleted_event_is_named(history):
    event = WorkflowEvent.objects.order_by("pk").last()
    with triggers_disabled() as cursor:
        cursor.execute("DELETE FROM editorial_workflowevent WHERE id = %s", [event.pk])
    assert f"event {event.pk}: was deleted" in str(verify_chain().first_problem)


def test_an_altered_entry_breaks_the_chain_at_it(history):
    entry = AuditEntry.objects.order_by("pk")[3]
    with connection.cursor() as cursor:
        if on_postgresql():
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE editorial_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER editorial_auditentry_final_update")
        cursor.execute(
            "UPDATE editorial_auditentry SET content = %s WHERE id = %s", ['{"x": 1}', entry.pk]
        )
    assert verify_chain().first_problem.row.startswith(f"audit entry #{entry.pk} ")


def test_the_database_refuses_to_change_an_event_or_an_entry(history):
    from django.db import DatabaseError, transaction

    event = WorkflowEvent.objects.first()
    for statement in [
        f"UPDATE editorial_workflowevent SET detail = 'x' WHERE id = {event.pk}",
        "UPDATE editorial_auditentry SET hash = 'x'",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    with pytest.raises(AuditEntryIsFinal):
        AuditEntry.objects.update(hash="x")


def test_the_admin_page_shows_the_chains_state(client, history, people):
    page = reverse("admin:editorial_auditentry_changelist")
    client.force_login(people["publisher"])
    assert "The audit chain is whole" in client.get(page).content.decode()

    release = Release.objects.order_by("pk").first()
    with triggers_disabled() as cursor:
        cursor.execute(
            "UPDATE editorial_release SET change_summary = 'x' WHERE id = %s", [release.pk]
        )
    shown = client.get(page).content.decode()
    assert "The audit chain is broken" in shown
    assert f"release {release.pk} " in shown
