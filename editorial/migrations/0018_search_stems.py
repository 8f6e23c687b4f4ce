"""Search by word stems on SQLite: the releases published before it get their stems.

SQLite has no full-text search: there, a public row's ``search_vector`` holds
the word stems of its text (editorial.search_stems), written when it is
published. Rows published earlier hold nothing there; this gives them their
stems. PostgreSQL's vectors are left as they are. No schema change.
"""

from django.db import migrations

from editorial.search_stems import searchable

BATCH = 500


def stem_published_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return
    PublishedGuide = apps.get_model("editorial", "PublishedGuide")
    PublishedTip = apps.get_model("editorial", "PublishedTip")
    for model, fields in [
        (PublishedGuide, ("title", "summary", "text")),
        (PublishedTip, ("lead", "body", "section_heading")),
    ]:
        # By slices of ids, read before any write: SQLite does not isolate a read
        # still in progress from writes to its table.
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            rows = list(model.objects.filter(pk__in=ids[start : start + BATCH]).only(*fields))
            for row in rows:
                row.search_vector = searchable(*(getattr(row, field) for field in fields))
            model.objects.bulk_update(rows, ["search_vector"])


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0017_audit_kinds_of_every_reviewable_kind"),
    ]

    operations = [
        migrations.RunPython(stem_published_rows, migrations.RunPython.noop, elidable=True),
    ]
