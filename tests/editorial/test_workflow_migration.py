"""A database of today's schema, with the demo and more releases of both kinds, migrates to
the one workflow's with nothing lost: every review, release, event and audit entry keeps its
values, and ``verify_audit`` passes before and after.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from editorial.models import (
    AuditEntry,
    AuditHead,
    Release,
    Review,
    SafetyEvent,
    SafetyRelease,
    SafetyReview,
    SafetyWorkflow,
    Workflow,
    WorkflowEvent,
)
from editorial.safety.services import safety_approve, safety_publish, safety_submit
from editorial.safety.snapshot import fingerprint_safety_information
from editorial.services import guide_approve, guide_publish, guide_submit, guide_withdraw
from editorial.snapshot import fingerprint_guide
from guidance.models import Guide
from tests.factories import build_guide
from tests.safety import edit_the_crisis_line
from tests.workflow import edit_a_tip, publish

# Today's schema: the last migration before the one workflow's.
TODAY = ("editorial", "0016_people_and_topics_as_released")
WORKFLOW_TABLES = [
    Review,
    Release,
    WorkflowEvent,
    Workflow,
    SafetyReview,
    SafetyRelease,
    SafetyEvent,
    SafetyWorkflow,
    AuditEntry,
    AuditHead,
]


def every_row():
    """Every row of every workflow and audit table, with all its values."""
    return {
        model.__name__: list(model._base_manager.order_by("pk").values())
        for model in WORKFLOW_TABLES
    }


def audit_kind_constraint_exists():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "editorial_auditentry")
    return "audit_entry_kind_known" in constraints


def more_releases_of_both_kinds(people):
    """On top of the demo: a guide release 2, a scheduled one superseded, a withdrawn
    guide, and a second safety release."""
    editor, reviewer, publisher = people["editor"], people["reviewer"], people["publisher"]
    demo = Guide.objects.order_by("pk").first()
    edit_a_tip(demo)
    guide_submit(guide=demo, user=editor, change_summary="A clearer tip.")
    guide_approve(guide=demo, user=reviewer, fingerprint=fingerprint_guide(demo))
    later = timezone.now() + datetime.timedelta(days=2)
    guide_publish(guide=demo, user=publisher, go_live_at=later)
    edit_a_tip(demo)
    guide_submit(guide=demo, user=editor, change_summary="Clearer still.")
    guide_approve(guide=demo, user=reviewer, fingerprint=fingerprint_guide(demo))
    guide_publish(guide=demo, user=publisher)

    other = build_guide(sections=2, tips_per_section=2)
    publish(other, editor=editor, reviewer=reviewer, publisher=publisher)
    guide_withdraw(guide=other, user=publisher, reason="Outdated advice.")

    edit_the_crisis_line()
    safety_submit(user=editor, change_summary="The veterans' line.")
    safety_approve(user=reviewer, fingerprint=fingerprint_safety_information())
    safety_publish(user=publisher)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_todays_database_migrates_with_nothing_lost_and_the_audit_chain_whole(settings, people):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-pass-123"
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([TODAY])
        assert audit_kind_constraint_exists()
        call_command("load_demo", verbosity=0)
        more_releases_of_both_kinds(people)
        call_command("verify_audit", verbosity=0)
        before = every_row()
        assert len(before["Release"]) >= 5
        assert len(before["SafetyRelease"]) >= 2
        assert any(row["withdrawn_at"] for row in before["Release"])

        executor = MigrationExecutor(connection)
        executor.migrate(latest)

        assert not audit_kind_constraint_exists()
        assert every_row() == before
        # Exits 0: a CommandError (exit 1) would fail the test.
        call_command("verify_audit", verbosity=0)
        # And the migrated database works on: one more step of each kind, still whole.
        edit_the_crisis_line(phone="988")
        safety_submit(user=people["editor"], change_summary="The line again.")
        call_command("verify_audit", verbosity=0)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_audit_entries_refuse_changes_after_the_migration_and_after_its_reverse(people):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        publish(build_guide(sections=1, tips_per_section=1), **people)
        entry = AuditEntry.objects.order_by("pk").first()
        for target in ([TODAY], latest):
            executor = MigrationExecutor(connection)
            executor.migrate(target)
            with (
                pytest.raises(DatabaseError, match="never changed"),
                connection.cursor() as cursor,
            ):
                cursor.execute(
                    "UPDATE editorial_auditentry SET kind = 'review' WHERE id = %s",
                    [entry.pk],
                )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
