"""Audit entries may name the kinds of every reviewable kind, not a fixed list.

Each reviewable kind (editorial.workflow.kind) names its entries
(``<prefix>event``, ``<prefix>review``, ``<prefix>release``), and
editorial.audit appends only those of registered kinds. No row changes.

SQLite drops a check constraint by copying the table, which loses its
triggers: the one refusing changes to an entry (migration 0009) is made again.
"""

import importlib

from django.db import migrations

AUDIT_CHAIN = importlib.import_module("editorial.migrations.0009_audit_chain")
SQLITE_ENTRY_TRIGGER = AUDIT_CHAIN.SQLITE[0]


def restore_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS editorial_auditentry_final_update")
        schema_editor.execute(SQLITE_ENTRY_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0016_people_and_topics_as_released"),
    ]

    operations = [
        # Either way, after the copy: forward the last operation, backward the first.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_trigger),
        migrations.RemoveConstraint(
            model_name="auditentry",
            name="audit_entry_kind_known",
        ),
        migrations.RunPython(restore_sqlite_trigger, migrations.RunPython.noop),
    ]
