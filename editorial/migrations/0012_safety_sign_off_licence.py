from django.db import migrations, models

REVIEW_IS_FINAL = "A decided safety review is final; submit again for a new decision."

# SQLite adds the column by remaking the table, which drops its triggers:
# migration 0006's guard on decided safety reviews is made again. (PostgreSQL
# adds the column in place, and its whole-row trigger guards it at once.)
SQLITE_TRIGGER = f"""
CREATE TRIGGER IF NOT EXISTS editorial_safetyreview_decided_is_final
BEFORE UPDATE ON editorial_safetyreview
WHEN OLD.state <> 'open'
BEGIN
  SELECT RAISE(ABORT, '{REVIEW_IS_FINAL}');
END;
"""


def recreate_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0011_published_answer_parts"),
    ]

    operations = [
        # Reversed, RemoveField remakes the table once more: the guard is made again.
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_trigger),
        migrations.AddField(
            model_name="safetyreview",
            name="licence",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The licence an approval was signed under, as it was: "
                "{type, number, jurisdiction, expires_on}.",
            ),
        ),
        migrations.RunPython(recreate_sqlite_trigger, migrations.RunPython.noop),
    ]
