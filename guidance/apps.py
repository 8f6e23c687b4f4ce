from django.apps import AppConfig
from django.core import checks


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from config import databases

        checks.register(databases.check_pooled_databases, "databases")
        checks.register(databases.check_replicas, "databases")
