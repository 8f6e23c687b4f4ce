from django.apps import AppConfig


class TestKindConfig(AppConfig):
    name = "tests.testkind"
    label = "testkind"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tests.testkind import kind  # noqa: F401  (registers the kind)
