from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo set-up for a local first run: ``manage.py load_demo``."""

    name = "demo"
    verbose_name = "Demo set-up"
