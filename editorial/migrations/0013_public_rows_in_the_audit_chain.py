from django.db import migrations, models

KINDS = [
    ("event", "Workflow event"),
    ("review", "Review"),
    ("release", "Release"),
    ("safety_event", "Safety information event"),
    ("safety_review", "Safety information review"),
    ("safety_release", "Safety information release"),
    ("public_rows", "What readers get of a release"),
]
FINAL = "Audit entries are never changed or deleted."

# SQLite changes a check constraint by remaking the table, which drops its
# triggers: migration 0009's guard on audit entries is made again.
SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS editorial_auditentry_final_update BEFORE UPDATE ON "
    f"editorial_auditentry BEGIN SELECT RAISE(ABORT, '{FINAL}'); END;"
)


def recreate_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def record_existing_public_rows(apps, schema_editor):
    """Pin the public rows of releases published before publishing recorded them."""
    from editorial.public_rows import KIND, record_public_rows

    AuditEntry = apps.get_model("editorial", "AuditEntry")
    Release = apps.get_model("editorial", "Release")
    PublishedGuide = apps.get_model("editorial", "PublishedGuide")
    recorded = set(AuditEntry.objects.filter(kind=KIND).values_list("object_id", flat=True))
    published = Release.objects.filter(pk__in=PublishedGuide.objects.values("release_id"))
    for release in published.order_by("pk"):
        if release.pk not in recorded:
            record_public_rows(release, models=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0012_safety_sign_off_licence"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_trigger),
        migrations.RemoveConstraint(model_name="auditentry", name="audit_entry_kind_known"),
        migrations.AlterField(
            model_name="auditentry",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", [kind for kind, _ in KINDS])),
                name="audit_entry_kind_known",
            ),
        ),
        migrations.RunPython(recreate_sqlite_trigger, migrations.RunPython.noop),
        # Entries are never deleted: once made, this step cannot be undone.
        migrations.RunPython(record_existing_public_rows),
    ]
