from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["guide", "section", "tip", "contributor", "source", "topic", "person"]
NOTICES = ["sitenotice", "crisisresource"]
ALL = CONTENT + NOTICES

# Frozen here on purpose: later changes to rights get migrations of their own.
GROUP_PERMISSIONS = {
    "Editors": (
        [f"{action}_{model}" for model in CONTENT for action in ("add", "change", "view")]
        + [f"delete_{model}" for model in ("section", "tip", "contributor", "source")]
        + [f"view_{model}" for model in NOTICES]
    ),
    "Clinical reviewers": [f"view_{model}" for model in ALL],
    "Publishers": (
        [f"view_{model}" for model in ALL]
        + [f"{action}_{model}" for model in NOTICES for action in ("add", "change")]
    ),
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="guidance", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guidance", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
