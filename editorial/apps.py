from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial.publishing import public_content_changed
        from guidance.models import Person, Topic

        # Public answers show a topic's name and a person's profile as they
        # are now, not as released: their edits reach readers at once.
        for model in (Topic, Person):
            for signal in (post_save, post_delete):
                uid = f"public_content_changed:{model._meta.label}:{signal is post_save}"
                signal.connect(public_content_changed, sender=model, dispatch_uid=uid)
