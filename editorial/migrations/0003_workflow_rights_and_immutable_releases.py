from django.db import migrations

VIEW = ["view_review", "view_release", "view_workflowevent"]

# Frozen here on purpose: later changes to rights get migrations of their own.
GROUP_PERMISSIONS = {
    "Editors": ["submit_guide", *VIEW],
    "Clinical reviewers": ["sign_off_guide", "withdraw_guide", *VIEW],
    "Publishers": ["publish_guide", "withdraw_guide", *VIEW],
}

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
]
WITHDRAWAL_COLUMNS = ["withdrawn_at", "withdrawn_by_id", "withdrawal_reason"]


def _changed(columns, compare):
    return " OR ".join(compare.format(column=column) for column in columns)


SQLITE_TRIGGER = f"""
CREATE TRIGGER editorial_release_immutable BEFORE UPDATE ON editorial_release
WHEN {_changed(CONTENT_COLUMNS, "NEW.{column} IS NOT OLD.{column}")}
  OR (OLD.withdrawn_at IS NOT NULL
      AND ({_changed(WITHDRAWAL_COLUMNS, "NEW.{column} IS NOT OLD.{column}")}))
BEGIN
  SELECT RAISE(ABORT, 'A release cannot be edited; publish a new one or withdraw it.');
END;
"""

POSTGRESQL_TRIGGER = f"""
CREATE FUNCTION editorial_release_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Releases are never deleted; withdraw them instead.';
  END IF;
  IF {_changed(CONTENT_COLUMNS, "NEW.{column} IS DISTINCT FROM OLD.{column}")}
     OR (OLD.withdrawn_at IS NOT NULL
         AND ({_changed(WITHDRAWAL_COLUMNS, "NEW.{column} IS DISTINCT FROM OLD.{column}")}))
  THEN
    RAISE EXCEPTION 'A release cannot be edited; publish a new one or withdraw it.';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER editorial_release_immutable BEFORE UPDATE OR DELETE ON editorial_release
FOR EACH ROW EXECUTE FUNCTION editorial_release_immutable();
"""


# A decided review is the record of a clinical sign-off: final once made.
REVIEW_IS_FINAL = "A decided review is final; submit the guide again for a new decision."

SQLITE_REVIEW_TRIGGER = f"""
CREATE TRIGGER editorial_review_decided_is_final BEFORE UPDATE ON editorial_review
WHEN OLD.state <> 'open'
BEGIN
  SELECT RAISE(ABORT, '{REVIEW_IS_FINAL}');
END;
"""

POSTGRESQL_REVIEW_TRIGGER = f"""
CREATE FUNCTION editorial_review_decided_is_final() RETURNS trigger AS $$
BEGIN
  IF OLD.state <> 'open' THEN
    RAISE EXCEPTION '{REVIEW_IS_FINAL}';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER editorial_review_decided_is_final BEFORE UPDATE ON editorial_review
FOR EACH ROW EXECUTE FUNCTION editorial_review_decided_is_final();
"""


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRIGGER)
        schema_editor.execute(POSTGRESQL_REVIEW_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
        schema_editor.execute(SQLITE_REVIEW_TRIGGER)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS editorial_release_immutable ON editorial_release;"
            "DROP FUNCTION IF EXISTS editorial_release_immutable();"
            "DROP TRIGGER IF EXISTS editorial_review_decided_is_final ON editorial_review;"
            "DROP FUNCTION IF EXISTS editorial_review_decided_is_final();"
        )
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS editorial_release_immutable;")
        schema_editor.execute("DROP TRIGGER IF EXISTS editorial_review_decided_is_final;")


def grant_workflow_rights(apps, schema_editor):
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
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found for {name}: {sorted(missing)}")
        Group.objects.get(name=name).permissions.add(*permissions)


def revoke_workflow_rights(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="editorial", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_workflow")]

    operations = [
        migrations.RunPython(grant_workflow_rights, revoke_workflow_rights),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
