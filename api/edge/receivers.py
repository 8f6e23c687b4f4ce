"""What purges the proxies: every change readers must see at once, once it has committed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from api.edge import purge_public_answers
from editorial.signals import releases_changed
from guidance.models import Person, Topic


@receiver(releases_changed)
def _releases_changed(sender, **kwargs):
    # Sent after the publish or withdrawal has committed.
    purge_public_answers()


# Guides show their contributors' names and credentials and their topics'
# names, beside the release.
@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
def _shown_content_changed(sender, **kwargs):
    transaction.on_commit(purge_public_answers)
