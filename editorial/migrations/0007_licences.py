from django.conf import settings
import django.db.models.deletion
import simple_history.models
from django.db import migrations, models

# Frozen here on purpose: later changes to rights get migrations of their own.
GROUP_PERMISSIONS = {
    "Clinical reviewers": ["view_licence"],
    "Publishers": ["view_licence"],
}


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
    # The lead re-points this at 0006_safety_information when the branches meet.
    dependencies = [
        ("editorial", "0006_safety_information"),
        ("guidance", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalLicence",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("LPC", "Licensed Professional Counselor (LPC)"),
                            ("LCSW", "Licensed Clinical Social Worker (LCSW)"),
                            ("LMFT", "Licensed Marriage and Family Therapist (LMFT)"),
                            ("LMHC", "Licensed Mental Health Counselor (LMHC)"),
                            (
                                "PMHNP-BC",
                                "Psychiatric-Mental Health Nurse Practitioner (PMHNP-BC)",
                            ),
                            ("PSYD", "Licensed psychologist (PsyD)"),
                            ("PHD", "Licensed psychologist (PhD)"),
                            ("MD", "Psychiatrist (MD)"),
                            ("DO", "Psychiatrist (DO)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("number", models.CharField(max_length=60)),
                (
                    "jurisdiction",
                    models.CharField(
                        help_text='Who issued it, e.g. "CA" or "California Board of Behavioral Sciences".',
                        max_length=60,
                    ),
                ),
                ("expires_on", models.DateField(help_text="Valid up to and including this day.")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                        max_length=1,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical licence",
                "verbose_name_plural": "historical licences",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Licence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("LPC", "Licensed Professional Counselor (LPC)"),
                            ("LCSW", "Licensed Clinical Social Worker (LCSW)"),
                            ("LMFT", "Licensed Marriage and Family Therapist (LMFT)"),
                            ("LMHC", "Licensed Mental Health Counselor (LMHC)"),
                            (
                                "PMHNP-BC",
                                "Psychiatric-Mental Health Nurse Practitioner (PMHNP-BC)",
                            ),
                            ("PSYD", "Licensed psychologist (PsyD)"),
                            ("PHD", "Licensed psychologist (PhD)"),
                            ("MD", "Psychiatrist (MD)"),
                            ("DO", "Psychiatrist (DO)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("number", models.CharField(max_length=60)),
                (
                    "jurisdiction",
                    models.CharField(
                        help_text='Who issued it, e.g. "CA" or "California Board of Behavioral Sciences".',
                        max_length=60,
                    ),
                ),
                ("expires_on", models.DateField(help_text="Valid up to and including this day.")),
            ],
            options={
                "ordering": ["person__name", "expires_on"],
            },
        ),
        migrations.AddField(
            model_name="historicallicence",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicallicence",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="guidance.person",
            ),
        ),
        migrations.AddField(
            model_name="licence",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="licences",
                to="guidance.person",
            ),
        ),
        migrations.CreateModel(
            name="LicenceExpiringSoon",
            fields=[],
            options={
                "verbose_name": "licence expiring soon",
                "verbose_name_plural": "licences expiring soon",
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("editorial.licence",),
        ),
        migrations.AddConstraint(
            model_name="licence",
            constraint=models.UniqueConstraint(
                fields=("person", "type", "number", "jurisdiction"), name="licence_once_per_person"
            ),
        ),
        migrations.AddConstraint(
            model_name="licence",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "type__in",
                        ["LPC", "LCSW", "LMFT", "LMHC", "PMHNP-BC", "PSYD", "PHD", "MD", "DO"],
                    )
                ),
                name="licence_type_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="licence",
            constraint=models.CheckConstraint(
                condition=models.Q(("number", ""), _negated=True), name="licence_has_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="licence",
            constraint=models.CheckConstraint(
                condition=models.Q(("jurisdiction", ""), _negated=True),
                name="licence_has_jurisdiction",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
