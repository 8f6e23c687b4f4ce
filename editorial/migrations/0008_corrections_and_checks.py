import django.db.models.deletion
from django.db import migrations, models

GROUP_PERMISSIONS = {
    "Clinical reviewers": ["approve_correction"],
    "Publishers": ["approve_correction"],
}

# Migration 0003's triggers, again: SQLite drops a table's triggers when a
# migration rebuilds it (as adding these fields does), and a release's new
# columns are content too.
CONTENT_COLUMNS = [
    "guide_id",
    "number",
    "snapshot",
    "fingerprint",
    "review_id",
    "change_summary",
    "authors",
    "published_by_id",
    "published_at",
    "go_live_at",
    "review_due",
    "backdated",
    "recorded_at",
    "kind",
    "clinical_review_id",
    "reading_level",
]
WITHDRAWAL_COLUMNS = ["withdrawn_at", "withdrawn_by_id", "withdrawal_reason"]
RELEASE_IMMUTABLE = "A release cannot be edited; publish a new one or withdraw it."
REVIEW_IS_FINAL = "A decided review is final; submit the guide again for a new decision."


def _changed(columns, compare):
    return " OR ".join(compare.format(column=column) for column in columns)


SQLITE = [
    "DROP TRIGGER IF EXISTS editorial_release_immutable",
    "DROP TRIGGER IF EXISTS editorial_review_decided_is_final",
    f"""
CREATE TRIGGER editorial_release_immutable BEFORE UPDATE ON editorial_release
WHEN {_changed(CONTENT_COLUMNS, "NEW.{column} IS NOT OLD.{column}")}
  OR (OLD.withdrawn_at IS NOT NULL
      AND ({_changed(WITHDRAWAL_COLUMNS, "NEW.{column} IS NOT OLD.{column}")}))
BEGIN
  SELECT RAISE(ABORT, '{RELEASE_IMMUTABLE}');
END;
""",
    f"""
CREATE TRIGGER editorial_review_decided_is_final BEFORE UPDATE ON editorial_review
WHEN OLD.state <> 'open'
BEGIN
  SELECT RAISE(ABORT, '{REVIEW_IS_FINAL}');
END;
""",
]

POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION editorial_release_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Releases are never deleted; withdraw them instead.';
  END IF;
  IF {_changed(CONTENT_COLUMNS, "NEW.{column} IS DISTINCT FROM OLD.{column}")}
     OR (OLD.withdrawn_at IS NOT NULL
         AND ({_changed(WITHDRAWAL_COLUMNS, "NEW.{column} IS DISTINCT FROM OLD.{column}")}))
  THEN
    RAISE EXCEPTION '{RELEASE_IMMUTABLE}';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
""",
]


def fill_clinical_review(apps, schema_editor):
    # Every release so far rests on its own clinical sign-off.
    schema_editor.execute(
        "UPDATE editorial_release SET clinical_review_id = review_id "
        "WHERE clinical_review_id IS NULL"
    )


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("editorial")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="editorial", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Permissions not found for {name}: {codenames}")
        Group.objects.get(name=name).permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="editorial", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0007_licences")]

    operations = [
        migrations.AlterModelOptions(
            name="review",
            options={
                "ordering": ["-submitted_at", "-pk"],
                "permissions": [
                    ("submit_guide", "Can submit a guide for clinical review"),
                    ("sign_off_guide", "Can approve or request changes (clinical reviewers)"),
                    ("publish_guide", "Can publish an approved guide"),
                    ("withdraw_guide", "Can withdraw a published guide"),
                    ("approve_correction", "Can approve a correction (never one's own)"),
                ],
            },
        ),
        migrations.RemoveConstraint(
            model_name="review",
            name="approval_is_pinned_and_signed",
        ),
        migrations.AddField(
            model_name="publishedguide",
            name="reading_level",
            field=models.FloatField(
                help_text="Flesch-Kincaid grade of the whole guide (null: not measured).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="clinical_review",
            field=models.ForeignKey(
                help_text="The clinical sign-off readers are told of: the release's own, or for a correction the one it rests on.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="editorial.review",
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="kind",
            field=models.CharField(
                choices=[("clinical", "Clinically reviewed"), ("correction", "Correction")],
                default="clinical",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="reading_level",
            field=models.JSONField(
                blank=True,
                help_text="Flesch-Kincaid grade of the whole guide and of each section: {grade, sections: [{anchor, heading, grade}]}.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="kind",
            field=models.CharField(
                choices=[("clinical", "Clinical change"), ("correction", "Correction")],
                default="clinical",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="licence",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The licence an approval was signed under, as it was: {type, number, jurisdiction, expires_on}.",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="rests_on",
            field=models.ForeignKey(
                blank=True,
                help_text="For a correction: the clinical sign-off it rests on.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="editorial.review",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="waivers",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The approver's written waivers of the open checks: {finding id or reading_level: {reason, ...what was waived}}.",
            ),
        ),
        migrations.AlterField(
            model_name="release",
            name="review",
            field=models.OneToOneField(
                help_text="The sign-off this release was published from.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="release",
                to="editorial.review",
            ),
        ),
        migrations.AddConstraint(
            model_name="release",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["clinical", "correction"])),
                name="release_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["clinical", "correction"])),
                name="review_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "approved"), _negated=True),
                    models.Q(
                        ("decided_at__isnull", False),
                        ("kind", "clinical"),
                        ("reviewer__isnull", False),
                        models.Q(("fingerprint", ""), _negated=True),
                        models.Q(("reviewer_clinical_credential", ""), _negated=True),
                    ),
                    models.Q(
                        ("decided_at__isnull", False),
                        ("decided_by__isnull", False),
                        ("kind", "correction"),
                        ("rests_on__isnull", False),
                        models.Q(("fingerprint", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="approval_is_pinned_and_signed",
            ),
        ),
        migrations.RunPython(fill_clinical_review, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
