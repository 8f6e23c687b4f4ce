from django.db import migrations, models

FINAL = "Audit entries are never changed or deleted."
EVENT_FINAL = "A workflow event is final: it is the record of a step."

# On SQLite only changes are refused: the test database's flush deletes rows
# (PostgreSQL's truncates, which row triggers let through). A deleted entry
# breaks the chain anyway.
SQLITE = [
    "CREATE TRIGGER editorial_auditentry_final_update BEFORE UPDATE ON editorial_auditentry "
    f"BEGIN SELECT RAISE(ABORT, '{FINAL}'); END;",
    "CREATE TRIGGER editorial_workflowevent_final_update BEFORE UPDATE ON editorial_workflowevent "
    f"BEGIN SELECT RAISE(ABORT, '{EVENT_FINAL}'); END;",
]
POSTGRESQL = [
    f"""
CREATE FUNCTION editorial_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '%%', TG_ARGV[0];  -- %% : psycopg's escape of a percent sign
END;
$$ LANGUAGE plpgsql;
""",
    "CREATE TRIGGER editorial_auditentry_final BEFORE UPDATE OR DELETE ON editorial_auditentry "
    f"FOR EACH ROW EXECUTE FUNCTION editorial_refuse_change('{FINAL}')",
    "CREATE TRIGGER editorial_workflowevent_final BEFORE UPDATE OR DELETE ON editorial_workflowevent "
    f"FOR EACH ROW EXECUTE FUNCTION editorial_refuse_change('{EVENT_FINAL}')",
]
DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS editorial_auditentry_final_update",
        "DROP TRIGGER IF EXISTS editorial_workflowevent_final_update",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS editorial_auditentry_final ON editorial_auditentry",
        "DROP TRIGGER IF EXISTS editorial_workflowevent_final ON editorial_workflowevent",
        "DROP FUNCTION IF EXISTS editorial_refuse_change()",
    ],
}


# Who may read the chain's state in the admin: everyone who reads the workflow's rows.
VIEWERS = ["Editors", "Clinical reviewers", "Publishers"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("editorial")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="editorial", codename="view_auditentry"
    )
    for name in VIEWERS:
        Group.objects.get(name=name).permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="editorial", codename="view_auditentry"
    ).delete()


def chain_existing_rows(apps, schema_editor):
    """Start the chain with what the workflow wrote before it: in the order it was written."""
    from editorial.audit import GENESIS, record

    AuditEntry = apps.get_model("editorial", "AuditEntry")
    AuditHead = apps.get_model("editorial", "AuditHead")
    AuditHead.objects.create(pk=1, hash=GENESIS, length=0)
    rows = []
    models = ["Review", "Release", "WorkflowEvent", "SafetyReview", "SafetyRelease", "SafetyEvent"]
    for rank, name in enumerate(models):
        for row in apps.get_model("editorial", name).objects.all():
            rows.append((row.recorded_at, rank, row.pk, row))
    rows.sort(key=lambda item: item[:3])
    record(*(row for *_, row in rows), entry_model=AuditEntry, head_model=AuditHead)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0008_corrections_and_checks")]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("event", "Workflow event"),
                            ("review", "Review"),
                            ("release", "Release"),
                            ("safety_event", "Safety information event"),
                            ("safety_review", "Safety information review"),
                            ("safety_release", "Safety information release"),
                        ],
                        max_length=20,
                    ),
                ),
                ("object_id", models.BigIntegerField()),
                ("content", models.JSONField(help_text="The row's fields as audited.")),
                ("previous_hash", models.CharField(max_length=64, unique=True)),
                ("hash", models.CharField(max_length=64, unique=True)),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "audit chain entry",
                "verbose_name_plural": "audit chain",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("hash", models.CharField(max_length=64)),
                ("length", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["kind", "object_id"], name="audit_entry_row"),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "event",
                            "review",
                            "release",
                            "safety_event",
                            "safety_review",
                            "safety_release",
                        ],
                    )
                ),
                name="audit_entry_kind_known",
            ),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(grant, revoke),
    ]
