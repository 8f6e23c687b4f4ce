from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api import authentication  # noqa: F401  (connects its receivers)
        from api.edge import receivers  # noqa: F401  (connects its receivers)
        from api.public.caching import carry_over  # noqa: F401  (connects its receivers)
